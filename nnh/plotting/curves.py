"""Figures of a ReLU approximation and of several named curves over one x grid."""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter

from nnh.approximation import ReluApproximation
from nnh.plotting._core import (
    MARKERS,
    CourseFigure,
    course_figure,
    curve_style,
    min_max,
    new_figure,
    plural,
    x_array,
    x_span,
)
from nnh.style import format_number


def _units_panel(ax: Axes, approx: ReluApproximation, grid: np.ndarray) -> None:
    """Each scaled unit v_k ReLU(x - t_k) drawn only where it is non-zero (from its knot,
    marked with a dot), rising units in one style and falling units in another."""
    rows = approx.unit_outputs(grid)
    for row, unit, v in zip(rows, approx.units, approx.output_weights, strict=True):
        knot = unit.threshold
        style = curve_style(0 if v * unit.w >= 0 else 1)
        on = unit.w * (grid - knot) >= 0
        ax.plot(grid[on], row[on], linewidth=1.3, **style)
        ax.plot([knot], [0.0], "o", markersize=4, color=style["color"])
    for index, name in ((0, "rising units (v_k > 0)"), (1, "falling units (v_k < 0)")):
        ax.plot([], [], label=name, **curve_style(index))
    ax.legend(loc="upper left")
    ax.set_title(f"the {approx.n_units} scaled units v_k ReLU(x - t_k), each from its knot t_k")
    ax.set_xlabel(r"$x$")


@course_figure
def plot_approximation(approx: ReluApproximation, x: Any = None
                       ) -> tuple[CourseFigure, np.ndarray]:
    """Target and ReLU approximation (top) and the scaled units that add up to it (bottom).

    Returns ``(fig, axes)`` with two axes.
    """
    where = "nnh.plot_approximation"
    if not isinstance(approx, ReluApproximation):
        raise TypeError(f"{where}: argument 'approx' must come from nnh.relu_approximation, "
                        f"got {type(approx).__name__}")
    grid = np.linspace(*approx.interval, 801) if x is None else x_array(x, where)
    fig, axes = new_figure(2, 1, (6.5, 6.5))
    top, bottom = axes[0, 0], axes[1, 0]
    target, fitted = approx.target(grid), approx(grid)
    top.plot(grid, target, label="target", **curve_style(0))
    top.plot(grid, fitted, label=f"{approx.n_units} ReLU units", **curve_style(1))
    top.plot(approx.knots, approx(approx.knots), "o", color=curve_style(1)["color"],
             markersize=4, label="knots (thresholds)")
    top.set_title(f"approximation with {approx.n_units} units, max error "
                  f"{format_number(approx.max_error)}")
    top.legend()
    _units_panel(bottom, approx, grid)
    units = approx.unit_outputs(grid)
    knots = approx.knots
    fig.alt_text = (
        f"Top, on [{format_number(approx.interval[0])}, {format_number(approx.interval[1])}]: "
        f"{min_max('target', target)}; {min_max('approximation', fitted)}, piecewise linear "
        f"from {approx.n_units} ReLU units with knots from {format_number(knots.min())} to "
        f"{format_number(knots.max())}; maximum error {format_number(approx.max_error)}. "
        f"Bottom: the {approx.n_units} scaled units that add up to it, each a ray from its "
        f"knot; {min_max('all units together', units)}."
    )
    return fig, axes


def _log_axis(ax: Axes, axis: str, base: float) -> None:
    getattr(ax, f"set_{axis}scale")("log", base=base)
    if base == 2:  # 1, 2, 4, ... rather than 2^0, 2^1, ...
        getattr(ax, f"{axis}axis").set_major_formatter(FuncFormatter(
            lambda value, _: format_number(value, digits=6)))


def _log_base(value: bool | float, name: str) -> float | None:
    if value is False or value is None:
        return None
    if value is True:
        return 10.0
    if isinstance(value, (int, float)) and value > 1:
        return float(value)
    raise ValueError(f"nnh.plot_curves: argument '{name}' must be True, False or a log base "
                     f"> 1, got {value!r}")


@course_figure
def plot_curves(x: Any, curves: dict[str, Any], title: str = "", xlabel: str = r"$x$",
                logy: bool | float = False, *, ylabel: str = "", logx: bool | float = False,
                markers: bool = False) -> tuple[CourseFigure, Axes]:
    """Several named curves over one x grid (e.g. a bump made of two steps).

    ``curves`` maps a legend label to y values (or a callable of x). ``logx`` / ``logy``:
    True for a base-10 log axis, or the base (``logx=2`` labels 1, 2, 4, ...).
    ``markers=True`` marks every point (for measured values), a different marker per curve.
    Returns ``(fig, ax)``.
    """
    where = "nnh.plot_curves"
    grid = x_array(x, where)
    if not isinstance(curves, dict) or not curves:
        raise TypeError(f"{where}: argument 'curves' must be a non-empty dict label -> values")
    ys = {label: np.asarray(values(grid) if callable(values) else values, dtype=float)
          for label, values in curves.items()}
    for label, y in ys.items():
        if y.shape != grid.shape:
            raise ValueError(f"{where}: argument 'curves[{label!r}]' has shape {y.shape}, "
                             f"expected {grid.shape} like 'x'")
    xbase, ybase = _log_base(logx, "logx"), _log_base(logy, "logy")
    fig, axes = new_figure(1, 1, (6.5, 4.0))
    ax = axes[0, 0]
    for i, (label, y) in enumerate(ys.items()):
        marker = {"marker": MARKERS[i % len(MARKERS)], "markersize": 5} if markers else {}
        ax.plot(grid, y, label=str(label), **curve_style(i), **marker)
    if xbase:
        _log_axis(ax, "x", xbase)
    if ybase:
        _log_axis(ax, "y", ybase)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend()
    scales = [f"log-scaled {axis}" for axis, base in (("x", xbase), ("y", ybase)) if base]
    fig.alt_text = (f"{title + ': ' if title else ''}{plural(len(ys), 'curve')} for "
                    f"{x_span(grid)}{' (' + ' and '.join(scales) + ')' if scales else ''}"
                    f"{', marked at each point' if markers else ''}: "
                    + "; ".join(min_max(str(label), y) for label, y in ys.items()) + ".")
    return fig, ax
