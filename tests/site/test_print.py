"""The browser's own print of a page (print.css, print.js): no navigation, every solution
shown, no code or output wider than an A4 page's printable width, every widget replaced by a
sentence naming it and its place online, no figure taller than the page."""

from __future__ import annotations

from pathlib import Path

import pytest

from tools.paths import toc_docnames

ROOT = Path(__file__).resolve().parents[2]

A4_PRINTABLE_PX = 688  # 210 mm less 2 x 14 mm of margin, at 96 px per inch
A4_PRINTABLE_HEIGHT_PX = 997  # 297 mm less 15 + 18 mm of margin (tools/pdf.py)
NAVIGATION = (".bd-header", ".bd-sidebar-primary", ".bd-sidebar-secondary", ".prev-next-area",
              ".dropdown-download-buttons", ".theme-switch-button", ".search-button-field")

INSPECT = """
([navigation, PAGE_HEIGHT_PX]) => {
  const shown = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  const nav = navigation.flatMap((sel) => [...document.querySelectorAll(sel)].filter(shown).map(() => sel));
  const hiddenSolutions = [...document.querySelectorAll('.solution .admonition-title ~ *')]
      .filter((el) => !shown(el) || el.getBoundingClientRect().height === 0)
      .map((el) => el.closest('.solution').id);
  const closedDetails = [...document.querySelectorAll('details:not([open])')].length;
  const wide = [...document.querySelectorAll('.bd-article pre, .bd-article .cell_output, .bd-article table')]
      .filter((el) => shown(el) && el.scrollWidth > el.clientWidth + 1)
      .map((el) => `${el.tagName.toLowerCase()}: ${el.textContent.trim().slice(0, 60)}`);
  const article = document.querySelector('.bd-article');
  const widgets = [...document.querySelectorAll('.nnh-widget[id]')];
  const printedWidgets = widgets.filter(shown).map((w) => w.id);
  const missingNotes = widgets.filter((w) => {
    const note = w.nextElementSibling;
    return !(note && note.classList.contains('course-print-note') && shown(note)
             && note.textContent.includes(`#${w.id}`));
  }).map((w) => w.id);
  const tallFigures = [...document.querySelectorAll('.bd-article img')]
      .filter((img) => shown(img) && img.getBoundingClientRect().height > PAGE_HEIGHT_PX)
      .map((img) => img.alt.slice(0, 60));
  return {nav, hiddenSolutions, closedDetails, wide, printedWidgets, missingNotes, tallFigures,
          articleWidth: article ? article.getBoundingClientRect().width : 0};
}
"""


@pytest.fixture(scope="module")
def print_tab(browser):
    """A tab as wide as an A4 page's printable width, going from page to page: each load
    starts from the page as the server sent it (what beforeprint changed is gone)."""
    context = browser.new_context(viewport={"width": A4_PRINTABLE_PX, "height": 1000})
    yield context.new_page()
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("docname", toc_docnames())
def test_printing_a_page_shows_the_content_only(print_tab, base_url, docname):
    page = print_tab
    page.emulate_media(media="screen")  # the page loads as on screen; print is chosen below
    page.goto(f"{base_url}/{docname}.html", wait_until="load")
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    page.wait_for_function("[...document.images].every((i) => i.complete || i.loading === 'lazy')")
    found = page.evaluate(INSPECT, [list(NAVIGATION), A4_PRINTABLE_HEIGHT_PX])
    assert not found["nav"], f"navigation printed: {found['nav']}"
    assert not found["hiddenSolutions"], f"solutions still collapsed: {found['hiddenSolutions']}"
    assert found["closedDetails"] == 0, "a <details> stays closed in print"
    assert not found["wide"], f"blocks wider than the page, cut in print: {found['wide']}"
    assert found["articleWidth"] >= 0.9 * A4_PRINTABLE_PX, "the text does not use the page width"
    assert not found["printedWidgets"], \
        f"widgets printed (they cannot work on paper): {found['printedWidgets']}"
    assert not found["missingNotes"], f"widgets without their printed sentence: {found['missingNotes']}"
    assert not found["tallFigures"], f"figures taller than a page, cut in two: {found['tallFigures']}"


@pytest.mark.browser
def test_the_pdf_waits_for_every_printed_figure_and_loads_no_phone_figure(print_tab, base_url):
    """tools/pdf.py prepares each page before printing it: every image that prints has loaded,
    while the phone figures (lazy, never printed) are not fetched. Fetching them made
    Chromium's printing of a chapter 1.9 s slower, for the same PDF."""
    from tools.pdf import PREPARE_PAGE

    page = print_tab
    page.emulate_media(media="screen")
    page.goto(f"{base_url}/book/initialisation.html", wait_until="load")
    page.emulate_media(media="print", color_scheme="light")
    headings = page.evaluate(PREPARE_PAGE)
    assert headings and headings[0]["level"] == 1
    images = page.evaluate("""() => [...document.images].map((img) => ({
        src: img.currentSrc || img.src, printed: img.getClientRects().length > 0,
        loaded: img.complete && img.naturalWidth > 0,
        phone: img.classList.contains('nnh-narrow')}))""")
    fetched = set(page.evaluate(
        "() => performance.getEntriesByType('resource').map((entry) => entry.name)"))
    printed = [img for img in images if img["printed"]]
    phone = [img for img in images if img["phone"]]
    assert len(printed) >= 3 and len(phone) >= 6
    assert all(img["loaded"] for img in printed), [img["src"] for img in printed if not img["loaded"]]
    assert not any(img["printed"] for img in phone)
    assert not [img["src"] for img in phone if img["src"] in fetched]
