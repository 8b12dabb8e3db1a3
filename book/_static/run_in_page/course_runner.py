"""Runs a page's code cells inside Pyodide (imported by worker.js), like a notebook kernel.

All cells of a page share one namespace, in the order the reader runs them. ``run_cell``
returns what Jupyter would show: the streams (sent while the cell runs, through the worker's
``course_emit``), the value of a final expression, every figure the cell left open (light and,
for nnh's figures, dark PNG with alt text) and, on an error, a short traceback: only the
frames of the page's cells and the frame that raised.
"""

from __future__ import annotations

import ast
import base64
import io
import json
import linecache
import logging
import os
import sys
import traceback
import types
import warnings
from typing import Any

import js  # the worker's global scope

os.environ["MPLBACKEND"] = "Agg"  # no screen in a worker: figures are sent as PNG
# plt.show() draws nothing under Agg; the cell's open figures are shown when it ends.
warnings.filterwarnings("ignore", message=".*non-interactive, and thus cannot be shown")


class _NoFontCacheNotice(logging.Filter):
    """The first figure builds matplotlib's font cache, once per Python: not the cell's output."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "building the font cache" not in record.getMessage()


logging.getLogger("matplotlib.font_manager").addFilter(_NoFontCacheNotice())

NAMESPACE: dict[str, Any] = {"__name__": "__main__"}
CELL_PREFIX = "<cell "


def _glue(name: str, variable: Any, display: bool = True) -> None:
    """myst_nb.glue in the browser: the book's prose is already written, so a glued value
    is only shown, when the cell asks for it (display=True)."""
    if display:
        print(repr(variable))


# The chapters import glue from myst_nb, which the browser does not have.
sys.modules.setdefault("myst_nb", types.ModuleType("myst_nb", "glue() for the page's cells"))
sys.modules["myst_nb"].glue = _glue


class _Stream(io.TextIOBase):
    """sys.stdout / sys.stderr: every write goes to the page at once."""

    def __init__(self, name: str) -> None:
        self._name = name

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        if text:
            js.course_emit(self._name, text)
        return len(text)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _figure(fig: Any) -> dict[str, Any]:
    """A figure as light PNG, dark PNG (nnh's figures) and alt text."""
    from nnh.plotting import CourseFigure, png_bytes
    from nnh.style import DARK

    if isinstance(fig, CourseFigure):
        return {"light": _b64(png_bytes(fig)), "dark": _b64(png_bytes(fig, DARK)),
                "alt": fig.alt_text}
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return {"light": _b64(buffer.getvalue()), "dark": None,
            "alt": "A figure drawn by the cell (not one of nnh's, so without a description)."}


def _open_figures() -> list[dict[str, Any]]:
    """Every figure the cell left open, then closed (Jupyter's inline backend does the same)."""
    if "matplotlib.pyplot" not in sys.modules:
        return []
    import matplotlib.pyplot as plt

    figures = [_figure(plt.figure(number)) for number in plt.get_fignums()]
    plt.close("all")
    return figures


def _short_traceback(exc: BaseException) -> str:
    """The cells' frames and the frame that raised, then the error line."""
    frames = traceback.extract_tb(exc.__traceback__)
    kept = [f for i, f in enumerate(frames)
            if f.filename.startswith(CELL_PREFIX) or i == len(frames) - 1]
    kept = kept if any(f.filename.startswith(CELL_PREFIX) for f in kept) else []
    head = ["Traceback (most recent call last):\n", *traceback.format_list(kept)] if kept else []
    return "".join(head + traceback.format_exception_only(type(exc), exc))


def _value_text(value: Any) -> str | None:
    from matplotlib.figure import Figure

    if value is None or isinstance(value, Figure):  # an open figure is shown as an image
        return None
    return repr(value)


def run_cell(source: str, name: str) -> str:
    """Run one cell's ``source`` in the page's namespace; returns JSON for the page."""
    filename = f"{CELL_PREFIX}{name}>"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    result: dict[str, Any] = {"value": None, "figures": [], "error": None}
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _Stream("stdout"), _Stream("stderr")
    try:
        tree = ast.parse(source, filename, "exec")
        last = None
        if tree.body and isinstance(tree.body[-1], ast.Expr) \
                and not source.rstrip().endswith(";"):
            last = ast.Expression(tree.body.pop().value)
        exec(compile(tree, filename, "exec"), NAMESPACE)
        if last is not None:
            value = eval(compile(last, filename, "eval"), NAMESPACE)
            NAMESPACE["_"] = value
            result["value"] = _value_text(value)
    except BaseException as exc:
        result["error"] = _short_traceback(exc)
    finally:
        sys.stdout.flush()
        sys.stdout, sys.stderr = saved
    try:
        result["figures"] = _open_figures()
    except Exception as exc:
        result["error"] = (result["error"] or "") + _short_traceback(exc)
    return json.dumps(result)


def versions() -> str:
    """Python, NumPy, matplotlib and nnh versions, for the page's status line."""
    import platform

    import matplotlib
    import numpy

    import nnh

    return json.dumps({"python": platform.python_version(), "numpy": numpy.__version__,
                       "matplotlib": matplotlib.__version__,
                       "nnh": getattr(nnh, "__version__", "")})
