"""Sphinx extension for the course site: offline MathJax and alt text for notebook figures.

* MathJax 3 is served from the site itself: the files come from the PyPI package
  ``django-static-mathjax`` (pinned in requirements.lock) and are copied into
  ``_static/mathjax``; ``mathjax_path`` points there, so no formula needs a CDN.
* thebe (live kernels) is off for this offline site, but jupyter-book always loads
  sphinx-thebe, whose inline configuration script can land twice on a page ("Identifier
  'THEBE_JS_URL' has already been declared") and names a CDN; its assets are dropped.
* myst-nb 1.4's ``nb_merge_streams`` merges stream chunks *in place*, and the executed copy
  it writes to ``_build/jupyter_execute`` then holds the merged text plus the later chunks
  again. The merge is made to work on a copy, so that copy stays a faithful record.
* myst-nb 1.4 takes only width and height from a PNG output's metadata. nnh's figures carry
  ``{"image/png": {"alt": "..."}}``; this wraps ``NbElementRenderer.render_image`` so that
  the alt text reaches the ``<img>`` too.
"""

from __future__ import annotations

import copy
import importlib.util
import re
import shutil
from pathlib import Path

import myst_nb.core.render as mystnb_render
from myst_nb.core.render import NbElementRenderer
from sphinx.application import Sphinx

MATHJAX_FILES = ("tex-chtml.js", "output/chtml/fonts/woff-v2")


def _mathjax_source() -> Path:
    spec = importlib.util.find_spec("mathjax")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("course_site: the package django-static-mathjax is not installed "
                           "(it provides MathJax for offline math); run `make venv`")
    return Path(next(iter(spec.submodule_search_locations))) / "static" / "mathjax" / "es5"


def _copy_mathjax(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    source = _mathjax_source()
    target = Path(app.outdir) / "_static" / "mathjax"
    for name in MATHJAX_FILES:
        src, dst = source / name, target / name
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, dst, dirs_exist_ok=True)
        else:
            shutil.copy2(src, dst)


_original_render_image = NbElementRenderer.render_image


def _render_image_with_alt(self, data):
    nodes = _original_render_image(self, data)
    alt = data.output_metadata.get(data.mime_type, {}).get("alt")
    if alt:
        for node in nodes:
            node.setdefault("alt", str(alt))
    return nodes


def _is_thebe(asset) -> bool:
    name = str(getattr(asset, "filename", asset) or "")
    body = str(getattr(asset, "attributes", {}).get("body", ""))
    return "thebe" in name or "THEBE" in body


_THEBE_CONFIG = re.compile(r'<script type="text/x-thebe-config">.*?</script>\s*', re.S)


def _drop_thebe(app: Sphinx, pagename, templatename, context, doctree) -> None:
    for key in ("script_files", "css_files"):
        if key in context:
            context[key] = [asset for asset in context[key] if not _is_thebe(asset)]
    if "body" in context:  # sphinx-thebe's per-page config block (it names a Binder repo)
        context["body"] = _THEBE_CONFIG.sub("", context["body"])


_original_coalesce = mystnb_render.coalesce_streams


def _coalesce_copy(outputs):
    return _original_coalesce(copy.deepcopy(outputs))


def setup(app: Sphinx) -> dict[str, object]:
    NbElementRenderer.render_image = _render_image_with_alt
    mystnb_render.coalesce_streams = _coalesce_copy
    app.connect("html-page-context", _drop_thebe, priority=900)
    app.config.mathjax_path = "mathjax/tex-chtml.js"
    app.connect("build-finished", _copy_mathjax)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
