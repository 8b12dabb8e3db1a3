"""Names for the sidebar's expand/collapse toggles of chapters with sections.

pydata-sphinx-theme 0.17 wraps a chapter's sections in ``<details>`` whose ``<summary>``
holds only a decorative chevron, so the toggle has no accessible name (axe: "summary-name",
serious). Each such ``<summary>`` gets ``aria-label="Sections of <chapter>"`` from the chapter
link just before it. Applied while the page is rendered (``course_page``), not afterwards.
"""

from __future__ import annotations

import re

# <a class="(current) reference internal" href="...">Chapter</a><details ...><summary>
_TOGGLE = re.compile(
    r'(<a class="[^"]*\breference\b[^"]*" href="[^"]*">(?P<title>[^<]*)</a>\s*'
    r'<details[^>]*>\s*)<summary>')


def label_section_toggles(html: str) -> str:
    return _TOGGLE.sub(lambda m: f'{m.group(1)}<summary aria-label="Sections of '
                                 f'{m.group("title").strip()}">', html)
