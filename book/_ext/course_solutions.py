"""Sphinx extension: a solution's title bar is one toggle.

sphinx-exercise titles a solution "Solution to <a href=#exercise>Exercise 2.1 (...)</a>";
inside a dropdown that link is what readers click, and it jumped away instead of opening the
solution. The link is unwrapped into a ``<span class="solution-title-ref">`` in the page's
body (``html-page-context``).
"""

from __future__ import annotations

import re

from sphinx.application import Sphinx

SOLUTION_TITLE_LINK = re.compile(
    r'(<div class="solution dropdown[^"]*"[^>]*>\s*<p class="admonition-title">[^<]*)'
    r'<a class="reference internal" href="[^"]*">(.*?)</a>', re.S)


def unwrap_solution_title_links(body: str) -> str:
    return SOLUTION_TITLE_LINK.sub(r'\1<span class="solution-title-ref">\2</span>', body)


def _unwrap(app: Sphinx, pagename, templatename, context, doctree) -> None:
    if "body" in context:
        context["body"] = unwrap_solution_title_links(context["body"])


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("html-page-context", _unwrap, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
