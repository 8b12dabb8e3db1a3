"""nnh.glue: the glue record myst-nb reads, with the number rounded at the source.

The reference for the record's format is myst-nb itself: ``myst_nb.glue(name, value,
display=False)`` applied to the already rounded number must publish the same MIME bundle and
metadata. The rounding is checked against values written out by hand.
"""

from __future__ import annotations

import fractions
import os
import subprocess
import sys

import numpy as np
import pytest
from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output

import nnh
from nnh.notebook import GLUE_PREFIX, rounded


@pytest.fixture(scope="module")
def shell():
    return InteractiveShell.instance()


def published(shell, call) -> list[tuple[dict, dict]]:
    """The (data, metadata) of every display output `call()` publishes through the shell."""
    with capture_output(stdout=True, stderr=True, display=True) as captured:
        call()
    assert captured.stdout == "" and captured.stderr == ""
    return [(out.data, out.metadata) for out in captured.outputs]


@pytest.mark.parametrize(("value", "digits", "expected"), [
    (0.08313726879736946, 10, 0.0831372688),
    (0.08313726879736932, 10, 0.0831372688),   # the other CPU's value: the same record
    (1.089165791076604, 10, 1.089165791),
    (1.0891657910766042, 10, 1.089165791),
    (2.6023535440927328e-08, 10, 2.602353544e-08),
    (0.05000000000000001, 10, 0.05),
    (123456.789, 4, 123500.0),
    (-0.0, 10, 0.0),
    (3.0, 10, 3.0),
    (1e300, 3, 1e300),
    (fractions.Fraction(1, 3), 3, 0.333),
])
def test_reals_keep_the_requested_significant_digits(value, digits, expected):
    result = rounded(value, digits)
    assert type(result) is float
    assert result == expected
    assert repr(result) == repr(expected)


def test_negative_zero_becomes_zero():
    assert repr(rounded(-0.0)) == "0.0"
    assert repr(rounded(-1e-30, 10)) == "-1e-30"   # a tiny negative number stays negative


@pytest.mark.parametrize("value", [10, np.int64(10), np.uint8(10), np.array(10)])
def test_integers_stay_integers(value):
    result = rounded(value)
    assert type(result) is int and result == 10


def test_large_integers_are_not_rounded():
    assert rounded(12345678901234567890, 3) == 12345678901234567890


@pytest.mark.parametrize("value", [np.float64(0.1) * 3, np.float32(0.1), np.float16(0.1),
                                   np.array(0.30000000000000004), np.longdouble("0.1")])
def test_numpy_scalars_become_python_floats(value):
    result = rounded(value)
    assert type(result) is float
    assert result == float(f"{float(value):.10g}")


@pytest.mark.parametrize(("value", "error", "message"), [
    ("0.25", TypeError, r"argument 'value' must be a real number.*str '0.25'"),
    (None, TypeError, r"argument 'value' must be a real number.*NoneType"),
    (1 + 2j, TypeError, r"argument 'value' must be a real number.*complex"),
    (True, TypeError, r"argument 'value' must be a number, got the bool True"),
    (np.bool_(False), TypeError, r"argument 'value' must be a number, got the bool"),
    (np.array([1.0, 2.0]), TypeError, r"argument 'value' must be a single number.*\(2,\)"),
    ([0.5], TypeError, r"argument 'value' must be a real number.*list"),
    (float("nan"), ValueError, r"argument 'value' must be finite, got nan"),
    (np.inf, ValueError, r"argument 'value' must be finite, got inf"),
])
def test_bad_values_name_the_argument(shell, value, error, message):
    with pytest.raises(error, match=rf"nnh\.glue: {message}"):
        nnh.glue("x", value)


@pytest.mark.parametrize(("digits", "error"), [(0, ValueError), (18, ValueError),
                                               (2.5, TypeError), (True, TypeError),
                                               ("3", TypeError)])
def test_bad_digits_name_the_argument(shell, digits, error):
    with pytest.raises(error, match=r"nnh\.glue: argument 'digits' must be a whole number"):
        nnh.glue("x", 0.5, digits=digits)


@pytest.mark.parametrize(("name", "error"), [(3, TypeError), (None, TypeError),
                                             ("", ValueError), ("two words", ValueError),
                                             ("a:b", ValueError)])
def test_bad_names_name_the_argument(shell, name, error):
    with pytest.raises(error, match=r"nnh\.glue: argument 'name' must be"):
        nnh.glue(name, 0.5)


@pytest.mark.parametrize("value", [0.25, 0.08313726879736946, 2.6023535440927328e-08, 10,
                                   np.int64(15), np.float64(-3.736451079081537e-10), 1e22])
def test_the_record_is_the_one_myst_nb_publishes(shell, value):
    from myst_nb import glue as myst_glue

    ours = published(shell, lambda: nnh.glue("answer", value))
    theirs = published(shell, lambda: myst_glue("answer", rounded(value), display=False))
    assert ours == theirs
    [(data, metadata)] = ours
    assert metadata == {"scrapbook": {"name": "answer", "mime_prefix": GLUE_PREFIX}}
    assert list(data) == [GLUE_PREFIX + "text/plain"]
    assert data[GLUE_PREFIX + "text/plain"] == repr(rounded(value))


def test_the_record_holds_the_rounded_number(shell):
    [(data, _)] = published(shell, lambda: nnh.glue("fd_gap", 2.6023535440927328e-08))
    assert data[GLUE_PREFIX + "text/plain"] == "2.602353544e-08"
    [(data, _)] = published(shell, lambda: nnh.glue("q", 0.235232479693533, digits=3))
    assert data[GLUE_PREFIX + "text/plain"] == "0.235"


def test_myst_nb_reads_the_record_back(shell):
    """myst-nb's own extractor finds the record under its name, with the rounded text."""
    import nbformat
    from myst_nb.ext.glue import extract_glue_data_cell

    outputs = []
    with capture_output(display=True) as captured:
        nnh.glue("peak", 0.25000000000000006)
    for out in captured.outputs:
        outputs.append(nbformat.v4.new_output("display_data", data=out.data,
                                              metadata=out.metadata))
    cell = nbformat.v4.new_code_cell("nnh.glue('peak', ...)", outputs=outputs)
    [(key, record)] = extract_glue_data_cell(cell)
    assert key == "peak"
    assert record["data"] == {"text/plain": "0.25"}


def test_glue_needs_neither_myst_nb_nor_sphinx():
    code = (
        "import sys\n"
        "from IPython.core.interactiveshell import InteractiveShell\n"
        "from IPython.utils.capture import capture_output\n"
        "import nnh\n"
        "InteractiveShell.instance()\n"
        "with capture_output() as c:\n"
        "    nnh.glue('x', 0.1 + 0.2)\n"
        "print(c.outputs[0].data)\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'myst_nb', 'sphinx', 'docutils'}))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120, env={**os.environ, "PYTHONWARNINGS": "error"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "{'application/papermill.record/text/plain': '0.3'}", "[]"]


def test_glue_without_ipython_checks_its_arguments_and_publishes_nothing():
    # Python in the page (Pyodide) has no IPython: the chapters' glue calls must still run
    code = (
        "import sys\n"
        "sys.modules['IPython'] = None  # importing it now fails, as where it is not installed\n"
        "import nnh\n"
        "print(nnh.glue('x', 0.1 + 0.2))\n"
        "try:\n"
        "    nnh.glue('x y', 1.0)\n"
        "except ValueError as error:\n"
        "    print('name' in str(error))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["None", "True"]


# --- nnh.notebook.table: printed tables as real tables ---------------------------------------

def test_a_table_is_a_markdown_pipe_table_with_numbers_right_aligned():
    from nnh.notebook import table

    t = table(["T", "p(0)", "note"], [["0.5", "0.862", "sharp"], ["5.0", "0.328", "a|b"]])
    assert t._repr_markdown_().splitlines() == [
        "| T | p(0) | note |",
        "| ---: | ---: | --- |",
        "| 0.5 | 0.862 | sharp |",
        "| 5.0 | 0.328 | a\\|b |",
    ]
    assert repr(t).splitlines() == ["T     p(0)   note", "0.5  0.862  sharp", "5.0  0.328    a|b"]


def test_the_table_renders_as_a_table_in_myst():
    """MyST (the parser the site uses for such outputs) reads it as a table with the cells."""
    from markdown_it import MarkdownIt

    from nnh.notebook import table

    md = table(["n", "error"], [["4", "2.1e-01"], ["8", "7.0e-02"]])._repr_markdown_()
    html = MarkdownIt("commonmark").enable("table").render(md)
    assert html.count("<tr>") == 3 and "<td style=\"text-align:right\">7.0e-02</td>" in html


@pytest.mark.parametrize(("header", "rows", "error", "message"), [
    ("n", [["1"]], TypeError, r"argument 'header' must be a non-empty list"),
    ([], [], TypeError, r"argument 'header' must be a non-empty list"),
    (["a", "b"], "rows", TypeError, r"argument 'rows' must be a list of rows"),
    (["a", "b"], [["1", "2"], ["3"]], ValueError, r"argument 'rows': row 1 must have 2 cells"),
])
def test_bad_tables_name_the_argument(header, rows, error, message):
    from nnh.notebook import table

    with pytest.raises(error, match=rf"nnh\.table: {message}"):
        table(header, rows)
