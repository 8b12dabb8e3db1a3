"""Figures for the course: activations, steps of single units, and approximations.

Every function returns its figure (a :class:`CourseFigure`) and draws nothing globally; the
caller owns it and should ``plt.close(fig)`` when done (Jupyter's inline backend does this
after showing it). All figures share one fixed style: DejaVu Sans, 100 dpi, opaque white
background (readable on a dark page), the Okabe-Ito colour-blind-safe palette and a
different line style for every curve. Each figure carries ``alt_text``, a sentence computed
from the plotted data that says what it shows; it is the figure's ``repr`` and, in Jupyter,
the ``alt`` metadata of its PNG.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from nnh._validate import as_real_array
from nnh.activations import ACTIVATIONS, Activation, resolve_activation
from nnh.approximation import ReluApproximation
from nnh.layers import NN

__all__ = [
    "COLORS",
    "LINESTYLES",
    "STYLE",
    "CourseFigure",
    "plot_activation",
    "plot_activations",
    "plot_approximation",
    "plot_curves",
    "plot_steps",
    "save_figure",
]

#: Okabe & Ito's palette, safe for the common colour-vision deficiencies.
COLORS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
#: A distinct dash pattern for each curve, so curves differ without colour too.
LINESTYLES = ("-", "--", "-.", ":", (0, (5, 1)), (0, (3, 1, 1, 1, 1, 1)), (0, (1, 3)))
DPI = 100
DOT_PRODUCT_LABEL = r"$y_{(l-1)} \cdot W_{l,j}$"

STYLE: dict[str, Any] = {
    "figure.dpi": DPI,
    "savefig.dpi": DPI,
    "figure.facecolor": "white",
    "axes.facecolor": "white",
    "savefig.facecolor": "white",
    "savefig.transparent": False,
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.labelsize": 10,
    "legend.fontsize": 9,
    "axes.edgecolor": "#333333",
    "axes.grid": True,
    "grid.color": "#d0d0d0",
    "grid.linewidth": 0.6,
    "lines.linewidth": 2.0,
    "text.color": "#111111",
    "axes.labelcolor": "#111111",
    "xtick.color": "#333333",
    "ytick.color": "#333333",
    "svg.hashsalt": "nnh",
    "svg.fonttype": "path",
    "path.simplify": False,
}


class CourseFigure(Figure):
    """A matplotlib Figure that knows what it shows (``alt_text``)."""

    alt_text: str = "A figure."

    def __repr__(self) -> str:
        return f"<Figure: {self.alt_text}>"

    __str__ = __repr__


def _num(value: float) -> str:
    """Format a number for alt text and labels: 3 significant digits, no '-0'."""
    rounded = round(float(value), 9) + 0.0
    return f"{rounded:.3g}"


def _new_figure(nrows: int, ncols: int, size: tuple[float, float]) -> tuple[CourseFigure, Any]:
    fig, axes = plt.subplots(nrows, ncols, figsize=size, FigureClass=CourseFigure,
                             squeeze=False, layout="constrained")
    return fig, axes


def _styled(func):
    """Run a plotting function inside the course style."""
    def wrapper(*args: Any, **kwargs: Any):
        with matplotlib.rc_context(STYLE):
            result = func(*args, **kwargs)
            # Jupyter's inline backend turns interactive mode on when the first figure is made;
            # rc_context would undo that on exit and hide every later figure.
            interactive = matplotlib.is_interactive()
        matplotlib.interactive(interactive)
        return result
    wrapper.__name__ = func.__name__
    wrapper.__qualname__ = func.__qualname__
    wrapper.__doc__ = func.__doc__
    wrapper.__wrapped__ = func  # type: ignore[attr-defined]
    return wrapper


def _grid(x: Any, where: str) -> np.ndarray:
    arr = as_real_array(x, where)
    if arr.ndim != 1 or arr.size < 2:
        raise ValueError(f"{where}: argument 'x' must be a 1-D array of at least 2 points, "
                         f"got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{where}: argument 'x' must contain only finite values")
    return arr.astype(np.float64)


def _peak(x: np.ndarray, y: np.ndarray) -> str:
    """'peaking at Y at x = X' for a maximum at one interior grid point, else ''."""
    top = np.max(y)
    where_top = np.flatnonzero(np.isclose(y, top, rtol=0, atol=1e-12))
    if where_top.size != 1 or where_top[0] in (0, y.size - 1):
        return ""
    return f", peaking at {_num(top)} at x = {_num(x[where_top[0]])}"


def _describe_activation(act: Activation, x: np.ndarray) -> str:
    y = np.asarray(act(x))
    dy = np.asarray(act.derivative(x))
    return (f"{act.name} goes from {_num(y[0])} to {_num(y[-1])}; its derivative stays between "
            f"{_num(dy.min())} and {_num(dy.max())}{_peak(x, dy)}")


def _activations(activations: Iterable[Any] | None, where: str) -> list[Activation]:
    if activations is None:
        return list(ACTIVATIONS.values())
    if isinstance(activations, (str, Activation)):
        activations = [activations]
    acts = [resolve_activation(a, where) for a in activations]
    if not acts:
        raise ValueError(f"{where}: argument 'activations' must name at least one activation")
    return acts


@_styled
def plot_activations(x: Any, activations: Iterable[Any] | None = None
                     ) -> tuple[CourseFigure, np.ndarray]:
    """Each activation (left) beside its derivative (right), one row per activation.

    ``activations``: names or :class:`~nnh.Activation` objects; default all of
    ``nnh.ACTIVATIONS``. Returns ``(fig, axes)`` with ``axes`` of shape ``(n, 2)``.
    """
    where = "nnh.plot_activations"
    grid = _grid(x, where)
    acts = _activations(activations, where)
    fig, axes = _new_figure(len(acts), 2, (8.0, 2.1 * len(acts) + 0.4))
    for row, act in enumerate(acts):
        color, style = COLORS[row % len(COLORS)], LINESTYLES[row % len(LINESTYLES)]
        left, right = axes[row]
        left.plot(grid, act(grid), color=color, linestyle=style, label=act.name)
        right.plot(grid, act.derivative(grid), color=color, linestyle=style,
                   label=f"{act.name}'")
        left.set_title(act.name)
        right.set_title(f"derivative of {act.name}")
        for ax in (left, right):
            ax.axhline(0, color="#888888", linewidth=0.8)
            ax.axvline(0, color="#888888", linewidth=0.8)
    for ax in axes[-1]:
        ax.set_xlabel(DOT_PRODUCT_LABEL)
    fig.alt_text = (
        f"{len(acts)} activation function{'s' if len(acts) > 1 else ''}, each beside its "
        f"derivative, for x from {_num(grid[0])} to {_num(grid[-1])}: "
        + "; ".join(_describe_activation(a, grid) for a in acts) + "."
    )
    return fig, axes


@_styled
def plot_activation(activation: Any, x: Any, derivative: bool = False,
                    xlabel: str = DOT_PRODUCT_LABEL, step: bool = False
                    ) -> tuple[CourseFigure, Axes]:
    """One activation against the dot product; optionally its derivative and the hard step
    (1 for x > 0, else 0) that a sigmoid approximates. Returns ``(fig, ax)``."""
    where = "nnh.plot_activation"
    act = resolve_activation(activation, where)
    grid = _grid(x, where)
    fig, axes = _new_figure(1, 1, (6.0, 4.0))
    ax = axes[0, 0]
    ax.plot(grid, act(grid), color=COLORS[0], linestyle=LINESTYLES[0], label=act.name)
    parts = [f"The {act.name} activation for x from {_num(grid[0])} to {_num(grid[-1])}: "
             f"it goes from {_num(act(grid[0]))} to {_num(act(grid[-1]))}"]
    if derivative:
        dy = np.asarray(act.derivative(grid))
        ax.plot(grid, dy, color=COLORS[1], linestyle=LINESTYLES[1], label=f"{act.name}'")
        parts.append(f"its derivative stays between {_num(dy.min())} and {_num(dy.max())}"
                     f"{_peak(grid, dy)}")
    if step:
        ax.step(grid, (grid > 0).astype(float), where="post", color=COLORS[2],
                linestyle=LINESTYLES[2], label="hard step")
        parts.append("a hard step from 0 to 1 at x = 0 is drawn for comparison")
    ax.set_title(act.name)
    ax.set_xlabel(xlabel)
    ax.legend()
    fig.alt_text = "; ".join(parts) + "."
    return fig, ax


def _units(units: Any, where: str) -> list[NN]:
    if isinstance(units, NN):
        units = [units]
    if not isinstance(units, Sequence) or isinstance(units, str):
        raise TypeError(f"{where}: argument 'units' must be a list of nnh.NN units")
    if len(units) == 0:
        raise ValueError(f"{where}: argument 'units' must contain at least one nnh.NN unit, "
                         f"got an empty list")
    for i, u in enumerate(units):
        if not isinstance(u, NN):
            raise TypeError(f"{where}: argument 'units[{i}]' must be an nnh.NN unit, got "
                            f"{type(u).__name__}")
    return list(units)


def step_range(units: Sequence[NN], points: int = 4001) -> np.ndarray:
    """An x grid covering every unit's threshold, with room to see each switch happen."""
    thresholds = np.array([u.threshold for u in units])
    widest_switch = 5.0 / min(abs(u.w) for u in units)
    lo, hi = thresholds.min(), thresholds.max()
    margin = max(widest_switch, 0.1 * (hi - lo))
    return np.linspace(lo - margin, hi + margin, points)


@_styled
def plot_steps(units: Sequence[NN], x: Any = None) -> tuple[CourseFigure, Axes]:
    """The outputs of several units on one plot, each labelled by its w and b.

    With ``x=None`` the range covers every threshold ``-b/w`` plus a margin of ``5/min|w|``
    (or a tenth of the spread of the thresholds), so each switch is visible.
    Returns ``(fig, ax)``.
    """
    where = "nnh.plot_steps"
    units = _units(units, where)
    grid = step_range(units) if x is None else _grid(x, where)
    fig, axes = _new_figure(1, 1, (6.5, 4.0))
    ax = axes[0, 0]
    for i, unit in enumerate(units):
        ax.plot(grid, unit(grid), color=COLORS[i % len(COLORS)],
                linestyle=LINESTYLES[i % len(LINESTYLES)], label=unit.label)
    names = sorted({u.activation.name for u in units})
    ax.set_title(f"{' and '.join(names)} units: activation(w x + b)")
    ax.set_xlabel(r"$x$")
    ax.legend()
    thresholds = []
    for u in units:
        try:
            thresholds.append(_num(u.threshold))
        except ValueError:
            thresholds.append("none (w = 0)")
    fig.alt_text = (
        f"Outputs of {len(units)} {' and '.join(names)} unit{'s' if len(units) > 1 else ''} "
        f"({'; '.join(u.label for u in units)}) for x from {_num(grid[0])} to "
        f"{_num(grid[-1])}; they switch at thresholds -b/w = {', '.join(thresholds)}."
    )
    return fig, ax


@_styled
def plot_approximation(approx: ReluApproximation, x: Any = None
                       ) -> tuple[CourseFigure, np.ndarray]:
    """Target and ReLU approximation (top) and the scaled units that add up to it (bottom).

    Returns ``(fig, axes)`` with two axes.
    """
    where = "nnh.plot_approximation"
    if not isinstance(approx, ReluApproximation):
        raise TypeError(f"{where}: argument 'approx' must come from nnh.relu_approximation, "
                        f"got {type(approx).__name__}")
    grid = np.linspace(*approx.interval, 801) if x is None else _grid(x, where)
    fig, axes = _new_figure(2, 1, (6.5, 6.0))
    top, bottom = axes[0, 0], axes[1, 0]
    top.plot(grid, approx.target(grid), color=COLORS[0], linestyle=LINESTYLES[0],
             label="target")
    top.plot(grid, approx(grid), color=COLORS[1], linestyle=LINESTYLES[1],
             label=f"{approx.n_units} ReLU units")
    top.plot(approx.knots, approx(approx.knots), "o", color=COLORS[1], markersize=4,
             label="knots (thresholds)")
    top.set_title(f"approximation with {approx.n_units} units, max error "
                  f"{_num(approx.max_error)}")
    top.legend()
    for k, row in enumerate(approx.unit_outputs(grid)):
        bottom.plot(grid, row, color=COLORS[k % len(COLORS)],
                    linestyle=LINESTYLES[k % len(LINESTYLES)], linewidth=1.2)
    bottom.set_title("the scaled units v_k ReLU(x - t_k)")
    bottom.set_xlabel(r"$x$")
    fig.alt_text = (
        f"A target function on [{_num(approx.interval[0])}, {_num(approx.interval[1])}] and its "
        f"piecewise-linear approximation by {approx.n_units} ReLU units with knots at "
        f"{', '.join(_num(t) for t in approx.knots[:8])}{' …' if approx.n_units > 8 else ''}; "
        f"maximum error {_num(approx.max_error)}. Below, the {approx.n_units} scaled units "
        f"that add up to the approximation."
    )
    return fig, axes


@_styled
def plot_curves(x: Any, curves: dict[str, Any], title: str = "", xlabel: str = r"$x$",
                logy: bool = False) -> tuple[CourseFigure, Axes]:
    """Several named curves over one x grid (e.g. a bump made of two steps).

    ``curves`` maps a legend label to y values (or a callable of x). Returns ``(fig, ax)``.
    """
    where = "nnh.plot_curves"
    grid = _grid(x, where)
    if not isinstance(curves, dict) or not curves:
        raise TypeError(f"{where}: argument 'curves' must be a non-empty dict label -> values")
    ys = {label: np.asarray(values(grid) if callable(values) else values, dtype=float)
          for label, values in curves.items()}
    for label, y in ys.items():
        if y.shape != grid.shape:
            raise ValueError(f"{where}: argument 'curves[{label!r}]' has shape {y.shape}, "
                             f"expected {grid.shape} like 'x'")
    fig, axes = _new_figure(1, 1, (6.5, 4.0))
    ax = axes[0, 0]
    summary = []
    for i, (label, y) in enumerate(ys.items()):
        ax.plot(grid, y, color=COLORS[i % len(COLORS)], linestyle=LINESTYLES[i % len(LINESTYLES)],
                label=str(label))
        summary.append(f"{label} (from {_num(np.min(y))} to {_num(np.max(y))})")
    if logy:
        ax.set_yscale("log")
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.legend()
    fig.alt_text = (f"{title + ': ' if title else ''}{len(curves)} curve"
                    f"{'s' if len(curves) > 1 else ''} for x from {_num(grid[0])} to "
                    f"{_num(grid[-1])}{' (log scale)' if logy else ''}: " + "; ".join(summary) + ".")
    return fig, ax


def png_bytes(fig: Figure) -> bytes:
    """The figure as PNG bytes, identical on every run (no software or date metadata)."""
    buffer = io.BytesIO()
    with matplotlib.rc_context(STYLE):
        fig.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()


def save_figure(fig: Figure, path: str | Path) -> Path:
    """Write ``fig`` to ``path`` as deterministic PNG or SVG (chosen by the suffix)."""
    out = Path(path)
    if out.suffix == ".png":
        out.write_bytes(png_bytes(fig))
    elif out.suffix == ".svg":
        with matplotlib.rc_context(STYLE):
            fig.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
    else:
        raise ValueError(f"nnh.save_figure: argument 'path' must end in .png or .svg, got {out}")
    return out


def _png_with_alt(fig: CourseFigure) -> tuple[bytes, dict[str, str]]:
    return png_bytes(fig), {"alt": fig.alt_text}


def _register_ipython_display() -> None:
    """In IPython, show CourseFigures as deterministic PNG carrying their alt text."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is None:
        return
    shell.display_formatter.formatters["image/png"].for_type(CourseFigure, _png_with_alt)


_register_ipython_display()
