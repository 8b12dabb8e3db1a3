"""Sphinx extension: MathJax 3 served by the site itself, and only to pages with math.

The files come from the PyPI package ``django-static-mathjax`` (pinned in requirements.lock)
and are copied into ``_static/mathjax``; ``mathjax_path`` points there, so no formula needs a
CDN. Pages load MathJax's startup component with only TeX input, CommonHTML output and the
hidden MathML for screen readers (``MATHJAX_COMPONENTS``): the combined ``tex-chtml.js`` also
carries the context menu (108 of its 264 kB gzip). A page without math of its own loads no
MathJax at all.
"""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

from course_assets import drop_assets
from docutils import nodes
from sphinx.application import Sphinx

MATHJAX_PATH = "mathjax/startup.js"
MATHJAX_COMPONENTS = ("input/tex", "output/chtml", "a11y/assistive-mml")
MATHJAX_FILES = ("startup.js", "core.js", "input/tex.js", "output/chtml.js",
                 "output/chtml/fonts/tex.js", "output/chtml/fonts/woff-v2", "a11y/assistive-mml.js",
                 # TeX packages that the autoloader fetches when a formula needs them (\boldsymbol)
                 "input/tex/extensions")


def mathjax_source() -> Path:
    spec = importlib.util.find_spec("mathjax")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("course_mathjax: the package django-static-mathjax is not installed "
                           "(it provides MathJax for offline math); run `make venv`")
    return Path(next(iter(spec.submodule_search_locations))) / "static" / "mathjax" / "es5"


def _copy_mathjax(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    source = mathjax_source()
    target = Path(app.outdir) / "_static" / "mathjax"
    for name in MATHJAX_FILES:
        src, dst = source / name, target / name
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, dst, dirs_exist_ok=True)
        else:
            shutil.copy2(src, dst)


def _load_only_needed_mathjax(app: Sphinx, config) -> None:
    config.mathjax_path = MATHJAX_PATH
    settings = dict(config.mathjax3_config or {})
    settings["loader"] = {**settings.get("loader", {}), "load": list(MATHJAX_COMPONENTS)}
    config.mathjax3_config = settings


def _is_math(node: nodes.Node) -> bool:
    return isinstance(node, (nodes.math, nodes.math_block))


def page_has_math(doctree: nodes.document | None, body: str) -> bool:
    """Whether the page shows math of its own: a math node, or math markup in its body.

    Not Sphinx's MathDomain.has_equations(page): that also counts the pages in the page's
    toctree, so a landing page would load MathJax for its chapters' formulas.
    """
    own = doctree is not None and next(iter(doctree.findall(_is_math)), None) is not None
    return own or 'class="math' in body


def _drop_mathjax_without_math(app: Sphinx, pagename, templatename, context, doctree) -> None:
    if "script_files" in context and not page_has_math(doctree, context.get("body", "")):
        drop_assets(context, "mathjax")


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("config-inited", _load_only_needed_mathjax)
    app.connect("html-page-context", _drop_mathjax_without_math, priority=900)
    app.connect("build-finished", _copy_mathjax)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
