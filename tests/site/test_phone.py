"""Figures and tables on a 360 px phone, in light and dark mode.

* Figures: every nnh figure shows one picture, in the colour mode's variant, and its smallest
  text reads at least 9 CSS px: the smallest font of the picture shown (9 pt in the phone
  layout, nnh.plotting._core.NARROW_MIN_FONT; 7 pt, the zoom insets' ticks, in the usual one)
  times 100/72 image px per point, times the width the page gives it over its natural width.
  At 1280 px the phone pictures are neither shown nor downloaded.
* Tables: no word is broken across two lines, nothing runs past the screen's edge, and a
  table that does not fit either scrolls sideways with a hint at its top or is shown as one
  card per row, each cell under its column's heading.
"""

from __future__ import annotations

import pytest
from conftest import site_folder, site_pages
from theme_tools import page_weight

from nnh.plotting._core import DPI, NARROW_MIN_FONT

PHONE = 360
MIN_TEXT_PX = 9.0
SMALLEST_USUAL_PT = 7.0  # the zoom insets' tick labels (nnh/plotting/activations.py)
PAGES = site_pages(site_folder()) if (site_folder() / "index.html").exists() else ["index.html"]


def pages_with(marker: str) -> list[str]:
    folder = site_folder()
    return [p for p in PAGES if (folder / p).exists() and marker in (folder / p).read_text()]


FIGURE_PAGES = pages_with("nnh-wide")
TABLE_PAGES = pages_with("<table")

# Every solution opened, then each figure scrolled to (the phone pictures load lazily, as a
# reader scrolling down would load them) and measured.
MEASURE_FIGURES = """async () => {
    document.querySelectorAll('details').forEach((d) => { d.open = true; });
    document.querySelectorAll('button.toggle-button-hidden').forEach((b) => b.click());
    const shown = [];
    for (const img of document.querySelectorAll('main img.nnh-wide, main img.nnh-narrow')) {
        if (!img.checkVisibility()) continue;
        img.scrollIntoView();
        if (!img.complete || !img.naturalWidth) {
            await new Promise((done) => { img.addEventListener('load', done, {once: true});
                                          img.addEventListener('error', done, {once: true}); });
        }
        const box = img.getBoundingClientRect();
        shown.push({alt: img.alt.slice(0, 60), classes: img.className, width: box.width,
                    natural: img.naturalWidth, right: box.right});
    }
    return {shown, figures: document.querySelectorAll('main img.nnh-wide.only-light').length,
            narrow: document.querySelectorAll('main img.nnh-narrow-light').length};
}"""


def open_page(browser, base_url: str, path: str, width: int, scheme: str):
    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme)
    page = context.new_page()
    page.goto(f"{base_url}/{path}", wait_until="load")
    page_weight.settle(page)
    return context, page


@pytest.fixture(scope="module")
def phone_tab(browser):
    """``phone_tab(scheme)``: the module's phone-sized tab with the system colour scheme
    ``scheme``. The measurements only read a page (what they open is reset by the next load),
    so one tab per scheme goes from page to page instead of a new browser context for each."""
    opened = {}

    def tab(scheme: str):
        if scheme not in opened:
            context = browser.new_context(viewport={"width": PHONE, "height": 800}, color_scheme=scheme)
            opened[scheme] = (context, context.new_page())
        return opened[scheme][1]

    yield tab
    for context, _ in opened.values():
        context.close()


@pytest.fixture(scope="module")
def phone_reading(phone_tab, base_url):
    """``phone_reading(path, scheme)``: what one load of ``path`` on a phone in colour scheme
    ``scheme`` shows: its tables' audit ("tables", AUDIT_TABLES below) and its figures'
    measurements ("figures", MEASURE_FIGURES), each for a page that has them. The tables are
    read first, as the page loaded: the figures' script opens the solutions and scrolls."""
    seen: dict[tuple[str, str], dict] = {}

    def read(path: str, scheme: str = "light") -> dict:
        if (path, scheme) not in seen:
            page = phone_tab(scheme)
            page.goto(f"{base_url}/{path}", wait_until="load")
            page_weight.settle(page)
            tables = page.evaluate(AUDIT_TABLES) if path in TABLE_PAGES else None
            figures = page.evaluate(MEASURE_FIGURES) if path in FIGURE_PAGES else None
            seen[(path, scheme)] = {"tables": tables, "figures": figures}
        return seen[(path, scheme)]

    return read


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", FIGURE_PAGES)
def test_figure_text_reads_at_least_9_px_on_a_phone(phone_reading, path, scheme):
    found = phone_reading(path, scheme)["figures"]
    shown = found["shown"]
    assert found["figures"] > 0 and len(shown) == found["figures"], \
        f"{path}: {len(shown)} pictures shown for {found['figures']} figures"
    variant = f"nnh-narrow-{scheme}"
    problems = []
    for img in shown:
        narrow = "nnh-narrow" in img["classes"].split()
        if narrow and variant not in img["classes"].split():
            problems.append(f"{img['alt']!r}: the {scheme} page shows {img['classes']}")
        smallest_pt = NARROW_MIN_FONT if narrow else SMALLEST_USUAL_PT
        text_px = smallest_pt * DPI / 72 * img["width"] / img["natural"]
        if text_px < MIN_TEXT_PX:
            problems.append(f"{img['alt']!r}: smallest text {text_px:.1f} px "
                            f"({img['natural']} px shown at {img['width']:.0f} px)")
        if img["right"] > PHONE + 1:
            problems.append(f"{img['alt']!r} runs past the screen's edge")
    assert not problems, f"{path} ({scheme}): " + "; ".join(problems)
    assert found["narrow"] > 0 or "derivatives" not in path


def test_wide_screens_never_fetch_the_phone_pictures(browser, base_url):
    path = next(p for p in FIGURE_PAGES if "derivatives" in p)
    context, page = open_page(browser, base_url, path, 1280, "light")
    try:
        page.evaluate("async () => { for (const img of document.querySelectorAll('main img')) "
                      "{ img.scrollIntoView(); } }")
        page.wait_for_function("[...document.querySelectorAll('img.nnh-wide')]"
                               ".every((i) => !i.checkVisibility() || i.complete)")
        narrow = page.evaluate("""() => {
            const urls = new Set([...document.querySelectorAll('img.nnh-narrow')].map((i) => i.src));
            const fetched = performance.getEntriesByType('resource').map((e) => e.name);
            const shown = [...document.querySelectorAll('img.nnh-narrow')]
                .filter((i) => i.checkVisibility()).length;
            return {count: urls.size, fetched: fetched.filter((u) => urls.has(u)), shown};
        }""")
    finally:
        context.close()
    assert narrow["count"] > 0
    assert narrow["shown"] == 0 and narrow["fetched"] == [], narrow


# For each visible table: the words broken across two lines (outside formulas), how it
# copes when it does not fit, and whether anything runs past the screen's edge.
AUDIT_TABLES = """() => {
    const viewport = document.documentElement.clientWidth;
    const tables = [...document.querySelectorAll('main table')].filter((t) => t.checkVisibility());
    return tables.map((table) => {
        const box = table.closest('.pst-scrollable-table-container') || table.parentElement;
        const broken = [];
        const walker = document.createTreeWalker(table, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            if (node.parentElement.closest('mjx-container, .math')) continue;
            for (const match of node.textContent.matchAll(/\\S+/g)) {
                const range = document.createRange();
                range.setStart(node, match.index);
                range.setEnd(node, match.index + match[0].length);
                const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0)
                                      .map((r) => Math.round(r.top)));
                if (lines.size > 1) broken.push(match[0]);
            }
        }
        const scrolls = box.scrollWidth > box.clientWidth + 1;
        const hint = getComputedStyle(box, '::before');
        const cards = table.classList.contains('course-cards');
        const heads = [...table.querySelectorAll('thead th')].map((th) => th.textContent.trim());
        const unlabelled = cards ? [...table.querySelectorAll('tbody td')].filter((td) =>
            td.checkVisibility() && !getComputedStyle(td, '::before').content.includes(
                heads[td.cellIndex])).length : 0;
        return {name: (table.querySelector('th') || table).textContent.trim().slice(0, 40),
                broken, scrolls, cards, unlabelled,
                hintOnTop: hint.display !== 'none' && hint.content.includes('Scroll')
                    && table.getBoundingClientRect().top - box.getBoundingClientRect().top >= 10,
                past: box.getBoundingClientRect().right > viewport + 1};
    });
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", TABLE_PAGES)
def test_tables_on_a_phone_break_no_word_and_show_how_to_read_them(phone_reading, path, scheme):
    tables = phone_reading(path, scheme)["tables"]
    assert tables, f"{path}: no visible table"
    for table in tables:
        where = f"{path} ({scheme}), table {table['name']!r}"
        assert not table["broken"], f"{where}: words broken across lines: {table['broken'][:5]}"
        assert not table["past"], f"{where} runs past the screen's edge"
        if table["scrolls"]:
            assert table["hintOnTop"], f"{where} scrolls sideways without a hint at its top"
        if table["cards"]:
            assert table["unlabelled"] == 0, f"{where}: card cells without their heading"


def test_the_activation_summary_tables_become_cards_on_a_phone(phone_reading):
    """'All activations at a glance' was 3.5 screens tall, its formulas cut off."""
    path = next(p for p in TABLE_PAGES if "other_activations" in p)
    tables = phone_reading(path)["tables"]
    assert tables and all(t["cards"] for t in tables), [(t["name"], t["cards"]) for t in tables]
