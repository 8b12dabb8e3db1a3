"""Sphinx extension: the theme's page chrome made light and accessible while it is rendered.

``book/_templates/layout.html`` extends the theme's layout and passes the output of three of its
blocks through the functions below, which ``html-page-context`` puts into the page's context
(the template names them ``course_finish_head`` and ``course_finish_body``):

* head: Font Awesome's script (about 540 kB gzip) is dropped: ``course_icons`` draws the
  dozen icons as inline SVG; Sphinx's search scripts and the whole search index, which
  pydata-sphinx-theme loads on every page for its search-as-you-type option (off here),
  stay on the search page only.
* body: every Font Awesome icon element becomes its inline SVG (``course_icons``); the search
  buttons show "Search Ctrl+K" but were named "Search", so their aria-label is dropped and
  the name is the visible text (WCAG 2.5.3, axe: label-content-name-mismatch); the sidebar's
  section toggles get a name (``section_nav``).

On the search page only, ``_static/search_math.js`` turns the formulas in Sphinx's result
snippets into readable text, with the map of formulas that ``course_mathjax`` writes for that
page (both added with ``app.add_js_file`` from ``html-page-context``, which Sphinx documents as
adding a script to that one page).

``_static/navigation.css`` styles what this changes (the inline chevron turns when its
sections open). Nothing is rewritten after the build. The markup these rely on is listed in
``theme_contract.py`` and checked by tests/test_theme_contract.py.
"""

from __future__ import annotations

import re

from course_icons import UnknownIcon, inline_icons
from section_nav import label_section_toggles
from sphinx.application import Sphinx
from sphinx.util import logging

LOGGER = logging.getLogger(__name__)

SEARCH_SCRIPTS = re.compile(
    r'\s*<script src="[^"]*(?:_static/searchtools\.js|_static/language_data\.js|searchindex\.js)">'
    r'</script>')
FONTAWESOME_SCRIPT = re.compile(r'<script[^>]*src="[^"]*fontawesome\.js[^"]*"[^>]*></script>\s*')
SEARCH_FIELD_LABEL = re.compile(r'(<button class="btn search-button-field[^"]*"[^>]*?) aria-label="[^"]*"')


def finish_head(html: str, pagename: str = "") -> str:
    """The theme's head markup without Font Awesome and, off the search page, search scripts."""
    html = FONTAWESOME_SCRIPT.sub("", html)
    if pagename != "search":
        html = SEARCH_SCRIPTS.sub("", html)
    return html


def finish_body(html: str) -> str:
    """The theme's body markup with inline icons, honest search names and named toggles."""
    html = SEARCH_FIELD_LABEL.sub(r"\1", html)
    return label_section_toggles(inline_icons(html))


def finish_page(page: str, pagename: str = "") -> str:
    """Both at once, on a whole page (pure: HTML in, HTML out)."""
    return finish_body(finish_head(page, pagename))


def _add_finishers(app: Sphinx, pagename, templatename, context, doctree) -> None:
    def finish_body_or_warn(html: str) -> str:
        try:
            return finish_body(html)
        except UnknownIcon as error:
            LOGGER.warning("course_page: %s (page %s)", error, pagename)
            return html

    context["course_finish_head"] = lambda html: finish_head(html, pagename)
    context["course_finish_body"] = finish_body_or_warn


def _add_search_math(app: Sphinx, pagename, templatename, context, doctree) -> None:
    if pagename == "search":
        app.add_js_file("search_math.js", loading_method="defer")


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("html-page-context", _add_finishers)
    app.connect("html-page-context", _add_search_math)
    app.add_css_file("navigation.css", priority=850)  # after course.css (html_css_files: 800)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
