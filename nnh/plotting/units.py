"""Figures of single units f(w x + b): how the slope and the bias shape the switch."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
from matplotlib.axes import Axes

from nnh.layers import NN
from nnh.plotting._core import (
    CourseFigure,
    course_figure,
    curve_style,
    min_max,
    new_figure,
    plural,
    x_array,
    x_span,
)
from nnh.style import LIGHT, format_number

#: A switch narrower than this share of the plotted x-range is a near-vertical line: two such
#: switches of different slopes cannot be told apart without a zoomed panel.
SHARP_SHARE = 0.03
#: When the tallest output is more than this many times the shortest, the short ones lie flat
#: and a second panel shows every output divided by its w.
HEIGHT_RATIO = 10.0
ZOOM_POINTS = 2001


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


def _switches(unit: NN) -> bool:
    """A bounded activation with w != 0: the unit switches between two levels."""
    lo, hi = unit.activation.output_range
    return unit.w != 0 and math.isfinite(lo) and math.isfinite(hi)


def sharp_units(units: Sequence[NN], x: np.ndarray) -> list[NN]:
    """The units whose switch (10/|w| wide) is under ``SHARP_SHARE`` of the x-range."""
    span = float(x.max() - x.min())
    return [u for u in units if _switches(u) and 10.0 / abs(u.w) < SHARP_SHARE * span]


def zoom_window(units: Sequence[NN], x: np.ndarray) -> tuple[float, float] | None:
    """The x-range of a zoomed panel, or None when every switch is visible as it is.

    A switch spans 10/|w| in x (w x + b from -5 to 5). Units whose switch is narrower than
    ``SHARP_SHARE`` of the plotted range look alike; when they have different slopes, the
    window is their thresholds plus the widest of their switches, so the steeper ones show
    how much narrower they are.
    """
    span = float(x.max() - x.min())
    sharp = sharp_units(units, x)
    if len({abs(u.w) for u in sharp}) < 2:
        return None
    half = 5.0 / min(abs(u.w) for u in sharp)
    lo = min(u.threshold for u in sharp) - half
    hi = max(u.threshold for u in sharp) + half
    if hi - lo > SHARP_SHARE * 10 * span:  # thresholds far apart: no single window shows them
        return None
    return lo, hi


def needs_scaled_panel(units: Sequence[NN], outputs: list[np.ndarray]) -> bool:
    """True when the shortest output is under 1/HEIGHT_RATIO of the tallest (and every w != 0),
    so that dividing each output by its w is the way to compare their shapes."""
    heights = [float(np.max(np.abs(y))) for y in outputs]
    return (len(units) > 1 and all(u.w != 0 for u in units) and min(heights) > 0
            and max(heights) > HEIGHT_RATIO * min(heights))


def _plot_units(ax: Axes, units: Sequence[NN], x: np.ndarray, scale: bool = False) -> None:
    for i, unit in enumerate(units):
        y = unit(x) / unit.w if scale else unit(x)
        ax.plot(x, y, label=unit.label, **curve_style(i))


def _thresholds(units: Sequence[NN]) -> str:
    out = []
    for u in units:
        try:
            out.append(format_number(u.threshold))
        except ValueError:
            out.append("none (w = 0)")
    return ", ".join(out)


def _zoom_panel(ax: Axes, units: Sequence[NN], window: tuple[float, float], main: Axes,
                sharp: list[NN]) -> str:
    x = np.linspace(*window, ZOOM_POINTS)
    _plot_units(ax, units, x)
    ax.set_label("zoom")
    ax.set_title(f"zoom: x from {format_number(window[0])} to {format_number(window[1])}")
    ax.set_xlabel(r"$x$")
    main.axvspan(*window, color=LIGHT.grid, alpha=0.6, zorder=0)
    span = x_span(x)
    sharp = sorted(sharp, key=lambda u: abs(u.w))
    ratio = abs(sharp[-1].w) / abs(sharp[0].w)
    return (f" A zoomed panel shows {span}: there the switch of {sharp[-1].label} is "
            f"{format_number(ratio)} times narrower than that of {sharp[0].label}.")


def _scaled_panel(ax: Axes, units: Sequence[NN], x: np.ndarray) -> str:
    _plot_units(ax, units, x, scale=True)
    ax.set_label("scaled")
    scaled = np.array([u(x) / u.w for u in units])
    size = float(np.max(np.abs(scaled)))
    same = float(np.max(np.ptp(scaled, axis=0))) <= 1e-12 * max(size, 1.0)
    ax.set_title("each output divided by its w" + (": all coincide" if same else ""))
    ax.set_xlabel(r"$x$")
    verdict = ("they coincide: the same shape, w times taller" if same
               else "they differ: the slope changes the shape, not only the height")
    curves = ", ".join(min_max(f"{u.label} divided by w", s)
                       for u, s in zip(units, scaled, strict=True))
    return f" A panel divides each output by its w: {curves}; {verdict}."


@course_figure
def plot_steps(units: Sequence[NN], x: Any = None) -> tuple[CourseFigure, Axes]:
    """The outputs of several units on one plot, each labelled by its w and b.

    With ``x=None`` the range covers every threshold ``-b/w`` plus a margin of ``5/min|w|``
    (or a tenth of the spread of the thresholds), so each switch is visible. Extra panels
    appear when the main one hides a difference: a zoom around the thresholds when several
    switches of different slopes are too narrow to tell apart (sigmoid units with w = 100
    and 1000), and each output divided by its w when some outputs are more than ten times
    taller than others (ReLU units with w = 1 ... 1000). Returns ``(fig, ax)`` with the main
    axes; the extra ones are ``fig.axes[1:]``, labelled ``"zoom"`` and ``"scaled"``.
    """
    where = "nnh.plot_steps"
    units = _units(units, where)
    grid = step_range(units) if x is None else x_array(x, where)
    outputs = [np.asarray(u(grid), dtype=float) for u in units]
    window = zoom_window(units, grid)
    scaled = needs_scaled_panel(units, outputs)
    extra = (window is not None) + scaled
    fig, axes = new_figure(1, 1 + extra, (6.5 + 3.6 * extra, 4.0),
                           width_ratios=[1.6] + [1.0] * extra)
    ax = axes[0, 0]
    _plot_units(ax, units, grid)
    names = " and ".join(sorted({u.activation.label for u in units}))
    ax.set_title(f"{names} units: activation(w x + b)")
    ax.set_xlabel(r"$x$")
    ax.legend()
    text = (f"Outputs of {plural(len(units), names + ' unit')} for {x_span(grid)}: "
            + "; ".join(min_max(u.label, y) for u, y in zip(units, outputs, strict=True))
            + f". Their thresholds -b/w are {_thresholds(units)}.")
    panel = 1
    if window is not None:
        text += _zoom_panel(axes[0, panel], units, window, ax, sharp_units(units, grid))
        panel += 1
    if scaled:
        text += _scaled_panel(axes[0, panel], units, grid)
    fig.alt_text = text
    return fig, ax
