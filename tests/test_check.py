"""nnh.check: right answers pass, typical wrong answers fail with a message naming the input,
stubs are "not done yet", and nothing the student's code does escapes as a traceback."""

from __future__ import annotations

import dataclasses
from functools import reduce

import numpy as np
import pytest

import nnh
from nnh import check

# --- right answers, written the way a student would (independently of nnh's kernels) -----


def good_sigmoid(x):
    z = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + z), z / (1 + z))


def tanh_sigmoid(x):  # accurate to ~1e-16 absolute, not relative: allowed
    return 0.5 * (1 + np.tanh(x / 2))


def good_sigmoid_derivative(x):
    s = good_sigmoid(x)
    return s * (1 - s)


def good_softmax(x):
    e = np.exp(x - np.max(x, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)


def good_compose(weights):
    return reduce(np.matmul, weights)


def good_fold_bias(W, b):
    return np.vstack([b, W])


def good_ramp(x, start, end):
    return (nnh.relu(x - start) - nnh.relu(x - end)) / (end - start)


def good_backward(grad_y, y_prev, z, W, activation):
    delta = grad_y * activation.derivative(z)
    return delta @ W.T, y_prev.T @ delta, delta.sum(axis=0)


def stub(*args):
    raise NotImplementedError


RIGHT = [
    (check.sigmoid, good_sigmoid, 9),
    (check.sigmoid, tanh_sigmoid, 9),
    (check.sigmoid_derivative, good_sigmoid_derivative, 9),
    (check.stable_softmax, good_softmax, 7),
    (check.compose_linear, good_compose, 4),
    (check.fold_bias, good_fold_bias, 4),
    (check.relu_ramp, good_ramp, 6),
    (check.layer_backward, good_backward, 5),
]
CHECKS = sorted({c for c, _, _ in RIGHT}, key=lambda c: c.__name__)


@pytest.mark.parametrize(("chk", "fn", "n"), RIGHT, ids=lambda v: getattr(v, "__name__", str(v)))
def test_right_answers_pass(chk, fn, n):
    verdict = chk(fn)
    assert (verdict.passed, verdict.done) == (True, True)
    assert repr(verdict) == f"✓ {chk.__name__}: all {n} checks passed"
    assert str(verdict) == repr(verdict)


@pytest.mark.parametrize("chk", CHECKS, ids=lambda c: c.__name__)
def test_stub_is_not_done_yet(chk):
    verdict = chk(stub)
    assert (verdict.passed, verdict.done) == (False, False)
    assert repr(verdict) == (f"… {chk.__name__}: not done yet — the function still raises "
                             "NotImplementedError")


@pytest.mark.parametrize("chk", CHECKS, ids=lambda c: c.__name__)
@pytest.mark.parametrize("bad", [None, 3, np.zeros(3), "sigmoid"])
def test_not_a_function_is_a_type_error_naming_fn(chk, bad):
    with pytest.raises(TypeError, match=rf"nnh\.check\.{chk.__name__}: argument 'fn' must be a function"):
        chk(bad)


def test_calling_the_function_first_gets_a_hint():
    with pytest.raises(TypeError, match="pass the function itself"):
        check.sigmoid(good_sigmoid(np.zeros(3)))


WRONG = [
    # the naive sigmoid: right values, but e^1000 overflows on the way
    (check.sigmoid, lambda x: 1 / (1 + np.exp(-x)),
     "✗ sigmoid: NumPy warned 'overflow encountered in exp' at x = -1000: rewrite it so that "
     "no step overflows (no exponential of a large positive number)"),
    (check.sigmoid, lambda x: np.exp(x) / (1 + np.exp(x)),
     "✗ sigmoid: wrong at x = 1000: got nan, expected 1.0"),
    # np.where evaluates both branches, so this "stable" version still overflows
    (check.sigmoid, lambda x: np.where(x >= 0, 1 / (1 + np.exp(-x)), np.exp(x) / (1 + np.exp(x))),
     "✗ sigmoid: NumPy warned 'overflow encountered in exp' at x = 1000: rewrite it so that "
     "no step overflows (no exponential of a large positive number)"),
    (check.sigmoid, lambda x: 1 / (1 + np.exp(x)),
     "✗ sigmoid: wrong at x = -8: got 0.999665, expected 0.00033535"),
    (check.sigmoid, lambda x: good_sigmoid(np.asarray(x, dtype=float)),
     "✗ sigmoid: wrong dtype for float32 x = [-100, -10, 0, 10, 100]: got float64, expected "
     "float32 (keep the input's dtype)"),
    (check.sigmoid, lambda x: good_sigmoid(x).ravel(),
     "✗ sigmoid: wrong shape for x of shape (3, 4): got (12,), expected (3, 4)"),
    (check.sigmoid_derivative, lambda x: np.exp(-x) / (1 + np.exp(-x)) ** 2,
     "✗ sigmoid_derivative: wrong at x = -1000: got nan, expected 0.0"),
    # s (1 + s) agrees with s (1 - s) to 3 digits at x = -8; it is reported where it is most
    # wrong, relatively: x = 8, where s (1 + s) = 1.99899 and sigma'(8) = 0.000335238 (mpmath)
    (check.sigmoid_derivative, lambda x: good_sigmoid(x) * (1 + good_sigmoid(x)),
     "✗ sigmoid_derivative: wrong at x = 8: got 1.99899, expected 0.000335238"),
    # softmax without the max shift, with a global shift, and summed over the wrong axis
    (check.stable_softmax, lambda x: np.exp(x) / np.sum(np.exp(x), axis=-1, keepdims=True),
     "✗ stable_softmax: wrong for x = [1000, 0, -1000]: got [nan, 0.0, 0.0], "
     "expected [1.0, 0.0, 0.0]"),
    (check.stable_softmax,
     lambda x: np.exp(x - x.max()) / np.sum(np.exp(x - x.max()), axis=-1, keepdims=True),
     "✗ stable_softmax: wrong in row 1 for x = [[1000, 999], [0, -1]]: got [nan, nan], "
     "expected [0.731059, 0.268941]"),
    (check.stable_softmax, lambda x: np.exp(x - x.max()) / np.sum(np.exp(x - x.max())),
     "✗ stable_softmax: wrong in row 0 for x = [[1, 2, 3], [3, 2, 1]]: "
     "got [0.0450153, 0.122364, 0.33262], expected [0.0900306, 0.244728, 0.665241]"),
    (check.compose_linear, lambda ws: reduce(np.matmul, ws[::-1]),
     "✗ compose_linear: wrong entry [0, 0] for two matrices of shapes 2×2, 2×2: "
     "got 1.0, expected 7.0"),
    (check.compose_linear, lambda ws: reduce(np.multiply, ws),
     "✗ compose_linear: wrong entry [0, 0] for two matrices of shapes 2×2, 2×2: "
     "got 1.0, expected 7.0"),
    (check.fold_bias, lambda W, b: np.vstack([W, b]),
     "✗ fold_bias: wrong entry [0, 0] for W of shape 2×2 and b = [10, 20]: got 1.0, expected 10.0"),
    (check.fold_bias, lambda W, b: np.hstack([b[:, None], W]),
     "✗ fold_bias: wrong shape for W of shape 2×2 and b = [10, 20]: got (2, 3), expected (3, 2)"),
    # a ramp that forgets to divide by its width, and one of fixed width 1 (off by one): the
    # message names the failing call's start and end too
    (check.relu_ramp, lambda x, s, e: nnh.relu(x - s) - nnh.relu(x - e),
     "✗ relu_ramp: wrong at x = -1.5, start = -2, end = 3: got 0.5, expected 0.1"),
    (check.relu_ramp, lambda x, s, e: nnh.relu(x - s) - nnh.relu(x - s - 1),
     "✗ relu_ramp: wrong at x = -1.5, start = -2, end = 3: got 0.5, expected 0.1"),
    (check.relu_ramp, lambda x, s, e: (nnh.relu(x - s) - nnh.relu(x - e + 1)) / (e - s),
     "✗ relu_ramp: wrong at x = 0.25, start = 0, end = 1: got 0.0, expected 0.25"),
]


@pytest.mark.parametrize(("chk", "fn", "expected"), WRONG, ids=range(len(WRONG)))
def test_typical_wrong_answers_fail_naming_the_input(chk, fn, expected):
    verdict = chk(fn)
    assert (verdict.passed, verdict.done) == (False, True)
    assert repr(verdict) == expected


def _delta(grad_y, z, activation):
    return grad_y * activation.derivative(z)


BACKWARD_WRONG = [
    (lambda g, y, z, W, a: (_delta(g, z, a) @ W, y.T @ _delta(g, z, a), _delta(g, z, a).sum(0)),
     "raised ValueError for a batch of 1 row, W of shape 3×2 and sigmoid: matmul"),
    (lambda g, y, z, W, a: (_delta(g, z, a) @ W.T, _delta(g, z, a).T @ y, _delta(g, z, a).sum(0)),
     "grad_W: wrong shape for a batch of 1 row, W of shape 3×2 and sigmoid: got (2, 3), "
     "expected (3, 2)"),
    (lambda g, y, z, W, a: (_delta(g, z, a) @ W.T, y.T @ _delta(g, z, a), _delta(g, z, a)),
     "grad_b: wrong shape for a batch of 1 row, W of shape 3×2 and sigmoid: got (1, 2), "
     "expected (2,)"),
    (lambda g, y, z, W, a: (g @ W.T, y.T @ g, g.sum(0)),
     "wrong grad_y_prev[0, 0] for a batch of 1 row, W of shape 3×2 and sigmoid: "),
    (lambda g, y, z, W, a: _delta(g, z, a) @ W.T,
     "returned ndarray for a batch of 1 row, W of shape 3×2 and sigmoid; expected a tuple "
     "(grad_y_prev, grad_W, grad_b)"),
]


@pytest.mark.parametrize(("fn", "expected"), BACKWARD_WRONG, ids=range(len(BACKWARD_WRONG)))
def test_layer_backward_wrong_answers(fn, expected):
    verdict = check.layer_backward(fn)
    assert not verdict.passed and verdict.done
    assert verdict.message.startswith(expected), verdict.message


def test_square_weights_catch_a_transpose_that_fits():
    # W.T @ ... works for square W only by accident: the tanh case (W 3×3) must catch it
    def transposed_for_square(g, y, z, W, a):
        d = _delta(g, z, a)
        prev = d @ W.T if W.shape[0] != W.shape[1] else d @ W
        return prev, y.T @ d, d.sum(0)

    verdict = check.layer_backward(transposed_for_square)
    assert verdict.message.startswith(
        "wrong grad_y_prev[0, 0] for a batch of 4 rows, W of shape 3×3 and tanh: got ")


def test_relu_kink_uses_the_left_derivative():
    def right_derivative_at_kink(g, y, z, W, a):
        d = g * (np.where(z >= 0, 1.0, 0.0) if a is nnh.relu else a.derivative(z))
        return d @ W.T, y.T @ d, d.sum(0)

    verdict = check.layer_backward(right_derivative_at_kink)
    assert verdict.message.startswith("wrong grad_y_prev[0, ")
    assert "for a batch of 5 rows, W of shape 4×2 and relu" in verdict.message


def test_saturated_sigmoid_without_nan():
    def naive_derivative(g, y, z, W, a):
        s = np.exp(-z) / (1 + np.exp(-z)) ** 2 if a is nnh.sigmoid else a.derivative(z)
        d = g * s
        return d @ W.T, y.T @ d, d.sum(0)

    verdict = check.layer_backward(naive_derivative)
    assert not verdict.passed
    assert "W of shape 2×3 and sigmoid (z up to ±" in verdict.message


def test_exceptions_become_verdicts_naming_the_input():
    def breaks_on_big(x):
        if np.abs(x).max() > 100:
            raise OverflowError("math range error")
        return good_sigmoid(x)

    assert repr(check.sigmoid(breaks_on_big)) == (
        "✗ sigmoid: raised OverflowError at x = 1000: math range error")
    assert repr(check.sigmoid(lambda x: 1 / 0)) == (
        "✗ sigmoid: raised ZeroDivisionError for x from -8 to 8: division by zero")
    assert repr(check.relu_ramp(lambda x, s, e: x[20])).startswith(
        "✗ relu_ramp: raised IndexError for x from -1 to 2, start = 0, end = 1: index 20")


def test_missing_return_and_non_numbers():
    assert repr(check.sigmoid(lambda x: None)) == (
        "✗ sigmoid: returned None for x from -8 to 8; expected an array (is a `return` missing?)")
    assert repr(check.fold_bias(lambda W, b: "W~")) == (
        "✗ fold_bias: returned str for W of shape 2×2 and b = [10, 20]; expected a matrix of numbers")


def test_changing_the_input_in_place_is_reported():
    def in_place(x):
        x -= np.max(x, axis=-1, keepdims=True)
        np.exp(x, out=x)
        x /= np.sum(x, axis=-1, keepdims=True)
        return x

    assert repr(check.stable_softmax(in_place)) == (
        "✗ stable_softmax: changed its argument 'x' in place for x = [1, 2, 3]; "
        "work on a copy instead")

    def pops(weights):
        first = weights.pop(0)
        return reduce(np.matmul, weights, first)

    assert "changed its argument 'weights' in place" in check.compose_linear(pops).message


def test_a_stub_that_raises_later_is_still_not_done():
    def half_done(x):
        if np.isinf(x).any():
            raise NotImplementedError("inf")
        return good_sigmoid(x)

    assert check.sigmoid(half_done).message.startswith("not done yet")


def test_no_warning_escapes_and_errstate_is_restored(recwarn):
    before = np.geterr()
    check.sigmoid(lambda x: 1 / (1 + np.exp(-x)))
    check.stable_softmax(lambda x: np.exp(x) / np.exp(x).sum())
    assert np.geterr() == before
    assert not [w for w in recwarn if issubclass(w.category, RuntimeWarning)]


def test_verdict_is_a_frozen_value():
    verdict = check.sigmoid(good_sigmoid)
    assert verdict == check.sigmoid(good_sigmoid)
    with pytest.raises(dataclasses.FrozenInstanceError):
        verdict.passed = False  # type: ignore[misc]


def test_check_is_reachable_from_the_package():
    assert nnh.check is check
    assert "check" in nnh.__all__


def test_the_reported_input_has_the_largest_relative_error():
    # Wrong by 1 % for x <= 0 and by 50 % at x = 3: x = 3 is named, not the first (x = -8).
    def skewed(x):
        out = good_sigmoid(x) * np.where(x <= 0, 1.01, 1.0)
        return np.where(x == 3, 1.5 * good_sigmoid(x), out)

    verdict = check.sigmoid(skewed)
    assert verdict.message.startswith("wrong at x = 3: got "), verdict
    # 0 where sigma(-8) = 0.00033535 is expected: wrong by 100 %, more than the 50 % at x = 3.
    verdict = check.sigmoid(lambda x: np.where(x == 3, 1.5, 1.0) * good_sigmoid(x) * (x != -8))
    assert verdict.message == "wrong at x = -8: got 0.0, expected 0.00033535", verdict
