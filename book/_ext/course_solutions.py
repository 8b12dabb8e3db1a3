"""Sphinx extension: exercises and solutions with unique ids, and solution titles that toggle.

* sphinx-exercise gives the body of every exercise the id ``exercise-content`` and of every
  solution ``solution-content``: a page with five exercises had five elements with one id
  (invalid HTML; a link to one of them reaches the first). A post-transform renames each to
  ``<its exercise's or solution's id>-content``, e.g. ``act-ex-099-content``.
* sphinx-exercise titles a solution "Solution to <a href=#exercise>Exercise 2.1 (...)</a>";
  inside a dropdown that link is what readers click, and it jumped away instead of opening the
  solution. The link is unwrapped into a ``<span class="solution-title-ref">`` in the page's
  body (``html-page-context``).
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

SHARED_BODY_IDS = ("exercise-content", "solution-content")


class UniqueExerciseBodyIds(SphinxPostTransform):
    """``exercise-content`` / ``solution-content`` become ``<parent id>-content``."""

    default_priority = 900

    def run(self, **kwargs) -> None:
        taken = set(self.document.ids)
        for number, section in enumerate(self.document.findall(nodes.section), start=1):
            shared = [i for i in section["ids"] if i in SHARED_BODY_IDS]
            if not shared:
                continue
            parent_ids = section.parent.get("ids", []) if section.parent is not None else []
            base = f"{nodes.make_id(parent_ids[0])}-content" if parent_ids else f"{shared[0]}-{number}"
            new, suffix = base, 1
            while new in taken:
                suffix += 1
                new = f"{base}-{suffix}"
            taken.add(new)
            section["ids"] = [new if i in SHARED_BODY_IDS else i for i in section["ids"]]

SOLUTION_TITLE_LINK = re.compile(
    r'(<div class="solution dropdown[^"]*"[^>]*>\s*<p class="admonition-title">[^<]*)'
    r'<a class="reference internal" href="[^"]*">(.*?)</a>', re.S)


def unwrap_solution_title_links(body: str) -> str:
    return SOLUTION_TITLE_LINK.sub(r'\1<span class="solution-title-ref">\2</span>', body)


def _unwrap(app: Sphinx, pagename, templatename, context, doctree) -> None:
    if "body" in context:
        context["body"] = unwrap_solution_title_links(context["body"])


def setup(app: Sphinx) -> dict[str, object]:
    app.add_post_transform(UniqueExerciseBodyIds)
    app.connect("html-page-context", _unwrap, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
