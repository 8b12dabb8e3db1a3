"""Figures of the activation functions and their derivatives."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
from matplotlib.axes import Axes

from nnh.activations import ACTIVATIONS, CLASSIC_ACTIVATIONS, Activation, resolve_activation
from nnh.plotting._core import (
    PRE_ACTIVATION_LABEL,
    CourseFigure,
    course_figure,
    curve_style,
    min_max,
    new_figure,
    place_inset_when_narrow,
    plural,
    x_array,
    x_span,
)
from nnh.style import LIGHT, format_coordinate, format_number

#: A derivative that stays within this share of the shared y-axis on x < 0 looks like a flat
#: line at 0 there; such panels get an inset that zooms into x < 0.
FLAT_SHARE = 0.03
#: Where the zoom inset sits in its panel (axes fraction: left, bottom, width, height): upper
#: left, above the flat negative side.
INSET_BOUNDS = (0.07, 0.4, 0.4, 0.42)
#: The same in the phone layout (nnh.plotting._core.narrow_layout): further right, so its
#: larger y labels stay clear of the panel's own, and narrower, so it ends left of x = 0.
NARROW_INSET_BOUNDS = (0.19, 0.4, 0.29, 0.42)


def _peak(x: np.ndarray, y: np.ndarray) -> str:
    """', peaking at Y at z = X' for a maximum at one interior grid point, else ''."""
    top = np.max(y)
    where_top = np.flatnonzero(np.isclose(y, top, rtol=0, atol=1e-12))
    if where_top.size != 1 or where_top[0] in (0, y.size - 1):
        return ""
    return f", peaking at {format_number(top)} at z = {format_coordinate(x[where_top[0]], x)}"


def _activations(activations: Iterable[Any] | None, where: str) -> list[Activation]:
    if activations is None:
        return [ACTIVATIONS[name] for name in CLASSIC_ACTIVATIONS]
    if isinstance(activations, (str, Activation)):
        activations = [activations]
    acts = [resolve_activation(a, where) for a in activations]
    if not acts:
        raise ValueError(f"{where}: argument 'activations' must name at least one activation")
    return acts


def derivative_path(act: Activation, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The points to draw ``act``'s derivative through on the sorted grid ``x``.

    Where the derivative jumps at 0 (ReLU, leaky ReLU) and the grid runs across 0, the path
    gets both one-sided values at x = 0 itself, so the jump is drawn as a vertical step at 0
    instead of a ramp between the grid points beside it (``np.arange(-5, 5, 0.1)`` holds
    -1.8e-14, not 0). Elsewhere the path is the grid and the derivative on it.
    """
    dy = np.asarray(act.derivative(x), dtype=float)
    if x.ndim != 1 or x.size < 2 or not (x[0] < 0 < x[-1]) or np.any(np.diff(x) <= 0):
        return x, dy
    left = float(act.derivative(0.0))                     # nnh's convention at a kink
    right = float(act.derivative(np.finfo(float).tiny))  # the smallest normal x > 0
    if left == right:
        return x, dy
    cut = int(np.searchsorted(x, 0.0, side="right"))     # the first grid point above 0
    return (np.concatenate([x[:cut], [0.0, 0.0], x[cut:]]),
            np.concatenate([dy[:cut], [left, right], dy[cut:]]))


def _reference_lines(ax: Axes) -> None:
    ax.axhline(0, color=LIGHT.reference, linewidth=0.8)
    ax.axvline(0, color=LIGHT.reference, linewidth=0.8)


def flat_on_negative_side(x: np.ndarray, dy: np.ndarray, span: float) -> bool:
    """True when ``dy`` on x < 0 stays so close to 0 that on an axis ``span`` high it would
    look like the line y = 0 (ReLU's 0 and leaky ReLU's 0.01 on a 0..1 axis)."""
    negative = dy[x < 0]
    return negative.size > 0 and float(np.max(np.abs(negative))) <= FLAT_SHARE * span


def _padded(curves: list[np.ndarray], share: float = 0.06) -> tuple[float, float]:
    """One y-range for all ``curves``, with a margin of ``share`` of their span."""
    lo = min(float(c.min()) for c in curves)
    hi = max(float(c.max()) for c in curves)
    pad = share * (hi - lo) if hi > lo else 0.5
    return lo - pad, hi + pad


def _zoom_limits(values: list[np.ndarray]) -> tuple[float, float]:
    lo = min(0.0, *(float(v.min()) for v in values))
    hi = max(0.0, *(float(v.max()) for v in values))
    pad = 0.25 * (hi - lo) if hi > lo else 0.005
    return lo - pad, hi + pad


def _zoom_inset(ax: Axes, x: np.ndarray, dy: np.ndarray, index: int,
                limits: tuple[float, float], levels: np.ndarray) -> Axes:
    """An inset of ``ax`` showing ``dy`` on x < 0 with the y-range ``limits``, y ticks at
    ``levels`` (the values of every zoomed derivative, so the insets compare)."""
    inset = ax.inset_axes(INSET_BOUNDS)
    negative = x < 0
    inset.plot(x[negative], dy[negative], **curve_style(index))
    inset.axhline(0, color=LIGHT.reference, linewidth=0.8)
    inset.set_ylim(*limits)
    inset.set_yticks(levels)
    inset.tick_params(labelsize=7)
    inset.set_xticks([float(x[negative].min()), 0.0])
    inset.set_title("zoom: z < 0", fontsize=8)
    place_inset_when_narrow(inset, NARROW_INSET_BOUNDS)
    return inset


def _describe_zoom(names: list[str], values: list[np.ndarray]) -> str:
    parts = []
    for name, v in zip(names, values, strict=True):
        if np.ptp(v) == 0:
            parts.append(f"{name}' is exactly {format_number(v[0])}")
        else:
            parts.append(f"{name}' lies between {format_number(v.min())} and "
                         f"{format_number(v.max())}")
    return f" Insets zoom into z < 0, where {', '.join(parts)}."


@course_figure
def plot_activations(x: Any, activations: Iterable[Any] | None = None
                     ) -> tuple[CourseFigure, np.ndarray]:
    """Each activation (left) beside its derivative (right), one row per activation.

    The derivatives share one y-axis, so their sizes compare at a glance (the sigmoid's
    peak of 0.25 against tanh's 1). A derivative that is nearly 0 on x < 0 at that scale
    (ReLU's 0, leaky ReLU's 0.01) gets an inset zooming into x < 0, all such insets with one
    y-range. ``activations``: names or :class:`~nnh.Activation` objects; default
    ``nnh.CLASSIC_ACTIVATIONS``, the lecture's (``nnh.ACTIVATIONS`` draws every one).
    Returns ``(fig, axes)`` with ``axes`` of shape ``(n, 2)``; the insets are
    ``axes[row, 1].child_axes``.
    """
    where = "nnh.plot_activations"
    grid = x_array(x, where)
    acts = _activations(activations, where)
    fig, axes = new_figure(len(acts), 2, (8.0, 2.1 * len(acts) + 0.4))
    derivatives = [np.asarray(act.derivative(grid), dtype=float) for act in acts]
    for row, act in enumerate(acts):
        left, right = axes[row]
        left.plot(grid, act(grid), label=act.label, **curve_style(row))
        right.plot(*derivative_path(act, grid), label=f"{act.label}'", **curve_style(row))
        left.set_title(act.label)
        right.set_title(f"derivative of {act.label}")
        _reference_lines(left)
        _reference_lines(right)
        if row > 0:
            right.sharey(axes[0, 1])
    for ax in axes[-1]:
        ax.set_xlabel(PRE_ACTIVATION_LABEL)
    span = max(float(d.max()) for d in derivatives) - min(float(d.min()) for d in derivatives)
    flat = [row for row, dy in enumerate(derivatives) if flat_on_negative_side(grid, dy, span)]
    negatives = [derivatives[row][grid < 0] for row in flat]
    axes[0, 1].set_ylim(*_padded(derivatives))
    if flat:
        limits = _zoom_limits(negatives)
        levels = np.unique(np.round(np.concatenate(negatives), 12))
        if levels.size > 3:
            levels = np.linspace(*limits, 3)
        for row in flat:
            _zoom_inset(axes[row, 1], grid, derivatives[row], row, limits, levels)
    fig.alt_text = (
        f"{plural(len(acts), 'activation function')}, each beside its derivative, for "
        f"{x_span(grid, 'z')}; the derivatives share one y-axis: "
        + "; ".join(f"{min_max(act.label, act(grid))}, its derivative "
                    f"{min_max('', dy).strip()}{_peak(grid, dy)}"
                    for act, dy in zip(acts, derivatives, strict=True)) + "."
        + (_describe_zoom([acts[row].label for row in flat], negatives) if flat else "")
    )
    return fig, axes


def hard_step_path(lo: float, hi: float) -> tuple[np.ndarray, np.ndarray]:
    """Vertices of the hard step (0 for x <= 0, 1 for x > 0) on [lo, hi], jumping at x = 0
    itself rather than at a grid point near it."""
    if lo < 0 < hi:
        return np.array([lo, 0.0, 0.0, hi]), np.array([0.0, 0.0, 1.0, 1.0])
    level = 1.0 if lo > 0 else 0.0
    return np.array([lo, hi]), np.array([level, level])


@course_figure
def plot_activation(activation: Any, x: Any, derivative: bool = False,
                    xlabel: str = PRE_ACTIVATION_LABEL, step: bool = False
                    ) -> tuple[CourseFigure, Axes]:
    """One activation against its argument, the pre-activation z; optionally its derivative
    and the hard step (1 for z > 0, else 0, jumping at z = 0) that a sigmoid approximates.
    Returns ``(fig, ax)``."""
    where = "nnh.plot_activation"
    act = resolve_activation(activation, where)
    grid = x_array(x, where)
    fig, axes = new_figure(1, 1, (6.0, 4.0))
    ax = axes[0, 0]
    y = np.asarray(act(grid), dtype=float)
    ax.plot(grid, y, label=act.label, **curve_style(0))
    parts = [f"The {act.label} activation for {x_span(grid, 'z')}: {min_max(act.label, y)}"]
    if derivative:
        dy = np.asarray(act.derivative(grid), dtype=float)
        ax.plot(grid, dy, label=f"{act.label}'", **curve_style(1))
        parts.append(f"its derivative {min_max('', dy).strip()}{_peak(grid, dy)}")
    if step:
        ax.plot(*hard_step_path(float(grid.min()), float(grid.max())), label="hard step",
                **curve_style(2))
        parts.append("a hard step from 0 to 1 at z = 0 is drawn for comparison")
    ax.set_title(act.label)
    ax.set_xlabel(xlabel)
    ax.legend()
    fig.alt_text = "; ".join(parts) + "."
    return fig, ax
