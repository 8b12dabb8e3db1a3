"""Checks for the book's code exercises: the student writes a function, a check judges it.

Each check calls the student's function on well-chosen inputs, the hard ones included
(x = ±1000 and ±inf, batches, float32), compares every result with nnh, and returns a
:class:`Verdict` that reads as one friendly sentence::

    ✓ sigmoid: all 9 checks passed
    ✗ sigmoid: wrong at x = 1000: got nan, expected 1.0
    … sigmoid: not done yet — the function still raises NotImplementedError

A check never lets the student's exception escape: it becomes a verdict naming the input.
Only a wrong use of the check itself (passing something that is not a function) raises
a ``TypeError``. NumPy only; never imports matplotlib.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from nnh.activations import Activation, leaky_relu, relu, softmax, tanh
from nnh.activations import sigmoid as _sigmoid
from nnh.layers import compose_linear as _compose_linear
from nnh.layers import fold_bias as _fold_bias
from nnh.network import layer_backward as _layer_backward

__all__ = [
    "Verdict",
    "compose_linear",
    "fold_bias",
    "layer_backward",
    "relu_ramp",
    "sigmoid",
    "sigmoid_derivative",
    "stable_softmax",
]

NOT_DONE = "not done yet — the function still raises NotImplementedError"
# (relative, absolute) tolerance by the dtype of the expected result.
_TOLERANCE = {np.dtype(np.float64): (1e-9, 1e-15), np.dtype(np.float32): (1e-5, 1e-7)}


@dataclass(frozen=True, repr=False)
class Verdict:
    """The outcome of a check: ``passed``, ``done`` (False while the stub still raises
    NotImplementedError) and ``message``; printed, it is one line led by ✓, ✗ or …."""

    name: str
    passed: bool
    done: bool
    message: str

    @property
    def mark(self) -> str:
        return "✓" if self.passed else ("✗" if self.done else "…")

    def __repr__(self) -> str:
        return f"{self.mark} {self.name}: {self.message}"

    __str__ = __repr__


@dataclass(frozen=True)
class _Case:
    """One call of the student's function: ``label`` says which input, ``judge`` returns
    what is wrong with the result (or None)."""

    label: str
    args: tuple
    judge: Callable[[Any], str | None]


# --- formatting: short, deterministic numbers --------------------------------------------

def _x(value: float) -> str:
    """An input as the exercise writes it: 30, -1000, 0.5, inf."""
    return f"{float(value):.6g}"


def _value(value: float, digits: int = 6) -> str:
    """A result: 1.0, 0.731059, nan, 9.35762e-14."""
    v = float(value)
    return repr(float(f"{v:.{digits}g}")) if math.isfinite(v) else repr(v)


def _pair(got: float, expected: float) -> str:
    """'got …, expected …' with as many digits as it takes to see the difference."""
    for digits in (6, 9, 12, 17):
        g, e = _value(got, digits), _value(expected, digits)
        if g != e:
            break
    return f"got {g}, expected {e}"


def _array(values: Any, fmt: Callable[[float], str] = _value) -> str:
    arr = np.asarray(values)
    if arr.ndim == 0:
        return fmt(float(arr))
    return "[" + ", ".join(_array(row, fmt) for row in arr) + "]"


def _shape(arr: np.ndarray) -> str:
    return "×".join(map(str, arr.shape))


# --- judging results ------------------------------------------------------------------------

def _as_numbers(got: Any, label: str, what: str = "an array") -> tuple[np.ndarray | None, str | None]:
    if got is None:
        return None, f"returned None {label}; expected {what} (is a `return` missing?)"
    try:
        arr = np.asarray(got)
    except Exception:
        arr = np.asarray(None)
    if arr.dtype.kind not in "biuf":
        return None, f"returned {type(got).__name__} {label}; expected {what} of numbers"
    return arr, None


def _close(got: np.ndarray, expected: np.ndarray) -> np.ndarray:
    rtol, atol = _TOLERANCE.get(expected.dtype, _TOLERANCE[np.dtype(np.float64)])
    return np.isclose(got.astype(np.float64), expected.astype(np.float64),
                      rtol=rtol, atol=atol, equal_nan=True)


def _shape_problem(arr: np.ndarray, expected: np.ndarray, label: str, name: str) -> str | None:
    if arr.shape != expected.shape:
        return f"{name}wrong shape {label}: got {arr.shape}, expected {expected.shape}"
    return None


def _dtype_problem(arr: np.ndarray, expected: np.ndarray, label: str) -> str | None:
    if arr.dtype != expected.dtype:
        return (f"wrong dtype {label}: got {arr.dtype}, expected {expected.dtype} "
                "(keep the input's dtype)")
    return None


def _largest_relative_error(got: np.ndarray, expected: np.ndarray, bad: np.ndarray) -> int:
    """Of the flat indices ``bad``, the one where got and expected differ most, relative to
    expected (a NaN, or any error where 0 was expected, counts as infinitely large); the first
    of equals. That is where a wrong formula shows most clearly."""
    g = got.astype(np.float64).flat[bad]
    e = expected.astype(np.float64).flat[bad]
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        relative = np.abs(g - e) / np.abs(e)
    relative[np.isnan(relative)] = np.inf
    return int(bad[np.argmax(relative)])


def _elementwise_judge(x: np.ndarray, expected: np.ndarray, label: str,
                       check_dtype: bool = False, others: str = "") -> Callable[[Any], str | None]:
    """Element by element: the message names the x where the result is most wrong (the
    largest relative error), and ``others``, the call's other arguments (``start = 0, …``)."""

    def judge(got: Any) -> str | None:
        arr, problem = _as_numbers(got, label)
        if arr is None:
            return problem
        problem = _shape_problem(arr, expected, label, "")
        if problem is None and check_dtype:
            problem = _dtype_problem(arr, expected, label)
        if problem is not None:
            return problem
        bad = np.flatnonzero(~_close(arr, expected))
        if bad.size:
            k = _largest_relative_error(arr, expected, bad)
            call = f"x = {_x(x.flat[k])}" + (f", {others}" if others else "")
            return f"wrong at {call}: {_pair(arr.flat[k], expected.flat[k])}"
        return None

    return judge


def _rows_judge(x: np.ndarray, expected: np.ndarray, label: str) -> Callable[[Any], str | None]:
    """Row by row (softmax): the message shows the first wrong row in full."""

    def judge(got: Any) -> str | None:
        arr, problem = _as_numbers(got, label)
        if arr is None:
            return problem
        problem = _shape_problem(arr, expected, label, "") or _dtype_problem(arr, expected, label)
        if problem is not None:
            return problem
        ok = _close(arr, expected).reshape(-1, expected.shape[-1]).all(axis=1)
        if ok.all():
            return None
        row = int(np.flatnonzero(~ok)[0])
        rows = (arr.reshape(-1, arr.shape[-1])[row], expected.reshape(-1, arr.shape[-1])[row])
        where = label if x.ndim == 1 else f"in row {row} {label}"
        return f"wrong {where}: got {_array(rows[0])}, expected {_array(rows[1])}"

    return judge


def _matrix_problem(got: Any, expected: np.ndarray, label: str, name: str = "") -> str | None:
    """Shape, then the first wrong entry, e.g. 'wrong grad_W[1, 0] for …'."""
    arr, problem = _as_numbers(got, label, "a matrix" if expected.ndim == 2 else "an array")
    if arr is None:
        return f"{name}: {problem}" if name else problem
    problem = _shape_problem(arr, expected, label, f"{name}: " if name else "")
    if problem is not None:
        return problem
    bad = np.argwhere(~_close(arr, expected))
    if bad.size:
        index = tuple(int(i) for i in bad[0])
        entry = f"{name or 'entry '}[{', '.join(map(str, index))}]"
        return f"wrong {entry} {label}: {_pair(arr[index], expected[index])}"
    return None


def _matrix_judge(expected: np.ndarray, label: str) -> Callable[[Any], str | None]:
    return lambda got: _matrix_problem(got, expected, label)


# --- running the student's function ------------------------------------------------------------

def _require_function(fn: Any, check: str) -> None:
    if callable(fn):
        return
    hint = ""
    if isinstance(fn, (np.ndarray, np.generic, int, float)):
        hint = f"; pass the function itself, e.g. nnh.check.{check}(my_function), without calling it"
    raise TypeError(f"nnh.check.{check}: argument 'fn' must be a function (callable), "
                    f"got {type(fn).__name__}{hint}")


def _fresh(value: Any) -> Any:
    """A copy the student's function may change without spoiling the check."""
    if isinstance(value, np.ndarray):
        return value.copy()
    if isinstance(value, list):
        return [_fresh(v) for v in value]
    return value


def _changed(original: Any, passed: Any) -> bool:
    if isinstance(original, np.ndarray):
        return not (isinstance(passed, np.ndarray) and original.shape == passed.shape
                    and np.array_equal(original, passed, equal_nan=True))
    if isinstance(original, list):
        return len(original) != len(passed) or any(map(_changed, original, passed))
    return False


def _call(fn: Callable, args: tuple) -> tuple[Any, str | None]:
    """Call ``fn``; return its result and the first floating-point warning NumPy gave."""
    with warnings.catch_warnings(record=True) as caught, \
            np.errstate(over="warn", invalid="warn", divide="warn", under="ignore"):
        warnings.simplefilter("always")
        got = fn(*args)
    messages = [str(w.message) for w in caught if issubclass(w.category, RuntimeWarning)]
    return got, (messages[0] if messages else None)


def _run(check: str, fn: Any, params: Sequence[str], cases: Sequence[_Case]) -> Verdict:
    _require_function(fn, check)
    for case in cases:
        args = tuple(_fresh(a) for a in case.args)
        try:
            got, warning = _call(fn, args)
        except NotImplementedError:
            return Verdict(check, False, False, NOT_DONE)
        except Exception as exc:  # the student's bug becomes a verdict, never a traceback
            detail = f": {exc}" if str(exc) else ""
            return Verdict(check, False, True, f"raised {type(exc).__name__} {case.label}{detail}")
        problem = case.judge(got)
        if problem is None and warning is not None:
            problem = f"NumPy warned '{warning}' {case.label}" + (
                ": rewrite it so that no step overflows (no exponential of a large "
                "positive number)" if "overflow" in warning else "")
        if problem is None:
            changed = [p for p, a, b in zip(params, case.args, args, strict=True) if _changed(a, b)]
            if changed:
                problem = (f"changed its argument '{changed[0]}' in place {case.label}; "
                           "work on a copy instead")
        if problem is not None:
            return Verdict(check, False, True, problem)
    return Verdict(check, True, True, f"all {len(cases)} checks passed")


# --- element-wise functions: the sigmoid and its derivative ------------------------------------

def _elementwise_cases(reference: Activation | Callable) -> list[_Case]:
    """Nine calls: a grid, the six extremes one at a time, float32, and a 2-D batch."""
    grid = np.linspace(-8.0, 8.0, 33)
    label = "for x from -8 to 8"
    cases = [_Case(label, (grid,), _elementwise_judge(grid, np.asarray(reference(grid)), label))]
    for value in (30.0, -30.0, 1000.0, -1000.0, math.inf, -math.inf):
        x = np.array([value])
        label = f"at x = {_x(value)}"
        cases.append(_Case(label, (x,), _elementwise_judge(x, np.asarray(reference(x)), label)))
    x32 = np.array([-100, -10, 0, 10, 100], dtype=np.float32)
    label32 = f"for float32 x = {_array(x32, _x)}"
    cases.append(_Case(label32, (x32,), _elementwise_judge(x32, np.asarray(reference(x32)), label32, True)))
    batch = np.linspace(-3.0, 3.0, 12).reshape(3, 4)
    label2d = "for x of shape (3, 4)"
    cases.append(_Case(label2d, (batch,), _elementwise_judge(batch, np.asarray(reference(batch)), label2d)))
    return cases


def sigmoid(fn: Callable[[np.ndarray], np.ndarray]) -> Verdict:
    """Check ``fn(x)``, a sigmoid 1 / (1 + e^-x) for an array ``x`` that never overflows:
    right values (1e-9 relative), the extremes x = ±30, ±1000, ±inf with no NaN and no
    NumPy overflow warning, float32 kept as float32, and any shape."""
    return _run("sigmoid", fn, ("x",), _elementwise_cases(_sigmoid))


def sigmoid_derivative(fn: Callable[[np.ndarray], np.ndarray]) -> Verdict:
    """Check ``fn(x)``, the sigmoid's derivative σ'(x) for an array ``x``, on the same
    inputs as :func:`sigmoid` (values within 1e-15 absolute or 1e-9 relative)."""
    return _run("sigmoid_derivative", fn, ("x",), _elementwise_cases(_sigmoid.derivative))


# --- layers: composing linear maps, the bias trick, one backward step ---------------------------

def _matrix_label(mats: Sequence[np.ndarray]) -> str:
    if len(mats) == 1:
        return f"for one matrix of shape {_shape(mats[0])}"
    names = {2: "two", 3: "three", 4: "four", 5: "five"}
    return f"for {names.get(len(mats), len(mats))} matrices of shapes " + ", ".join(map(_shape, mats))


def compose_linear(fn: Callable[[list[np.ndarray]], np.ndarray]) -> Verdict:
    """Check ``fn(weights)``: a list of weight matrices [W1, W2, …] in, the one matrix
    W1 @ W2 @ … out (row vectors: y @ W1 @ W2 == y @ fn([W1, W2])). The inputs include
    non-commuting square matrices, so the order matters, and rectangular chains."""
    rng = np.random.default_rng(7)
    chains = [
        [np.array([[2.0, 1.0], [0.0, 3.0]])],
        [np.array([[1.0, 2.0], [0.0, 1.0]]), np.array([[1.0, 0.0], [3.0, 1.0]])],
        [rng.integers(-3, 4, size=s).astype(float) for s in ((2, 3), (3, 4), (4, 1))],
        [rng.standard_normal((3, 3)) for _ in range(5)],
    ]
    cases = [_Case(_matrix_label(c), (c,), _matrix_judge(_compose_linear(c), _matrix_label(c)))
             for c in chains]
    return _run("compose_linear", fn, ("weights",), cases)


def fold_bias(fn: Callable[[np.ndarray, np.ndarray], np.ndarray]) -> Verdict:
    """Check ``fn(W, b)``: the augmented matrix W̃ with b as its row 0, so that
    ``nnh.augment_with_one(y) @ W̃ == y @ W + b`` for every row vector y."""
    rng = np.random.default_rng(3)
    pairs = [
        (np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([10.0, 20.0])),
        (rng.integers(-5, 6, size=(3, 2)).astype(float), np.array([0.5, -1.5])),
        (np.array([[1.0, -1.0, 2.0]]), np.array([1.0, 2.0, 3.0])),
        (rng.standard_normal((4, 1)), np.array([-2.0])),
    ]
    cases = []
    for W, b in pairs:
        label = f"for W of shape {_shape(W)} and b = {_array(b, _x)}"
        cases.append(_Case(label, (W, b), _matrix_judge(_fold_bias(W, b), label)))
    return _run("fold_bias", fn, ("W", "b"), cases)


def _backward_case(rng: np.random.Generator, batch: int, n_in: int, n_out: int,
                   activation: Activation, scale: float = 1.0) -> _Case:
    y_prev = rng.standard_normal((batch, n_in))
    W = scale * rng.standard_normal((n_in, n_out))
    z = y_prev @ W + rng.standard_normal(n_out)
    if activation is relu:
        z[0, 0] = 0.0  # the kink: ReLU'(0) = 0 by the left-hand convention
    grad_y = rng.standard_normal((batch, n_out))
    expected = _layer_backward(grad_y, y_prev, z, W, activation)
    rows = "row" if batch == 1 else "rows"
    label = f"for a batch of {batch} {rows}, W of shape {_shape(W)} and {activation.name}"
    if scale > 1:
        label += f" (z up to ±{_x(np.abs(z).max())})"
    names = ("grad_y_prev", "grad_W", "grad_b")

    def judge(got: Any) -> str | None:
        if not isinstance(got, (tuple, list)) or len(got) != 3:
            return (f"returned {type(got).__name__} {label}; expected a tuple "
                    "(grad_y_prev, grad_W, grad_b)")
        for name, part, want in zip(names, got, expected, strict=True):
            problem = _matrix_problem(part, want, label, name)
            if problem is not None:
                return problem
        return None

    return _Case(label, (grad_y, y_prev, z, W, activation), judge)


def layer_backward(fn: Callable[..., tuple[np.ndarray, np.ndarray, np.ndarray]]) -> Verdict:
    """Check ``fn(grad_y, y_prev, z, W, activation)`` -> ``(grad_y_prev, grad_W, grad_b)``,
    one layer's backward pass with one example per row: delta = grad_y * f'(z),
    grad_W = y_prev.T @ delta, grad_b = delta summed over the batch, grad_y_prev =
    delta @ W.T. ``activation`` is an nnh activation (use ``activation.derivative(z)``).
    Inputs include rectangular and square W (a wrong transpose shows), ReLU's kink at
    z = 0 and a saturated sigmoid with z near ±1000."""
    rng = np.random.default_rng(11)
    cases = [
        _backward_case(rng, 1, 3, 2, _sigmoid),
        _backward_case(rng, 4, 3, 3, tanh),
        _backward_case(rng, 5, 4, 2, relu),
        _backward_case(rng, 3, 2, 4, leaky_relu),
        _backward_case(rng, 3, 2, 3, _sigmoid, scale=400.0),
    ]
    return _run("layer_backward", fn, ("grad_y", "y_prev", "z", "W", "activation"), cases)


# --- universal approximation: a ramp from two ReLU units ----------------------------------------

def _ramp(x: np.ndarray, start: float, end: float) -> np.ndarray:
    """The reference, written independently of ReLUs: clip((x - start) / (end - start), 0, 1)."""
    return np.clip((x - start) / (end - start), 0.0, 1.0)


def relu_ramp(fn: Callable[[np.ndarray, float, float], np.ndarray]) -> Verdict:
    """Check ``fn(x, start, end)``: 0 for x <= start, rising linearly to 1 at x = end, 1
    after, built from two ReLU units (relu(x - start) - relu(x - end)) / (end - start).
    Ramps of width 1, 5 and 0.001, the knots themselves, x = ±1e6 and a 2-D x."""
    settings = [
        (np.linspace(-1.0, 2.0, 13), 0.0, 1.0),
        (np.linspace(-4.0, 5.0, 19), -2.0, 3.0),
        (np.array([0.5, 2.5]), 0.5, 2.5),
        (np.array([-1e6, 1e6]), 0.0, 1.0),
        (np.array([-1.0, 5e-4, 1.0]), 0.0, 1e-3),
        (np.linspace(-2.0, 2.0, 6).reshape(2, 3), -1.0, 1.0),
    ]
    cases = []
    for x, start, end in settings:
        shown = f"x = {_array(x, _x)}" if x.size <= 3 else f"x from {_x(x.min())} to {_x(x.max())}"
        others = f"start = {_x(start)}, end = {_x(end)}"
        label = f"for {shown}, {others}"
        judge = _elementwise_judge(x, _ramp(x, start, end), label, others=others)
        cases.append(_Case(label, (x, start, end), judge))
    return _run("relu_ramp", fn, ("x", "start", "end"), cases)


# --- softmax that does not overflow -------------------------------------------------------------

def stable_softmax(fn: Callable[[np.ndarray], np.ndarray]) -> Verdict:
    """Check ``fn(x)``: softmax along the last axis (each row of a batch separately) that
    never overflows: logits of ±1000, rows that need their own shift, float32 kept."""
    inputs = [
        np.array([1.0, 2.0, 3.0]),
        np.zeros(4),
        np.array([1000.0, 0.0, -1000.0]),
        np.array([-1000.0, -1000.0]),
        np.array([[1.0, 2.0, 3.0], [3.0, 2.0, 1.0]]),
        np.array([[1000.0, 999.0], [0.0, -1.0]]),
        np.array([100.0, 0.0, -100.0], dtype=np.float32),
    ]
    cases = []
    for x in inputs:
        kind = "float32 " if x.dtype == np.float32 else ""
        label = f"for {kind}x = {_array(x, _x)}"
        cases.append(_Case(label, (x,), _rows_judge(x, softmax(x, axis=-1), label)))
    return _run("stable_softmax", fn, ("x",), cases)


# --- initialisation: the standard deviations of Glorot and He ------------------------------------

__all__ += ["init_std", "sigmoid_cross_entropy", "tower"]


def _std_reference(fan_in: int, fan_out: int, rule: str) -> float:
    """Written out from the derivation, independently of nnh.network.INITIALISATIONS."""
    return math.sqrt(2.0 / (fan_in + fan_out)) if rule == "glorot" else math.sqrt(2.0 / fan_in)


def _scalar_judge(expected: float, label: str) -> Callable[[Any], str | None]:
    def judge(got: Any) -> str | None:
        arr, problem = _as_numbers(got, label, "a number")
        if arr is None:
            return problem
        if arr.size != 1:
            return f"returned an array of shape {arr.shape} {label}; expected one number"
        if not _close(arr.reshape(()), np.array(expected)):
            return f"wrong {label}: {_pair(arr.item(), expected)}"
        return None

    return judge


def init_std(fn: Callable[[int, int, str], float]) -> Verdict:
    """Check ``fn(fan_in, fan_out, rule)``: the standard deviation of the normal distribution
    the weights are drawn from, ``rule`` being ``"glorot"`` (variance 2 / (fan_in + fan_out))
    or ``"he"`` (variance 2 / fan_in). Square and rectangular layers, a layer of one unit and
    integer fans (no integer division)."""
    settings = [(64, 64, "glorot"), (64, 64, "he"), (3, 5, "glorot"), (3, 5, "he"),
                (784, 10, "glorot"), (784, 10, "he"), (1, 1, "glorot"), (1, 1, "he"),
                (10, 784, "he")]
    cases = []
    for fan_in, fan_out, rule in settings:
        label = f"for fan_in = {fan_in}, fan_out = {fan_out}, rule = {rule!r}"
        cases.append(_Case(label, (fan_in, fan_out, rule),
                           _scalar_judge(_std_reference(fan_in, fan_out, rule), label)))
    return _run("init_std", fn, ("fan_in", "fan_out", "rule"), cases)


# --- binary cross-entropy from logits ---------------------------------------------------------

def _bce_reference(z: np.ndarray, t: np.ndarray) -> np.ndarray:
    """-t log sigma(z) - (1 - t) log(1 - sigma(z)), as t softplus(-z) + (1 - t) softplus(z)."""
    return t * np.logaddexp(0.0, -z) + (1 - t) * np.logaddexp(0.0, z)


def _pairwise_judge(z: np.ndarray, t: np.ndarray, label: str) -> Callable[[Any], str | None]:
    expected = _bce_reference(z, t)

    def judge(got: Any) -> str | None:
        arr, problem = _as_numbers(got, label)
        if arr is None:
            return problem
        problem = _shape_problem(arr, expected, label, "")
        if problem is not None:
            return problem
        bad = np.flatnonzero(~_close(arr, expected))
        if bad.size:
            k = bad[0]
            return (f"wrong at z = {_x(z.flat[k])}, t = {_x(t.flat[k])}: "
                    f"{_pair(arr.flat[k], expected.flat[k])}")
        return None

    return judge


def sigmoid_cross_entropy(fn: Callable[[np.ndarray, np.ndarray], np.ndarray]) -> Verdict:
    """Check ``fn(z, t)``: the binary cross-entropy -t log σ(z) - (1 - t) log(1 - σ(z)) of
    logits ``z`` and targets ``t`` (arrays of one shape), entry by entry and never
    overflowing: logits of ±40 and ±1000, where σ(z) rounds to 0 or 1, targets 0, 1 and 0.3."""
    grid = np.linspace(-6.0, 6.0, 13)
    settings = [
        (grid, np.zeros_like(grid), "for z from -6 to 6, t = 0"),
        (grid, np.ones_like(grid), "for z from -6 to 6, t = 1"),
        (grid, np.full_like(grid, 0.3), "for z from -6 to 6, t = 0.3"),
    ]
    for value in (40.0, -40.0, 1000.0, -1000.0):
        for target in (0.0, 1.0):
            settings.append((np.array([value]), np.array([target]),
                             f"at z = {_x(value)}, t = {_x(target)}"))
    batch = np.linspace(-3.0, 3.0, 6).reshape(2, 3)
    settings.append((batch, (batch > 0).astype(float), "for z of shape (2, 3)"))
    cases = [_Case(label, (z, t), _pairwise_judge(z, t, label)) for z, t, label in settings]
    return _run("sigmoid_cross_entropy", fn, ("z", "t"), cases)


# --- a tower from four steep units --------------------------------------------------------------

def _tower_reference(x1: np.ndarray, x2: np.ndarray, rectangle: Any, steepness: float,
                     gain: float) -> np.ndarray:
    """sigma(g (bump_1 + bump_2 - 1.5)), written with scipy-free logistic functions."""
    def logistic(t: np.ndarray) -> np.ndarray:
        return np.exp(-np.logaddexp(0.0, -t))

    (a1, b1), (a2, b2) = rectangle
    bumps = (logistic(steepness * (x1 - a1)) - logistic(steepness * (x1 - b1))
             + logistic(steepness * (x2 - a2)) - logistic(steepness * (x2 - b2)))
    return logistic(gain * (bumps - 1.5))


def tower(fn: Callable[..., np.ndarray]) -> Verdict:
    """Check ``fn(x1, x2, rectangle, steepness, gain)``: the tower
    σ(gain · (bump₁(x1) + bump₂(x2) − 1.5)) on ``rectangle = ((a1, b1), (a2, b2))``, with
    bumpᵢ(t) = σ(s (t − aᵢ)) − σ(s (t − bᵢ)) and s = ``steepness``. Points inside, on the
    strips, outside and on a grid; steep walls (s = 1000) without overflow."""
    g = np.linspace(0.0, 1.0, 6)
    X1, X2 = np.meshgrid(g, g)
    settings = [
        (np.array([0.5]), np.array([0.4]), ((0.3, 0.7), (0.2, 0.6)), 100.0, 10.0, "inside"),
        (np.array([0.5]), np.array([0.9]), ((0.3, 0.7), (0.2, 0.6)), 100.0, 10.0, "on a strip"),
        (np.array([0.1]), np.array([0.9]), ((0.3, 0.7), (0.2, 0.6)), 100.0, 10.0, "outside"),
        (X1, X2, ((0.2, 0.6), (0.4, 0.8)), 20.0, 5.0, "on a 6 × 6 grid"),
        (X1, X2, ((0.2, 0.6), (0.4, 0.8)), 1000.0, 50.0, "on a 6 × 6 grid, steepness 1000"),
        (np.array([0.25, 0.75]), np.array([0.5, 0.5]), ((0.0, 0.5), (0.0, 1.0)), 50.0, 10.0,
         "at two points"),
    ]
    cases = []
    for x1, x2, rect, s, gain, where in settings:
        label = f"{where}, rectangle {rect}, steepness {_x(s)}, gain {_x(gain)}"
        expected = _tower_reference(x1, x2, rect, s, gain)
        cases.append(_Case(label, (x1, x2, rect, s, gain), _matrix_judge(expected, label)))
    return _run("tower", fn, ("x1", "x2", "rectangle", "steepness", "gain"), cases)


# --- cross-entropy of one example from its logits --------------------------------------------

__all__ += ["cross_entropy", "knots_inside"]


def cross_entropy(fn: Callable[[np.ndarray, int], float]) -> Verdict:
    """Check ``fn(z, k)``: the cross-entropy −log pₖ of the 1-D logits ``z`` when the class
    with NumPy index ``k`` is the correct one, pₖ = e^{zₖ} / Σⱼ e^{zⱼ}. Ordinary logits, logits
    of 800 and ±1000 (where e^z overflows and pₖ rounds to 0), equal logits and a logit of
    −inf, which removes its class."""
    settings = [((2.0, -1.0, 0.5), 0), ((2.0, -1.0, 0.5), 1), ((2.0, -1.0, 0.5), 2),
                ((3.0, 3.0, 3.0, 3.0), 2), ((800.0, 0.0), 1), ((800.0, 0.0), 0),
                ((800.0, 799.0), 1), ((-1000.0, 1000.0, 0.0), 0), ((0.0, -math.inf), 0)]
    cases = []
    for logits, k in settings:
        z = np.array(logits)
        label = f"for z = ({', '.join(map(_x, z))}), k = {k}"
        # written out with NumPy's log-add-exp, independently of nnh.softmax_cross_entropy
        cases.append(_Case(label, (z, k), _scalar_judge(float(np.logaddexp.reduce(z) - z[k]),
                                                        label)))
    return _run("cross_entropy", fn, ("z", "k"), cases)


# --- where the units of a one-input ReLU layer bend --------------------------------------------

def _knots_reference(w: np.ndarray, b: np.ndarray, interval: tuple[float, float]) -> np.ndarray:
    lo, hi = interval
    knots = [-bj / wj for wj, bj in zip(w.tolist(), b.tolist(), strict=True) if wj != 0]
    return np.array(sorted(k for k in knots if lo < k < hi), dtype=np.float64)


def _knots_judge(expected: np.ndarray, label: str) -> Callable[[Any], str | None]:
    def judge(got: Any) -> str | None:
        arr, problem = _as_numbers(got, label)
        if arr is None:
            return problem
        arr = arr.reshape(-1) if arr.ndim <= 1 else arr
        if arr.shape != expected.shape:
            return (f"returned {arr.size} knots {label}, expected {expected.size}: "
                    f"{_array(expected)}")
        if not _close(arr, expected).all():
            return f"wrong {label}: got {_array(arr)}, expected {_array(expected)} (in rising order)"
        return None

    return judge


def knots_inside(fn: Callable[[np.ndarray, np.ndarray, tuple[float, float]], np.ndarray]) -> Verdict:
    """Check ``fn(w, b, interval)``: the knots x = −bⱼ / wⱼ of the units ReLU(x wⱼ + bⱼ) of a
    one-input layer (1-D ``w`` and ``b``) that lie strictly inside ``interval = (lo, hi)``,
    in rising order. A unit with wⱼ = 0 never bends (and dividing by it makes NumPy warn);
    a knot at an end of the interval bends nothing inside it."""
    two_pi = 2 * math.pi
    settings = [
        ((1.0, 2.0, -1.0), (-1.0, -1.0, 2.0), (0.0, 3.0), "three units"),
        ((1.0, -2.0), (-5.0, 1.0), (0.0, 3.0), "one knot outside"),
        ((0.0, 1.0), (1.0, -1.0), (0.0, 3.0), "a unit with w = 0"),
        ((1.0, 1.0, 1.0), (0.0, -two_pi, -1.0), (0.0, two_pi), "knots at the ends"),
        ((2.0, -3.0), (10.0, -30.0), (0.0, 1.0), "no knot inside"),
        ((0.5, -0.25, 4.0, -1.0, 2.0, 0.0), (-1.0, 0.5, -2.0, 4.0, -7.0, 3.0), (0.0, two_pi),
         "six units"),
    ]
    cases = []
    for w, b, interval, what in settings:
        w_arr, b_arr = np.array(w), np.array(b)
        label = f"for {what}, w = {_array(w_arr, _x)}, b = {_array(b_arr, _x)}"
        cases.append(_Case(label, (w_arr, b_arr, interval),
                           _knots_judge(_knots_reference(w_arr, b_arr, interval), label)))
    return _run("knots_inside", fn, ("w", "b", "interval"), cases)
