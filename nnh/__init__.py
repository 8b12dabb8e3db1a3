"""nnh: the helper package behind the course "Activation layers".

The chapters call these names, as the lecture notes do::

    nnh.sigmoid(x)                      # and tanh, relu, leaky_relu, identity, elu, ...
    nnh.plot_activations(x)             # every activation beside its derivative
    nnh.plot_steps([nnh.NN(1, 0), nnh.NN(10, 0)])

The package is split by concept: ``nnh.activations`` (the math, NumPy only),
``nnh.layers`` (units, linear stacks, the bias trick), ``nnh.approximation``
(piecewise-linear universal approximation) and ``nnh.plotting`` (matplotlib, imported
only when a plot is asked for).
"""

from __future__ import annotations

from typing import Any

from nnh.activations import (
    ACTIVATIONS,
    Activation,
    Softmax,
    elu,
    gelu,
    identity,
    leaky_relu,
    log_softmax,
    relu,
    sigmoid,
    silu,
    softmax,
    softplus,
    tanh,
)

__version__ = "1.0.0"

__all__ = [
    "ACTIVATIONS",
    "Activation",
    "Softmax",
    "elu",
    "gelu",
    "identity",
    "leaky_relu",
    "log_softmax",
    "relu",
    "sigmoid",
    "silu",
    "softmax",
    "softplus",
    "tanh",
]
