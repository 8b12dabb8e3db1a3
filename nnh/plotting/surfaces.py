"""Functions of two inputs drawn as heat maps, side by side on one colour scale."""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.colors import LinearSegmentedColormap

from nnh._validate import as_real_array
from nnh.plotting._core import CourseFigure, course_figure, min_max, new_figure, plural
from nnh.style import format_number

__all__ = ["COLORMAP", "plot_heatmaps"]

#: Blue through grey to yellow, like cividis (readable with the common colour-vision
#: deficiencies), but without its near-black end: every colour keeps at least 4:1 contrast
#: against the dark theme's background (and the blue end 4:1 against white), so the same
#: image serves both themes.
COLORMAP = LinearSegmentedColormap.from_list("nnh_heat", ["#4a7fc1", "#a0a0a0", "#f0d43a"])


def _axis(values: Any, where: str, name: str) -> np.ndarray:
    """One axis of the grid: a finite, increasing 1-D float64 array of at least 2 points."""
    arr = as_real_array(values, where, name)
    if arr.ndim != 1 or arr.size < 2 or not np.all(np.isfinite(arr)) or np.any(np.diff(arr) <= 0):
        raise ValueError(f"{where}: argument {name!r} must be an increasing 1-D array of at least "
                         f"2 finite points, got shape {arr.shape}")
    return arr.astype(np.float64)


@course_figure
def plot_heatmaps(x1: Any, x2: Any, panels: dict[str, Any], title: str = "", *,
                  ncols: int | None = None, colorbar_label: str = "value"
                  ) -> tuple[CourseFigure, np.ndarray]:
    """Each of ``panels`` (label -> values of shape ``(len(x2), len(x1))``, or a function
    of the grids ``(X1, X2)``) as a heat map over ``x1`` (horizontal) and ``x2``
    (vertical), all on one colour scale with one colour bar. Returns ``(fig, axes)``.
    """
    where = "nnh.plotting.plot_heatmaps"
    g1, g2 = _axis(x1, where, "x1"), _axis(x2, where, "x2")
    if not isinstance(panels, dict) or not panels:
        raise TypeError(f"{where}: argument 'panels' must be a non-empty dict label -> values")
    grids = np.meshgrid(g1, g2)
    values = {}
    for label, z in panels.items():
        arr = np.asarray(z(*grids) if callable(z) else z, dtype=float)
        if arr.shape != (g2.size, g1.size):
            raise ValueError(f"{where}: argument 'panels[{label!r}]' has shape {arr.shape}, "
                             f"expected (len(x2), len(x1)) = {(g2.size, g1.size)}")
        if not np.all(np.isfinite(arr)):
            raise ValueError(f"{where}: argument 'panels[{label!r}]' must be finite")
        values[str(label)] = arr
    cols = len(values) if ncols is None else ncols
    if not isinstance(cols, int) or not 1 <= cols <= len(values):
        raise ValueError(f"{where}: argument 'ncols' must be an integer from 1 to "
                         f"{len(values)}, got {ncols!r}")
    rows = -(-len(values) // cols)
    # Square panels share the width left by the colour bar; rows add their labels' height.
    height = rows * (5.6 / cols + 0.4) + (0.3 if title else 0.0)
    fig, axes = new_figure(rows, cols, (6.5, height))
    low = min(float(v.min()) for v in values.values())
    high = max(float(v.max()) for v in values.values())
    if high == low:
        high = low + 1.0
    extent = (g1[0], g1[-1], g2[0], g2[-1])
    image = None
    for ax, (label, arr) in zip(axes.flat, values.items(), strict=False):
        image = ax.imshow(arr, origin="lower", extent=extent, aspect="equal", cmap=COLORMAP,
                          vmin=low, vmax=high, interpolation="nearest")
        ax.set_title(label)
        ax.set_xlabel(r"$x_1$")
        ax.set_ylabel(r"$x_2$")
        ax.grid(False)
    for ax in list(axes.flat)[len(values):]:
        ax.set_visible(False)
    assert image is not None  # values holds at least one surface (checked above)
    colorbar = fig.colorbar(image, ax=list(axes.flat), shrink=0.85)
    colorbar.set_label(colorbar_label)
    if title:
        fig.suptitle(title)
    fig.alt_text = (
        f"{title + ': ' if title else ''}{plural(len(values), 'heat map')} over x1 from "
        f"{format_number(g1[0])} to {format_number(g1[-1])} and x2 from "
        f"{format_number(g2[0])} to {format_number(g2[-1])}, one colour scale from "
        f"{format_number(low)} (blue) to {format_number(high)} (yellow): "
        + "; ".join(min_max(label, arr) for label, arr in values.items()) + ".")
    return fig, axes
