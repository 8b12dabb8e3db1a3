r"""Piecewise-linear universal approximation with ReLU units.

On an interval :math:`[a, b]` split by knots :math:`t_0 = a < t_1 < \dots < t_{n-1}`, the
piecewise-linear interpolant of a target :math:`g` at :math:`n + 1` equally spaced nodes is

.. math:: \hat g(x) = g(a) + \sum_{k=0}^{n-1} v_k\,\mathrm{ReLU}(x - t_k),

where :math:`v_0` is the slope of the first segment and :math:`v_k` the change of slope at
knot :math:`t_k`: each unit contributes one bend, at its threshold. For a target with a
bounded second derivative the maximum error falls like :math:`h^2`, with :math:`h` the
segment width. NumPy only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from nnh._validate import as_real_array, integer, real_scalar, scalar_or_array
from nnh.activations import relu
from nnh.layers import NN

__all__ = ["ReluApproximation", "relu_approximation"]

ERROR_GRID_POINTS = 2001


@dataclass(frozen=True, eq=False)
class ReluApproximation:
    """A sum of ReLU units approximating ``target`` on ``interval``:
    ``offset + sum_k output_weights[k] * units[k](x)``, unit k bending at ``knots[k]``."""

    target: Callable[[np.ndarray], np.ndarray]
    interval: tuple[float, float]
    units: tuple[NN, ...]
    output_weights: np.ndarray
    offset: float
    knots: np.ndarray

    def unit_outputs(self, x: Any) -> np.ndarray:
        """Each scaled unit ``v_k * unit_k(x)``, one row per unit (0 where ``v_k == 0``).
        A product beyond the largest float is ±inf, quietly (huge x and a steep segment)."""
        arr = np.atleast_1d(as_real_array(x, "ReluApproximation.unit_outputs"))
        with np.errstate(over="ignore"):
            return np.stack([np.zeros_like(arr) if v == 0 else v * np.asarray(u(arr))
                             for u, v in zip(self.units, self.output_weights, strict=True)])

    def __call__(self, x: Any) -> np.ndarray | np.floating:
        """``offset + sum_k v_k ReLU(x - t_k)``. Beyond the interval's end it is the last
        segment's line, ``f(b) + s (x - b)`` with ``s = sum_k v_k``, computed as that one
        line (no sum of huge terms of both signs, so no NaN at x = 1e308): ±inf where the line
        leaves the float range, and at ``x = +inf`` the limit, ±inf by the sign of ``s``, or
        ``f(b)`` if ``s`` is 0."""
        arr = as_real_array(x, "ReluApproximation")
        flat = np.atleast_1d(arr)
        end = self.interval[1]
        beyond = flat > end
        out = self.offset + self.unit_outputs(np.where(beyond, end, flat)).sum(axis=0)
        if beyond.any():
            at_end = self.offset + float(self.unit_outputs(np.array([end])).sum())
            last_slope = float(np.sum(self.output_weights))
            if last_slope == 0:
                out[beyond] = at_end
            else:
                with np.errstate(over="ignore"):
                    out[beyond] = at_end + last_slope * (flat[beyond].astype(np.float64) - end)
        with np.errstate(over="ignore"):  # a float64 value beyond float16/32's range: ±inf
            return scalar_or_array(out.astype(arr.dtype).reshape(arr.shape))

    @property
    def n_units(self) -> int:
        """How many ReLU units (segments) the approximation uses."""
        return len(self.units)

    @property
    def max_error(self) -> float:
        """max |target - approximation| on ERROR_GRID_POINTS (2001) equally spaced points of the
        interval."""
        x = np.linspace(*self.interval, ERROR_GRID_POINTS)
        return float(np.max(np.abs(np.asarray(self.target(x)) - np.asarray(self(x)))))


def relu_approximation(target: Callable[[np.ndarray], Any], interval: tuple[float, float],
                       n_units: int) -> ReluApproximation:
    """Approximate ``target`` on ``interval`` by ``n_units`` ReLU units (one segment each)."""
    where = "nnh.relu_approximation"
    if not callable(target):
        raise TypeError(f"{where}: argument 'target' must be a callable f(x), got "
                        f"{type(target).__name__}")
    try:
        a_raw, b_raw = interval
    except (TypeError, ValueError):
        raise TypeError(f"{where}: argument 'interval' must be a pair (a, b), got "
                        f"{interval!r}") from None
    a = real_scalar(a_raw, where, "interval[0]")
    b = real_scalar(b_raw, where, "interval[1]")
    if not a < b:
        raise ValueError(f"{where}: argument 'interval' must satisfy a < b, got ({a}, {b})")
    n = integer(n_units, where, "n_units", minimum=1)

    nodes = np.linspace(a, b, n + 1)
    values = np.asarray(target(nodes), dtype=float)
    if values.shape != nodes.shape or not np.all(np.isfinite(values)):
        raise ValueError(f"{where}: argument 'target' must return one finite value per input "
                         f"point on the interval")
    slopes = np.diff(values) / np.diff(nodes)
    weights = np.concatenate([slopes[:1], np.diff(slopes)])
    knots = nodes[:-1]
    units = tuple(NN(1.0, -t, activation=relu) for t in knots)
    return ReluApproximation(target=target, interval=(a, b), units=units,
                             output_weights=weights, offset=float(values[0]), knots=knots)
