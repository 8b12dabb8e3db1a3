"""The theme, trimmed for light pages, keeps its controls working.

(The weight budget of a first visit is checked in test_site.py, on the visit it reads.)

* The theme's stylesheet leaves out Bootstrap rules no page uses (book/_ext/course_theme_css.py):
  no built page, no script of the site or the theme, and no live page uses a dropped class.
* The controls whose icons were redrawn keep working: the colour-mode button cycles the
  mode, the search button opens the search box and a search finds chapters, the download
  menu lists the notebook (and the PDF, when the site offers one) and its links resolve.
"""

from __future__ import annotations

import re

import course_theme_css
from playwright.sync_api import expect

CHAPTER = "book/activations.html"


def test_colour_mode_button_cycles_the_mode(page, base_url):
    page.goto(f"{base_url}/{CHAPTER}", wait_until="load")
    button = page.locator(".theme-switch-button:visible").first
    seen = []
    for _ in range(3):
        button.click()
        mode = page.evaluate("document.documentElement.dataset.mode")
        icon = page.locator(f"svg.theme-switch[data-mode='{mode}']").first
        assert icon.is_visible(), f"no icon shown for {mode} mode"
        assert mode in button.get_attribute("aria-label").lower().replace("system", "auto")
        seen.append(mode)
    assert sorted(seen) == ["auto", "dark", "light"]


def test_search_button_opens_the_search_box_and_finds_chapters(page, base_url):
    page.goto(f"{base_url}/{CHAPTER}", wait_until="load")
    page.locator("button.search-button__button:visible").first.click()
    box = page.locator("#pst-search-dialog input[name=q]")
    box.wait_for(state="visible")
    box.fill("sigmoid")
    box.press("Enter")
    page.wait_for_url("**/search.html?q=sigmoid*")
    # Sphinx lists the results one by one (a timer between two), then says it has finished
    expect(page.locator("#search-results p.search-summary")).to_have_text(
        re.compile(r"^Search finished"), timeout=30_000)
    assert page.locator("ul.search li a").count() >= 3


def test_download_menu_lists_working_files(page, base_url):
    page.goto(f"{base_url}/{CHAPTER}", wait_until="load")
    page.locator(".dropdown-download-buttons button.dropdown-toggle").click()
    items = page.locator(".dropdown-download-buttons .dropdown-menu a")
    items.first.wait_for(state="visible")
    hrefs = [items.nth(i).get_attribute("href") for i in range(items.count())]
    assert any(h.endswith(".ipynb") for h in hrefs), hrefs
    for i in range(items.count()):
        item = items.nth(i)
        assert item.locator("svg.course-icon").count() == 1, f"menu item {hrefs[i]} lost its icon"
        href = hrefs[i]
        if href.startswith(("http", "/", ".")) or href.endswith((".ipynb", ".pdf", ".whl")):
            response = page.request.get(item.evaluate("a => a.href"))
            assert response.ok, f"download link {href} is broken"


# Scripts that run on the site's pages and may set classes (bootstrap.js carries every
# Bootstrap component, used or not; Font Awesome's script is never loaded: see above).
NOT_SCANNED = ("bootstrap.js", "fontawesome.js", "clipboard.min.js")


def test_no_page_or_script_uses_a_class_whose_theme_rules_were_dropped(site_dir):
    used: dict[str, set[str]] = {}
    for path in site_dir.rglob("*.html"):
        for attribute in re.findall(r'class="([^"]*)"', path.read_text(encoding="utf-8", errors="replace")):
            for name in attribute.split():
                used.setdefault(name, set()).add(path.relative_to(site_dir).as_posix())
    scripts = [p for p in (site_dir / "_static").rglob("*.js")
               if p.name not in NOT_SCANNED and not {"mathjax", "pyodide"} & set(p.parts)]
    assert any(p.name == "pydata-sphinx-theme.js" for p in scripts)
    for path in scripts:
        for literal in re.findall(r'"([^"\n]*)"|\'([^\'\n]*)\'|`([^`]*)`', path.read_text(errors="replace")):
            for name in " ".join(literal).split():
                used.setdefault(name.lstrip("."), set()).add(path.name)
    assert "d-none" in used  # the scan sees the theme's utility classes
    dropped = {name: sorted(where)[:3] for name, where in used.items()
               if course_theme_css.is_dropped_class(name)}
    assert dropped == {}, f"add to course_theme_css.KEPT (their rules are trimmed): {dropped}"


def test_a_live_page_with_its_menus_open_uses_no_dropped_class(page, base_url):
    page.goto(f"{base_url}/{CHAPTER}", wait_until="load")
    page.locator(".dropdown-download-buttons button").first.click()
    expect(page.locator(".dropdown-download-buttons .dropdown-menu")).to_be_visible()
    classes = page.evaluate("() => [...new Set([...document.querySelectorAll('[class]')]"
                            ".flatMap((el) => [...el.classList]))]")
    assert "dropdown-menu" in classes
    assert [name for name in classes if course_theme_css.is_dropped_class(name)] == []
