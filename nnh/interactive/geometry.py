"""Where things go: the frame grid behind the sliders and the pixel geometry of a panel.

Pure NumPy; no markup here (that is ``template.py``).
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from nnh.style import format_number

PANEL_W, PANEL_H = 320.0, 200.0   # one panel's SVG viewBox, in user units
FONT = 15.0                       # tick-label size in user units: >= 12 px when a panel is 290 px wide
CHAR_W = 0.62 * FONT              # a generous width of one tick-label character
GAP = 6.0                         # space between a tick label and the axis


@dataclass(frozen=True)
class FrameGrid:
    """The one definition of the frame layout: frames are stored row-major over the sliders.

    ``strides`` go into the page, and ``widget.js`` computes ``sum(position * stride)``
    exactly as :meth:`index` does; :meth:`positions` enumerates the frames in that order.
    """

    sizes: tuple[int, ...]

    @property
    def strides(self) -> tuple[int, ...]:
        return tuple(math.prod(self.sizes[k + 1:]) for k in range(len(self.sizes)))

    @property
    def count(self) -> int:
        return math.prod(self.sizes)

    def index(self, positions: Sequence[int]) -> int:
        if len(positions) != len(self.sizes):
            raise ValueError(f"expected {len(self.sizes)} slider positions, got {len(positions)}")
        for k, (pos, size) in enumerate(zip(positions, self.sizes, strict=True)):
            if not 0 <= pos < size:
                raise IndexError(f"slider {k}: position {pos} is outside 0..{size - 1}")
        return sum(p * s for p, s in zip(positions, self.strides, strict=True))

    def positions(self) -> Iterator[tuple[int, ...]]:
        for i in range(self.count):
            yield tuple((i // s) % n for s, n in zip(self.strides, self.sizes, strict=True))


def nice_ticks(lo: float, hi: float, target: int = 3) -> list[float]:
    """Round tick values (steps of 1, 2 or 5 times a power of ten) inside [lo, hi]."""
    raw = (hi - lo) / target
    magnitude = 10.0 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw * (1 - 1e-9))
    first = math.ceil(lo / step - 1e-9)
    last = math.floor(hi / step + 1e-9)
    return [round(k * step, 12) + 0.0 for k in range(first, last + 1)]


def y_limits(output_range: tuple[float, float], values: Any, pad: float = 0.05) -> tuple[float, float]:
    """The one rule for an activation's panel: each end of the y-axis is the activation's bound
    where it has one, else the data's extreme; then ``pad`` of the span on both sides."""
    data = np.asarray(values, dtype=float)
    data = data[np.isfinite(data)]
    if data.size == 0:
        raise ValueError("y_limits: no finite value to fit")
    low, high = output_range
    low = float(low) if math.isfinite(low) else float(data.min())
    high = float(high) if math.isfinite(high) else float(data.max())
    span = (high - low) or 1.0
    return low - pad * span, high + pad * span


@dataclass(frozen=True)
class Tick:
    value: float
    label: str
    x: float
    y: float
    anchor: str       # SVG text-anchor


@dataclass(frozen=True)
class Panel:
    """One plot: data limits mapped into its own ``PANEL_W`` x ``PANEL_H`` SVG.

    The margins are sized from the tick labels, so no label is cut at the SVG's edge.
    """

    xlim: tuple[float, float]
    ylim: tuple[float, float]
    title: str

    def x_ticks(self) -> list[float]:
        return nice_ticks(*self.xlim)

    def y_ticks(self) -> list[float]:
        return nice_ticks(*self.ylim)

    @property
    def box(self) -> tuple[float, float, float, float]:
        """The plot area (left, top, right, bottom) in user units."""
        widest_y = max(len(format_number(v)) for v in self.y_ticks())
        last_x = len(format_number(self.x_ticks()[-1]))
        left = 2 + widest_y * CHAR_W + GAP
        right = PANEL_W - max(10.0, last_x * CHAR_W / 2 + 2)
        return left, 10.0, right, PANEL_H - FONT - 2 * GAP

    def px(self, x: Any, y: Any) -> tuple[np.ndarray, np.ndarray]:
        """Data to user units, linear and unclamped: the SVG clips at the plot area."""
        (x0, x1), (y0, y1) = self.xlim, self.ylim
        left, top, right, bottom = self.box
        u = left + (np.asarray(x, dtype=float) - x0) / (x1 - x0) * (right - left)
        v = bottom - (np.asarray(y, dtype=float) - y0) / (y1 - y0) * (bottom - top)
        return u, v

    def data(self, u: Any, v: Any) -> tuple[np.ndarray, np.ndarray]:
        """User units back to data: the inverse of :meth:`px`."""
        (x0, x1), (y0, y1) = self.xlim, self.ylim
        left, top, right, bottom = self.box
        x = x0 + (np.asarray(u, dtype=float) - left) / (right - left) * (x1 - x0)
        y = y0 + (bottom - np.asarray(v, dtype=float)) / (bottom - top) * (y1 - y0)
        return x, y

    def contains(self, x: float, y: float) -> bool:
        """Whether the data point lies on the plot (limits included)."""
        (x0, x1), (y0, y1) = self.xlim, self.ylim
        return bool(x0 <= x <= x1 and y0 <= y <= y1)

    def point(self, x: float, y: float) -> list[float]:
        """A marker's position in user units, to 0.1 (as paths are drawn)."""
        u, v = self.px([x], [y])
        return [round(float(u[0]), 1), round(float(v[0]), 1)]

    def path(self, x: Any, y: Any) -> str:
        u, v = self.px(x, y)
        ok = np.isfinite(v)
        points = [f"{a:.1f},{b:.1f}" for a, b in zip(u[ok], v[ok], strict=True)]
        return ("M" + " L".join(points)) if points else ""

    def segments(self, lines: Sequence[tuple[Any, Any]]) -> str:
        return " ".join(self.path(x, y) for x, y in lines)

    def ticks(self) -> list[Tick]:
        left, _, _, bottom = self.box
        xs = [Tick(v, format_number(v), float(self.px([v], [self.ylim[0]])[0][0]),
                   bottom + GAP + FONT * 0.8, "middle") for v in self.x_ticks()]
        ys = [Tick(v, format_number(v), left - GAP,
                   float(self.px([self.xlim[0]], [v])[1][0]) + FONT * 0.35, "end")
              for v in self.y_ticks()]
        return xs + ys
