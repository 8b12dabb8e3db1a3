r"""Losses for training: mean squared error, and softmax cross-entropy taken from logits.

Each loss is a :class:`Loss`: ``loss(output, target)`` is the value (a float, averaged over
the batch) and ``loss.gradient(output, target)`` is :math:`\partial L / \partial\,\text{output}`,
the matrix the backward pass starts from.

Cross-entropy is computed from the logits with log-sum-exp
(:math:`\log \mathrm{softmax}(z)_k = z_k - \max z - \log\sum_j e^{z_j - \max z}`), so it stays
finite for logits of ±1e4, and its gradient is simply :math:`(p - y)/n` with
:math:`p = \mathrm{softmax}(z)`. That is why frameworks ask for logits, not probabilities.
A logit of -inf masks its class. Targets are class indices or rows of probabilities that
sum to 1 (up to rounding; anything else is refused, as is NaN or inf data).

NumPy only; never imports matplotlib.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

import numpy as np

from nnh._validate import as_real_array, require_finite
from nnh.activations import log_softmax, softmax

__all__ = ["LOSSES", "Loss", "check_loss", "mse", "softmax_cross_entropy"]


class Loss:
    """A loss: ``loss(output, target) -> float`` and ``loss.gradient(output, target)``."""

    def __init__(self, name: str, formula: str,
                 value: Callable[[np.ndarray, np.ndarray], float],
                 gradient: Callable[[np.ndarray, np.ndarray], np.ndarray],
                 targets: Callable[[np.ndarray, Any, str], np.ndarray],
                 outputs: Callable[[np.ndarray, str], np.ndarray]) -> None:
        self.name = name
        self.formula = formula
        self._value = value
        self._gradient = gradient
        self._targets = targets
        self._outputs = outputs

    def _inputs(self, output: Any, target: Any, where: str) -> tuple[np.ndarray, np.ndarray]:
        out = as_real_array(output, where, "output")
        if out.ndim != 2:
            raise ValueError(f"{where}: argument 'output' must be a 2-D batch (one example per "
                             f"row), got shape {out.shape}")
        return self._outputs(out, where), self._targets(out, target, where)

    def __call__(self, output: Any, target: Any) -> float:
        """The loss, averaged over the rows of the batch."""
        out, tgt = self._inputs(output, target, f"nnh.losses.{self.name}")
        return float(self._value(out, tgt))

    def gradient(self, output: Any, target: Any) -> np.ndarray:
        """dL/d output, same shape as ``output``."""
        out, tgt = self._inputs(output, target, f"nnh.losses.{self.name}.gradient")
        return self._gradient(out, tgt)

    def __repr__(self) -> str:
        return f"<loss {self.name}>"


def _finite_outputs(out: np.ndarray, where: str) -> np.ndarray:
    return require_finite(out, where, "output")


def _logits(out: np.ndarray, where: str) -> np.ndarray:
    """Logits may be -inf (a masked class), but every row needs one finite logit."""
    require_finite(out, where, "output", allow_negative_infinity=True)
    if out.shape[1] and out.shape[0]:
        masked_rows = np.flatnonzero(np.all(np.isneginf(out), axis=1))
        if masked_rows.size:
            raise ValueError(f"{where}: argument 'output' must have a finite logit in every row "
                             f"(-inf masks a class), but row {masked_rows[0]} is all -inf")
    return out


def _same_shape_targets(out: np.ndarray, target: Any, where: str) -> np.ndarray:
    tgt = as_real_array(target, where, "target")
    if tgt.shape != out.shape:
        raise ValueError(f"{where}: argument 'target' must have the output's shape {out.shape}, "
                         f"got {tgt.shape}")
    return require_finite(tgt, where, "target")


def _probability_rows(out: np.ndarray, target: Any, where: str) -> np.ndarray:
    """Soft targets: each row a probability vector, summing to 1 up to its rounding."""
    tgt = _same_shape_targets(out, target, where)
    if np.any(tgt < 0):
        index = tuple(int(i) for i in np.argwhere(tgt < 0)[0])
        raise ValueError(f"{where}: argument 'target' must hold probabilities (>= 0) or class "
                         f"indices, got {tgt[index]} at index {index}")
    sums = tgt.sum(axis=1, dtype=np.float64)
    # each entry rounded once (to float32 at least, as targets often were) and summed
    eps = max(float(np.finfo(tgt.dtype).eps), float(np.finfo(np.float32).eps))
    tolerance = 4 * max(tgt.shape[1], 1) * eps
    off = np.flatnonzero(np.abs(sums - 1) > tolerance)
    if off.size:
        row = int(off[0])
        raise ValueError(f"{where}: argument 'target' must have rows that sum to 1 (probabilities"
                         f" over the classes), but row {row} sums to {sums[row]:.17g}; normalise it "
                         f"(target / target.sum(axis=1, keepdims=True)) or pass class indices")
    return tgt


def _class_targets(out: np.ndarray, target: Any, where: str) -> np.ndarray:
    """Class indices (one per row) become one-hot rows; rows of probabilities pass through."""
    arr = np.asarray(target)
    n, classes = out.shape
    if arr.ndim == 1 and arr.dtype.kind in "iu":
        if arr.shape != (n,) or not np.all((arr >= 0) & (arr < classes)):
            span = f" in {arr.min()}..{arr.max()}" if arr.size else ""
            raise ValueError(f"{where}: argument 'target' must hold {n} class indices (one per "
                             f"row) in 0..{classes - 1}, got {arr.size} indices{span}")
        onehot = np.zeros(out.shape, dtype=out.dtype)
        onehot[np.arange(n), arr] = 1
        return onehot
    return _probability_rows(out, target, where)


def _mse_value(out: np.ndarray, tgt: np.ndarray) -> float:
    with np.errstate(over="ignore"):  # a loss beyond the largest float is inf, quietly
        return np.sum((out - tgt) ** 2) / out.shape[0]


def _mse_gradient(out: np.ndarray, tgt: np.ndarray) -> np.ndarray:
    return 2 * (out - tgt) / out.shape[0]


def _cross_entropy_value(logits: np.ndarray, tgt: np.ndarray) -> float:
    # -sum_k y_k log p_k, with log p from log-sum-exp. Only where y_k != 0 is the product
    # formed, so a masked class (log p_k = -inf) with y_k = 0 adds 0, not 0 * -inf.
    logp = log_softmax(logits, axis=-1)
    terms = np.multiply(tgt, logp, out=np.zeros(np.broadcast_shapes(tgt.shape, logp.shape),
                                                dtype=np.result_type(tgt, logp)), where=tgt != 0)
    return -np.sum(terms) / logits.shape[0] + 0.0  # + 0.0: a perfect score is 0, not -0


def _cross_entropy_gradient(logits: np.ndarray, tgt: np.ndarray) -> np.ndarray:
    # d/dz_j of -sum_k y_k log p_k is p_j sum_k y_k - y_j: p - y for rows that sum to 1.
    mass = tgt.sum(axis=-1, keepdims=True)
    return (softmax(logits, axis=-1) * mass - tgt) / logits.shape[0]


mse = Loss(
    "mse", r"L = \frac{1}{n}\sum_{i=1}^{n} \lVert \hat y_i - y_i \rVert^2",
    _mse_value, _mse_gradient, _same_shape_targets, _finite_outputs,
)

softmax_cross_entropy = Loss(
    "softmax_cross_entropy",
    r"L = -\frac{1}{n}\sum_{i=1}^{n}\sum_k y_{ik}\,\log \mathrm{softmax}(z_i)_k",
    _cross_entropy_value, _cross_entropy_gradient, _class_targets, _logits,
)

#: The losses by name.
LOSSES: Mapping[str, Loss] = MappingProxyType({loss.name: loss for loss in (mse, softmax_cross_entropy)})


def check_loss(loss: Any, where: str) -> Loss:
    """Look up a loss by name (or pass one through), with a helpful error."""
    if isinstance(loss, Loss):
        return loss
    if isinstance(loss, str) and loss in LOSSES:
        return LOSSES[loss]
    raise ValueError(f"{where}: argument 'loss' must be an nnh loss or one of "
                     f"{', '.join(map(repr, LOSSES))}; got {loss!r}")


# --- binary cross-entropy from logits (a sigmoid output) ------------------------------------

def _binary_targets(out: np.ndarray, target: Any, where: str) -> np.ndarray:
    tgt = _same_shape_targets(out, target, where)
    if not np.all((tgt >= 0) & (tgt <= 1)):
        raise ValueError(f"{where}: argument 'target' must hold probabilities in [0, 1] "
                         f"(usually 0 or 1), got values from {tgt.min():g} to {tgt.max():g}")
    return tgt


def _binary_cross_entropy_value(logits: np.ndarray, tgt: np.ndarray) -> float:
    # -y log sigma(z) - (1 - y) log(1 - sigma(z)) = y log(1 + e^-z) + (1 - y) log(1 + e^z):
    # finite for any z, and no cancellation (log(1 + e^z) - y z loses e^-40 at z = 40, y = 1).
    return np.sum(tgt * np.logaddexp(0.0, -logits)
                  + (1 - tgt) * np.logaddexp(0.0, logits)) / logits.shape[0]


def _binary_cross_entropy_gradient(logits: np.ndarray, tgt: np.ndarray) -> np.ndarray:
    # sigma(z) = exp(-log(1 + e^-z)): no overflow for any z
    return (np.exp(-np.logaddexp(0.0, -logits)) - tgt) / logits.shape[0]


#: Binary cross-entropy of a sigmoid output, taken from the logits z (the network's output
#: layer is then the identity): the loss of PyTorch's ``nn.BCEWithLogitsLoss``, summed over a
#: row's outputs and averaged over the rows. Its gradient is (sigma(z) - y) / n: no sigma'(z)
#: factor, unlike mean squared error on sigma(z).
sigmoid_cross_entropy = Loss(
    "sigmoid_cross_entropy",
    r"L = \frac{1}{n}\sum_{i=1}^{n}\sum_k \bigl[\log(1 + e^{z_{ik}}) - y_{ik} z_{ik}\bigr]",
    _binary_cross_entropy_value, _binary_cross_entropy_gradient, _binary_targets, _finite_outputs,
)

# Registered by name too (nnh.train(..., loss="sigmoid_cross_entropy")).
LOSSES = MappingProxyType({**LOSSES, sigmoid_cross_entropy.name: sigmoid_cross_entropy})
__all__ += ["sigmoid_cross_entropy"]
