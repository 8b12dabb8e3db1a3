"""Wide tables, code, outputs and formulas, at 360 px and 1280 px, on every page.

Nothing in the article may be cut off without a way to reach it:

* every box that hides part of its content sideways must scroll (overflow auto/scroll, not
  hidden), be reachable and scrollable with the keyboard (tabindex 0), be named for screen
  readers (a role and a label) and show that it scrolls (an edge shadow; a table, whose
  cells would cover the shadow, a line of text under it);
* no table, code block, output or formula may reach past the right edge of the screen
  unless it sits inside such a scrolling box.
"""

from __future__ import annotations

import contextlib

import pytest
from conftest import site_folder, site_pages
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from theme_tools import page_weight

PAGES = site_pages(site_folder()) if (site_folder() / "index.html").exists() else ["index.html"]

AUDIT = """() => {
    const viewport = document.documentElement.clientWidth;
    const problems = [];
    const describe = (el) => el.outerHTML.slice(0, 100);
    const scrollsSideways = (el) => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX);
    // 1. boxes in the article that hide content sideways
    for (const box of document.querySelectorAll('main *')) {
        // hidden on purpose: collapsed solutions, MathJax's MathML for screen readers
        if (box.closest('.toggle-hidden, mjx-assistive-mml')) continue;
        const style = getComputedStyle(box);
        // overflow does not apply to inline boxes (their clientWidth is 0)
        if (style.overflowX === 'visible' || style.display === 'inline'
            || !box.checkVisibility()) continue;
        if (box.scrollWidth <= box.clientWidth + 1) continue;
        if (!scrollsSideways(box)) {
            problems.push(`clips without scrolling (overflow-x: ${style.overflowX}): ${describe(box)}`);
            continue;
        }
        if (box.tabIndex < 0) problems.push(`scrolls but is not keyboard-focusable: ${describe(box)}`);
        if (!box.getAttribute('role') || !(box.getAttribute('aria-label')
                                           || box.getAttribute('aria-labelledby'))) {
            problems.push(`scrolls but has no role and label: ${describe(box)}`);
        }
        // table cells paint over an inset shadow: a table needs a visible hint next to it
        const hint = box.nextElementSibling;
        const cue = box.querySelector(':scope > table')
            ? hint && hint.classList.contains('course-scroll-hint') && hint.checkVisibility()
              && hint.innerText.toLowerCase().includes('scroll')
            : style.boxShadow !== 'none';
        if (!cue) problems.push(`scrolls without a visible cue: ${describe(box)}`);
        if (box.getBoundingClientRect().right > viewport + 1) {
            problems.push(`scrolling box runs off the screen: ${describe(box)}`);
        }
    }
    // 2. wide content must stay on screen or inside a scrolling box
    const content = 'main table, main pre, main .cell_output .output, main mjx-container, main img';
    for (const el of document.querySelectorAll(content)) {
        if (el.closest('.toggle-hidden, mjx-assistive-mml') || !el.checkVisibility()) continue;
        if (el.getBoundingClientRect().right <= viewport + 1) continue;
        let box = el.parentElement, inside = false;
        while (box && box !== document.body) {
            if (scrollsSideways(box)) { inside = true; break; }
            box = box.parentElement;
        }
        if (!inside) problems.push(`cut off at the screen edge: ${describe(el)}`);
    }
    return problems;
}"""


def open_typeset(page, base_url: str, path: str) -> None:
    page.goto(f"{base_url}/{path}", wait_until="load")
    page_weight.settle(page)
    # The scroll cues are set after the last layout change: wait until the audit is clean (the
    # tests then report whatever is still wrong).
    with contextlib.suppress(PlaywrightTimeoutError):
        page.wait_for_function(f"() => ({AUDIT})().length === 0", timeout=5_000)


@pytest.fixture(scope="module")
def tab_of_width(browser):
    """``tab_of_width(width)``: the module's tab ``width`` px wide. The audit only reads a
    page, so one tab per width goes from page to page instead of a new page for each."""
    opened = {}

    def tab(width: int):
        if width not in opened:
            context = browser.new_context(viewport={"width": width, "height": 900})
            opened[width] = (context, context.new_page())
        return opened[width][1]

    yield tab
    for context, _ in opened.values():
        context.close()


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("path", PAGES)
def test_nothing_is_cut_off_without_a_scroll_container(tab_of_width, base_url, path, width):
    page = tab_of_width(width)
    open_typeset(page, base_url, path)
    problems = page.evaluate(AUDIT)
    width = page.viewport_size["width"]
    assert problems == [], f"{path} at {width} px: " + "; ".join(problems[:6])


# Below 640 px a table too wide for the screen is shown as cards (tables.js, test_phone.py);
# at 640 px, the narrowest screen that shows tables as tables, the widest tables scroll sideways.
@pytest.mark.parametrize("page", [640], indirect=True)
def test_a_scrolling_table_scrolls_with_the_keyboard(page, base_url, site_dir):
    pages = [p for p in PAGES if "<table" in (site_dir / p).read_text()]
    assert pages, "no page has a table"
    scrolled = []
    for path in pages:
        open_typeset(page, base_url, path)
        tables = page.locator("main .pst-scrollable-table-container.course-scrolls")
        for i in range(tables.count()):
            table = tables.nth(i)
            table.focus()
            before = table.evaluate("e => e.scrollLeft")
            page.keyboard.press("ArrowRight")
            page.keyboard.press("ArrowRight")
            with contextlib.suppress(PlaywrightTimeoutError):  # smooth scrolling takes a moment
                page.wait_for_function("([e, before]) => e.scrollLeft > before",
                                       arg=[table.element_handle(), before], timeout=5_000)
            after = table.evaluate("e => e.scrollLeft")
            assert after > before, f"{path}: table {i + 1} did not scroll with the arrow keys"
            scrolled.append(path)
    assert scrolled, "no table is wide enough to scroll at 640 px: the test checked nothing"
