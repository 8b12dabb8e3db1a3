"""The three explorers: sliders over frames that nnh computes for every setting.

Each explorer evaluates nnh on every slider setting when the notebook runs; the frames (SVG
paths, marker positions, readouts) go into the page as JSON beside ``widget.js``, which only
looks them up. The first frame is drawn on the server, so a view without JavaScript still
shows a figure.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from nnh._validate import as_real_array, integer, real_scalar
from nnh.activations import resolve_activation
from nnh.approximation import relu_approximation
from nnh.interactive.geometry import FrameGrid, Panel, y_limits
from nnh.interactive.template import Widget, render_explorer
from nnh.layers import NN
from nnh.style import format_number


def _fmt(value: float) -> str:
    """Readouts: 4 significant digits."""
    return format_number(value, 4)


@dataclass(frozen=True)
class Stroke:
    """How a line is drawn: palette colour index, dash pattern index, width."""

    colour: int
    dash: int = 0
    width: float = 2.0


@dataclass
class Slider:
    """One slider: its name, the values it steps through and their printed labels."""

    name: str
    values: list[float]
    labels: list[str]
    initial_index: int     # position of the slider when the page loads


@dataclass
class Explorer(Widget):
    """A figure with sliders; displays itself in Jupyter and on the static site."""

    title: str
    panels: list[Panel]
    sliders: list[Slider]
    frames: list[dict[str, Any]]
    summary: str
    static_paths: list[tuple[int, str, Stroke]] = field(default_factory=list)   # (panel, d, stroke)
    path_styles: dict[str, tuple[int, Stroke]] = field(default_factory=dict)   # name -> (panel, stroke)
    marker_styles: dict[str, tuple[int, int]] = field(default_factory=dict)    # name -> (panel, colour)
    legend: list[tuple[str, Stroke]] = field(default_factory=list)

    @property
    def grid(self) -> FrameGrid:
        return FrameGrid(tuple(len(s.values) for s in self.sliders))

    def frame_at(self, *positions: int) -> dict[str, Any]:
        """The precomputed frame for the given slider positions."""
        return self.frames[self.grid.index(positions)]

    @property
    def initial_frame(self) -> dict[str, Any]:
        """The frame shown when the page loads (every slider at its initial index)."""
        return self.frame_at(*(s.initial_index for s in self.sliders))

    def spec(self) -> dict[str, Any]:
        """What the page's script needs: slider labels, the frame strides and the frames."""
        return {"sliders": [{"name": s.name, "labels": s.labels} for s in self.sliders],
                "strides": list(self.grid.strides), "frames": self.frames}

    def _html(self) -> str:
        return render_explorer(self)

    def __repr__(self) -> str:
        return f"<interactive figure: {self.summary}>"


def _values(values: Any, where: str, name: str) -> list[float]:
    """A slider's values: a 1-D list of at least two finite numbers."""
    arr = as_real_array(values, where, name)
    if arr.ndim != 1 or arr.size < 2 or not np.all(np.isfinite(arr)):
        raise ValueError(f"{where}: argument '{name}' must be a 1-D list of at least 2 finite "
                         f"values, got shape {arr.shape}")
    return [float(v) for v in arr]


def _nearest_index(values: list[float], wanted: float) -> int:
    return int(np.argmin(np.abs(np.asarray(values) - wanted)))


def _slider(name: str, values: list[float], initial: float) -> Slider:
    return Slider(name, values, [_fmt(v) for v in values], _nearest_index(values, initial))


def _frames(sliders: list[Slider], make: Callable[..., dict[str, Any]]) -> list[dict[str, Any]]:
    """One frame per combination of slider values, in the order FrameGrid defines."""
    grid = FrameGrid(tuple(len(s.values) for s in sliders))
    return [make(*(s.values[p] for s, p in zip(sliders, pos, strict=True)))
            for pos in grid.positions()]


def _x_range(x_range: Any, where: str) -> tuple[float, float]:
    lo = real_scalar(x_range[0], where, "x_range[0]")
    hi = real_scalar(x_range[1], where, "x_range[1]")
    if not lo < hi:
        raise ValueError(f"{where}: argument 'x_range' must satisfy lo < hi, got ({lo}, {hi})")
    return lo, hi


def unit_explorer(activation: Any = "sigmoid", w_values: Any = (0.25, 0.5, 1, 2, 4, 8, 16),
                  b_values: Any = tuple(range(-6, 7)), x_range: tuple[float, float] = (-6, 6),
                  points: int = 121) -> Explorer:
    """Sliders for the slope ``w`` and the bias ``b`` of ``nnh.NN(w, b, activation)``.

    Shows the unit's output, a marker at its threshold ``-b/w`` (hidden when off the plot),
    and the current w, b and threshold.
    """
    where = "nnh.interactive.unit_explorer"
    act = resolve_activation(activation, where)
    ws = _values(w_values, where, "w_values")
    bs = _values(b_values, where, "b_values")
    if any(w == 0 for w in ws):
        raise ValueError(f"{where}: argument 'w_values' must not contain 0 (no threshold)")
    lo, hi = _x_range(x_range, where)
    x = np.linspace(lo, hi, integer(points, where, "points", minimum=2))
    sliders = [_slider("w", ws, 1.0), _slider("b", bs, 0.0)]
    # The panel fits the unit the page opens with (the activation itself, at w = 1 and b = 0,
    # by default); units that rise further leave the frame through its edge, clipped.
    first = NN(ws[sliders[0].initial_index], bs[sliders[1].initial_index], act)
    panel = Panel((lo, hi), y_limits(act.output_range, first(x)),
                  f"{act.label} unit: {act.label}(w x + b)")

    def frame(w: float, b: float) -> dict[str, Any]:
        unit = NN(w, b, act)
        t = unit.threshold
        at = np.union1d(x, [t]) if lo < t < hi else x     # a kink at the threshold is drawn
        return {
            "paths": {"curve": panel.path(at, unit(at))},
            "markers": {"threshold": panel.point(t, float(unit(t)))
                        if panel.contains(t, float(unit(t))) else None},
            "readouts": {"w": f"w = {_fmt(w)}", "b": f"b = {_fmt(b)}",
                         "threshold": f"threshold -b/w = {_fmt(t)}"},
            "description": f"{act.label} unit with w = {_fmt(w)} and b = {_fmt(b)}: it switches "
                           f"at x = -b/w = {_fmt(t)}.",
        }

    return Explorer(
        title=f"One {act.label} unit: drag w (sharpness) and b (threshold)",
        panels=[panel], sliders=sliders, frames=_frames(sliders, frame),
        path_styles={"curve": (0, Stroke(0, 0, 2.5))}, marker_styles={"threshold": (0, 1)},
        legend=[(f"NN(w, b) with {act.label}", Stroke(0))],
        summary=f"{act.label} unit, w in {_fmt(ws[0])}..{_fmt(ws[-1])} ({len(ws)} steps), "
                f"b in {_fmt(bs[0])}..{_fmt(bs[-1])} ({len(bs)} steps)")


def approximation_explorer(target: Callable[[np.ndarray], Any] = np.sin,
                           interval: tuple[float, float] = (0.0, 2 * np.pi),
                           max_units: int = 24, points: int = 241,
                           target_name: str = "sin x") -> Explorer:
    """A slider for the number of ReLU units approximating ``target`` on ``interval``."""
    where = "nnh.interactive.approximation_explorer"
    n_max = integer(max_units, where, "max_units", minimum=1)
    approximations = {n: relu_approximation(target, interval, n) for n in range(1, n_max + 1)}
    a, b = approximations[1].interval
    x = np.linspace(a, b, integer(points, where, "points", minimum=2))
    y = np.asarray(target(x), dtype=float)
    span = float(np.ptp(y)) or 1.0
    top = Panel((a, b), (float(y.min()) - 0.1 * span, float(y.max()) + 0.1 * span),
                f"{target_name} and its ReLU approximation")
    # Everything here is piecewise linear: its corners (ends and knots) draw it exactly.
    corners = {n: np.unique(np.concatenate([[a, b], ap.knots])) for n, ap in approximations.items()}
    unit_rows = {n: ap.unit_outputs(corners[n]) for n, ap in approximations.items()}
    low = min(float(r.min()) for r in unit_rows.values())
    high = max(float(r.max()) for r in unit_rows.values())
    bottom = Panel((a, b), (low, high if high > low else low + 1),
                   "the scaled units v_k ReLU(x - t_k)")

    def frame(count: float) -> dict[str, Any]:
        n = int(count)
        ap, c = approximations[n], corners[n]
        return {
            "paths": {"approximation": top.path(c, ap(c)),
                      "units": bottom.segments([(c, r) for r in unit_rows[n]])},
            "markers": {},
            "readouts": {"units": f"units = {ap.n_units}",
                         "error": f"max error = {_fmt(ap.max_error)}"},
            "description": f"{target_name} on [{_fmt(a)}, {_fmt(b)}] approximated by "
                           f"{ap.n_units} ReLU units; maximum error {_fmt(ap.max_error)}.",
        }

    counts = [float(n) for n in range(1, n_max + 1)]
    sliders = [Slider("units", counts, [str(int(c)) for c in counts], min(3, n_max - 1))]
    return Explorer(
        title=f"Approximating {target_name} with ReLU units: drag the number of units",
        panels=[top, bottom], sliders=sliders, frames=_frames(sliders, frame),
        static_paths=[(0, top.path(x, y), Stroke(0))],
        path_styles={"approximation": (0, Stroke(1, 1, 2.0)), "units": (1, Stroke(2, 0, 1.2))},
        legend=[(target_name, Stroke(0)), ("sum of ReLU units", Stroke(1, 1)),
                ("individual units", Stroke(2))],
        summary=f"{target_name} on [{_fmt(a)}, {_fmt(b)}] with 1 to {n_max} ReLU units; "
                f"max error from {_fmt(approximations[1].max_error)} down to "
                f"{_fmt(approximations[n_max].max_error)}")


def derivative_explorer(activations: Sequence[Any] = ("sigmoid", "tanh", "relu"),
                        positions: Any = None, x_range: tuple[float, float] = (-6, 6),
                        points: int = 241) -> Explorer:
    """A slider that moves a point along each activation, with its tangent and slope.

    Each activation gets its own panel; the panels sit side by side where the page is wide
    enough and stack on a phone.
    """
    where = "nnh.interactive.derivative_explorer"
    acts = [resolve_activation(a, where) for a in activations]
    if not acts:
        raise ValueError(f"{where}: argument 'activations' must name at least one activation")
    lo, hi = _x_range(x_range, where)
    xs = _values(np.arange(lo, hi + 1e-9, 0.25) if positions is None else positions,
                 where, "positions")
    x = np.linspace(lo, hi, integer(points, where, "points", minimum=2))
    panels = [Panel((lo, hi), y_limits(act.output_range, act(x)), act.label) for act in acts]

    def tangent(panel: Panel, p: float, value: float, slope: float) -> str:
        """The tangent at (p, value): a segment of the same drawn length at every slope,
        centred on the point; the frame clips it where it leaves the plot."""
        left, top, right, bottom = panel.box
        per_x = (right - left) / (panel.xlim[1] - panel.xlim[0])      # user units per x unit
        per_y = (bottom - top) / (panel.ylim[1] - panel.ylim[0])
        reach = 0.15 * (right - left) / np.hypot(per_x, slope * per_y)  # in x units
        ends = np.array([p - reach, p + reach])
        return panel.path(ends, value + slope * (ends - p))

    def frame(p: float) -> dict[str, Any]:
        paths, markers, readouts, said = {}, {}, {}, []
        for k, (act, panel) in enumerate(zip(acts, panels, strict=True)):
            value, slope = float(act(p)), float(act.derivative(p))
            paths[f"tangent-{k}"] = tangent(panel, p, value, slope)
            markers[f"point-{k}"] = panel.point(p, value) if panel.contains(p, value) else None
            readouts[f"slope-{k}"] = f"{act.label}'({_fmt(p)}) = {_fmt(slope)}"
            said.append(f"{act.label}' = {_fmt(slope)}")
        return {"paths": paths, "markers": markers, "readouts": readouts,
                "description": f"Tangents at z = {_fmt(p)}: " + ", ".join(said) + "."}

    sliders = [_slider("z", xs, 0.0)]
    return Explorer(
        title="Slide along the activations: the tangent's slope is the derivative",
        panels=panels, sliders=sliders, frames=_frames(sliders, frame),
        static_paths=[(k, panel.path(x, act(x)), Stroke(0)) for k, (act, panel)
                      in enumerate(zip(acts, panels, strict=True))],
        path_styles={f"tangent-{k}": (k, Stroke(1, 1, 2.0)) for k in range(len(acts))},
        marker_styles={f"point-{k}": (k, 1) for k in range(len(acts))},
        legend=[("activation", Stroke(0)), ("tangent at the point", Stroke(1, 1))],
        summary=f"tangents of {', '.join(a.label for a in acts)} at {len(xs)} points from "
                f"{_fmt(xs[0])} to {_fmt(xs[-1])}")
