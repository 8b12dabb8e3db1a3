"""tools/pdf.py's assemble: the same printed pages give the same PDF bytes, with no file ID.

pypdf writes a trailer /ID only when one is set (its public generate_file_identifiers makes a
random one). If a pypdf release starts writing a time- or random-derived /ID by default, the
book PDF stops being reproducible: these tests fail first.
"""

from __future__ import annotations

import io

from pypdf import PdfReader, PdfWriter

from tools import pdf


def blank_pdf(pages: int) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def parts() -> list:
    return [pdf.PrintedPage("book/a", blank_pdf(2), [pdf.Heading(1, "A", 0), pdf.Heading(2, "A.1", 1)]),
            pdf.PrintedPage("book/b", blank_pdf(1), [pdf.Heading(1, "B", 0)])]


def test_assembling_twice_gives_the_same_bytes():
    first = pdf.assemble(parts(), PdfReader(io.BytesIO(blank_pdf(3))), "Book")
    second = pdf.assemble(parts(), PdfReader(io.BytesIO(blank_pdf(3))), "Book")
    assert first == second


def test_the_book_has_no_file_identifier_and_its_outline():
    reader = PdfReader(io.BytesIO(pdf.assemble(parts(), PdfReader(io.BytesIO(blank_pdf(3))), "Book")))
    assert "/ID" not in reader.trailer
    assert len(reader.pages) == 3
    assert [item.title for item in reader.outline if not isinstance(item, list)] == ["A", "B"]
