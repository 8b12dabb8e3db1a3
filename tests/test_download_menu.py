"""The article header's download menu (book/_ext/downloads.py) comes through documented hooks:
sphinx-book-theme's ``use_download_button: false`` turns its own menu off, pydata-sphinx-theme's
``article_header_end`` selects book/_templates/course-article-header-buttons.html, which draws
the site's menu with the theme's button macros before the theme's other header buttons.

A real Sphinx build of a two-page project with the site's theme options and templates.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from bs4 import BeautifulSoup
from sphinx.application import Sphinx

ROOT = Path(__file__).resolve().parent.parent
SPHINX = yaml.safe_load((ROOT / "_config.yml").read_text())["sphinx"]["config"]
CONF = f"""
html_theme = "sphinx_book_theme"
html_theme_options = {SPHINX["html_theme_options"]!r}
templates_path = [{str(ROOT / "book" / "_templates")!r}]
extensions = ["myst_parser", "downloads", "student_notebooks", "course_page"]
"""


def build(project: Path) -> Path:
    (project / "conf.py").write_text(CONF)
    (project / "index.rst").write_text("Index\n=====\n\n.. toctree::\n\n   book/chapter\n")
    (project / "book").mkdir()
    (project / "book" / "chapter.md").write_text("# Chapter\n\nText.\n\n## One\n\nText.\n\n## Two\n\nText.\n")
    out = project / "_build" / "html"
    Sphinx(str(project), str(project), str(out), str(project / "_build" / "doctrees"), "html",
           status=None, warning=None, freshenv=True).build()
    return out


def header_buttons(page: Path):
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    return soup.select_one(".article-header-buttons")


def entries(buttons) -> list[tuple[str, str, str]]:
    return [(next(c for c in a["class"] if c.startswith("btn-download")), a.get_text(" ", strip=True),
             a["href"]) for a in buttons.select(".dropdown-download-buttons .dropdown-menu a")]


def test_the_site_menu_replaces_the_themes_and_comes_first(tmp_path):
    out = build(tmp_path)
    chapter = header_buttons(out / "book" / "chapter.html")
    first = chapter.find(True)
    assert "dropdown-download-buttons" in first["class"]
    assert first.select_one("button.dropdown-toggle")["aria-label"] == "Download this page"
    assert entries(chapter) == [
        ("btn-download-source-button", "Page source (.md)", "../_sources/book/chapter.md"),
        ("btn-download-chapter-pdf-button", "Chapter to read or print (PDF)", "../downloads/chapter.pdf"),
        ("btn-download-book-pdf-button", "Whole book to read or print (PDF)",
         "../downloads/activation-layers.pdf"),
    ]
    page = (out / "book" / "chapter.html").read_text(encoding="utf-8")
    assert "window.print()" not in page and page.count("dropdown-download-buttons") == 1
    # the theme's other header buttons follow, as in its own component
    assert chapter.select_one(".theme-switch-button") and chapter.select_one(".search-button")
    assert chapter.select_one(".secondary-toggle")


def test_the_landing_page_offers_the_book_but_no_chapter_pdf(tmp_path):
    out = build(tmp_path)
    assert [label for label, _, _ in entries(header_buttons(out / "index.html"))] == [
        "btn-download-source-button", "btn-download-book-pdf-button"]
