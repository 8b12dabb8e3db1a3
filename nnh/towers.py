r"""Universality with two inputs: "towers" built from steep sigmoid units (Nielsen, ch. 4).

With one input, two steep units make a *bump*: :math:`\sigma(s(x - a)) - \sigma(s(x - b))`
is about 1 on :math:`[a, b]` and 0 elsewhere. With two inputs :math:`\mathbf{x} = [x_1, x_2]`,
four steep units give a bump along :math:`x_1` plus a bump along :math:`x_2`: about 2 on the
rectangle, 1 on the two strips that cross it, 0 elsewhere. A second-layer sigmoid unit with
gain :math:`\gamma` and threshold 1.5 keeps only the rectangle:

.. math:: T(\mathbf{x}) = \sigma\bigl(\gamma\,(\mathrm{bump}_1(x_1) + \mathrm{bump}_2(x_2) - 1.5)\bigr),

about 1 on the rectangle and 0 elsewhere: a tower. A linear output unit adds towers with
heights :math:`h_k`, so a network with two hidden layers approximates any continuous function
of two inputs by a grid of towers. Everything here is an ordinary :class:`nnh.MLP`:

    net = tower_network([((0.3, 0.7), (0.2, 0.6))], heights=[1.0], steepness=100, gain=10)
    net(np.array([[0.5, 0.4]]))                  # about 1: inside the rectangle
    approx = tower_approximation(f, (0, 1), (0, 1), n=8)

NumPy only; never imports matplotlib.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from nnh._validate import as_real_array, integer, real_scalar
from nnh.network import MLP

__all__ = ["TOWER_THRESHOLD", "grid_rectangles", "tower_approximation", "tower_network"]

#: The second-layer unit fires where bump_1 + bump_2 exceeds 1.5: inside the rectangle (2),
#: not on the strips that cross it (1).
TOWER_THRESHOLD = 1.5

Rectangle = tuple[tuple[float, float], tuple[float, float]]


def _interval(value: Any, where: str, name: str) -> tuple[float, float]:
    try:
        lo, hi = value
    except (TypeError, ValueError):
        raise TypeError(f"{where}: argument {name!r} must be a pair (lo, hi), got {value!r}") from None
    lo = real_scalar(lo, where, f"{name}[0]")
    hi = real_scalar(hi, where, f"{name}[1]")
    if not lo < hi:
        raise ValueError(f"{where}: argument {name!r} must satisfy lo < hi, got ({lo}, {hi})")
    return lo, hi


def _rectangles(rectangles: Any, where: str) -> list[Rectangle]:
    if isinstance(rectangles, (str, bytes)) or not isinstance(rectangles, Sequence) or not rectangles:
        raise TypeError(f"{where}: argument 'rectangles' must be a non-empty list of "
                        f"((x1_lo, x1_hi), (x2_lo, x2_hi)) pairs, got {rectangles!r}")
    out = []
    for k, rect in enumerate(rectangles):
        if not isinstance(rect, Sequence) or len(rect) != 2:
            raise TypeError(f"{where}: argument 'rectangles[{k}]' must be a pair "
                            f"((x1_lo, x1_hi), (x2_lo, x2_hi)), got {rect!r}")
        out.append((_interval(rect[0], where, f"rectangles[{k}][0]"),
                    _interval(rect[1], where, f"rectangles[{k}][1]")))
    return out


def tower_network(rectangles: Sequence[Rectangle], heights: Any = 1.0, *,
                  steepness: float = 100.0, gain: float = 10.0) -> MLP:
    r"""An :class:`nnh.MLP` with sizes ``[2, 4 n, n, 1]`` that adds ``n`` towers.

    Tower ``k`` stands on ``rectangles[k] = ((a1, b1), (a2, b2))`` with height
    ``heights[k]`` (one number: the same for every tower). Its four first-layer sigmoid units
    are :math:`\sigma(s(x_1 - a_1))`, :math:`\sigma(s(x_1 - b_1))`, :math:`\sigma(s(x_2 - a_2))`
    and :math:`\sigma(s(x_2 - b_2))` with ``s = steepness``; its second-layer sigmoid unit
    weighs them ``gain * (+1, -1, +1, -1)`` with bias ``-1.5 * gain``; the linear output unit
    weighs the towers by their heights. Larger ``steepness`` sharpens the walls, larger
    ``gain`` flattens the top and removes the strips.
    """
    where = "nnh.towers.tower_network"
    rects = _rectangles(rectangles, where)
    n = len(rects)
    h = as_real_array(heights, where, "heights").astype(np.float64)
    if h.ndim == 0:
        h = np.full(n, float(h))
    if h.shape != (n,) or not np.all(np.isfinite(h)):
        raise ValueError(f"{where}: argument 'heights' must be one finite number or {n} "
                         f"(one per rectangle), got shape {h.shape}")
    s = real_scalar(steepness, where, "steepness", strictly_positive=True)
    g = real_scalar(gain, where, "gain", strictly_positive=True)
    net = MLP([2, 4 * n, n, 1], ["sigmoid", "sigmoid", "identity"], seed=0)
    W1, b1 = np.zeros((2, 4 * n)), np.zeros(4 * n)
    W2, b2 = np.zeros((4 * n, n)), np.full(n, -TOWER_THRESHOLD * g)
    for k, ((a1, e1), (a2, e2)) in enumerate(rects):
        for j, (axis, edge) in enumerate(((0, a1), (0, e1), (1, a2), (1, e2))):
            W1[axis, 4 * k + j] = s
            b1[4 * k + j] = -s * edge
        W2[4 * k:4 * k + 4, k] = g * np.array([1.0, -1.0, 1.0, -1.0])
    net.weights = [W1, W2, h[:, None].copy()]
    net.biases = [b1, b2, np.zeros(1)]
    return net


def grid_rectangles(x1_interval: tuple[float, float], x2_interval: tuple[float, float],
                    n: int) -> tuple[list[Rectangle], np.ndarray]:
    """The ``n × n`` cells of a rectangle, row by row, and their centres (an ``n² × 2`` array)."""
    where = "nnh.towers.grid_rectangles"
    a1, b1 = _interval(x1_interval, where, "x1_interval")
    a2, b2 = _interval(x2_interval, where, "x2_interval")
    n = integer(n, where, "n", minimum=1)
    e1, e2 = np.linspace(a1, b1, n + 1), np.linspace(a2, b2, n + 1)
    rects = [((float(e1[i]), float(e1[i + 1])), (float(e2[j]), float(e2[j + 1])))
             for j in range(n) for i in range(n)]
    centres = np.array([[(p + q) / 2 for p, q in rect] for rect in rects])
    return rects, centres


def tower_approximation(target: Callable[[np.ndarray, np.ndarray], Any],
                        x1_interval: tuple[float, float], x2_interval: tuple[float, float],
                        n: int, *, steepness: float = 100.0, gain: float = 10.0) -> MLP:
    """``target(x1, x2)`` approximated by ``n × n`` towers, each as high as the target at its
    cell's centre: a :func:`tower_network` with ``4 n²`` and ``n²`` hidden units."""
    where = "nnh.towers.tower_approximation"
    if not callable(target):
        raise TypeError(f"{where}: argument 'target' must be a function of (x1, x2), "
                        f"got {type(target).__name__}")
    rects, centres = grid_rectangles(x1_interval, x2_interval, n)
    heights = np.asarray(target(centres[:, 0], centres[:, 1]), dtype=float)
    if heights.shape != (len(rects),):
        raise ValueError(f"{where}: argument 'target' must return one value per point, got "
                         f"shape {heights.shape} for {len(rects)} points")
    return tower_network(rects, heights, steepness=steepness, gain=gain)
