"""Independent references for the activation functions: mpmath at 50 digits."""

from __future__ import annotations

import mpmath
import numpy as np

mpmath.mp.dps = 50


def _sigmoid(x):
    return 1 / (1 + mpmath.exp(-x))


def _phi(x):
    """The standard normal CDF. mpmath's ncdf fails below about -1e154 (it converts x^2 to a
    float), so far out on the left it is Mills' ratio: phi(x)/|x| (1 - 1/x^2 + 3/x^4), whose
    relative error there, below 15/x^6, is far beyond 50 digits."""
    if x < -1e6:
        t = 1 / (x * x)
        return mpmath.npdf(x) / -x * (1 - t + 3 * t * t)
    return mpmath.ncdf(x)


FUNCTIONS = {
    "sigmoid": _sigmoid,
    "tanh": mpmath.tanh,
    "relu": lambda x: max(x, 0),
    "leaky_relu": lambda x: x if x > 0 else mpmath.mpf("0.01") * x,
    "identity": lambda x: x,
    "elu": lambda x: x if x > 0 else mpmath.expm1(x),
    "softplus": lambda x: mpmath.log1p(mpmath.exp(x)),
    "gelu": lambda x: x * _phi(x),
    "silu": lambda x: x * _sigmoid(x),
}

DERIVATIVES = {
    "sigmoid": lambda x: _sigmoid(x) * _sigmoid(-x),
    "tanh": lambda x: mpmath.sech(x) ** 2,
    "relu": lambda x: mpmath.mpf(1) if x > 0 else mpmath.mpf(0),
    "leaky_relu": lambda x: mpmath.mpf(1) if x > 0 else mpmath.mpf("0.01"),
    "identity": lambda x: mpmath.mpf(1),
    "elu": lambda x: mpmath.mpf(1) if x > 0 else mpmath.exp(x),
    "softplus": _sigmoid,
    "gelu": lambda x: _phi(x) + x * mpmath.npdf(x),
    "silu": lambda x: _sigmoid(x) * (1 + x * _sigmoid(-x)),
}


def reference(table: dict, name: str, x: np.ndarray) -> np.ndarray:
    """Evaluate a reference at 50 digits and round once to float64."""
    f = table[name]
    return np.array([float(f(mpmath.mpf(float(v)))) for v in np.ravel(x)]).reshape(np.shape(x))


def log_softmax_of_shifted(z: list) -> list:
    """log softmax of mpmath numbers ``z`` whose largest is 0: z - log1p(sum of the others'
    e^z). log1p keeps the digits of a tiny sum that log(1 + sum) at 50 digits would lose."""
    top = max(range(len(z)), key=lambda i: z[i])
    lse = mpmath.log1p(mpmath.fsum(mpmath.exp(v) for i, v in enumerate(z) if i != top))
    return [v - lse for v in z]
