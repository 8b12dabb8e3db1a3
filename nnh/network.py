r"""A small multilayer perceptron in NumPy, exact enough to measure back-propagation.

Row-vector convention, as in the chapters: a batch is a matrix with one example per row,
and layer :math:`l` maps :math:`y_{(l-1)}` to :math:`y_{(l)} = f(z_{(l)})` with
:math:`z_{(l)} = y_{(l-1)} W_{(l)} + b_{(l)}`.

The backward pass runs the chain rule layer by layer. For one example (a row),
:math:`\partial L/\partial y_{(l-1)} = \partial L/\partial y_{(l)}\,
\mathrm{diag}(f'(z_{(l)}))\,W_{(l)}^\top`: each layer multiplies the error signal by the
derivatives of its units and by its transposed weights. That product is why a derivative
that is always small (the sigmoid's is at most 1/4) shrinks the signal layer after layer.

    net = MLP([2, 16, 16, 1], "tanh", init="glorot", seed=0)
    trace = net.forward(x)                       # keeps each layer's input and z
    grads = net.backward(trace, mse.gradient(trace.output, y))
    grads.weights, grads.biases, grads.error_norms
    history = train(net, x, y, loss="mse", learning_rate=0.1, epochs=200, seed=0)

NumPy only; never imports matplotlib.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import numpy as np

from nnh._validate import as_real_array, integer, real_scalar, require_finite
from nnh.activations import ACTIVATIONS, Activation, resolve_activation
from nnh.losses import check_loss

__all__ = ["INITIALISATIONS", "MLP", "ForwardPass", "Gradients", "History",
           "layer_backward", "train"]


def layer_backward(grad_y: Any, y_prev: Any, z: Any, W: Any,
                   activation: Activation | str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""One layer's backward pass by the chain rule.

    Given :math:`\partial L / \partial y_{(l)}` (``grad_y``, one row per example), the layer's
    input ``y_prev``, its pre-activation ``z`` and weights ``W``, return
    ``(grad_y_prev, grad_W, grad_b)``:

    * the error signal :math:`\delta = \partial L / \partial z = \text{grad\_y} \odot f'(z)`;
    * ``grad_W = y_prev.T @ delta`` and ``grad_b = delta.sum(axis=0)`` (summed over the batch);
    * ``grad_y_prev = delta @ W.T``: for one example, ``grad_y @ diag(f'(z)) @ W.T``.

    Shapes: ``y_prev`` is (n, n_in), ``W`` is (n_in, n_out), ``z`` and ``grad_y`` are
    (n, n_out). Every argument is checked (shape, real numbers, no NaN; only ``z`` may hold
    ±inf, a saturated unit), and a mismatch raises an error that names the argument.
    """
    where = "nnh.network.layer_backward"
    act = resolve_activation(activation, where)
    arrays = {}
    for name, value in (("grad_y", grad_y), ("y_prev", y_prev), ("z", z), ("W", W)):
        arr = as_real_array(value, where, name)
        if arr.ndim != 2:
            what = "a matrix (n_in, n_out)" if name == "W" else "a batch with one example per row"
            raise ValueError(f"{where}: argument {name!r} must be 2-D, {what}; got shape {arr.shape}")
        require_finite(arr, where, name, allow_infinity=name == "z")  # z = ±inf: a saturated unit
        arrays[name] = arr
    n, n_in = arrays["y_prev"].shape
    if arrays["W"].shape[0] != n_in:
        raise ValueError(f"{where}: argument 'W' must have one row per column of y_prev "
                         f"({n_in} rows for y_prev of shape {(n, n_in)}), got shape "
                         f"{arrays['W'].shape}")
    expected = (n, arrays["W"].shape[1])
    for name in ("z", "grad_y"):
        if arrays[name].shape != expected:
            raise ValueError(f"{where}: argument {name!r} must have shape {expected} (a row per "
                             f"row of y_prev, a column per column of W), got shape "
                             f"{arrays[name].shape}")
    _, grad_y_prev, grad_W, grad_b = _backward_step(
        arrays["grad_y"], arrays["y_prev"], arrays["z"], arrays["W"], act)
    return grad_y_prev, grad_W, grad_b


def _backward_step(grad_y: np.ndarray, y_prev: np.ndarray, z: np.ndarray, W: np.ndarray,
                   act: Activation) -> tuple[np.ndarray, ...]:
    delta = grad_y * act._float64(z, derivative=True)  # dL/dz: the error signal
    return delta, delta @ W.T, y_prev.T @ delta, delta.sum(axis=0)


# --- initialisation --------------------------------------------------------------------------

def _glorot_std(fan_in: int, fan_out: int, sigma: float) -> float:
    return math.sqrt(2.0 / (fan_in + fan_out))


def _he_std(fan_in: int, fan_out: int, sigma: float) -> float:
    return math.sqrt(2.0 / fan_in)


def _plain_std(fan_in: int, fan_out: int, sigma: float) -> float:
    return sigma


#: Weight initialisations by name: the standard deviation of N(0, std²) for a layer with
#: ``fan_in`` inputs and ``fan_out`` units. Biases start at 0.
INITIALISATIONS: Mapping[str, Callable[[int, int, float], float]] = MappingProxyType({
    "glorot": _glorot_std,   # Glorot & Bengio (2010): variance 2 / (fan_in + fan_out)
    "he": _he_std,           # He et al. (2015): variance 2 / fan_in, for ReLU
    "normal": _plain_std,    # plain N(0, sigma²), the same for every layer
})


# --- the network ------------------------------------------------------------------------------

@dataclass(frozen=True)
class ForwardPass:
    """What the forward pass keeps for the backward pass: each layer's input y_(l-1) and
    pre-activation z_(l) (index 0 is the first layer), and the network's output."""

    inputs: tuple[np.ndarray, ...]
    pre_activations: tuple[np.ndarray, ...]
    output: np.ndarray


@dataclass(frozen=True)
class Gradients:
    """dL/dW and dL/db for every layer, the error signal's norm ||dL/dz_(l)|| (Frobenius,
    over the batch) at every layer, and dL/dx for the input batch."""

    weights: tuple[np.ndarray, ...]
    biases: tuple[np.ndarray, ...]
    error_norms: np.ndarray
    input: np.ndarray


class MLP:
    """A multilayer perceptron: ``sizes = [n_in, h_1, …, n_out]``.

    ``activation`` is either one activation (name or nnh activation) for every hidden layer,
    the last layer then using ``output`` (default ``"identity"``), or a sequence with one
    activation per layer, the last one for the output layer; ``output`` cannot be combined
    with a sequence (it would contradict the sequence's last entry). ``init`` is
    ``"glorot"``, ``"he"`` or ``"normal"`` (N(0, sigma²)); weights are drawn from
    ``numpy.random.default_rng(seed)``, biases start at 0. Data (``x``, targets, the gradient
    passed to :meth:`backward`) must be finite: NaN or inf raises an error naming it.
    """

    def __init__(self, sizes: Sequence[int], activation: Any = "relu", *,
                 output: Activation | str | None = None, init: str = "glorot",
                 sigma: float = 1.0, seed: int = 0) -> None:
        where = "nnh.MLP"
        self.sizes = _layer_sizes(sizes, where)
        self.activations = _layer_activations(activation, output, len(self.sizes) - 1, where)
        if not isinstance(init, str) or init not in INITIALISATIONS:
            raise ValueError(f"{where}: argument 'init' must be one of "
                             f"{', '.join(map(repr, INITIALISATIONS))}; got {init!r}")
        sigma = real_scalar(sigma, where, "sigma", strictly_positive=True)
        rng = np.random.default_rng(integer(seed, where, "seed", minimum=0))
        std = INITIALISATIONS[init]
        self.init = init
        self.weights = [std(n_in, n_out, sigma) * rng.standard_normal((n_in, n_out))
                        for n_in, n_out in zip(self.sizes[:-1], self.sizes[1:], strict=True)]
        self.biases = [np.zeros(n_out) for n_out in self.sizes[1:]]

    @property
    def depth(self) -> int:
        """The number of layers (weight matrices)."""
        return len(self.weights)

    def copy(self) -> MLP:
        """An independent copy (same parameters, new arrays)."""
        twin = object.__new__(MLP)
        twin.sizes, twin.activations, twin.init = self.sizes, self.activations, self.init
        twin.weights = [w.copy() for w in self.weights]
        twin.biases = [b.copy() for b in self.biases]
        return twin

    def _batch(self, x: Any, where: str) -> np.ndarray:
        arr = as_real_array(x, where).astype(np.float64, copy=False)
        if arr.ndim != 2 or arr.shape[1] != self.sizes[0]:
            raise ValueError(f"{where}: argument 'x' must be a batch of rows with {self.sizes[0]} "
                             f"columns (n_examples, {self.sizes[0]}), got shape {arr.shape}")
        return require_finite(arr, where, "x")

    def forward(self, x: Any) -> ForwardPass:
        """Run the batch ``x`` (one example per row) through every layer, keeping y and z."""
        return self._forward(self._batch(x, "nnh.MLP.forward"))

    def _forward(self, y: np.ndarray) -> ForwardPass:
        """forward() on a batch already checked by _batch."""
        inputs, zs = [], []
        for W, b, act in zip(self.weights, self.biases, self.activations, strict=True):
            z = y @ W
            z += b
            inputs.append(y)
            zs.append(z)
            y = act._float64(z)
        return ForwardPass(tuple(inputs), tuple(zs), y)

    def __call__(self, x: Any) -> np.ndarray:
        """The network's output for the batch ``x``."""
        return self.forward(x).output

    def backward(self, trace: ForwardPass, grad_output: Any) -> Gradients:
        """Back-propagate dL/d output (same shape as the output) through the layers."""
        if not isinstance(trace, ForwardPass):
            raise TypeError("nnh.MLP.backward: argument 'trace' must be the ForwardPass that "
                            f"MLP.forward returned, got {type(trace).__name__}")
        grad = as_real_array(grad_output, "nnh.MLP.backward", "grad_output")
        if grad.shape != trace.output.shape:
            raise ValueError(f"nnh.MLP.backward: argument 'grad_output' must have the output's "
                             f"shape {trace.output.shape}, got {grad.shape}")
        require_finite(grad, "nnh.MLP.backward", "grad_output")
        return self._backward(trace, grad)

    def _backward(self, trace: ForwardPass, grad: np.ndarray, norms: bool = True) -> Gradients:
        """backward() on a checked gradient; ``norms=False`` leaves error_norms NaN (training
        does not read them)."""
        n = self.depth
        grad_w: list[np.ndarray] = [np.empty(0)] * n
        grad_b: list[np.ndarray] = [np.empty(0)] * n
        error_norms = np.full(n, np.nan)
        for layer in reversed(range(n)):
            delta, grad, grad_w[layer], grad_b[layer] = _backward_step(
                grad, trace.inputs[layer], trace.pre_activations[layer], self.weights[layer],
                self.activations[layer])
            if norms:
                error_norms[layer] = _norm(delta)
        return Gradients(tuple(grad_w), tuple(grad_b), error_norms, grad)

    def gradients(self, x: Any, target: Any, loss: Any = "mse") -> tuple[float, Gradients]:
        """The loss on (x, target) and its gradients, in one forward and one backward pass."""
        loss_fn = check_loss(loss, "nnh.MLP.gradients")
        trace = self.forward(x)
        output = trace.output
        return loss_fn(output, target), self.backward(trace, loss_fn.gradient(output, target))

    def __repr__(self) -> str:
        acts = ", ".join(a.name for a in self.activations)
        return f"MLP(sizes={self.sizes}, activations=[{acts}], init={self.init!r})"


def _norm(a: np.ndarray) -> float:
    """The Frobenius norm, scaled by max |a| so that no square underflows (or overflows):
    np.linalg.norm returns 0 for every array whose entries are all below ~1e-154."""
    biggest = float(np.max(np.abs(a), initial=0.0))
    if biggest == 0 or not math.isfinite(biggest):
        return biggest
    return biggest * float(np.sqrt(np.sum(np.square(a / biggest))))


def _layer_sizes(sizes: Any, where: str) -> list[int]:
    if isinstance(sizes, (str, bytes)) or not isinstance(sizes, Sequence) or len(sizes) < 2:
        raise TypeError(f"{where}: argument 'sizes' must be a list of at least two layer "
                        f"widths [n_in, ..., n_out], got {sizes!r}")
    return [integer(s, where, f"sizes[{i}]", minimum=1) for i, s in enumerate(sizes)]


def _is_activation(value: Any) -> bool:
    return isinstance(value, Activation) or (isinstance(value, str) and value in ACTIVATIONS)


def _layer_activations(activation: Any, output: Any, n_layers: int,
                       where: str) -> tuple[Activation, ...]:
    if output is not None and not _is_activation(output):
        raise ValueError(f"{where}: argument 'output' must be an nnh activation or one of "
                         f"{', '.join(map(repr, ACTIVATIONS))}; got {output!r}")
    if isinstance(activation, (str, Activation)):
        last = resolve_activation("identity" if output is None else output, where)
        return (resolve_activation(activation, where),) * (n_layers - 1) + (last,)
    if not isinstance(activation, Sequence) or len(activation) != n_layers:
        raise ValueError(f"{where}: argument 'activation' must be one activation or a list of "
                         f"{n_layers} (one per layer), got {activation!r}")
    layers = tuple(resolve_activation(a, where) for a in activation)
    if output is not None:
        raise ValueError(f"{where}: argument 'output' cannot be combined with a list of "
                         f"activations, whose last entry ({layers[-1].name}) already is the output "
                         f"layer's; put {output!r} last in the list, or pass one activation for "
                         f"the hidden layers with output={output!r}")
    return layers


# --- training -------------------------------------------------------------------------------

@dataclass(frozen=True)
class History:
    """The loss on the whole training set before training and after every epoch
    (``epochs + 1`` values), and what ``record(net)`` returned at the same moments."""

    loss: np.ndarray
    records: tuple[Any, ...]


def train(net: MLP, x: Any, target: Any, *, loss: Any = "mse", learning_rate: float = 0.1,
          epochs: int = 100, batch_size: int | None = None, seed: int = 0,
          record: Callable[[MLP], Any] | None = None) -> History:
    """Gradient descent on ``net`` in place: each epoch visits the examples once, in
    mini-batches of ``batch_size`` shuffled by ``numpy.random.default_rng(seed)`` (the whole
    batch when None). The same network, data and seed give bit-identical losses."""
    where = "nnh.train"
    if not isinstance(net, MLP):
        raise TypeError(f"{where}: argument 'net' must be an nnh.MLP, got {type(net).__name__}")
    loss_fn = check_loss(loss, where)
    xs = net._batch(x, where)
    # The targets as the loss reads them (class indices one-hot), checked once, with the
    # loss's own messages: the steps below call its formulas on rows of them, unchecked.
    output, targets = loss_fn._inputs(net(xs), target, f"nnh.losses.{loss_fn.name}")
    first = float(loss_fn._value(output, targets))
    rate = real_scalar(learning_rate, where, "learning_rate", strictly_positive=True)
    n_epochs = integer(epochs, where, "epochs", minimum=1)
    n = xs.shape[0]
    size = n if batch_size is None else integer(batch_size, where, "batch_size", minimum=1)
    rng = np.random.default_rng(integer(seed, where, "seed", minimum=0))
    if record is not None and not callable(record):
        raise TypeError(f"{where}: argument 'record' must be None or a function of the network "
                        f"(record(net) -> anything), got {type(record).__name__}")

    full_batch = size >= n
    losses, records = [first], ([record(net)] if record else [])
    for epoch in range(n_epochs):
        order = np.arange(n) if full_batch else rng.permutation(n)
        for start in range(0, n, size):
            rows = order[start:start + size]
            value = _step(net, xs[rows], targets[rows], loss_fn, rate, epoch, where)
            if full_batch and epoch > 0:
                losses.append(value)  # the loss after the previous epoch, already computed
        if record:
            records.append(record(net))
        if not full_batch:
            losses.append(_loss_of(net, xs, targets, loss_fn, rate, epoch + 1, where))
    if full_batch:
        losses.append(_loss_of(net, xs, targets, loss_fn, rate, n_epochs, where))
    return History(np.array(losses), tuple(records))


# Overflow while a diverging run blows up: _loss_of stops it with a message right after.
_QUIET_OVERFLOW: dict[str, Any] = {"over": "ignore", "invalid": "ignore"}


def _loss_of(net: MLP, x: np.ndarray, target: np.ndarray, loss_fn: Any, rate: float,
             epochs_done: int, where: str) -> float:
    with np.errstate(**_QUIET_OVERFLOW):
        output = net._forward(x).output
    if not np.isfinite(output).all():
        raise _diverged(where, epochs_done, rate)
    return float(loss_fn._value(output, target))


def _step(net: MLP, x: np.ndarray, target: np.ndarray, loss_fn: Any, rate: float,
          epoch: int, where: str) -> float:
    """One gradient-descent step on a batch; returns the batch's loss before the step."""
    with np.errstate(**_QUIET_OVERFLOW):
        trace = net._forward(x)  # x: rows of the batch train() checked
        if not np.isfinite(trace.output).all():
            raise _diverged(where, epoch, rate)
        value = float(loss_fn._value(trace.output, target))
        if not math.isfinite(value):
            raise _diverged(where, epoch, rate)
        grad = np.asarray(loss_fn._gradient(trace.output, target), dtype=np.float64)
        if not np.isfinite(grad).all():
            raise _diverged(where, epoch, rate)
        _descend(net, net._backward(trace, grad, norms=False), rate)
    return value


def _diverged(where: str, epochs_done: int, rate: float) -> ValueError:
    return ValueError(f"{where}: training diverged after {epochs_done} epoch(s): the network's "
                      f"output or loss is no longer finite; try a smaller argument "
                      f"'learning_rate' (got {rate:g})")


def _descend(net: MLP, grads: Gradients, rate: float) -> None:
    for W, b, gW, gb in zip(net.weights, net.biases, grads.weights, grads.biases, strict=True):
        W -= rate * gW
        b -= rate * gb
