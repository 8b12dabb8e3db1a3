"""The built site as a student meets it, in a real browser with no network.

For every page: nothing is requested off loopback, no console or page errors, no failed
request, every image loads and has alt text that says something, every formula arrives
typeset (MathJax ran at build time: book/_ext/course_mathjax.py), the language is set,
heading levels do not skip, every answer box names its exercise, the page fits a 360 px
phone. (axe-core runs in test_accessibility.py,
in both colour modes.)

The same first visit (an empty cache) is weighed, every requested file gzipped
(tools/page_weight.py): the landing page transfers at most 300 kB, a chapter at most 450 kB
besides its own figures. Font Awesome's script and webfont are never requested; no page
loads a MathJax script, and only pages with math load MathJax's stylesheet and fonts.
"""

from __future__ import annotations

import itertools
import posixpath
import re
from dataclasses import dataclass
from html import unescape
from pathlib import Path

import pytest
from conftest import PageLog, logged_page, offline_context, site_folder, site_pages
from theme_tools import page_weight

from tools.browser import OFFLINE_FAILURE

BOOK_SOURCES = Path(__file__).resolve().parents[2] / "book"
MATH_STYLESHEET = "_static/mathjax/chtml.css"

PAGES = site_pages(site_folder()) if (site_folder() / "index.html").exists() else ["index.html"]
RAW_TEX = re.compile(r"\\\(|\\\)|\\\[|\\\]|\$\$")
BAD_ALT = re.compile(r"^(png|image|figure|img|[0-9a-f]{16,}.*|.*\.(png|svg|jpe?g))$", re.I)


def open_page(page, base_url: str, path: str) -> None:
    page.goto(f"{base_url}/{path}", wait_until="load")


# What a reader's visit at 1280 px shows, read once per page (the four tests below only read):
# the page's images, its formulas and their typesetting, its language and heading levels.
READ_VISIT = """() => ({
    images: [...document.querySelectorAll('main img, article img')].map(e => ({
        src: e.getAttribute('src'), alt: e.getAttribute('alt') || '',
        ok: e.complete && e.naturalWidth > 0,
        deferred: e.loading === 'lazy' && e.getClientRects().length === 0})),
    math: document.querySelectorAll('.math').length,
    typeset: document.querySelectorAll('mjx-container').length,
    text: document.querySelector('main') ? document.querySelector('main').innerText : '',
    lang: document.documentElement.lang,
    levels: [...document.querySelectorAll('main h1, main h2, main h3, main h4, main h5, main h6')]
        .filter(e => e.offsetParent !== null || e.closest('details'))
        .map(e => Number(e.tagName[1])),
    answers: [...document.querySelectorAll('.nnh-answer')].map((box) => {
        const number = box.closest('.exercise')?.querySelector('.caption-number');
        return [box.querySelector('legend').textContent, number ? number.textContent.trim() : null];
    }),
})"""
# Every answer box has set itself up (nnh.interactive's script names its legend then).
ANSWER_BOXES_READY = "document.querySelectorAll('.nnh-answer:not([data-ready=\"true\"])').length === 0"


@dataclass
class FirstVisit:
    shown: dict  # READ_VISIT's answer
    log: PageLog
    weight: page_weight.PageWeight


@pytest.fixture(scope="module")
def visits(browser, base_url, site_dir):
    """path -> its FirstVisit: each page opened once, in a fresh offline context (conftest:
    an empty cache), when a test first asks for it, and read once MathJax has typeset it and
    its fonts are in."""
    seen: dict[str, FirstVisit] = {}

    def visit(path: str) -> FirstVisit:
        if path not in seen:
            log = PageLog()
            context = offline_context(browser, log)
            try:
                page = logged_page(context, log)
                page.goto(f"{base_url}/{path}", wait_until="load")
                page_weight.settle(page)
                page.wait_for_function(ANSWER_BOXES_READY)
                shown = page.evaluate(READ_VISIT)
            finally:
                context.close()
            weight = page_weight.weigh_requests(site_dir, path, log.requests)
            seen[path] = FirstVisit(shown, log, weight)
        return seen[path]

    return visit


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_cleanly_offline(visits, path):
    page_log = visits(path).log
    assert page_log.external_requests == [], f"{path} asked for the network"
    assert page_log.failed_requests == [], f"{path}: failed requests"
    assert page_log.console_errors == [], f"{path}: console errors"


# A CDN's script, and an address with no name to resolve (TEST-NET-1, RFC 5737).
OFF_SITE = ("https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-mml-chtml.js", "http://192.0.2.1/figure.png")


def test_an_off_site_request_is_logged_and_never_leaves_the_machine(page, page_log, base_url):
    """What the offline checks rest on: a page's request to another host is logged, and the
    browser fails it at once (tools/browser.py: the refusing proxy), not after a timeout."""
    page.goto(f"{base_url}/book/index.html", wait_until="load")
    for url in OFF_SITE:
        with page.expect_console_message(lambda m: m.type == "error") as message, \
                page.expect_event("requestfailed", lambda r, url=url: r.url == url) as failed:
            page.evaluate("(url) => fetch(url, {mode: 'no-cors'}).catch(() => null)", url)
        assert failed.value.failure == OFFLINE_FAILURE, f"{url}: {failed.value.failure}"
        assert OFFLINE_FAILURE in message.value.text, message.value.text
    assert page_log.external_requests == list(OFF_SITE)
    # The browser reports each refused request as a console error: expected here, and only here
    # (conftest's every_page_error_fails_its_test would fail the test on them).
    assert page_log.console_errors == [f"Failed to load resource: {OFFLINE_FAILURE}"] * len(OFF_SITE)
    page_log.console_errors.clear()


@pytest.mark.parametrize("path", PAGES)
def test_images_load_and_say_what_they_show(visits, path):
    for img in visits(path).shown["images"]:
        # a lazy picture that is not displayed (the phone layout on a wide screen) loads when it
        # is shown: tests/site/test_phone.py checks those at 360 px
        assert img["ok"] or img["deferred"], f"{path}: image {img['src']} did not load"
        alt = img["alt"].strip()
        assert len(alt.split()) >= 5 and not BAD_ALT.match(alt), (
            f"{path}: image {img['src']} has no meaningful alt text: {alt!r}")


@pytest.mark.parametrize("path", PAGES)
def test_math_is_typeset(visits, path):
    counts = visits(path).shown
    assert counts["typeset"] >= counts["math"], f"{path}: untypeset formulas"
    leftover = RAW_TEX.findall(counts["text"])
    assert not leftover, f"{path}: raw TeX delimiters left in the text: {leftover[:5]}"


@pytest.mark.parametrize("path", PAGES)
def test_language_and_heading_order(visits, path):
    shown = visits(path).shown
    assert shown["lang"] == "en"
    for before, after in itertools.pairwise(shown["levels"]):
        assert after <= before + 1, f"{path}: heading jumps from h{before} to h{after}"


@pytest.mark.parametrize("path", PAGES)
def test_every_answer_box_names_its_exercise(visits, path):
    """Inside an exercise a box says "Exercise 2.1: check your answer", outside a neutral label."""
    for legend, number in visits(path).shown["answers"]:
        assert legend == (f"{number}: check your answer" if number else "Check your answer"), \
            f"{path}: an answer box's legend {legend!r} (its exercise: {number})"


def test_the_site_has_answer_boxes_inside_exercises(visits):
    numbered = [number for path in PAGES for _, number in visits(path).shown["answers"] if number]
    assert numbered, "no answer box sits inside a numbered exercise: the test above checked nothing"


@pytest.mark.parametrize("path", PAGES)
def test_page_stays_within_its_weight_budget(visits, path):
    weight = visits(path).weight
    covered, budget = page_weight.budget_for(path)
    measured = getattr(weight, covered)
    heaviest = ", ".join(f"{name} {size / 1e3:.0f} kB" for name, size in weight.heaviest())
    assert measured <= budget, (f"{path}: {measured / 1e3:.0f} kB gzip ({covered}) over the "
                                f"{budget / 1e3:.0f} kB budget; heaviest: {heaviest}")


TYPESET_FORMULA = "<mjx-container"


@pytest.mark.parametrize("path", PAGES)
def test_no_font_awesome_and_math_styles_only_with_math(visits, site_dir, path):
    weight = visits(path).weight
    assert weight.loaded("fontawesome") == [], f"{path} loads Font Awesome"
    assert weight.loaded("fa-solid") == [] and weight.loaded("webfonts/fa-") == []
    # Formulas are typeset at build time: no page runs MathJax, and a page whose HTML holds a
    # typeset formula, and only such a page, loads MathJax's stylesheet.
    assert not [url for url in weight.loaded("mathjax") if url.split("?")[0].endswith(".js")], \
        f"{path} loads a MathJax script"
    html = (site_dir / path).read_text()
    if TYPESET_FORMULA not in html:
        assert weight.loaded("mathjax") == [], f"{path} has no math but loads MathJax's files"
    else:
        assert weight.loaded(MATH_STYLESHEET), f"{path} has math but not MathJax's stylesheet"
        # linked with its checksum, so that a reader's cache never keeps an old stylesheet
        assert f"{MATH_STYLESHEET.removeprefix('_static/')}?v=" in html, \
            f"{path} links MathJax's stylesheet without its checksum"


# Previous/Next titles whose words a 360 px line breaks inside a word (not after a hyphen).
BROKEN_WORDS = """() => {
  const broken = [];
  document.querySelectorAll('.prev-next-area .prev-next-title').forEach((title) => {
    const walker = document.createTreeWalker(title, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const re = /[^\\s-]+-?/g;  // a line may end after a hyphen (cross-|entropy), not inside a part
      let m;
      while ((m = re.exec(node.data))) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const rects = [...range.getClientRects()];
        const lines = new Set(rects.map((r) => Math.round(r.top)));
        const width = rects.reduce((sum, r) => sum + r.width, 0);  // the word on one line
        if (lines.size > 1 && width < title.clientWidth) broken.push(m[0]);
      }
    }
  });
  return broken;
}"""


PHONE_READ = f"""() => ({{
    width: document.documentElement.scrollWidth,
    titles: document.querySelectorAll('.prev-next-area .prev-next-title').length,
    broken: ({BROKEN_WORDS.strip()})(),
}})"""


@pytest.fixture(scope="module")
def phone_visits(browser, base_url):
    """path -> what the page shows at 360 px (PHONE_READ): one tab going from page to page,
    each page read once (the tests below only read)."""
    context = browser.new_context(viewport={"width": 360, "height": 900})
    tab, seen = context.new_page(), {}

    def visit(path: str) -> dict:
        if path not in seen:
            open_page(tab, base_url, path)
            seen[path] = tab.evaluate(PHONE_READ)
        return seen[path]

    yield visit
    context.close()


@pytest.mark.parametrize("path", PAGES)
def test_fits_a_phone(phone_visits, path):
    width = phone_visits(path)["width"]
    assert width <= 360, f"{path}: the page is {width} px wide on a 360 px screen"


@pytest.mark.parametrize("path", PAGES)
def test_previous_and_next_titles_break_between_words_on_a_phone(phone_visits, path):
    shown = phone_visits(path)
    assert shown["broken"] == [], f"{path}: words broken across lines: {shown['broken']}"
    if path.startswith("book/"):
        assert shown["titles"] >= 1, f"{path} shows no previous or next title"


def linked_page(site_dir: Path, path: str, kind: str) -> str | None:
    """The page that ``path``'s "previous" (kind "left-prev") or "next" ("right-next") link
    opens, as a URL path of the site; None without such a link."""
    found = re.search(rf'<a class="{kind}"\s+href="([^"#]+)"', (site_dir / path).read_text())
    return None if found is None else posixpath.normpath(posixpath.join(posixpath.dirname(path),
                                                                         found.group(1)))


def test_next_and_previous_links_chain_the_pages_in_reading_order(page, base_url, site_dir):
    """Each page's links lead to its neighbours in the table of contents (read from the built
    pages), and a reader's click on "next" opens the next page."""
    order = [p for p in site_pages(site_dir) if p.startswith("book/")]
    for before, path, after in zip([None, *order[:-1]], order, [*order[1:], None], strict=True):
        assert (linked_page(site_dir, path, "left-prev"), linked_page(site_dir, path, "right-next")
                ) == (before, after), f"{path}: previous and next do not follow the table of contents"
    page.goto(f"{base_url}/{order[1]}", wait_until="load")
    page.locator("a.right-next").click()
    page.wait_for_url(f"{base_url}/{order[2]}")
    built_title = re.search(r"<title>(.*?)</title>", (site_dir / order[2]).read_text(), re.S).group(1)
    assert page.title() == unescape(built_title.strip())


def test_sidebar_lists_every_chapter_and_its_links_resolve(page, base_url, site_dir):
    page.goto(f"{base_url}/book/index.html", wait_until="load")
    hrefs = page.eval_on_selector_all("nav.bd-links a.reference", "els => els.map(e => e.href)")
    chapters = [p for p in site_pages(site_dir) if p.startswith("book/") and p != "book/index.html"]
    assert len(hrefs) >= len(chapters)
    for href in hrefs:
        response = page.request.get(href)
        assert response.ok, f"sidebar link {href} is broken"


def test_footer_names_author_and_year(page, base_url):
    page.goto(f"{base_url}/book/index.html", wait_until="load")
    footer = page.inner_text("footer.bd-footer-content")
    assert "The Activation Layers course team" in footer and "2026" in footer
    assert "Executable Books" not in footer


def test_each_chapter_offers_its_notebook(site_dir):
    for html in (site_dir / "book").glob("*.html"):
        if html.stem == "index" or (BOOK_SOURCES / f"{html.stem}.md").exists():
            continue  # Markdown pages (the landing and notation pages) have no notebook
        text = html.read_text()
        assert f"_sources/book/{html.stem}.ipynb" in text, f"{html.name}: no .ipynb download"
        assert (site_dir / "_sources" / "book" / f"{html.stem}.ipynb").exists()
        for remote_kernel in ("thebe", "binder", "colab", "launch-buttons"):
            assert remote_kernel not in text.lower(), f"{html.name} mentions {remote_kernel}"
