"""Sphinx extension: one copy of nnh.interactive's stylesheet and script per page.

Every widget carries the stylesheet and ``widget.js`` inline, so that a notebook opened in
plain Jupyter works; on a page with nine widgets that would be nine copies. After Sphinx
renders a page, all copies but the first are dropped (the first comes before every widget's
own start-up call, so each widget still finds the script).
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

from nnh.interactive.template import keep_first_assets


def _dedupe(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
            doctree: Any) -> None:
    if "body" in context:
        context["body"] = keep_first_assets(context["body"])


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("html-page-context", _dedupe)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
