"""The README's "The nnh API" block is a doctest: every line runs, every shown result is checked."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import matplotlib.pyplot as plt

README = Path(__file__).resolve().parent.parent / "README.md"


def api_block_and_line() -> tuple[str, int]:
    """The block's text and the README line (0-based) it starts on."""
    text = README.read_text(encoding="utf-8")
    match = re.search(r"^### The nnh API\n\n```python\n(.*?)^```$", text, re.S | re.M)
    assert match, "README.md has no ```python block right under '### The nnh API'"
    return match.group(1), text.count("\n", 0, match.start(1))


def api_block() -> str:
    return api_block_and_line()[0]


def test_every_line_of_the_api_block_is_doctest_source_or_output():
    # A line without >>> or ... after a blank line would be neither run nor compared.
    after_blank = False
    for line in api_block().splitlines():
        if after_blank and line:
            assert line.startswith(">>> "), f"not run by the doctest: {line!r}"
        after_blank = not line
    assert api_block().startswith(">>> import numpy as np, nnh\n")


def test_the_api_block_runs_as_a_doctest():
    block, line = api_block_and_line()
    test = doctest.DocTestParser().get_doctest(block, {}, "README.md: The nnh API", str(README), line)
    assert len(test.examples) > 40
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    report: list[str] = []
    try:
        result = runner.run(test, out=report.append)
    finally:
        plt.close("all")
    assert result.failed == 0, "".join(report)
