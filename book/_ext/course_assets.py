"""Sphinx extension: each page loads only the assets it uses.

* thebe (live kernels) is off for this offline site, but jupyter-book always loads
  sphinx-thebe, whose inline configuration script can land twice on a page ("Identifier
  'THEBE_JS_URL' has already been declared") and names a CDN; its assets are dropped.
* sphinx-design's CSS and tab script only on pages with a sphinx-design component.

Both work on the page's context in ``html-page-context`` (its ``script_files``, ``css_files``
and ``body``), after the extensions that added them.
"""

from __future__ import annotations

import re

from sphinx.application import Sphinx


def asset_mentions(asset, word: str) -> bool:
    """Whether a script/CSS asset's file name or inline body mentions ``word`` (any case)."""
    name = str(getattr(asset, "filename", asset) or "")
    body = str(getattr(asset, "attributes", {}).get("body", ""))
    return word.lower() in (name + body).lower()


def drop_assets(context: dict, *words: str) -> None:
    """Remove the page's scripts and stylesheets that mention any of ``words``."""
    for key in ("script_files", "css_files"):
        if key in context:
            context[key] = [asset for asset in context[key]
                            if not any(asset_mentions(asset, word) for word in words)]


_THEBE_CONFIG = re.compile(r'<script type="text/x-thebe-config">.*?</script>\s*', re.S)


def _drop_thebe(app: Sphinx, pagename, templatename, context, doctree) -> None:
    drop_assets(context, "thebe")
    if "body" in context:  # sphinx-thebe's per-page config block (it names a Binder repo)
        context["body"] = _THEBE_CONFIG.sub("", context["body"])


_USES_SPHINX_DESIGN = re.compile(r'class="(?:[^"]*\s)?sd-')


def _drop_unused_sphinx_design(app: Sphinx, pagename, templatename, context, doctree) -> None:
    if not _USES_SPHINX_DESIGN.search(context.get("body", "")):
        drop_assets(context, "sphinx-design", "design-tabs")


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("html-page-context", _drop_thebe, priority=900)
    app.connect("html-page-context", _drop_unused_sphinx_design, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
