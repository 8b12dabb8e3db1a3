"""nnh: the helper package behind the course "Activation layers".

The chapters call these names, as the lecture notes do::

    nnh.sigmoid(x)                      # and tanh, relu, leaky_relu, identity, elu, ...
    nnh.plot_activations(x)             # the classic activations beside their derivatives
    nnh.plot_steps([nnh.NN(1, 0), nnh.NN(10, 0)])

The package is split by concept, one module per idea: ``nnh.activations`` (the math;
``import nnh`` loads NumPy only), ``nnh.layers`` (units, linear stacks, the bias trick),
``nnh.approximation`` (piecewise-linear universal approximation), ``nnh.network`` and
``nnh.losses`` (a multilayer perceptron trained by back-propagation), ``nnh.check`` (the
checks behind the code exercises), ``nnh.style`` (palette and number format),
``nnh.notebook`` (``nnh.glue``: numbers for the chapters' text, rounded at the source),
``nnh.plotting`` (matplotlib, imported only when a plot is asked for) and
``nnh.interactive`` (sliders and answer boxes as HTML, no kernel needed).
"""

from __future__ import annotations

import importlib
from typing import Any

from nnh import check  # the code exercises' checks (NumPy only)
from nnh.activations import (
    ACTIVATIONS,
    CLASSIC_ACTIVATIONS,
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
from nnh.approximation import ReluApproximation, relu_approximation
from nnh.layers import NN, apply_layers, augment_with_one, compose_linear, fold_bias
from nnh.losses import mse, softmax_cross_entropy
from nnh.network import MLP, train
from nnh.notebook import glue

# Plotting needs matplotlib: loaded on first use so that the math stays light.
_LAZY = {
    "plot_activation": "nnh.plotting",
    "plot_activations": "nnh.plotting",
    "plot_approximation": "nnh.plotting",
    "plot_curves": "nnh.plotting",
    "plot_steps": "nnh.plotting",
    "plotting": "nnh.plotting",
    "interactive": "nnh.interactive",
}

__all__ = [
    "ACTIVATIONS",
    "CLASSIC_ACTIVATIONS",
    "MLP",
    "NN",
    "Activation",
    "ReluApproximation",
    "Softmax",
    "apply_layers",
    "augment_with_one",
    "check",
    "compose_linear",
    "elu",
    "fold_bias",
    "gelu",
    "glue",
    "identity",
    "leaky_relu",
    "log_softmax",
    "mse",
    "plot_activation",
    "plot_activations",
    "plot_approximation",
    "plot_curves",
    "plot_steps",
    "relu",
    "relu_approximation",
    "sigmoid",
    "silu",
    "softmax",
    "softmax_cross_entropy",
    "softplus",
    "tanh",
    "train",
]


def __getattr__(name: str) -> Any:
    if name == "__version__":  # pyproject.toml's, through the installed metadata (nnh/_version.py)
        from nnh._version import VersionUnknown, version

        try:
            globals()[name] = version()
        except VersionUnknown as error:
            raise AttributeError(f"nnh.__version__ is unknown: {error}") from None
        return globals()[name]
    if name in _LAZY:
        module = importlib.import_module(_LAZY[name])
        value = module if name in ("plotting", "interactive") else getattr(module, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'nnh' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY) | {"__version__"})
