"""Sphinx extension: nnh.interactive's stylesheet in the page's head, its script once per page.

Every widget carries the stylesheet and ``widget.js`` inline, so that a notebook opened in
plain Jupyter works; on a page with nine widgets that would be nine copies, and a ``<style>``
in the body is not valid HTML. On the site every inline copy of the stylesheet is dropped and
the page links ``_static/nnh-widgets.css`` in its head instead (the same ``stylesheet()``,
written at ``config-inited`` into a folder added to ``html_static_path``; linked after
course.css, where the inline copies used to come). All copies of the script but the first are
dropped (the first comes before every widget's own start-up call, so each widget still finds
the script).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from nnh.interactive.template import keep_first_assets, stylesheet

WIDGET_CSS = "nnh-widgets.css"
_INLINE_STYLESHEET = re.compile(r'<style data-nnh-asset="css">.*?</style>', re.DOTALL)


def move_stylesheet_out(body: str) -> tuple[str, bool]:
    """``body`` without the widgets' inline stylesheets, and whether it had any."""
    stripped, count = _INLINE_STYLESHEET.subn("", body)
    return stripped, count > 0


def _write_stylesheet(app: Sphinx, config) -> None:
    static = Path(app.outdir).parent / "widget-static"
    static.mkdir(parents=True, exist_ok=True)
    target = static / WIDGET_CSS
    css = stylesheet()
    if not target.exists() or target.read_text(encoding="utf-8") != css:
        target.write_text(css, encoding="utf-8")
    config.html_static_path = [*config.html_static_path, str(static)]


def _dedupe(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
            doctree: Any) -> None:
    if "body" not in context:
        return
    body, had_widgets = move_stylesheet_out(context["body"])
    context["body"] = keep_first_assets(body)
    if had_widgets:  # this page only (Sphinx resets the page assets after each page)
        app.add_css_file(WIDGET_CSS, priority=900)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", _write_stylesheet)
    app.connect("html-page-context", _dedupe)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
