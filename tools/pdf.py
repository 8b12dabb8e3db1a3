"""Print the built site to PDF: the whole book and one PDF per page of the table of contents.

    python -m tools.pdf [--force] [--jobs N]

Every page of _toc.yml is opened from _build/html (served on loopback) in Debian's Chromium
(or NNH_CHROMIUM), driven by Playwright with its executable_path, with the print styles of
book/_static/print.css: no navigation, every solution expanded, code wrapped. The script
waits for every image and web font, then prints. The pages are merged with pypdf
into the book, which opens with a table of contents (every chapter and its sections, with
their page numbers); its bookmark outline holds every chapter and its sections, titled from
the HTML headings, and every page is numbered (the numbers are printed once by Chromium and
stamped onto the pages).

Writes _build/pdf/<page>.pdf and _build/pdf/activation-layers.pdf, and copies them into
_build/html/downloads/, where the site's download menu links them. Nothing is re-printed when
no file of the site changed since the last run (--force prints anyway).
"""

from __future__ import annotations

import argparse
import asyncio
import html
import io
import os
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import yaml
from downloads import BOOK_PDF, DOWNLOADS, chapter_pdf
from pypdf import PdfReader, PdfWriter

from tools.browser import AWAIT_FONTS, CHROMIUM_ARGS, BrowserSetupError, chromium_path, serve
from tools.fingerprint import hash_files
from tools.paths import BUILD, ROOT, SITE, toc_docnames

OUT = BUILD / "pdf"
KEY_FILE = OUT / ".site-key"

MARGIN = {"top": "15mm", "bottom": "18mm", "left": "14mm", "right": "14mm"}
PAGE_TIMEOUT_MS = 180_000
OUTLINE_DEPTH = 3  # chapters (h1), sections (h2) and subsections (h3)
CONTENTS_DEPTH = 2  # the book's contents page lists chapters and sections

# Run in each page before printing: expand every solution, load every image that prints and
# every font, and return the headings that will print, in document order. An image that does
# not print (the phone figures, the other colour mode's) stays as it is: loading the six lazy
# phone images of a chapter made Chromium's printing of it take 1.9 s longer, for the same PDF.
PREPARE_PAGE = """
async () => {
  document.querySelectorAll('details').forEach((d) => { d.open = true; });
  const printed = [...document.images].filter((img) => img.getClientRects().length > 0);
  printed.forEach((img) => { img.loading = 'eager'; });
  await Promise.all(printed.map((img) => img.complete ? null :
      new Promise((done) => { img.addEventListener('load', done); img.addEventListener('error', done); })));
  AWAIT_FONTS
  // Links to other pages of the site would point at this loopback server: print them as text.
  for (const a of document.querySelectorAll('a[href]')) {
    const url = new URL(a.href, location.href);
    if (url.origin === location.origin && !(url.pathname === location.pathname && url.hash)) {
      a.removeAttribute('href');
    }
  }
  const shown = (h) => h.getClientRects().length > 0;
  return [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].filter(shown).map((h) => {
    const clone = h.cloneNode(true);
    clone.querySelectorAll('.headerlink, mjx-assistive-mml').forEach((n) => n.remove());
    return {level: Number(h.tagName[1]), text: clone.textContent.replace(/\\s+/g, ' ').trim()};
  });
}
"""
PREPARE_PAGE = PREPARE_PAGE.replace("AWAIT_FONTS", AWAIT_FONTS)


@dataclass
class Heading:
    level: int
    title: str
    page: int  # 0-based, within the printed page's PDF


@dataclass
class PrintedPage:
    docname: str
    pdf: bytes
    headings: list[Heading]

    @property
    def title(self) -> str:
        return self.headings[0].title if self.headings else self.docname


def site_key(site: Path) -> str:
    """Hash of every file of the built site (the downloads excepted) and of this script."""
    def printed(path: Path) -> bool:
        rel = path.relative_to(site).as_posix()
        return not (rel.startswith((f"{DOWNLOADS}/", "_sources/", ".doctrees/")) or rel == ".buildinfo")

    files = sorted(p for p in site.rglob("*") if p.is_file() and printed(p))
    return hash_files(files, site, seed=Path(__file__).read_bytes())


def flatten_outline(reader: PdfReader, items: list, depth: int = 1) -> list[tuple[int, int]]:
    """(depth, 0-based page) of every bookmark Chromium made from the headings, in order."""
    flat: list[tuple[int, int]] = []
    for item in items:
        if isinstance(item, list):
            flat.extend(flatten_outline(reader, item, depth + 1))
        else:
            flat.append((depth, reader.get_destination_page_number(item)))
    return flat


def locate_headings(docname: str, pdf: bytes, headings: list[dict]) -> list[Heading]:
    """Pair the HTML headings with the pages of Chromium's outline (same order, same count)."""
    reader = PdfReader(io.BytesIO(pdf))
    pages = flatten_outline(reader, reader.outline)
    if len(pages) != len(headings):
        raise SystemExit(f"[pdf] {docname}: Chromium's outline has {len(pages)} entries but the page "
                         f"prints {len(headings)} headings: {[h['text'] for h in headings]}")
    return [Heading(h["level"], h["text"], page) for h, (_, page) in zip(headings, pages, strict=True)]


async def print_page(context, base_url: str, docname: str) -> PrintedPage:
    page = await context.new_page()
    try:
        await page.goto(f"{base_url}/{docname}.html", wait_until="load")
        await page.emulate_media(media="print", color_scheme="light")
        headings = await page.evaluate(PREPARE_PAGE)
        pdf = await page.pdf(format="A4", print_background=True, margin=MARGIN, outline=True,
                             tagged=True)
    finally:
        await page.close()
    return PrintedPage(docname, pdf, locate_headings(docname, pdf, headings))


async def page_numbers_pdf(count: int, browser) -> PdfReader:
    """A PDF of `count` blank A4 pages, page i carrying the number i + 1 at its foot."""
    pages = "".join(f'<div class="p"><span>{i}</span></div>' for i in range(1, count + 1))
    html = ("<!doctype html><html><head><style>@page { size: A4; margin: 0 }"
            "body { margin: 0; font: 9pt 'DejaVu Sans', sans-serif; color: #555 }"
            ".p { position: relative; height: 296mm; break-after: page }"
            ".p span { position: absolute; top: 284mm; left: 0; right: 0; text-align: center }"
            f"</style></head><body>{pages}</body></html>")
    page = await browser.new_page()
    try:
        await page.set_content(html)
        pdf = await page.pdf(format="A4", prefer_css_page_size=True, print_background=False)
    finally:
        await page.close()
    reader = PdfReader(io.BytesIO(pdf))
    if len(reader.pages) != count:
        raise SystemExit(f"[pdf] the page-number sheet has {len(reader.pages)} pages, not {count}")
    return reader


def contents_html(title: str, entries: list[tuple[int, str, int]]) -> str:
    """The book's contents page: (level, title, printed page number) per line, a dotted leader
    between title and number; chapters in bold, sections indented."""
    rows = "".join(
        f'<li class="l{level}"><span class="t">{html.escape(text)}</span>'
        f'<span class="d"></span><span class="n">{number}</span></li>'
        for level, text, number in entries)
    return ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>Contents</title><style>@page {{ size: A4; margin: {MARGIN['top']} "
            f"{MARGIN['right']} {MARGIN['bottom']} {MARGIN['left']} }}"
            "body { font: 11pt 'DejaVu Sans', sans-serif; color: #111 }"
            "h1 { font-size: 20pt; margin: 0 0 4pt } h2 { font-size: 14pt; margin: 0 0 12pt;"
            " font-weight: normal; color: #444 }"
            "ol { list-style: none; margin: 0; padding: 0 }"
            "li { display: flex; align-items: baseline; gap: 4pt; break-inside: avoid;"
            " margin: 2pt 0 }"
            "li.l1 { font-weight: bold; margin-top: 9pt } li.l2 { padding-left: 16pt }"
            ".d { flex: 1; border-bottom: 1px dotted #888 } .n { min-width: 2em; text-align: right }"
            f"</style></head><body><h1>{html.escape(title)}</h1><h2>Contents</h2>"
            f"<ol>{rows}</ol></body></html>")


async def print_contents(browser, title: str, parts: list[PrintedPage]) -> bytes:
    """The contents page(s) of the book. The page numbers count the contents too: printed
    again until the number of contents pages stops changing."""
    sizes = [len(PdfReader(io.BytesIO(part.pdf)).pages) for part in parts]
    contents_pages, pdf = 1, b""
    for _ in range(5):
        entries, offset = [], contents_pages
        for part, size in zip(parts, sizes, strict=True):
            entries += [(h.level, h.title, offset + h.page + 1) for h in part.headings
                        if h.level <= CONTENTS_DEPTH]
            offset += size
        page = await browser.new_page()
        try:
            await page.set_content(contents_html(title, entries))
            pdf = await page.pdf(format="A4", prefer_css_page_size=True, print_background=False,
                                 tagged=True)
        finally:
            await page.close()
        printed = len(PdfReader(io.BytesIO(pdf)).pages)
        if printed == contents_pages:
            return pdf
        contents_pages = printed
    raise SystemExit("[pdf] the contents page count does not settle")


async def print_site(base_url: str, docnames: list[str], jobs: int, title: str
                     ) -> tuple[list[PrintedPage], bytes, PdfReader]:
    """Print the pages, `jobs` at a time in one browser, then the book's contents and the
    page-number sheet."""
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            context = await browser.new_context(color_scheme="light",
                                                viewport={"width": 1000, "height": 1400})
            # Pages come from loopback, but on a loaded machine (eight builds on two cores) a
            # page took over Playwright's default 30 s to load (with MathJax in the page, before it
            # ran at build time): allow 3 minutes.
            context.set_default_timeout(PAGE_TIMEOUT_MS)
            gate = asyncio.Semaphore(jobs)

            async def one(docname: str) -> PrintedPage:
                async with gate:
                    return await print_page(context, base_url, docname)

            printed = list(await asyncio.gather(*(one(name) for name in docnames)))
            contents = await print_contents(browser, title, printed)
            total = sum(len(PdfReader(io.BytesIO(part.pdf)).pages) for part in printed)
            total += len(PdfReader(io.BytesIO(contents)).pages)
            numbers = await page_numbers_pdf(total, browser)
        finally:
            await browser.close()
    return printed, contents, numbers


def add_outline(writer: PdfWriter, headings: list[Heading], offset: int, parent=None) -> None:
    """Nest the headings (levels 1..OUTLINE_DEPTH) into the writer's outline."""
    stack: list[tuple[int, object]] = [(0, parent)]
    for heading in headings:
        if heading.level > OUTLINE_DEPTH:
            continue
        while stack[-1][0] >= heading.level:
            stack.pop()
        item = writer.add_outline_item(title=heading.title, page_number=offset + heading.page,
                                       parent=stack[-1][1])
        stack.append((heading.level, item))


def assemble(parts: list[PrintedPage], numbers: PdfReader, title: str,
             contents: bytes | None = None) -> bytes:
    """Merge printed pages (after the ``contents`` pages, if any) into one numbered PDF with
    an outline; no dates, no file ID."""
    writer = PdfWriter()
    if contents:
        writer.append(PdfReader(io.BytesIO(contents)), import_outline=False)
    for part in parts:
        offset = len(writer.pages)
        writer.append(PdfReader(io.BytesIO(part.pdf)), import_outline=False)
        add_outline(writer, part.headings, offset)
    for index, page in enumerate(writer.pages):
        page.merge_page(numbers.pages[index])
    writer.add_metadata({"/Title": title, "/Author": "The Activation Layers course team",
                         "/Producer": "tools/pdf.py (Chromium, pypdf)"})
    writer.page_mode = "/UseOutlines"
    # No file identifier (/ID is optional in an unencrypted PDF): pypdf writes none unless asked,
    # and its only public way to make one is random. tests/test_pdf_assemble.py checks both.
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def publish(outputs: list[Path], site: Path) -> None:
    """Copy the PDFs into the site's downloads folder, dropping those of removed pages."""
    target = site / DOWNLOADS
    target.mkdir(parents=True, exist_ok=True)
    names = {pdf.name for pdf in outputs}
    for stale in [*OUT.glob("*.pdf"), *target.glob("*.pdf")]:
        if stale.name not in names:
            stale.unlink()
    for pdf in outputs:
        shutil.copy2(pdf, target / pdf.name)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="print even if the site is unchanged")
    parser.add_argument("--jobs", type=int, default=min(4, os.cpu_count() or 1),
                        help="pages printed at the same time (default: the cores, at most 4)")
    args = parser.parse_args()
    if not (SITE / "index.html").exists():
        raise SystemExit(f"[pdf] no built site at {SITE}: run `make build` first")
    docnames = toc_docnames()
    key = site_key(SITE)
    outputs = [OUT / BOOK_PDF] + [OUT / chapter_pdf(name) for name in docnames]
    if (not args.force and KEY_FILE.exists() and KEY_FILE.read_text().strip() == key
            and all(p.exists() for p in outputs)):
        publish(outputs, SITE)
        print("[pdf] the site did not change: the PDFs are current")
        return 0

    start = time.perf_counter()
    KEY_FILE.unlink(missing_ok=True)
    try:
        chromium_path()
    except BrowserSetupError as error:
        raise SystemExit(f"[pdf] {error}") from None
    title = yaml.safe_load((ROOT / "_config.yml").read_text())["title"]
    with serve(SITE) as base_url:
        printed, contents, numbers = asyncio.run(
            print_site(base_url, docnames, max(1, args.jobs), title))
    OUT.mkdir(parents=True, exist_ok=True)
    for part in printed:
        (OUT / chapter_pdf(part.docname)).write_bytes(assemble([part], numbers, part.title))
    (OUT / BOOK_PDF).write_bytes(assemble(printed, numbers, title, contents))
    publish(outputs, SITE)
    KEY_FILE.write_text(key + "\n")
    print(f"[pdf] printed {len(printed)} pages into {len(numbers.pages)} PDF pages in "
          f"{time.perf_counter() - start:.1f} s: {OUT / BOOK_PDF}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
