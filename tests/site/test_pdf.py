"""The book PDF and the chapter PDFs that `make build` prints (tools/pdf.py), read with pypdf
(structure: outline, images, fonts) and PDFium (text: pypdfium2, 20 times faster than pypdf's).

The expectations come from the built HTML and the notebooks, not from the PDF script: the
outline must name every heading the pages show, every figure must be embedded, no TeX source
may survive typesetting, every font must travel with the file, and every solution is printed.
The book opens with a contents page whose page numbers lead to the headings; no figure is
cut across two pages; every explorer and answer box is replaced by a sentence that says what
it shows and where it is online, and nothing of its controls is printed.
"""

from __future__ import annotations

import html
import itertools
import json
import re
import unicodedata
from pathlib import Path

import pypdfium2
import pytest
from downloads import BOOK_PDF, DOWNLOADS, chapter_pdf
from pypdf import PdfReader
from pypdf.generic import IndirectObject

from tools.paths import toc_docnames

ROOT = Path(__file__).resolve().parents[2]

DOCNAMES = toc_docnames()
RAW_TEX = ("\\frac", "$$", "\\(", "\\[", "\\begin{", "\\mathrm", "\\sigma", "\\left")


def normalize(text: str) -> str:
    """Compatibility form (ligatures such as 'ﬁ' become 'fi'), one space between words."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def pages_text(path: Path) -> list[str]:
    """Each page's text, normalised. PDFium reads some hyphens as U+FFFE (at a line's end,
    and in an address such as #nnh-answer-2): they are hyphens again, joined to the next line."""
    document = pypdfium2.PdfDocument(path)
    try:
        return [normalize(re.sub("\ufffe\\s*", "-", document[i].get_textpage().get_text_range()))
                for i in range(len(document))]
    finally:
        document.close()


def html_text(fragment: str) -> str:
    fragment = re.sub(r"<(script|style)\b.*?</\1>", "", fragment, flags=re.S)
    fragment = re.sub(r'<a class="headerlink".*?</a>', "", fragment, flags=re.S)
    return normalize(html.unescape(re.sub(r"<[^>]+>", "", fragment)))


def article(site_dir: Path, docname: str) -> str:
    page = (site_dir / f"{docname}.html").read_text()
    match = re.search(r'<article class="bd-article".*?</article>', page, re.S)
    assert match, f"{docname}.html has no <article class=\"bd-article\">"
    return match.group(0)


def headings(site_dir: Path, docname: str, levels: str = "12") -> list[tuple[int, str]]:
    found = re.findall(rf"<h([{levels}])[^>]*>(.*?)</h\1>", article(site_dir, docname), re.S)
    return [(int(level), html_text(text)) for level, text in found]


def flat_outline(reader: PdfReader, items=None, depth: int = 1) -> list[tuple[int, str, int]]:
    """(depth, title, 0-based page) of every bookmark, in order."""
    flat = []
    for item in reader.outline if items is None else items:
        if isinstance(item, list):
            flat += flat_outline(reader, item, depth + 1)
        else:
            flat.append((depth, normalize(item.title), reader.get_destination_page_number(item)))
    return flat


@pytest.fixture(scope="session")
def downloads(site_dir: Path) -> Path:
    folder = site_dir / DOWNLOADS
    if not (folder / BOOK_PDF).exists():
        pytest.fail(f"No {BOOK_PDF} in {folder}: `make build` prints it (tools/pdf.py).", pytrace=False)
    return folder


@pytest.fixture(scope="session")
def book(downloads: Path) -> PdfReader:
    return PdfReader(downloads / BOOK_PDF)


@pytest.fixture(scope="session")
def book_pages_text(downloads: Path) -> list[str]:
    return pages_text(downloads / BOOK_PDF)


def contents_pages(book: PdfReader) -> int:
    """The pages before the first chapter: the contents."""
    return flat_outline(book)[0][2]


def test_each_page_of_the_toc_has_its_pdf_and_the_book_is_their_sum(downloads, book):
    missing = [name for name in DOCNAMES if not (downloads / chapter_pdf(name)).exists()]
    assert not missing, f"no chapter PDF for {missing}"
    counts = {name: len(PdfReader(downloads / chapter_pdf(name)).pages) for name in DOCNAMES}
    assert all(n >= 1 for n in counts.values()), counts
    assert contents_pages(book) + sum(counts.values()) == len(book.pages), counts


def test_the_book_opens_with_a_contents_page_whose_numbers_lead_to_the_headings(
        site_dir, book, book_pages_text):
    first = contents_pages(book)
    assert first >= 1, "the first chapter starts on page 1: the book has no contents page"
    contents = " ".join(book_pages_text[:first])
    assert "Contents" in contents
    listed = 0
    for name in DOCNAMES:
        for _, title in headings(site_dir, name):
            match = re.search(re.escape(title) + r" (\d+)(?: |$)", contents)
            assert match, f"{name}: {title!r} is not listed with a page number on the contents page"
            number = int(match.group(1))
            assert first < number <= len(book.pages), f"{title!r}: page {number} out of range"
            assert squeeze(title)[:40] in squeeze(book_pages_text[number - 1]), \
                f"the contents page sends {title!r} to page {number}, which does not show it"
            listed += 1
    assert listed > len(DOCNAMES)


def test_page_count_fits_the_amount_of_text(site_dir, book):
    """An A4 page holds well under 6000 characters and each page of the site starts a new one;
    a book that needs more than one page per 400 characters has blank or exploded pages."""
    chars = sum(len(html_text(article(site_dir, name))) for name in DOCNAMES)
    assert chars / 6000 + len(DOCNAMES) <= len(book.pages) <= chars / 400, (chars, len(book.pages))


def test_outline_names_every_chapter_and_section(site_dir, book):
    outline = flat_outline(book)
    titles = [title for _, title, _ in outline]
    for name in DOCNAMES:
        for level, text in headings(site_dir, name):
            assert text in titles, f"{name}: heading {text!r} (h{level}) is not in the outline"
    chapters = [title for depth, title, _ in outline if depth == 1]
    assert chapters == [headings(site_dir, name, "1")[0][1] for name in DOCNAMES]


def test_each_bookmark_opens_the_page_that_shows_its_heading(book, book_pages_text):
    for _, title, page in flat_outline(book):
        assert squeeze(title)[:40] in squeeze(book_pages_text[page]), \
            f"bookmark {title!r} points to page {page + 1}, which does not show it"


def test_chapter_pdfs_have_their_own_outline(site_dir, downloads):
    for name in DOCNAMES:
        reader = PdfReader(downloads / chapter_pdf(name))
        titles = [title for _, title, _ in flat_outline(reader)]
        assert titles[:1] == [headings(site_dir, name, "1")[0][1]], name
        assert {t for _, t in headings(site_dir, name, "2")} <= set(titles), name


def test_pages_are_numbered(book, book_pages_text):
    for number, text in enumerate(book_pages_text, start=1):
        assert re.search(rf"(^|\s){number}$", text), f"page {number} does not end with its number"


def test_math_is_typeset_no_tex_source_left(book_pages_text):
    for number, text in enumerate(book_pages_text, start=1):
        found = [tex for tex in RAW_TEX if tex in text]
        assert not found, f"page {number} shows raw TeX {found}: {text[:300]}"


def count_images(book: PdfReader) -> int:
    """Distinct image XObjects drawn on the pages (inside form XObjects too)."""
    seen: set[tuple[int, int]] = set()

    def visit(resources) -> None:
        xobjects = (resources or {}).get("/XObject")
        for ref in (xobjects.get_object() if xobjects else {}).values():
            obj = ref.get_object()
            key = (ref.idnum, ref.generation) if isinstance(ref, IndirectObject) else (id(obj), 0)
            if key in seen:
                continue
            seen.add(key)
            if obj.get("/Subtype") == "/Image":
                images.add(key)
            elif obj.get("/Subtype") == "/Form":
                visit(obj.get("/Resources"))

    images: set[tuple[int, int]] = set()
    for page in book.pages:
        visit(page.get("/Resources"))
    return len(images)


def test_every_figure_is_embedded(book):
    figures = 0
    for name in DOCNAMES:
        notebook = ROOT / f"{name}.ipynb"
        if notebook.exists():
            cells = json.loads(notebook.read_text())["cells"]
            figures += sum("image/png" in out.get("data", {})
                           for cell in cells for out in cell.get("outputs", []))
    assert figures > 0
    assert count_images(book) >= figures


def images_on_each_page(reader: PdfReader) -> list[set[int]]:
    """The image XObjects (object numbers) drawn on each page, inside form XObjects too."""
    result = []
    for page in reader.pages:
        found: set[int] = set()

        def visit(resources, found=found) -> None:
            xobjects = (resources or {}).get("/XObject")
            for ref in (xobjects.get_object() if xobjects else {}).values():
                obj = ref.get_object()
                if obj.get("/Subtype") == "/Image":
                    found.add(ref.idnum if isinstance(ref, IndirectObject) else id(obj))
                elif obj.get("/Subtype") == "/Form":
                    visit(obj.get("/Resources"))

        visit(page.get("/Resources"))
        result.append(found)
    return result


def test_no_figure_is_cut_across_two_pages(downloads):
    """Chromium draws a figure that runs past the page's foot on both pages, clipped: the same
    image then sits on two consecutive pages."""
    for name in DOCNAMES:
        pages = images_on_each_page(PdfReader(downloads / chapter_pdf(name)))
        for number, (this, following) in enumerate(itertools.pairwise(pages), start=1):
            assert not this & following, \
                f"{name}: a figure is cut across pages {number} and {number + 1}"


def widgets(site_dir: Path, docname: str, kind: str) -> list[str]:
    """The ids of the explorers (kind 'interactive') or answer boxes ('answer') of a page."""
    return re.findall(rf'class="nnh-widget nnh-{kind}" id="([^"]+)"', article(site_dir, docname))


def test_widgets_print_as_a_sentence_saying_what_they_show_and_where(site_dir, downloads):
    explorers = answers = 0
    for name in DOCNAMES:
        text = " ".join(pages_text(downloads / chapter_pdf(name)))
        page_html = article(site_dir, name)
        titles = [html_text(t) for t in re.findall(r'class="nnh-title"[^>]*>(.*?)</', page_html, re.S)]
        ids = widgets(site_dir, name, "interactive")
        assert text.count("Interactive figure (online only)") == len(ids), name
        for title, widget_id in zip(titles, ids, strict=True):
            assert squeeze(title) in squeeze(text), f"{name}: the explorer {title!r} is not described"
            assert squeeze(f"{name}.html#{widget_id}") in squeeze(text), \
                f"{name}: no address for the explorer {widget_id}"
        boxes = widgets(site_dir, name, "answer")
        assert text.count("Answer box (online only)") == len(boxes), name
        for widget_id in boxes:
            assert squeeze(f"{name}.html#{widget_id}") in squeeze(text), \
                f"{name}: no address for the answer box {widget_id}"
        if ids or boxes:  # what the live widgets print: their form and their slider readouts
            assert "Check your answer" not in text and "Show the solution" not in text, name
        explorers += len(ids)
        answers += len(boxes)
    assert explorers > 0 and answers > 0


def font_is_embedded(font) -> bool:
    font = font.get_object()
    if font.get("/Subtype") == "/Type3":  # glyphs are drawing procedures inside the file
        return len(font.get("/CharProcs", {})) > 0
    if font.get("/Subtype") == "/Type0":
        font = font["/DescendantFonts"][0].get_object()
    descriptor = font.get("/FontDescriptor")
    return bool(descriptor) and any(k in descriptor.get_object()
                                    for k in ("/FontFile", "/FontFile2", "/FontFile3"))


def test_every_font_is_embedded(book):
    fonts = {}
    for number, page in enumerate(book.pages, start=1):
        for name, ref in (page["/Resources"].get("/Font") or {}).items():
            fonts[(number, name)] = ref
    assert fonts
    loose = [key for key, ref in fonts.items() if not font_is_embedded(ref)]
    assert not loose, f"fonts not embedded (page, name): {loose[:10]}"


def test_every_solution_is_printed(site_dir, book_pages_text):
    text = squeeze(" ".join(book_pages_text))
    checked = 0
    for name in DOCNAMES:
        for body in re.findall(r'<div class="solution[^"]*"[^>]*>.*?<section id="[^"]*-content">'
                               r'\s*(.*?)</section>', article(site_dir, name), re.S):
            paragraph = re.search(r"<p>(.*?)</p>", body, re.S)
            # a paragraph with a formula prints glyphs, not the text its HTML holds: skipped
            if paragraph and "<mjx-container" not in paragraph.group(1):
                words = squeeze(html_text(paragraph.group(1)))[:40]
                assert words in text, f"{name}: solution text {words!r} is not in the PDF"
                checked += 1
    assert checked > 0


def test_no_navigation_chrome(book_pages_text):
    text = " ".join(book_pages_text)
    for label in ("Skip to main content", "Ctrl+K", "Back to top", "Download this page"):
        assert label not in text


def test_every_page_links_the_book_pdf_and_chapters_their_own(site_dir):
    for name in DOCNAMES:
        page = (site_dir / f"{name}.html").read_text()
        prefix = "../" * name.count("/")
        assert f'href="{prefix}{DOWNLOADS}/{BOOK_PDF}"' in page, f"{name}: no link to the book PDF"
        if name != DOCNAMES[0]:
            assert f'href="{prefix}{DOWNLOADS}/{chapter_pdf(name)}"' in page, f"{name}: no chapter PDF link"
        assert "window.print()" not in page, f"{name}: the download menu still opens the print dialog"
