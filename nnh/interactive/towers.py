"""An explorer for a tower of four steep units: sliders for the steepness and the gain.

Built like the explorers in ``explorers.py``: nnh computes every frame (here with
:func:`nnh.towers.tower_network`) when the notebook runs, and the page only looks them up.
Two cuts along x1 show the tower: one through it (x2 inside the rectangle, so the cut also
crosses the two strips beside it) and one across a strip alone (x2 outside the rectangle).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from nnh._validate import integer, real_scalar
from nnh.interactive.explorers import Explorer, Stroke, _fmt, _frames, _slider, _values
from nnh.interactive.geometry import Panel
from nnh.towers import TOWER_THRESHOLD, _interval, tower_network

__all__ = ["tower_explorer"]

WHERE = "nnh.interactive.tower_explorer"


def tower_explorer(rectangle: Any = ((0.3, 0.7), (0.2, 0.6)),
                   steepness_values: Any = (10, 20, 50, 100, 200),
                   gain_values: Any = (1, 2, 3, 5, 10, 30), points: int = 161) -> Explorer:
    """Sliders for the steepness ``s`` of the four first-layer units and the gain ``γ`` of
    the threshold unit of ``tower_network([rectangle], 1.0, steepness=s, gain=γ)``.

    Left: the cut along x1 through the middle of the rectangle's x2 range (the tower and
    the strips beside it). Right: the cut along x1 at an x2 above the rectangle (one strip).
    Readouts: the tower's top sigma(g/2) and the strips' sigma(-g/2).
    """
    if not isinstance(rectangle, (tuple, list)) or len(rectangle) != 2:
        raise TypeError(f"{WHERE}: argument 'rectangle' must be a pair "
                        f"((x1_lo, x1_hi), (x2_lo, x2_hi)), got {rectangle!r}")
    (a1, b1), (a2, b2) = (_interval(rectangle[k], WHERE, f"rectangle[{k}]") for k in (0, 1))
    steepnesses = _values(steepness_values, WHERE, "steepness_values")
    gains = _values(gain_values, WHERE, "gain_values")
    for name, values in (("steepness_values", steepnesses), ("gain_values", gains)):
        for k, v in enumerate(values):
            real_scalar(v, WHERE, f"{name}[{k}]", strictly_positive=True)
    width1, width2 = b1 - a1, b2 - a2
    lo, hi = a1 - width1, b1 + width1
    x1 = np.linspace(lo, hi, integer(points, WHERE, "points", minimum=2))
    inside_x2, outside_x2 = (a2 + b2) / 2, b2 + width2 / 2
    panels = [Panel((lo, hi), (0.0, 1.0), f"cut through the tower (x2 = {_fmt(inside_x2)})"),
              Panel((lo, hi), (0.0, 1.0), f"cut across a strip (x2 = {_fmt(outside_x2)})")]

    def frame(steepness: float, gain: float) -> dict[str, Any]:
        tower = tower_network([((a1, b1), (a2, b2))], 1.0, steepness=steepness, gain=gain)
        through = tower(np.column_stack([x1, np.full_like(x1, inside_x2)]))[:, 0]
        across = tower(np.column_stack([x1, np.full_like(x1, outside_x2)]))[:, 0]
        top, strip = float(np.max(through)), float(np.max(across))
        return {
            "paths": {"through": panels[0].path(x1, through),
                      "across": panels[1].path(x1, across)},
            "markers": {},
            "readouts": {"steepness": f"steepness s = {_fmt(steepness)}",
                         "gain": f"gain γ = {_fmt(gain)}",
                         "top": f"top = {_fmt(top)}",
                         "strip": f"strip = {_fmt(strip)}"},
            "description": f"Tower with steepness {_fmt(steepness)} and gain {_fmt(gain)}: "
                           f"top {_fmt(top)}, strips {_fmt(strip)} (threshold "
                           f"{_fmt(TOWER_THRESHOLD)}).",
        }

    sliders = [_slider("steepness", steepnesses, 100.0), _slider("gain", gains, 10.0)]
    return Explorer(
        title="A tower from four steep units: drag the steepness and the gain",
        panels=panels, sliders=sliders, frames=_frames(sliders, frame),
        path_styles={"through": (0, Stroke(0, 0, 2.5)), "across": (1, Stroke(1, 1, 2.5))},
        legend=[("tower along x1, x2 inside", Stroke(0)),
                ("tower along x1, x2 outside", Stroke(1, 1))],
        summary=f"tower on [{_fmt(a1)}, {_fmt(b1)}] x [{_fmt(a2)}, {_fmt(b2)}], steepness in "
                f"{_fmt(steepnesses[0])}..{_fmt(steepnesses[-1])} ({len(steepnesses)} steps), "
                f"gain in {_fmt(gains[0])}..{_fmt(gains[-1])} ({len(gains)} steps)")
