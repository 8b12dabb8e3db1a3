"""The page rewriting of book/_ext (pure functions, no browser, no build needed)."""

from __future__ import annotations

import importlib

import pytest

course_icons = importlib.import_module("course_icons")  # book/_ext, installed by `make venv`
course_page = importlib.import_module("course_page")
course_theme_css = importlib.import_module("course_theme_css")


def test_font_awesome_icons_become_hidden_svgs_that_keep_their_role_classes():
    page = ('<button aria-label="Color mode"><i class="theme-switch fa-solid fa-moon fa-lg" '
            'data-mode="dark" title="Dark"></i></button><span class="fa-solid fa-bars"></span>')
    out = course_icons.inline_icons(page)
    assert "<i " not in out and "fa-" not in out
    assert out.count("<svg") == 2 and out.count('aria-hidden="true"') == 2
    assert 'class="course-icon course-icon-moon course-icon-lg theme-switch"' in out
    assert 'data-mode="dark"' in out and "title=" not in out


def test_an_icon_without_a_drawing_is_reported_by_name():
    with pytest.raises(course_icons.UnknownIcon, match="fa-rocket"):
        course_icons.inline_icons('<i class="fa-solid fa-rocket"></i>')


def test_finished_page_has_no_font_awesome_no_search_index_and_honest_search_names():
    page = ('<head><script defer src="_static/scripts/fontawesome.js?digest=1"></script>\n'
            '<script src="_static/searchtools.js"></script>\n'
            '<script src="searchindex.js"></script></head>'
            '<button class="btn search-button-field search-button__button" title="Search" '
            'aria-label="Search"><i class="fa-solid fa-magnifying-glass"></i>'
            '<span>Search</span><kbd>Ctrl</kbd>+<kbd>K</kbd></button>')
    out = course_page.finish_page(page, "book/activations")
    assert "fontawesome" not in out and "searchindex" not in out and "searchtools" not in out
    assert 'aria-label="Search"' not in out and 'title="Search"' in out
    search_page = course_page.finish_page(page, "search")
    assert "searchindex.js" in search_page  # the search page keeps its index


def test_icon_glyph_rules_leave_the_theme_css_and_nothing_else_does():
    css = ('.fa-bars:before{content:"\\f0c9"}.fa-navicon:before,.fa-reorder:before{content:"\\f0c9"}'
           '.fa-lg{font-size:1.25em}.admonition-title:after{content:var(--pst-icon-bell)}')
    out = course_theme_css.drop_icon_glyph_rules(css)
    assert out == '.fa-lg{font-size:1.25em}.admonition-title:after{content:var(--pst-icon-bell)}'


def test_unused_bootstrap_rules_leave_the_theme_css_and_used_ones_stay():
    css = ('.mt-3{margin-top:1rem!important}.btn,.carousel-item{display:block}'
           '.a:not(.mt-3,.b){color:red}.navbar-expand-lg .navbar-nav{display:flex}'
           '@media (min-width:768px){.col-md-3{flex:0 0 auto}}@media print{.d-print-none{display:none}}'
           '.d-none{display:none!important}@font-face{font-family:x;src:url(x.woff)}')
    out = course_theme_css.drop_unused_bootstrap_rules(css)
    assert out == ('.btn{display:block}.a:not(.mt-3,.b){color:red}.navbar-expand-lg .navbar-nav{display:flex}'
                   '@media print{.d-print-none{display:none}}.d-none{display:none!important}'
                   '@font-face{font-family:x;src:url(x.woff)}')


def test_the_trim_keeps_every_rule_when_no_class_is_dropped(monkeypatch):
    """The rule splitter rebuilds the theme's real stylesheet byte for byte."""
    css = course_theme_css.drop_icon_glyph_rules(course_theme_css.theme_stylesheet().read_text())
    monkeypatch.setattr(course_theme_css, "is_dropped_class", lambda name: False)
    assert course_theme_css.drop_unused_bootstrap_rules(css) == css
