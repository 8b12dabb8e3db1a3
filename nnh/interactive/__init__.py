"""Interactive figures that need no kernel: sliders over frames precomputed by nnh.

Each explorer evaluates nnh on every slider setting when the notebook runs and embeds the
results (SVG paths, marker positions, readouts) as JSON next to a small script
(``widget.js``) that only looks frames up and redraws. The SVG is also drawn for the first
setting on the server, so without JavaScript (a plain Jupyter view, a feed reader) the
reader still sees a figure. Sliders are native ``<input type="range">`` elements with
labels and ``aria-valuetext``, so the keyboard's arrow keys drive them.

    nnh.interactive.unit_explorer("sigmoid")
    nnh.interactive.approximation_explorer(np.sin, (0, 2 * np.pi), max_units=24)
    nnh.interactive.derivative_explorer(["sigmoid", "tanh", "relu"])
    nnh.interactive.answer_box("Where does NN(4, -2) switch?", nnh.NN(4, -2).threshold)
"""

from __future__ import annotations

import hashlib
import html
import itertools
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import numpy as np

from nnh._validate import as_real_array, integer, real_scalar
from nnh.activations import resolve_activation
from nnh.approximation import relu_approximation
from nnh.layers import NN

__all__ = ["AnswerBox", "Explorer", "answer_box", "approximation_explorer",
           "derivative_explorer", "unit_explorer"]

COLORS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00")
DASHES = ("", "6 3", "2 3", "8 3 2 3", "1 2")
PANEL_W, PANEL_H, PAD = 360.0, 220.0, 34.0


def _script() -> str:
    return resources.files(__package__).joinpath("widget.js").read_text()


def _fmt(value: float) -> str:
    """Readout format: 4 significant digits, never '-0'."""
    return f"{round(float(value), 12) + 0.0:.4g}"


@dataclass(frozen=True)
class _Panel:
    """A plot area: data limits and its pixel box inside the SVG."""

    xlim: tuple[float, float]
    ylim: tuple[float, float]
    left: float
    top: float
    title: str

    def px(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        x0, x1 = self.xlim
        y0, y1 = self.ylim
        u = self.left + PAD + (np.asarray(x) - x0) / (x1 - x0) * (PANEL_W - 1.5 * PAD)
        yc = np.clip(np.asarray(y, dtype=float), y0 - 0.05 * (y1 - y0), y1 + 0.05 * (y1 - y0))
        v = self.top + PANEL_H - PAD - (yc - y0) / (y1 - y0) * (PANEL_H - 1.6 * PAD)
        return u, v

    def path(self, x: Any, y: Any) -> str:
        u, v = self.px(np.asarray(x, dtype=float), np.asarray(y, dtype=float))
        ok = np.isfinite(v)
        points = [f"{a:.1f},{b:.1f}" for a, b in zip(u[ok], v[ok], strict=True)]
        return ("M" + " L".join(points)) if points else ""

    def segments(self, lines: Sequence[tuple[Any, Any]]) -> str:
        return " ".join(self.path(x, y) for x, y in lines)

    def frame_svg(self) -> str:
        x0, x1 = self.xlim
        y0, y1 = self.ylim
        (ul, ur), (vb, vt) = self.px(np.array([x0, x1]), np.array([y0, y1]))
        parts = [f'<rect x="{ul:.1f}" y="{vt:.1f}" width="{ur - ul:.1f}" height="{vb - vt:.1f}" '
                 f'fill="#ffffff" stroke="#555555" stroke-width="1"/>']
        if x0 < 0 < x1:
            u, _ = self.px(np.array([0.0]), np.array([0.0]))
            parts.append(f'<line x1="{u[0]:.1f}" y1="{vt:.1f}" x2="{u[0]:.1f}" y2="{vb:.1f}" '
                         f'stroke="#bbbbbb"/>')
        if y0 < 0 < y1:
            _, v = self.px(np.array([0.0]), np.array([0.0]))
            parts.append(f'<line x1="{ul:.1f}" y1="{v[0]:.1f}" x2="{ur:.1f}" y2="{v[0]:.1f}" '
                         f'stroke="#bbbbbb"/>')
        for value, anchor_x, anchor_y, align in (
                (x0, ul, vb + 14, "middle"), (x1, ur, vb + 14, "middle"),
                (y0, ul - 4, vb + 4, "end"), (y1, ul - 4, vt + 4, "end")):
            label = f"{round(float(value), 12) + 0.0:.3g}"
            parts.append(f'<text x="{anchor_x:.1f}" y="{anchor_y:.1f}" font-size="11" '
                         f'text-anchor="{align}" fill="#222222">{label}</text>')
        parts.append(f'<text x="{(ul + ur) / 2:.1f}" y="{vt - 8:.1f}" font-size="13" '
                     f'text-anchor="middle" fill="#111111">{html.escape(self.title)}</text>')
        return "".join(parts)


@dataclass
class _Slider:
    name: str
    values: list[float]
    labels: list[str]
    start: int


@dataclass
class Explorer:
    """A figure with sliders; displays itself in Jupyter and on the static site."""

    title: str
    panels: list[_Panel]
    sliders: list[_Slider]
    static_paths: list[tuple[str, str, int]]          # (d, colour, dash index)
    path_styles: dict[str, tuple[str, int, float]]    # name -> (colour, dash, width)
    marker_styles: dict[str, str]
    frames: list[dict[str, Any]]
    summary: str
    legend: list[tuple[str, str, int]] = field(default_factory=list)

    def frame_at(self, *positions: int) -> dict[str, Any]:
        """The precomputed frame for the given slider positions."""
        index = 0
        for slider, pos in zip(self.sliders, positions, strict=True):
            index = index * len(slider.values) + pos
        return self.frames[index]

    @property
    def start(self) -> dict[str, Any]:
        return self.frame_at(*(s.start for s in self.sliders))

    def _spec(self) -> dict[str, Any]:
        return {"sliders": [{"name": s.name, "labels": s.labels, "values": s.values}
                            for s in self.sliders],
                "frames": self.frames}

    def _html(self) -> str:
        spec = json.dumps(self._spec(), separators=(",", ":"), sort_keys=True)
        uid = "nnh-" + hashlib.sha256((self.title + spec).encode()).hexdigest()[:12]
        frame = self.start
        width = PANEL_W * max(1, len({p.left for p in self.panels}))
        height = PANEL_H * len({p.top for p in self.panels}) + 10
        svg = [f'<svg viewBox="0 0 {width:.0f} {height:.0f}" role="img" '
               f'aria-label="{html.escape(frame["description"])}" '
               f'style="max-width:{width:.0f}px;width:100%;height:auto;background:#ffffff">']
        svg += [p.frame_svg() for p in self.panels]
        for d, colour, dash in self.static_paths:
            svg.append(f'<path d="{d}" fill="none" stroke="{colour}" stroke-width="2" '
                       f'stroke-dasharray="{DASHES[dash]}"/>')
        for name, (colour, dash, lw) in self.path_styles.items():
            svg.append(f'<path data-path="{name}" d="{frame["paths"][name]}" fill="none" '
                       f'stroke="{colour}" stroke-width="{lw}" stroke-dasharray="{DASHES[dash]}"/>')
        for name, colour in self.marker_styles.items():
            m = frame["markers"].get(name)
            cx, cy, vis = (m[0], m[1], "visible") if m else (0, 0, "hidden")
            svg.append(f'<circle data-marker="{name}" cx="{cx}" cy="{cy}" r="5" fill="{colour}" '
                       f'stroke="#111111" visibility="{vis}"/>')
        svg.append("</svg>")
        legend = "".join(
            f'<span style="margin-right:1em;white-space:nowrap"><svg width="26" height="10" '
            f'aria-hidden="true"><line x1="1" y1="5" x2="25" y2="5" stroke="{c}" stroke-width="2" '
            f'stroke-dasharray="{DASHES[d]}"/></svg> {html.escape(label)}</span>'
            for label, c, d in self.legend)
        controls = []
        for k, s in enumerate(self.sliders):
            controls.append(
                f'<div style="margin:.3em 0"><label for="{uid}-s{k}" style="display:inline-block;'
                f'min-width:7em">{html.escape(s.name)} = <output data-slider-value="{k}" '
                f'for="{uid}-s{k}">{s.labels[s.start]}</output></label> '
                f'<input type="range" id="{uid}-s{k}" data-slider="{k}" min="0" '
                f'max="{len(s.values) - 1}" step="1" value="{s.start}" '
                f'aria-valuetext="{html.escape(s.name)} = {s.labels[s.start]}" '
                f'style="width:min(22em,60vw);vertical-align:middle"></div>')
        readouts = "".join(
            f'<div><span data-readout="{name}">{html.escape(text)}</span></div>'
            for name, text in frame["readouts"].items())
        return (
            f'<div class="nnh-interactive" id="{uid}" style="background:#ffffff;color:#111111;'
            f'border:1px solid #cccccc;border-radius:6px;padding:.6em;max-width:100%;'
            f'overflow-x:auto;font-family:sans-serif">'
            f'<p style="margin:0 0 .3em;font-weight:600">{html.escape(self.title)}</p>'
            + "".join(svg) + f'<div style="font-size:90%">{legend}</div>'
            + "".join(controls)
            + f'<div aria-live="polite" style="font-family:monospace">{readouts}</div>'
            + f'<script type="application/json">{spec}</script>'
            + f"<script>{_script()}\nwindow.nnhInteractive.init("
            + f'document.getElementById("{uid}"));</script></div>'
        )

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict[str, str]:
        return {"text/html": self._html(), "text/plain": repr(self)}

    def __repr__(self) -> str:
        return f"<interactive figure: {self.summary}>"


def _grid(values: Any, where: str, name: str) -> list[float]:
    arr = as_real_array(values, where, name)
    if arr.ndim != 1 or arr.size < 2 or not np.all(np.isfinite(arr)):
        raise ValueError(f"{where}: argument '{name}' must be a 1-D list of at least 2 finite "
                         f"values, got shape {arr.shape}")
    return [float(v) for v in arr]


def _start(values: list[float], wanted: float) -> int:
    return int(np.argmin(np.abs(np.asarray(values) - wanted)))


def unit_explorer(activation: Any = "sigmoid", w_values: Any = (0.25, 0.5, 1, 2, 4, 8, 16),
                  b_values: Any = tuple(range(-6, 7)), x_range: tuple[float, float] = (-6, 6),
                  points: int = 121) -> Explorer:
    """Sliders for the slope ``w`` and the bias ``b`` of ``nnh.NN(w, b, activation)``.

    Shows the unit's output, a marker at its threshold ``-b/w`` (hidden when off the plot),
    and the current w, b and threshold.
    """
    where = "nnh.interactive.unit_explorer"
    act = resolve_activation(activation, where)
    ws = _grid(w_values, where, "w_values")
    bs = _grid(b_values, where, "b_values")
    if any(w == 0 for w in ws):
        raise ValueError(f"{where}: argument 'w_values' must not contain 0 (no threshold)")
    lo = real_scalar(x_range[0], where, "x_range[0]")
    hi = real_scalar(x_range[1], where, "x_range[1]")
    if not lo < hi:
        raise ValueError(f"{where}: argument 'x_range' must satisfy lo < hi, got ({lo}, {hi})")
    x = np.linspace(lo, hi, integer(points, where, "points", minimum=2))
    top = float(max(np.max(NN(w, b, act)(x)) for w in ws for b in bs))
    bottom = float(min(np.min(NN(w, b, act)(x)) for w in ws for b in bs))
    if act.output_range[1] <= 1:
        bottom, top = act.output_range
    panel = _Panel((lo, hi), (bottom, min(top, 10.0) if act.name != "sigmoid" else top),
                   0.0, 10.0, f"{act.name} unit: {act.name}(w x + b)")
    frames = []
    for w, b in itertools.product(ws, bs):
        unit = NN(w, b, act)
        t = unit.threshold
        marker = None
        if lo <= t <= hi:
            u, v = panel.px(np.array([t]), np.array([unit(t)]))
            marker = [round(float(u[0]), 1), round(float(v[0]), 1)]
        frames.append({
            "paths": {"curve": panel.path(x, unit(x))},
            "markers": {"threshold": marker},
            "readouts": {"w": f"w = {_fmt(w)}", "b": f"b = {_fmt(b)}",
                         "threshold": f"threshold -b/w = {_fmt(t)}"},
            "description": f"{act.name} unit with w = {_fmt(w)} and b = {_fmt(b)}: it switches "
                           f"at x = -b/w = {_fmt(t)}.",
        })
    sliders = [_Slider("w", ws, [_fmt(w) for w in ws], _start(ws, 1.0)),
               _Slider("b", bs, [_fmt(b) for b in bs], _start(bs, 0.0))]
    return Explorer(
        title=f"One {act.name} unit: drag w (sharpness) and b (threshold)",
        panels=[panel], sliders=sliders, static_paths=[],
        path_styles={"curve": (COLORS[0], 0, 2.5)}, marker_styles={"threshold": COLORS[1]},
        frames=frames, legend=[(f"NN(w, b) with {act.name}", COLORS[0], 0)],
        summary=f"{act.name} unit, w in {_fmt(ws[0])}..{_fmt(ws[-1])} ({len(ws)} steps), "
                f"b in {_fmt(bs[0])}..{_fmt(bs[-1])} ({len(bs)} steps)")


def approximation_explorer(target: Callable[[np.ndarray], Any] = np.sin,
                           interval: tuple[float, float] = (0.0, 2 * np.pi),
                           max_units: int = 24, points: int = 241,
                           target_name: str = "sin x") -> Explorer:
    """A slider for the number of ReLU units approximating ``target`` on ``interval``."""
    where = "nnh.interactive.approximation_explorer"
    n_max = integer(max_units, where, "max_units", minimum=1)
    approximations = [relu_approximation(target, interval, n) for n in range(1, n_max + 1)]
    a, b = approximations[0].interval
    x = np.linspace(a, b, integer(points, where, "points", minimum=2))
    y = np.asarray(target(x), dtype=float)
    span = float(np.ptp(y)) or 1.0
    top = _Panel((a, b), (float(y.min()) - 0.1 * span, float(y.max()) + 0.1 * span), 0.0, 10.0,
                 f"{target_name} and its ReLU approximation")
    # Everything here is piecewise linear: its corners (ends and knots) draw it exactly.
    corners = [np.unique(np.concatenate([[a, b], ap.knots])) for ap in approximations]
    unit_rows = [ap.unit_outputs(c) for ap, c in zip(approximations, corners, strict=True)]
    low = min(float(r.min()) for r in unit_rows)
    high = max(float(r.max()) for r in unit_rows)
    bottom = _Panel((a, b), (low, high if high > low else low + 1), 0.0, 10.0 + PANEL_H,
                    "the scaled units v_k ReLU(x - t_k)")
    frames = []
    for ap, c, rows in zip(approximations, corners, unit_rows, strict=True):
        frames.append({
            "paths": {"approximation": top.path(c, ap(c)),
                      "units": bottom.segments([(c, r) for r in rows])},
            "markers": {},
            "readouts": {"units": f"units = {ap.n_units}",
                         "error": f"max error = {_fmt(ap.max_error)}"},
            "description": f"{target_name} on [{_fmt(a)}, {_fmt(b)}] approximated by "
                           f"{ap.n_units} ReLU units; maximum error {_fmt(ap.max_error)}.",
        })
    counts = list(range(1, n_max + 1))
    return Explorer(
        title=f"Approximating {target_name} with ReLU units: drag the number of units",
        panels=[top, bottom], sliders=[_Slider("units", [float(c) for c in counts],
                                               [str(c) for c in counts], min(3, n_max - 1))],
        static_paths=[(top.path(x, y), COLORS[0], 0)],
        path_styles={"approximation": (COLORS[1], 1, 2.0), "units": (COLORS[2], 0, 1.2)},
        marker_styles={}, frames=frames,
        legend=[(target_name, COLORS[0], 0), ("sum of ReLU units", COLORS[1], 1),
                ("individual units", COLORS[2], 0)],
        summary=f"{target_name} on [{_fmt(a)}, {_fmt(b)}] with 1 to {n_max} ReLU units; "
                f"max error from {_fmt(approximations[0].max_error)} down to "
                f"{_fmt(approximations[-1].max_error)}")


def derivative_explorer(activations: Sequence[Any] = ("sigmoid", "tanh", "relu"),
                        positions: Any = None, x_range: tuple[float, float] = (-6, 6),
                        points: int = 241) -> Explorer:
    """A slider that moves a point along each activation, with its tangent and slope."""
    where = "nnh.interactive.derivative_explorer"
    acts = [resolve_activation(a, where) for a in activations]
    if not acts:
        raise ValueError(f"{where}: argument 'activations' must name at least one activation")
    lo, hi = (real_scalar(v, where, "x_range") for v in x_range)
    xs = _grid(np.arange(lo, hi + 1e-9, 0.25) if positions is None else positions,
               where, "positions")
    x = np.linspace(lo, hi, integer(points, where, "points", minimum=2))
    panels = []
    for k, act in enumerate(acts):
        y = np.asarray(act(x))
        pad = 0.1 * (float(np.ptp(y)) or 1.0)
        panels.append(_Panel((lo, hi), (float(y.min()) - pad, float(y.max()) + pad),
                             PANEL_W * k, 10.0, act.name))
    frames = []
    half = 0.15 * (hi - lo)
    for p in xs:
        paths, markers, readouts, said = {}, {}, {}, []
        for act, panel in zip(acts, panels, strict=True):
            value, slope = float(act(p)), float(act.derivative(p))
            # A shorter tangent where it is steep, so that it stays inside the panel.
            y_span = panel.ylim[1] - panel.ylim[0]
            reach = half if slope == 0 else min(half, 0.35 * y_span / abs(slope))
            tangent_x = np.array([p - reach, p + reach])
            paths[f"tangent-{act.name}"] = panel.path(tangent_x, value + slope * (tangent_x - p))
            u, v = panel.px(np.array([p]), np.array([value]))
            markers[f"point-{act.name}"] = [round(float(u[0]), 1), round(float(v[0]), 1)]
            readouts[act.name] = f"{act.name}'({_fmt(p)}) = {_fmt(slope)}"
            said.append(f"{act.name}' = {_fmt(slope)}")
        frames.append({"paths": paths, "markers": markers, "readouts": readouts,
                       "description": f"Tangents at x = {_fmt(p)}: " + ", ".join(said) + "."})
    return Explorer(
        title="Slide along the activations: the tangent's slope is the derivative",
        panels=panels,
        sliders=[_Slider("x", xs, [_fmt(v) for v in xs], _start(xs, 0.0))],
        static_paths=[(panel.path(x, act(x)), COLORS[0], 0) for act, panel in zip(acts, panels,
                                                                                strict=True)],
        path_styles={f"tangent-{a.name}": (COLORS[1], 1, 2.0) for a in acts},
        marker_styles={f"point-{a.name}": COLORS[1] for a in acts}, frames=frames,
        legend=[("activation", COLORS[0], 0), ("tangent at the point", COLORS[1], 1)],
        summary=f"tangents of {', '.join(a.name for a in acts)} at {len(xs)} points from "
                f"{_fmt(xs[0])} to {_fmt(xs[-1])}")


@dataclass(frozen=True)
class AnswerBox:
    """A question whose numeric answer (computed by nnh) is checked in the browser."""

    question: str
    answer: float
    tolerance: float
    solution: str

    def _html(self) -> str:
        uid = "nnh-q-" + hashlib.sha256(f"{self.question}|{self.answer!r}".encode()).hexdigest()[:12]
        return (
            f'<div class="nnh-answer" id="{uid}" data-answer="{self.answer!r}" '
            f'data-tolerance="{self.tolerance!r}" style="border:1px solid #cccccc;'
            f'border-radius:6px;padding:.6em;margin:.5em 0">'
            f'<form><label for="{uid}-in">{html.escape(self.question)}</label> '
            f'<input id="{uid}-in" type="text" inputmode="decimal" autocomplete="off" '
            f'size="10"> <button type="submit">Check</button> '
            f'<span role="status" aria-live="polite"></span></form>'
            f'<details><summary>Show the solution</summary><p>{html.escape(self.solution)}</p>'
            f'</details><script>{_script()}\nwindow.nnhInteractive.initAnswer('
            f'document.getElementById("{uid}"));</script></div>')

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict[str, str]:
        return {"text/html": self._html(), "text/plain": repr(self)}

    def __repr__(self) -> str:
        return f"<answer box: {self.question} (checked to ±{self.tolerance:g})>"


def answer_box(question: str, answer: float, tolerance: float = 1e-3,
               solution: str = "") -> AnswerBox:
    """An input box that accepts ``answer`` within ``tolerance``; the solution stays hidden."""
    where = "nnh.interactive.answer_box"
    if not isinstance(question, str) or not question.strip():
        raise TypeError(f"{where}: argument 'question' must be a non-empty string")
    value = real_scalar(answer, where, "answer")
    tol = real_scalar(tolerance, where, "tolerance", strictly_positive=True)
    if not isinstance(solution, str):
        raise TypeError(f"{where}: argument 'solution' must be a string")
    text = solution or f"The answer is {_fmt(value)}."
    return AnswerBox(question=question, answer=value, tolerance=tol, solution=text)
