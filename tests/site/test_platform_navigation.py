"""The menus and scroll regions after course.js stopped competing with the theme.

* One menu button per sidebar on a page, so the themes' own scripts drive it (course.js no
  longer forwards clicks); one search field on a desktop.
* A sidebar hidden on a desktop stays hidden on the next page, and comes back when shown.
* On a phone, following a link in the menu or contents drawer closes the drawer.
* Each solution toggle is named after the solution it opens.
* Dark mode: the drawer's strip shows, dark figures and widgets sit on no light card; light
  mode: "Back to top" reads (4.5:1); a sidebar arrow turns when its chapter is open.
  (Previous/Next titles on a phone break between words: test_site.py, on its 360 px walk.)
* A block that scrolled sideways on a phone and fits on a desktop is no longer announced as
  a region that "scrolls sideways".
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from theme_tools import open_drawer, wait_until_drawer_closed

from nnh.style import contrast_ratio
from tools.browser import set_theme_mode

CHAPTER, NEXT = "book/activations.html", "book/derivatives.html"


def visible_count(page, selector: str) -> int:
    return page.locator(f"{selector}:visible").count()


@pytest.mark.parametrize("page", [360, 1280], indirect=True)
def test_one_menu_button_per_sidebar_and_one_search_field(page, base_url):
    page.goto(f"{base_url}/{CHAPTER}", wait_until="load")
    assert page.locator("button.primary-toggle").count() == 1
    assert page.locator("button.secondary-toggle").count() == 1
    if page.viewport_size["width"] >= 992:
        assert visible_count(page, ".search-button-field") == 1


@pytest.mark.parametrize("page", [1280], indirect=True)
def test_a_hidden_sidebar_stays_hidden_on_the_next_page(page, base_url):
    sidebar = "#pst-primary-sidebar"
    page.goto(f"{base_url}/{CHAPTER}", wait_until="load")
    page.locator("button.primary-toggle").click()
    page.wait_for_function(f"document.querySelector('{sidebar}').classList.contains('pst-sidebar-hidden')")
    page.goto(f"{base_url}/{NEXT}", wait_until="load")
    page.wait_for_function(f"document.querySelector('{sidebar}').classList.contains('pst-sidebar-hidden')")
    button = page.locator("button.primary-toggle")
    assert button.get_attribute("aria-expanded") == "false"
    button.click()
    page.wait_for_function(f"!document.querySelector('{sidebar}').classList.contains('pst-sidebar-hidden')")
    page.goto(f"{base_url}/{CHAPTER}", wait_until="load")
    assert page.locator(f"{sidebar} nav.bd-links a.reference").first.is_visible()
    assert page.locator("button.primary-toggle").get_attribute("aria-expanded") == "true"


@pytest.mark.parametrize("page", [360], indirect=True)
def test_following_a_section_link_in_the_phone_drawer_closes_it(page, base_url):
    """The contents drawer covers most of a phone: a tapped section must come into view."""
    page.goto(f"{base_url}/{CHAPTER}", wait_until="load")
    drawer = open_drawer(page, "secondary")
    link = page.locator(f"{drawer} nav a.nav-link[href^='#']:visible").nth(1)
    target = link.get_attribute("href")
    link.click()
    wait_until_drawer_closed(page, "secondary")
    page.wait_for_function(f"location.hash === {target!r}")
    top = page.evaluate(f"document.getElementById({target[1:]!r}).getBoundingClientRect().top")
    assert -5 <= top < 300, f"section {target} is not on screen ({top})"


@pytest.mark.parametrize("page", [360], indirect=True)
def test_following_a_link_in_the_phone_menu_closes_it(page, base_url):
    page.goto(f"{base_url}/{CHAPTER}", wait_until="load")
    drawer = open_drawer(page, "primary")
    page.locator(f"{drawer} nav.bd-links a.current").first.click()  # this page
    wait_until_drawer_closed(page, "primary")
    # The sidebar's links are back in the page's own (hidden on a phone) sidebar.
    assert page.locator("#pst-primary-sidebar nav.bd-links").count() == 1


SCROLLING = """() => [...document.querySelectorAll('main .course-scroll-labelled')]
    .map((el, i) => { el.dataset.probe = i; return i; })"""
LABELLED_BUT_FITTING = """() => [...document.querySelectorAll('main [data-probe]')].filter((el) =>
    el.scrollWidth <= el.clientWidth + 1 &&
    (el.getAttribute('aria-label') || '').includes('scrolls sideways')).length"""


@pytest.mark.parametrize("page", [360], indirect=True)
def test_a_block_that_fits_again_is_no_longer_a_sideways_region(page, base_url):
    page.goto(f"{base_url}/{CHAPTER}", wait_until="load")
    page.wait_for_function("document.querySelectorAll('main .course-scroll-labelled').length > 0")
    probes = page.evaluate(SCROLLING)
    page.set_viewport_size({"width": 1600, "height": 900})
    page.wait_for_function(f"({LABELLED_BUT_FITTING})() === 0")
    fitting = page.evaluate("""() => [...document.querySelectorAll('main [data-probe]')]
        .filter((el) => el.scrollWidth <= el.clientWidth + 1).length""")
    assert probes and fitting > 0, "no block fits at 1600 px: the test checked nothing"


def test_solution_toggles_are_named_after_what_they_open(page, base_url):
    page.goto(f"{base_url}/{CHAPTER}", wait_until="load")
    page.wait_for_function("document.querySelectorAll('.solution button.toggle-button').length > 0")
    names = page.eval_on_selector_all(".solution button.toggle-button",
                                      "els => els.map((b) => b.getAttribute('aria-label'))")
    assert names and all(n.startswith("Solution to Exercise") for n in names), names
    assert len(set(names)) == len(names), f"two toggles share a name: {names}"


def rgb(css_colour: str) -> tuple[float, ...]:
    numbers = css_colour[css_colour.index("(") + 1:-1].replace("/", ",").split(",")
    return tuple(float(n) for n in numbers)


def hex_colour(values) -> str:
    return "#" + "".join(f"{round(v):02x}" for v in values)


def test_back_to_top_reads_in_light_mode(page, base_url):
    set_theme_mode(page, "light")
    page.goto(f"{base_url}/{CHAPTER}", wait_until="load")
    colours = page.eval_on_selector("#pst-back-to-top", """b => {
        const s = getComputedStyle(b); return [s.color, s.backgroundColor]; }""")
    text, background = (hex_colour(rgb(c)[:3]) for c in colours)
    ratio = contrast_ratio(text, background)
    assert ratio >= 4.5, f"Back to top: {colours} is {ratio:.2f}:1"


def test_a_sidebar_arrow_turns_when_its_sections_open(page, base_url):
    page.goto(f"{base_url}/{CHAPTER}", wait_until="load")
    arrows = "#pst-primary-sidebar li.has-children > details > summary svg"
    transforms = page.eval_on_selector_all(arrows, "els => els.map((s) => getComputedStyle(s).transform)")
    assert transforms and all(t == "none" for t in transforms), transforms  # all closed here
    page.locator("#pst-primary-sidebar li.has-children > details > summary").first.click()
    page.wait_for_function(f"""() => {{ const svg = document.querySelector('{arrows}');
        return svg.closest('details').open && getComputedStyle(svg).transform !== 'none'; }}""")


def test_dark_figures_and_widgets_sit_on_the_dark_page_without_a_grey_card(page, base_url):
    set_theme_mode(page, "dark")
    page.goto(f"{base_url}/book/explore.html", wait_until="load")
    cards = page.evaluate("""() => [
        ...document.querySelectorAll('.bd-content div.cell_output img.only-dark'),
        ...[...document.querySelectorAll('.bd-content div.cell_output div.output.text_html')]
            .filter((o) => o.querySelector('.nnh-widget'))]
        .map((el) => { const s = getComputedStyle(el); return [s.paddingTop, s.backgroundColor]; })""")
    assert cards, "no dark figure or widget on the Explore page"
    framed = [c for c in cards if c[0] != "0px" or rgb(c[1])[3:] != (0.0,)]
    assert framed == [], framed


@pytest.mark.parametrize("page", [360], indirect=True)
def test_the_strip_beside_the_open_drawer_shows_in_dark_mode(page, base_url):
    set_theme_mode(page, "dark")
    page.goto(f"{base_url}/{CHAPTER}", wait_until="load")
    open_drawer(page, "primary")
    backdrop = page.evaluate("""() => { const s = getComputedStyle(
        document.getElementById('pst-primary-sidebar-modal'), '::backdrop');
        return [s.backgroundColor, s.opacity]; }""")
    page_colour = page.evaluate("getComputedStyle(document.body).backgroundColor")
    strip = rgb(backdrop[0])[:3]
    assert sum(strip) / 3 > 128, f"the strip is dark on a dark page: {backdrop} over {page_colour}"


def test_a_solution_toggle_keeps_its_name_and_says_open_or_closed_in_aria_expanded(page, base_url):
    """A sphinx-exercise solution's toggle is named after the solution (the name stays), and
    aria-expanded follows each press: screen readers add "collapsed" / "expanded"."""
    page.goto(f"{base_url}/{CHAPTER}", wait_until="load")
    solution = page.locator(".solution:has(button.toggle-button)").first
    toggle, body = solution.locator("button.toggle-button"), solution.locator(":scope > section")
    expect(toggle).to_have_attribute("aria-label", re.compile(r"^Solution to Exercise"))
    expect(body).to_have_count(1)
    name = toggle.get_attribute("aria-label")

    def check(expanded: str) -> None:
        expect(toggle).to_have_attribute("aria-expanded", expanded)
        expect(toggle).to_have_accessible_name(name)
        (expect(body).to_be_visible if expanded == "true" else expect(body).to_be_hidden)()

    check("false")
    toggle.click()
    check("true")
    toggle.click()
    check("false")
