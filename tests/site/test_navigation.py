"""What a reader does with the controls: menus on a phone and a desktop, solutions, focus.

* 360 px: the visible menu button (☰) opens the chapter list, and a chapter link in it
  leads to that chapter; the contents button opens the page's sections, and a section link
  scrolls to that section; Escape closes both.
* 1280 px: ☰ hides the sidebar and shows it again.
* A click anywhere on a solution's title bar (its words or the exercise's name) opens it.
* Tabbing through a chapter reaches every kind of control, and each focused control draws
  a visible focus indicator; copy buttons have an accessible name.
"""

from __future__ import annotations

import contextlib

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect
from theme_tools import open_drawer, wait_until_drawer_closed

from tools.browser import wait_for_fonts

CHAPTER = "book/activations.html"


def visible(page, selector: str):
    matches = page.locator(f"{selector}:visible")
    assert matches.count() == 1, f"expected one visible {selector}, found {matches.count()}"
    return matches.first


def dialog_open(page, dialog_id: str) -> bool:
    return page.evaluate(f"document.getElementById('{dialog_id}').open")


@pytest.mark.parametrize("page", [360], indirect=True)
def test_phone_menu_opens_chapter_list_and_follows_a_chapter_link(page, base_url):
    page.goto(f"{base_url}/{CHAPTER}", wait_until="load")
    assert not page.locator("#pst-primary-sidebar-modal a.reference").first.is_visible()
    drawer = open_drawer(page, "primary")
    link = page.locator(f"{drawer} nav.bd-links a.reference",
                        has_text="Derivatives").first
    assert link.is_visible(), "the opened menu shows no chapter link"
    link.click()
    page.wait_for_url("**/book/derivatives.html")
    assert "Derivatives" in page.title()


@pytest.mark.parametrize("page", [360], indirect=True)
def test_phone_contents_button_opens_sections_and_follows_a_section_link(page, base_url):
    page.goto(f"{base_url}/{CHAPTER}", wait_until="load")
    drawer = open_drawer(page, "secondary")
    links = page.locator(f"{drawer} nav a.nav-link:visible")
    assert links.count() >= 2, "the opened contents list shows no sections"
    link = links.nth(1)
    target = link.get_attribute("href")
    assert target.startswith("#")
    link.click()
    page.wait_for_function(f"location.hash === {target!r}")
    top = page.evaluate(f"document.getElementById({target[1:]!r}).getBoundingClientRect().top")
    assert -5 <= top < 300, f"section {target} is not on screen after following its link ({top})"


@pytest.mark.parametrize("page", [360], indirect=True)
def test_phone_menus_close_with_escape(page, base_url):
    page.goto(f"{base_url}/{CHAPTER}", wait_until="load")
    for kind in ("primary", "secondary"):
        drawer = open_drawer(page, kind)
        page.keyboard.press("Escape")
        wait_until_drawer_closed(page, kind)
        assert not page.locator(f"{drawer} a").first.is_visible()


@pytest.mark.parametrize("page", [1280], indirect=True)
def test_desktop_menu_button_hides_and_shows_the_sidebar(page, base_url):
    page.goto(f"{base_url}/{CHAPTER}", wait_until="load")
    chapters = page.locator("#pst-primary-sidebar nav.bd-links a.reference").first
    button = visible(page, "button.primary-toggle")
    assert chapters.is_visible()
    assert button.get_attribute("aria-expanded") == "true"
    article_left = page.evaluate("document.querySelector('main').getBoundingClientRect().left")

    button.click()
    expect(chapters, "☰ did not hide the sidebar").to_be_hidden()  # it slides away
    expect(button).to_have_attribute("aria-expanded", "false")
    assert not dialog_open(page, "pst-primary-sidebar-modal"), "☰ opened a modal instead"
    main_left = "document.querySelector('main').getBoundingClientRect().left"
    with contextlib.suppress(PlaywrightTimeoutError):  # the article moves over as the sidebar goes
        page.wait_for_function(f"left => {main_left} < left", arg=article_left, timeout=5_000)
    widened = page.evaluate(main_left)
    assert widened < article_left, "the article did not take the sidebar's room"

    button.click()
    expect(chapters, "☰ did not show the sidebar again").to_be_visible()
    expect(button).to_have_attribute("aria-expanded", "true")


def solution_pages(site_dir) -> list[str]:
    return [f"book/{p.name}" for p in sorted((site_dir / "book").glob("*.html"))
            if 'class="solution dropdown' in p.read_text()]


def test_a_click_anywhere_on_a_solution_title_opens_it(page, base_url, site_dir):
    pages = solution_pages(site_dir)
    assert pages, "no page has a solution dropdown"
    for path in pages:
        page.goto(f"{base_url}/{path}", wait_until="load")
        wait_for_fonts(page)  # MathJax's fonts resize the formulas: the mouse clicks where a title was
        solutions = page.locator("div.solution.dropdown")
        for i in range(solutions.count()):
            solution = solutions.nth(i)
            title = solution.locator("p.admonition-title")
            content = solution.locator("section").first
            title.scroll_into_view_if_needed()
            assert not content.is_visible(), f"{path}: solution {i + 1} starts open"
            url = page.url
            # The exercise's name (it used to be a link that jumped away), then the words.
            box = title.locator(".solution-title-ref, a").first.bounding_box()
            page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
            expect(content, f"{path}: clicking the exercise name left solution {i + 1} closed"
                   ).to_be_visible()
            assert page.url == url, f"{path}: clicking solution {i + 1}'s title navigated away"
            title.click(position={"x": 30, "y": 10})  # "Solution to", near the left edge
            expect(content, f"{path}: a second click did not close solution {i + 1}").to_be_hidden()


FOCUS_PROBE = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    const rect = el.getBoundingClientRect();
    return {
        html: el.outerHTML.slice(0, 120),
        className: String(el.className && el.className.baseVal !== undefined
                          ? el.className.baseVal : el.className),
        name: el.getAttribute('aria-label') || el.getAttribute('title') || el.innerText.trim(),
        outline: style.outlineStyle !== 'none' ? parseFloat(style.outlineWidth) : 0,
        shadow: style.boxShadow !== 'none',
        shown: el.checkVisibility({opacityProperty: true, visibilityProperty: true})
               && rect.width > 0 && rect.height > 0,
        focusVisible: el.matches(':focus-visible'),
    };
}"""


@pytest.mark.parametrize("page", [1280, 360], indirect=True)
def test_every_control_reached_by_tab_shows_a_focus_ring(page, base_url):
    page.goto(f"{base_url}/{CHAPTER}", wait_until="load")
    page.wait_for_load_state("networkidle")
    seen, missing_ring = [], []
    for _ in range(400):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUS_PROBE)
        if focused is None:
            continue
        if seen and focused["html"] == seen[0]["html"]:
            break  # wrapped around
        seen.append(focused)
        ring = focused["outline"] >= 2 or focused["shadow"]
        if not (focused["shown"] and focused["focusVisible"] and ring):
            missing_ring.append(focused["html"])
    assert missing_ring == [], f"focused but no visible focus ring: {missing_ring[:5]}"
    classes = " ".join(item["className"] for item in seen)
    for control in ("primary-toggle", "search-button", "theme-switch-button", "copybtn",
                    "dropdown-toggle", "toggle-button"):
        if control == "dropdown-toggle" and page.viewport_size["width"] < 400:
            continue  # the download menu sits in the header only on wider screens
        assert control in classes, f"tabbing never reached a {control} control"


def test_copy_buttons_have_an_accessible_name(page, base_url):
    page.goto(f"{base_url}/{CHAPTER}", wait_until="load")
    page.wait_for_selector("button.copybtn", state="attached")
    names = page.eval_on_selector_all(
        "button.copybtn", "els => els.map(e => e.getAttribute('aria-label') || '')")
    assert names and all("copy" in name.lower() for name in names), names
