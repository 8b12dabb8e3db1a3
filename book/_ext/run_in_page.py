"""Sphinx extension: "Run it in the page", every code cell runs in the reader's browser.

Pages that show code cells (myst-nb's ``div.cell`` with an input) get two small files,
through the documented per-page use of ``add_js_file``/``add_css_file`` in the
``html-page-context`` event: ``_static/run_in_page/run_in_page.js`` (a Run toolbar under each
cell and a "Start Python" panel) and ``run_in_page.css``. Nothing else loads until the reader
presses Run or Start Python; then the script loads the CodeMirror editor bundle and starts a
Web Worker (``worker.js``) with Pyodide, NumPy, matplotlib and nnh's wheel, all from
``_static/pyodide/``, which ``tools/run_in_page.py`` assembles after the build (``make
build``). Pages without code cells (the landing page, notation) get nothing.
"""

from __future__ import annotations

import re

from sphinx.application import Sphinx

SCRIPT = "run_in_page/run_in_page.js"
STYLES = "run_in_page/run_in_page.css"
# myst-nb writes a cell as <div class="cell docutils container"> holding a "cell_input" div;
# cells tagged remove-input have none and cannot be run from the page.
_CODE_CELL = re.compile(r'<div class="cell_input docutils container"')


def has_code_cells(body: str) -> bool:
    """Whether a rendered page body shows at least one code cell's input."""
    return bool(_CODE_CELL.search(body))


def _add_runner(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if app.builder.format != "html" or not has_code_cells(context.get("body", "")):
        return
    app.add_css_file(STYLES)
    app.add_js_file(SCRIPT, loading_method="defer")


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("html-page-context", _add_runner)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
