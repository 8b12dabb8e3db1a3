"""No stored output carries digits that depend on floating-point rounding.

Other CPUs (other BLAS kernels, other SIMD paths) round the last bits of a result differently,
so a full-precision repr such as ``0.08313726879736946`` stored in a chapter reproduces only on
the machine that wrote it. Every number a chapter prints or glues is rounded at the source to
at most PRECISION significant digits (``nnh.glue(name, value, digits=10)``, formatted prints).

This test reads the committed notebooks only (no build, no kernel): every decimal number in a
stored text output must have at most PRECISION significant digits. Checked: streams,
``text/plain`` (and markdown, LaTeX), glue records (``application/papermill.record/*``) and,
separately, ``text/html`` (widgets carry numbers in their attributes). Integers without a
decimal point or exponent (counts, sizes, seeds) are exact and not checked.

Run it alone with ``.venv/bin/python -m pytest tests/test_stored_precision.py`` (or
``-m precision``).
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = sorted((ROOT / "book").glob("*.ipynb"))
PRECISION = 10  # significant digits: the agreed precision of every stored number

# A decimal number standing on its own: not part of a name (x1.5), a version (1.2.3) or a
# colour (#0072B2). It needs a decimal point or an exponent to count as a float.
NUMBER = re.compile(r"(?<![\w.])[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?(?![\w.])")
TEXT_TYPES = ("text/plain", "text/markdown", "text/latex")
RECORD_PREFIX = "application/papermill.record/"

pytestmark = pytest.mark.precision


def significant_digits(number: str) -> int:
    """Significant digits of a decimal literal: '0.00120' -> 3, '-2.5e-08' -> 2, '1.000' -> 4."""
    mantissa = re.split(r"[eE]", number.lstrip("+-"))[0]
    return len(mantissa.replace(".", "").lstrip("0")) or 1


def too_precise(text: str, precision: int = PRECISION) -> list[str]:
    """The floats in ``text`` written with more than ``precision`` significant digits."""
    return [n for n in NUMBER.findall(text)
            if ("." in n or "e" in n.lower()) and significant_digits(n) > precision]


def stored_texts(path: Path, mime_types: tuple[str, ...]) -> list[tuple[str, str]]:
    """(where, text) for every stored text output of a notebook: streams and the MIME types
    given (a MIME type ending in '/' matches every type it starts)."""
    found = []
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    for number, cell in enumerate(code, start=1):
        where = f"book/{path.name}, code cell {number}"
        for out in cell.outputs:
            if out.output_type == "stream" and "stream" in mime_types:
                found.append((f"{where}, stream {out.name}", out.text))
            for mime, value in out.get("data", {}).items():
                if any(mime == t or (t.endswith("/") and mime.startswith(t)) for t in mime_types):
                    found.append((f"{where}, {mime}", value if isinstance(value, str) else str(value)))
            if out.output_type == "error" and "error" in mime_types:
                found.append((f"{where}, error", out.evalue))
    return found


def problems_in(path: Path, mime_types: tuple[str, ...]) -> list[str]:
    return [f"{where}: {', '.join(numbers[:5])}" for where, text in stored_texts(path, mime_types)
            if (numbers := too_precise(text))]


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_stored_text_and_glue_records_are_rounded(chapter: Path):
    problems = problems_in(chapter, ("stream", "error", *TEXT_TYPES, RECORD_PREFIX))
    assert not problems, (
        f"numbers stored with more than {PRECISION} significant digits (their last digits "
        f"depend on how this CPU rounds): glue them with nnh.glue(name, value, digits=...) and "
        f"print them formatted, then `make refresh`:\n" + "\n".join(problems))


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_stored_html_numbers_are_rounded(chapter: Path):
    problems = problems_in(chapter, ("text/html",))
    assert not problems, (
        f"numbers in stored HTML (widget attributes, tables) with more than {PRECISION} "
        f"significant digits: round them where the widget is made, then `make refresh`:\n"
        + "\n".join(problems))


@pytest.mark.parametrize(("number", "digits"), [
    ("0.08313726879736946", 16), ("1.0891657910766042", 17), ("2.6023535440927328e-08", 17),
    ("0.00120", 3), ("-2.5e-08", 2), ("1.000", 4), ("0.0", 1), ("12.5", 3), ("+.5", 1)])
def test_significant_digits(number, digits):
    assert significant_digits(number) == digits


def test_the_check_catches_full_precision_reprs(tmp_path):
    """A glue record, a stream and a repr at full precision are flagged; rounded ones pass."""
    nb = nbformat.v4.new_notebook()
    record = nbformat.v4.new_output("display_data", data={
        "application/papermill.record/text/plain": "0.08313726879736946",
        "text/plain": "<glued>"}, metadata={"scrapbook": {"name": "loss"}})
    rounded = nbformat.v4.new_output("display_data", data={
        "application/papermill.record/text/plain": "0.0831372688"})
    nb.cells = [
        nbformat.v4.new_code_cell("glue", outputs=[record, rounded]),
        nbformat.v4.new_code_cell("print", outputs=[nbformat.v4.new_output(
            "stream", name="stdout", text="loss 0.0831 after 100 steps\nslope 1.0891657910766042\n")]),
        nbformat.v4.new_code_cell("repr", outputs=[nbformat.v4.new_output(
            "execute_result", data={"text/plain": "array([0.5, 2.6023535440927328e-08])"},
            execution_count=1)]),
        nbformat.v4.new_code_cell("fine", outputs=[nbformat.v4.new_output(
            "execute_result", data={"text/plain": "(0.1234567891, 1e-07, 123456789012345, v1.2.3)"},
            execution_count=2)]),
    ]
    path = tmp_path / "chapter.ipynb"
    nbformat.write(nb, path)
    problems = problems_in(path, ("stream", "error", *TEXT_TYPES, RECORD_PREFIX))
    assert problems == [
        "book/chapter.ipynb, code cell 1, application/papermill.record/text/plain: 0.08313726879736946",
        "book/chapter.ipynb, code cell 2, stream stdout: 1.0891657910766042",
        "book/chapter.ipynb, code cell 3, text/plain: 2.6023535440927328e-08",
    ]
    with pytest.raises(AssertionError, match="more than 10 significant digits"):
        test_stored_text_and_glue_records_are_rounded(path)
