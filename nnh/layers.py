"""Units and layers: one switch-like unit, stacks of linear layers, and the bias trick.

NumPy only; never imports matplotlib.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from nnh._validate import as_real_array, real_scalar, scalar_or_array
from nnh.activations import Activation, resolve_activation, sigmoid
from nnh.style import format_number

__all__ = ["NN", "apply_layers", "augment_with_one", "compose_linear", "fold_bias"]


def _short(value: float) -> str:
    """A weight as the course writes it, up to 6 significant digits: 1000 stays "1000"."""
    return format_number(value, digits=6)


class NN:
    r"""One unit with a single input: :math:`\mathrm{unit}(x) = f(w\,x + b)`.

    ``w`` is the slope :math:`W_1` and ``b`` the intercept :math:`W_0` (the bias), so
    ``NN(1, 10)`` switches at :math:`x = -10`. The unit switches where :math:`w x + b = 0`,
    at its ``threshold`` :math:`-b/w`; the slope sets how sharp the switch is.

    The default activation is the sigmoid. ReLU is positively homogeneous,
    :math:`\mathrm{ReLU}(w x) = w\,\mathrm{ReLU}(x)` for :math:`w > 0`, so changing the slope of
    a ReLU unit only rescales it: ``plot_steps([NN(1, 0), NN(10, 0), NN(100, 0)])`` would show
    the same shape stretched vertically. The sigmoid instead becomes a sharper and sharper
    step as ``w`` grows, which is what "the slope is the shape of the switch" means. Pass
    ``activation=nnh.relu`` (or ``"relu"``) for a ReLU unit.
    """

    def __init__(self, w: float, b: float, activation: Activation | str = sigmoid) -> None:
        self.w = real_scalar(w, "nnh.NN", "w") + 0.0  # + 0.0 turns -0.0 into 0.0
        self.b = real_scalar(b, "nnh.NN", "b") + 0.0
        self.activation = resolve_activation(activation, "nnh.NN")

    @property
    def threshold(self) -> float:
        """The input at which the unit switches: ``-b / w``."""
        if self.w == 0:
            raise ValueError(
                "nnh.NN.threshold: argument 'w' is 0, so w*x + b never changes sign and the "
                "unit has no threshold; expected w != 0"
            )
        return -self.b / self.w + 0.0

    @property
    def label(self) -> str:
        """A short legend label, e.g. ``"w=10, b=0"``."""
        return f"w={_short(self.w)}, b={_short(self.b)}"

    def pre_activation(self, x: Any) -> np.ndarray:
        """The dot product ``w*x + b`` (with the bias trick, a dot product with [b, w]).

        Computed in the dtype of ``x``. A result beyond that dtype's range rounds to +-inf
        (and a tiny one to 0) without a warning, as the activations take +-inf; a unit with
        ``w == 0`` gives ``b`` everywhere, also at x = +-inf. NaN in gives NaN out.
        """
        arr = as_real_array(x, "nnh.NN")
        if self.w == 0:
            return np.where(np.isnan(arr), arr, arr.dtype.type(self.b))
        # In float64 (w and b are float64), then rounded to x's dtype: w never rounds to 0/inf.
        with np.errstate(over="ignore", under="ignore"):
            return (arr.astype(np.float64) * self.w + self.b).astype(arr.dtype)

    def __call__(self, x: Any) -> np.ndarray | np.floating:
        """The unit's output ``activation(w*x + b)``."""
        return self.activation(self.pre_activation(x))

    def derivative(self, x: Any) -> np.ndarray | np.floating:
        """d unit / dx = w * activation'(w*x + b) (chain rule)."""
        z = self.pre_activation(x)
        slope = np.asarray(self.activation.derivative(z))
        with np.errstate(over="ignore", under="ignore"):
            out = (slope.astype(np.float64) * self.w).astype(z.dtype)
        return scalar_or_array(out)

    def __repr__(self) -> str:
        return f"NN(w={_short(self.w)}, b={_short(self.b)}, activation={self.activation.name})"


def _checked_matrices(weights: Any, where: str) -> list[np.ndarray]:
    if isinstance(weights, np.ndarray) or not isinstance(weights, Sequence) or not weights:
        raise TypeError(f"{where}: argument 'weights' must be a non-empty list of 2-D matrices")
    mats: list[np.ndarray] = []
    for i, w in enumerate(weights):
        m = as_real_array(w, where, f"weights[{i}]")
        if m.ndim != 2:
            raise ValueError(
                f"{where}: argument 'weights[{i}]' must be a 2-D matrix, got shape {m.shape}"
            )
        if mats and mats[-1].shape[1] != m.shape[0]:
            raise ValueError(
                f"{where}: argument 'weights[{i}]' has {m.shape[0]} rows but the previous layer "
                f"outputs {mats[-1].shape[1]} values; expected {mats[-1].shape[1]} rows"
            )
        mats.append(m)
    return mats


def compose_linear(weights: Sequence[Any]) -> np.ndarray:
    r"""The single matrix :math:`W_1 W_2 \cdots W_L` that a stack of linear layers equals.

    Layers act on row vectors, :math:`y_{(l)} = y_{(l-1)} \cdot W_{(l)}`, so applying them one
    after another is the same as multiplying by their product.
    """
    mats = _checked_matrices(weights, "nnh.compose_linear")
    product = mats[0]
    for m in mats[1:]:
        product = product @ m
    return product


def apply_layers(x: Any, weights: Sequence[Any],
                 activation: Activation | str | None = None) -> np.ndarray:
    """Apply the layers one by one to ``x`` (a row vector or a batch of rows).

    With ``activation`` given, it follows every layer: ``y = f(y @ W)``.
    """
    where = "nnh.apply_layers"
    mats = _checked_matrices(weights, where)
    act = None if activation is None else resolve_activation(activation, where)
    y = as_real_array(x, where)
    if y.ndim not in (1, 2) or y.shape[-1] != mats[0].shape[0]:
        raise ValueError(
            f"{where}: argument 'x' must be a vector or batch of rows with "
            f"{mats[0].shape[0]} columns, got shape {y.shape}"
        )
    for m in mats:
        y = y @ m
        if act is not None:
            y = np.asarray(act(y))
    return y


def augment_with_one(y: Any) -> np.ndarray:
    """Prepend a constant 1 to a vector (or a column of 1s to a batch of rows)."""
    arr = as_real_array(y, "nnh.augment_with_one", "y")
    if arr.ndim not in (1, 2):
        raise ValueError(
            f"nnh.augment_with_one: argument 'y' must be 1-D or 2-D, got shape {arr.shape}"
        )
    ones = np.ones((*arr.shape[:-1], 1), dtype=arr.dtype)
    return np.concatenate([ones, arr], axis=-1)


def fold_bias(W: Any, b: Any) -> np.ndarray:
    """Stack the bias ``b`` on top of ``W`` as row 0: ``augment_with_one(y) @ fold_bias(W, b)``
    equals ``y @ W + b``."""
    m = as_real_array(W, "nnh.fold_bias", "W")
    bias = as_real_array(b, "nnh.fold_bias", "b")
    if m.ndim != 2:
        raise ValueError(f"nnh.fold_bias: argument 'W' must be a 2-D matrix, got shape {m.shape}")
    if bias.shape != (m.shape[1],):
        raise ValueError(
            f"nnh.fold_bias: argument 'b' must have shape ({m.shape[1]},) to match W's "
            f"{m.shape[1]} columns, got shape {bias.shape}"
        )
    return np.vstack([bias[np.newaxis, :], m])
