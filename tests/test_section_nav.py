"""book/_ext/section_nav.py: sidebar toggles of chapters with sections get an accessible name."""

from __future__ import annotations

import section_nav  # book/_ext, installed by `make venv` (book/_ext/pyproject.toml)


def test_toggle_gets_the_chapter_as_its_name():
    html = ('<li class="has-children"><a class="reference internal" href="derivatives.html">'
            '3. Derivatives</a><details open="open"><summary><span class="toctree-toggle" '
            'role="presentation"><i class="fa-solid fa-chevron-down"></i></span></summary>')
    fixed = section_nav.label_section_toggles(html)
    assert '<summary aria-label="Sections of 3. Derivatives">' in fixed
    assert fixed.replace(' aria-label="Sections of 3. Derivatives"', "") == html


def test_the_current_chapter_is_labelled_too():
    html = ('<a class="current reference internal" href="#">3. Derivatives</a><details '
            'open="open"><summary><span class="toctree-toggle" role="presentation"></span>')
    assert '<summary aria-label="Sections of 3. Derivatives">' in section_nav.label_section_toggles(html)


def test_other_summaries_are_left_alone():
    html = '<details class="dropdown"><summary>Solution</summary></details>'
    assert section_nav.label_section_toggles(html) == html
