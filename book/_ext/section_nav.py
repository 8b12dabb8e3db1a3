"""Sphinx extension: names for the sidebar's expand/collapse toggles of chapters with sections.

pydata-sphinx-theme 0.17 wraps a chapter's sections in ``<details>`` whose ``<summary>``
holds only a decorative chevron, so the toggle has no accessible name (axe: "summary-name",
serious). After the build, each such ``<summary>`` gets ``aria-label="Sections of <chapter>"``
from the chapter link just before it.
"""

from __future__ import annotations

import re
from pathlib import Path

from sphinx.application import Sphinx

# <a class="(current) reference internal" href="...">Chapter</a><details ...><summary>
_TOGGLE = re.compile(
    r'(<a class="[^"]*\breference\b[^"]*" href="[^"]*">(?P<title>[^<]*)</a>\s*'
    r'<details[^>]*>\s*)<summary>')


def _label_toggles(html: str) -> str:
    return _TOGGLE.sub(lambda m: f'{m.group(1)}<summary aria-label="Sections of '
                                 f'{m.group("title").strip()}">', html)


def _fix_pages(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    for page in Path(app.outdir).rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        fixed = _label_toggles(text)
        if fixed != text:
            page.write_text(fixed, encoding="utf-8")


def setup(app: Sphinx) -> dict:
    app.connect("build-finished", _fix_pages)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
