"""nnh at its edges (issue 18): values that used to become 0 or NaN, arguments that used to be
ignored, data that used to pass silently. Every expected value comes from an independent
reference: mpmath at 50 digits, exact rationals, closed forms or central differences."""

from __future__ import annotations

import warnings
from fractions import Fraction

import mpmath
import numpy as np
import pytest
from references import log_softmax_of_shifted

import nnh
from nnh.losses import mse, softmax_cross_entropy
from nnh.network import MLP, layer_backward, train

mpmath.mp.dps = 50


@pytest.fixture
def strict():
    """Every NumPy floating-point event raises, and every warning is an error."""
    with warnings.catch_warnings(), np.errstate(all="raise"):
        warnings.simplefilter("error")
        yield


def mp_norm(a: np.ndarray) -> float:
    """The Frobenius norm of the exact float values, at 50 digits, rounded once."""
    return float(mpmath.sqrt(mpmath.fsum(mpmath.mpf(float(v)) ** 2 for v in np.ravel(a))))


def mp_log_softmax(x, temperature=1.0) -> list:
    """log softmax at 50 digits, of the exact float inputs (far beyond float range)."""
    # x - max x exactly (two doubles far apart need ~2100 bits), then divided by T
    top = mpmath.mpf(float(np.max(x)))
    z = [mpmath.fsub(mpmath.mpf(float(v)), top, exact=True) / mpmath.mpf(temperature) for v in x]
    return log_softmax_of_shifted(z)


def rounded(values: list, dtype) -> np.ndarray:
    """50-digit values rounded once to ``dtype`` (to 0 or inf where they are out of range)."""
    with np.errstate(under="ignore", over="ignore"):
        return np.array([float(v) for v in values]).astype(dtype)


# --- Gradients.error_norms: a scaled norm, no underflow ---------------------------------------

def test_error_norm_of_one_saturated_unit_is_its_bias_gradient():
    # One unit, z = 500: dL/dz = 2 (sigma(500) - 0) sigma'(500) ~ 1.4e-217, far below 1e-154.
    net = MLP([1, 1], ["sigmoid"])
    net.weights[0][:] = 1.0
    net.biases[0][:] = 500.0
    _, grads = net.gradients(np.zeros((1, 1)), np.zeros((1, 1)), "mse")
    s = lambda v: 1 / (1 + mpmath.exp(-v))  # noqa: E731
    exact = float(2 * s(500) * s(500) * s(-500))
    assert grads.biases[0][0] == pytest.approx(exact, rel=1e-14, abs=0)
    assert grads.error_norms[0] == pytest.approx(exact, rel=1e-14, abs=0)


def test_error_norms_of_a_300_layer_sigmoid_network_do_not_underflow():
    net = MLP([8] * 301, "sigmoid", init="glorot", seed=0)
    x = np.random.default_rng(0).standard_normal((1, 8))
    _, grads = net.gradients(x, np.zeros((1, 8)), "mse")
    # One example: dL/db_(l) is dL/dz_(l) itself, so its 50-digit norm is the reference.
    expected = np.array([mp_norm(b) for b in grads.biases])
    assert expected.min() < 1e-190  # deep in the range where squaring underflows
    np.testing.assert_allclose(grads.error_norms, expected, rtol=1e-14, atol=0)


def test_error_norms_of_zero_and_huge_signals():
    net = MLP([2, 2], ["identity"])
    trace = net.forward(np.zeros((2, 2)))
    assert net.backward(trace, np.zeros((2, 2))).error_norms[0] == 0.0
    huge = np.full((2, 2), 1e300)  # squares overflow: the scaled norm does not
    assert net.backward(trace, huge).error_norms[0] == pytest.approx(2e300, rel=1e-15, abs=0)


# --- softmax / log_softmax with a temperature: shift first, then divide -------------------------

TEMPERATURE_CASES = [
    (np.array([1e300, 9e299]), 1e-10),
    (np.array([1000.0, 999.0], dtype=np.float16), 0.01),
    (np.array([0.0, 1.0], dtype=np.float32), 1e-50),
    (np.array([1.7e308, -1.7e308]), 1e306),   # x - max overflows, (x - max) / T does not
    (np.array([3.0, 1.0, -2.0], dtype=np.float32), 1e30),
    (np.array([1.0, 2.0, 3.0]), 5e-324),
]


@pytest.mark.parametrize(("x", "temperature"), TEMPERATURE_CASES,
                         ids=[f"{x.dtype}-{t:g}" for x, t in TEMPERATURE_CASES])
def test_softmax_with_temperature_matches_mpmath(strict, x, temperature):
    s = nnh.softmax(x, temperature=temperature)
    log_s = nnh.log_softmax(x, temperature=temperature)
    assert s.dtype == x.dtype and log_s.dtype == x.dtype
    exact_log = mp_log_softmax(x, temperature)
    eps = np.finfo(x.dtype).eps
    # exp turns an absolute error of log s into a relative one: allow 4 eps (1 + |log s|)
    expected = rounded([mpmath.exp(v) for v in exact_log], x.dtype)
    log_s_exact = rounded(exact_log, np.float64)
    allowed = np.where(expected > 0, 4 * eps * (1 + np.abs(np.maximum(log_s_exact, -1e300))), 0)
    allowed = allowed * expected
    assert np.all(np.abs(s.astype(np.float64) - expected) <= allowed), (s, expected)
    # log s of the top class is minus the others' share: the rounding of their logits
    # (|z| eps each, from x - max and / T) becomes a relative error of up to |z| eps there.
    top = int(np.argmax(x))
    others = [abs(float(v)) for i, v in enumerate(exact_log) if i != top and abs(float(v)) < 1e300]
    rtol = np.full(x.shape, 4 * float(eps))  # float64: 1 + |z| can exceed float32
    rtol[top] = 4 * float(eps) * (1 + max(others, default=0.0))
    want = rounded(exact_log, x.dtype)
    with np.errstate(all="ignore"):  # -inf log-probabilities compare by equality
        got, want = log_s.astype(np.float64), want.astype(np.float64)
        close = (got == want) | (np.abs(got - want) <= rtol * np.abs(want))
    assert np.all(close), (log_s, want, rtol)


def test_the_issues_three_temperature_examples(strict):
    np.testing.assert_array_equal(nnh.softmax([1e300, 9e299], temperature=1e-10), [1.0, 0.0])
    np.testing.assert_array_equal(
        nnh.softmax(np.array([1000, 999], dtype=np.float16), temperature=0.01), [1.0, 0.0])
    np.testing.assert_array_equal(
        nnh.softmax(np.array([0, 1], dtype=np.float32), temperature=1e-50), [0.0, 1.0])


# --- softmax_cross_entropy: masked classes, huge logits, soft targets --------------------------

def test_cross_entropy_with_a_masked_class_is_quiet_and_exact(strict):
    logits = np.array([[0.0, -np.inf, np.log(3.0)]])
    value = softmax_cross_entropy(logits, [2])
    assert value == pytest.approx(float(mpmath.log(mpmath.mpf(4) / 3)), rel=1e-15, abs=0)
    grad = softmax_cross_entropy.gradient(logits, [2])
    np.testing.assert_allclose(grad, [[0.25, 0.0, -0.25]], rtol=1e-15, atol=0)


@pytest.mark.parametrize("label", [0, 1])
def test_cross_entropy_at_the_largest_floats_is_quiet(strict, label):
    logits = np.array([[1.7e308, -1.7e308]])
    value = softmax_cross_entropy(logits, [label])
    # exact: 0 for the right class, 3.4e308 (beyond float64, so inf) for the wrong one
    assert value == (0.0 if label == 0 else np.inf)
    np.testing.assert_array_equal(softmax_cross_entropy.gradient(logits, [label]),
                                  [[0.0, 0.0]] if label == 0 else [[1.0, -1.0]])


def test_soft_targets_that_do_not_sum_to_one_are_refused():
    for call in (softmax_cross_entropy, softmax_cross_entropy.gradient):
        with pytest.raises(ValueError, match=r"argument 'target' must have rows that sum to 1.*"
                                             r"row 0 sums to 2"):
            call(np.zeros((1, 2)), [[1.0, 1.0]])
        with pytest.raises(ValueError, match=r"argument 'target' must hold probabilities \(>= 0\)"):
            call(np.zeros((1, 2)), [[1.5, -0.5]])


def test_soft_targets_gradient_matches_finite_differences():
    rng = np.random.default_rng(4)
    logits = rng.standard_normal((3, 10))
    # rows that sum to 1 only up to rounding: 0.7 + 0.2 + 0.1, and a float32 row
    target = np.array([[0.7, 0.2, 0.1] + [0.0] * 7, rng.dirichlet(np.ones(10)),
                       rng.dirichlet(np.ones(10)).astype(np.float32)])
    assert target[0].sum() != 1.0
    grad = softmax_cross_entropy.gradient(logits, target)
    h = 1e-6
    numeric = np.empty_like(logits)
    for index in np.ndindex(logits.shape):
        step = np.zeros_like(logits)
        step[index] = h
        numeric[index] = (softmax_cross_entropy(logits + step, target)
                          - softmax_cross_entropy(logits - step, target)) / (2 * h)
    np.testing.assert_allclose(grad, numeric, atol=1e-9)


def test_the_general_gradient_is_p_times_mass_minus_y():
    # Exact rationals: logits [0, 0] give p = [1/2, 1/2]; a row summing to 1 - 2**-52
    # (within rounding) has gradient p (1 - 2**-52) - y, not p - y.
    y = [Fraction(1, 2), Fraction(1, 2) - Fraction(1, 2**52)]
    expected = [[float(Fraction(1, 2) * sum(y) - v) for v in y]]
    grad = softmax_cross_entropy.gradient(np.zeros((1, 2)), [[float(v) for v in y]])
    np.testing.assert_array_equal(grad, expected)


# --- MLP(sizes, [per-layer list], output=...) -------------------------------------------------

def test_output_is_applied_after_one_hidden_activation():
    net = MLP([2, 3, 1], "tanh", output="sigmoid")
    assert [a.name for a in net.activations] == ["tanh", "sigmoid"]
    assert [a.name for a in MLP([2, 3, 1], "tanh").activations] == ["tanh", "identity"]


@pytest.mark.parametrize("output", ["sigmoid", "identity", nnh.relu])
def test_output_with_a_per_layer_list_is_refused(output):
    with pytest.raises(ValueError, match=r"argument 'output' cannot be combined with a list"):
        MLP([2, 3, 1], ["tanh", "tanh"], output=output)


def test_output_name_is_validated_with_a_list_too():
    with pytest.raises(ValueError, match=r"argument 'output' must be an nnh activation.*"
                                         r"'no-such-activation'"):
        MLP([2, 3, 1], ["tanh", "tanh"], output="no-such-activation")
    assert [a.name for a in MLP([2, 3, 1], ["relu", "tanh"]).activations] == ["relu", "tanh"]


# --- nnh.network.layer_backward checks its arguments ------------------------------------------

def good_layer():
    rng = np.random.default_rng(0)
    return {"grad_y": rng.standard_normal((5, 2)), "y_prev": rng.standard_normal((5, 3)),
            "z": rng.standard_normal((5, 2)), "W": rng.standard_normal((3, 2)),
            "activation": "tanh"}


@pytest.mark.parametrize(("name", "value", "error", "pattern"), [
    ("W", np.ones((4, 2)), ValueError, r"argument 'W' must have one row per column of y_prev "
                                       r"\(3 rows .*got shape \(4, 2\)"),
    ("z", np.ones((5, 3)), ValueError, r"argument 'z' must have shape \(5, 2\).*got shape \(5, 3\)"),
    ("grad_y", np.ones((4, 2)), ValueError, r"argument 'grad_y' must have shape \(5, 2\)"),
    ("z", np.ones(2), ValueError, r"argument 'z' must be 2-D"),
    ("y_prev", "abc", TypeError, r"argument 'y_prev' must be a real number"),
    ("W", [[1, "a"]], TypeError, r"argument 'W' must be a real"),
    ("grad_y", np.full((5, 2), np.nan), ValueError, r"argument 'grad_y' must be finite"),
    ("z", np.full((5, 2), np.nan), ValueError, r"argument 'z' must hold no NaN"),
    ("activation", "sigmoidal", ValueError, r"argument 'activation'"),
])
def test_layer_backward_names_the_argument(name, value, error, pattern):
    args = good_layer()
    args[name] = value
    with pytest.raises(error, match=r"nnh\.network\.layer_backward: " + pattern):
        layer_backward(**args)


def test_layer_backward_accepts_a_saturated_z():
    args = good_layer()
    args["z"][0, 0] = np.inf
    grad_y_prev, grad_W, grad_b = layer_backward(**args)
    assert grad_W.shape == (3, 2) and grad_b.shape == (2,) and grad_y_prev.shape == (5, 3)
    assert np.isfinite(grad_W).all()


# --- NaN and inf data are refused ------------------------------------------------------------

NAN_X = np.array([[0.0, 1.0], [np.nan, 2.0]])


@pytest.mark.parametrize(("call", "pattern"), [
    (lambda: MLP([2, 3, 1]).forward(NAN_X), r"nnh\.MLP\.forward: argument 'x' must be finite "
                                            r"\(no NaN or inf\), got nan at index \(1, 0\)"),
    (lambda: MLP([2, 3, 1])(np.array([[np.inf, 0.0]])), r"argument 'x' must be finite.*got inf"),
    (lambda: MLP([2, 3, 1]).backward(MLP([2, 3, 1]).forward(np.ones((2, 2))),
                                     np.array([[1.0], [np.nan]])),
     r"nnh\.MLP\.backward: argument 'grad_output' must be finite"),
    (lambda: mse(NAN_X, np.ones((2, 2))), r"nnh\.losses\.mse: argument 'output' must be finite"),
    (lambda: mse.gradient(np.ones((2, 2)), NAN_X), r"mse\.gradient: argument 'target' must be finite"),
    (lambda: softmax_cross_entropy(NAN_X, [0, 1]), r"argument 'output' must hold no NaN or \+inf"),
    (lambda: softmax_cross_entropy(np.array([[np.inf, 0.0]]), [0]), r"argument 'output' must hold "
                                                                    r"no NaN or \+inf, got inf"),
    (lambda: softmax_cross_entropy(np.array([[-np.inf, -np.inf]]), [0]),
     r"argument 'output' must have a finite logit in every row .* row 0 is all -inf"),
    (lambda: softmax_cross_entropy(np.zeros((1, 2)), [[np.nan, 1.0]]),
     r"argument 'target' must be finite"),
    (lambda: train(MLP([2, 3, 1]), NAN_X, np.ones((2, 1)), epochs=3),
     r"nnh\.train: argument 'x' must be finite"),
    (lambda: train(MLP([2, 3, 1]), np.ones((2, 2)), np.array([[1.0], [np.inf]]), epochs=3),
     r"argument 'target' must be finite"),
])
def test_nan_and_inf_data_are_refused(call, pattern):
    with pytest.raises(ValueError, match=pattern):
        call()


def test_train_leaves_the_weights_alone_when_it_refuses_data():
    net = MLP([2, 3, 1], "tanh")
    before = [w.copy() for w in net.weights]
    with pytest.raises(ValueError, match="argument 'x'"):
        train(net, NAN_X, np.ones((2, 1)), epochs=3)
    assert all(np.array_equal(a, b) for a, b in zip(before, net.weights, strict=True))


def test_diverging_training_stops_with_a_message_not_a_curve_of_nan():
    x = np.linspace(-3, 3, 20)[:, None]
    with pytest.raises(ValueError, match=r"nnh\.train: training diverged after \d+ epoch\(s\).*"
                                         r"smaller argument 'learning_rate' \(got 1e\+06\)"):
        train(MLP([1, 8, 1], "relu", init="he"), x, 3 * x, learning_rate=1e6, epochs=50)


# --- ReluApproximation at large finite x ------------------------------------------------------

def test_relu_approximation_with_steep_segments_at_huge_x(strict):
    # A zigzag with slopes 400, -400, 400 and a last segment of slope 1/2: its units have
    # weights of both signs near 800, so summing them at x = 1e308 gave inf - inf = NaN.
    values = {Fraction(0): Fraction(0), Fraction(1, 4): Fraction(100), Fraction(1, 2): Fraction(0),
              Fraction(3, 4): Fraction(100), Fraction(1): Fraction(801, 8)}
    nodes = np.array([float(k) for k in values])
    approx = nnh.relu_approximation(lambda x: np.interp(x, nodes, [float(v) for v in values.values()]),
                                    (0.0, 1.0), 4)
    assert np.abs(approx.output_weights).max() >= 800
    x = np.array([1e308, 1.7976931348623157e308, -1e308, 3.0])
    # the last segment's line through (3/4, 100) and (1, 100.125), in exact rationals
    line = lambda t: Fraction(801, 8) + Fraction(1, 2) * (Fraction(t) - 1)  # noqa: E731
    expected = [float(line(x[0])), float(line(x[1])), 0.0, float(line(x[3]))]
    np.testing.assert_allclose(approx(x), expected, rtol=1e-15, atol=0)
    assert approx(np.inf) == np.inf
    steep = nnh.relu_approximation(lambda t: 1e300 * t, (0.0, 1.0), 2)  # slope 1e300: overflows
    assert steep(1e308) == np.inf and np.isfinite(steep(0.5))
    assert np.isinf(approx.unit_outputs(np.array([1e308]))).any()  # ±inf per unit, quietly
