"""No page shows a Markdown table as text: every `| a | b |` table a chapter writes, in its
prose or from a code cell (IPython's Markdown display), is rendered as an HTML table.

A code cell's Markdown output is parsed as CommonMark unless the cell asks for MyST
(metadata ``mystnb: {markdown_format: myst}``); CommonMark has no tables, so the table arrives
on the page as a paragraph of pipes and dashes. The check reads the built HTML (no browser):
the text of every page outside code (highlighted cell sources, ``<code>``, ``<pre>`` of cell
inputs, scripts and styles) must not contain a table's delimiter row.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import site_folder, site_pages

# A table's delimiter row, | --- | :---: | ---: |, as it reaches a page: Sphinx's smart quotes
# turn "---" into an em dash "—" (and "--" into an en dash "–").
DELIMITER_CELL = r"\|\s*:?(?:-{3,}|[—–][-—–]*)\s*:?\s*"
DELIMITER_ROW = re.compile(rf"{DELIMITER_CELL}(?:{DELIMITER_CELL})+\|")
CODE_TAGS = {"code", "script", "style", "textarea"}
CODE_CLASSES = {"highlight", "cell_input", "nnh-widget"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


class ProseText(HTMLParser):
    """The text of a page outside code: what a reader sees as prose and printed output."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[bool] = []   # per open element: is it (inside) code?
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        classes = set((dict(attrs).get("class") or "").split())
        inside = bool(self.stack and self.stack[-1])
        self.stack.append(inside or tag in CODE_TAGS or bool(classes & CODE_CLASSES))

    def handle_endtag(self, tag):
        if tag not in VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not (self.stack and self.stack[-1]):
            self.parts.append(data)

    @classmethod
    def of(cls, html: str) -> str:
        parser = cls()
        parser.feed(html)
        return "".join(parser.parts)


def raw_tables(html: str) -> list[str]:
    """The delimiter rows of Markdown tables that reached the page as text."""
    return [m.group(0) for m in DELIMITER_ROW.finditer(ProseText.of(html))]


def test_no_page_shows_a_markdown_table_as_text():
    site = site_folder()
    assert (site / "index.html").exists(), f"No built site at {site}: run `make build` first."
    problems = {}
    for page in site_pages(site):
        found = raw_tables((site / page).read_text(encoding="utf-8"))
        if found:
            problems[page] = found
    assert not problems, (
        "Markdown tables rendered as text (give the code cell the metadata "
        f"mystnb: {{markdown_format: myst}}): {problems}")


@pytest.mark.parametrize(("html", "expected"), [
    ("<p>| nnh | PyTorch |\n| --- | --- |\n| `nnh.relu` | `nn.ReLU()` |</p>", 1),
    ("<p>| nnh | nnh defaults | PyTorch |\n| — | — | — |\n| <code>nnh.relu</code> | none |</p>", 1),
    ("<div class=\"cell_output\"><p>| a | b |\n|:---|---:|\n| 1 | 2 |</p></div>", 1),
    ("<table><thead><tr><th>nnh</th><th>PyTorch</th></tr></thead></table>", 0),
    ('<div class="cell_input"><div class="highlight"><pre>rows = ["| --- | --- |"]</pre>'
     "</div></div><p>after the code</p>", 0),
    ("<p>inline <code>| --- | --- |</code> code</p>", 0),
    ("<p>a single | bar | and - dashes</p>", 0),
])
def test_the_check_sees_raw_tables_and_ignores_code_and_real_tables(html, expected):
    assert len(raw_tables(html)) == expected


def test_the_check_reads_every_chapter():
    pages = site_pages(site_folder())
    for chapter in Path(__file__).resolve().parents[2].joinpath("book").glob("*.ipynb"):
        assert f"book/{chapter.stem}.html" in pages
