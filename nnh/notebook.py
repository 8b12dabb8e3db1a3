"""Numbers for the chapters' prose: ``nnh.glue`` rounds a number and hands it to the page.

The chapters write numbers into their text with myst-nb's ``{glue:text}`name:.2f``` role. The
value behind that role is stored in the notebook as a *glue record*: a display output whose
MIME types carry the prefix ``application/papermill.record/`` and whose metadata name the
record. ``nnh.glue`` publishes exactly the record that ``myst_nb.glue(name, value,
display=False)`` publishes, with two differences:

- the number is rounded at the source to ``digits`` significant digits (10 by default), so the
  stored record holds no digit that depends on how a CPU rounds its last bits;
- it needs IPython only (loaded on the first call), not myst-nb or Sphinx, so a student can
  run the chapters with nnh and a Jupyter kernel alone.
"""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np

GLUE_PREFIX = "application/papermill.record/"  # myst_nb.ext.glue.GLUE_PREFIX

__all__ = ["GLUE_PREFIX", "Table", "glue", "rounded", "table"]


def rounded(value: Any, digits: int = 10, *, where: str = "nnh.glue") -> int | float:
    """``value`` as a plain Python number: ints stay ints, reals keep ``digits`` significant
    digits (``float(f"{value:.{digits}g}")``; -0.0 becomes 0.0).

    Accepts Python and NumPy integers and reals, and 0-d arrays of them. Raises TypeError for
    anything else (bools included) and ValueError for NaN and infinities.
    """
    if isinstance(digits, bool) or not isinstance(digits, numbers.Integral):
        raise TypeError(f"{where}: argument 'digits' must be a whole number from 1 to 17, "
                        f"got {type(digits).__name__} {digits!r}")
    if not 1 <= digits <= 17:
        raise ValueError(f"{where}: argument 'digits' must be a whole number from 1 to 17, "
                         f"got {digits}")
    if isinstance(value, np.ndarray):
        if value.ndim != 0:
            raise TypeError(f"{where}: argument 'value' must be a single number, got an array "
                            f"of shape {value.shape}")
        value = value[()]
    if isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{where}: argument 'value' must be a number, got the bool {value!r}; "
                        f"glue int(value) for 0 or 1")
    if isinstance(value, numbers.Integral):
        return int(value)
    if not isinstance(value, numbers.Real):
        shown = f"{type(value).__name__} {value!r}"[:80]
        raise TypeError(f"{where}: argument 'value' must be a real number (int or float), "
                        f"got {shown}")
    number = float(value)
    if not np.isfinite(number):
        raise ValueError(f"{where}: argument 'value' must be finite, got {number!r}")
    return float(f"{number:.{int(digits)}g}") + 0.0


def glue(name: str, value: Any, *, digits: int = 10) -> None:
    """Store ``value``, rounded to ``digits`` significant digits, as the glue record ``name``.

    The text then shows it with ``{glue:text}`name:.3f``` (or any format), as with myst-nb's
    ``glue(name, value, display=False)``: nothing is displayed in the cell. Integers are stored
    as they are; ``glue("peak", 0.25000000000000006)`` stores 0.25. Without IPython (a
    script, or the course's Python in the page) there is no notebook to publish to: the
    arguments are checked and nothing else happens.
    """
    if not isinstance(name, str):
        raise TypeError(f"nnh.glue: argument 'name' must be a string, got "
                        f"{type(name).__name__} {name!r}"[:120])
    if not name or any(c.isspace() or c == ":" for c in name):
        raise ValueError(f"nnh.glue: argument 'name' must be a non-empty string without spaces "
                         f"or ':' (the text refers to it as {{glue:text}}`name:format`), got "
                         f"{name!r}")
    number = rounded(value, digits)
    try:
        from IPython.core.formatters import format_display_data
        from IPython.display import display
    except ModuleNotFoundError:  # a script, or Python in the page: no notebook to publish to
        return

    bundle, metadata = format_display_data(number)
    metadata["scrapbook"] = {"name": name, "mime_prefix": GLUE_PREFIX}
    display({GLUE_PREFIX + mime: data for mime, data in bundle.items()}, raw=True,
            metadata=metadata)


class Table:
    """A table of already formatted cells that a notebook shows as a real table.

    Jupyter and the course site render its Markdown (``_repr_markdown_``) as a table; on the
    site the cell needs the metadata ``mystnb: {markdown_format: myst}`` (CommonMark has no
    tables). ``repr()`` is the same table as aligned plain text, for consoles and tests.
    """

    def __init__(self, header: list[str], rows: list[list[str]]) -> None:
        self.header = [str(h) for h in header]
        self.rows = [[str(c) for c in row] for row in rows]

    def _repr_markdown_(self) -> str:
        def line(cells: list[str]) -> str:
            return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"

        numeric = [all(_looks_numeric(row[k]) for row in self.rows)
                   for k in range(len(self.header))]
        rule = "| " + " | ".join("---:" if right else "---" for right in numeric) + " |"
        return "\n".join([line(self.header), rule, *map(line, self.rows)])

    def __repr__(self) -> str:
        widths = [max(len(r[k]) for r in [self.header, *self.rows])
                  for k in range(len(self.header))]
        return "\n".join("  ".join(c.rjust(w) if k else c.ljust(w)
                                   for k, (c, w) in enumerate(zip(r, widths, strict=True)))
                         .rstrip() for r in [self.header, *self.rows])


def _looks_numeric(text: str) -> bool:
    try:
        float(text.replace("−", "-").rstrip("%"))
    except ValueError:
        return text.strip() in ("", "-", "−", "inf", "-inf", "−∞", "∞")
    return True


def table(header: list[str], rows: list[list[Any]]) -> Table:
    """A real table (Markdown in Jupyter and on the site) from a header and rows of cells.

    Format the numbers first (``f"{v:.4f}"``): the table shows the cells as they are. Every
    row needs one cell per column; numeric columns are right-aligned.
    """
    if not isinstance(header, (list, tuple)) or not header:
        raise TypeError(f"nnh.table: argument 'header' must be a non-empty list of column "
                        f"names, got {type(header).__name__}")
    if not isinstance(rows, (list, tuple)):
        raise TypeError(f"nnh.table: argument 'rows' must be a list of rows, got "
                        f"{type(rows).__name__}")
    for number, row in enumerate(rows):
        if not isinstance(row, (list, tuple)) or len(row) != len(header):
            raise ValueError(f"nnh.table: argument 'rows': row {number} must have "
                             f"{len(header)} cells, one per column, got {row!r}"[:160])
    return Table(list(header), [list(r) for r in rows])
