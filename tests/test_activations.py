"""nnh's activations against independent references: mpmath, closed forms, scipy, finite
differences; plus their numerics on the whole real line and their dtype rules."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import scipy.special as sc
from references import DERIVATIVES, FUNCTIONS, reference

import nnh

NAMES = list(nnh.ACTIVATIONS)
# Wide grid: dense in the middle, reaching far into both tails.
WIDE = np.concatenate([-np.logspace(-8, 2.85, 300), [0.0], np.logspace(-8, 2.85, 300)])
EXTREME = np.array([-np.inf, -1e300, -1e154, -1e3, -745.0, -710.0, 710.0, 1e3, 1e154, 1e300, np.inf])
# Tolerances in ulps, the same for every activation, GELU's left tail included (the
# reference is evaluated at the exact float input, so Phi's x^2 condition number is no excuse
# for an algorithm that rounds -x/sqrt 2 before erfc).
FUNCTION_ULPS = 8
DERIVATIVE_ULPS = 16
GELU_DERIVATIVE_ULPS_NEAR_ROOT = 48  # Phi(x) + x phi(x) cancels near its root at x = -0.75


def ulp_error(actual: np.ndarray, expected: np.ndarray) -> np.ndarray:
    """Error in units of the last place of the expected value (0 where both are equal)."""
    scale = np.spacing(np.abs(expected))
    with np.errstate(invalid="ignore"):
        err = np.abs(actual - expected) / scale
    return np.where(actual == expected, 0.0, err)


def test_registry_order_and_metadata():
    assert NAMES == ["sigmoid", "tanh", "relu", "leaky_relu", "identity", "elu", "softplus",
                     "gelu", "silu"]
    for act in nnh.ACTIVATIONS.values():
        assert isinstance(act, nnh.Activation)
        assert act.formula and act.derivative_formula and act.range_latex and act.use
        lo, hi = act.output_range
        assert lo < hi
        for latex in (act.formula, act.derivative_formula, act.range_latex):
            assert balanced_braces(latex), f"{act.name}: unbalanced braces in {latex!r}"


def balanced_braces(latex: str) -> bool:
    """True when every { in a LaTeX string is closed by a later } (escaped \\{ \\} ignored)."""
    depth = 0
    for char in latex.replace(r"\{", "").replace(r"\}", ""):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def test_balanced_braces_catches_a_typo():
    assert balanced_braces(r"\frac{1}{1 + e^{-x}}")
    assert not balanced_braces(r"\frac{1}{1 + e^{-x}")
    assert not balanced_braces(r"\frac}1{")


@pytest.mark.parametrize("name", NAMES)
def test_function_matches_mpmath_to_a_few_ulps(name):
    act = nnh.ACTIVATIONS[name]
    expected = reference(FUNCTIONS, name, WIDE)
    err = ulp_error(act(WIDE), expected)
    # Tiny results may be subnormal or 0 in float64; compare those absolutely.
    tiny = np.abs(expected) < 1e-300
    bad = ~tiny & (err > FUNCTION_ULPS)
    assert not bad.any(), f"{name}: {err[bad].max():.1f} ulp at x = {WIDE[bad][0]}"
    assert np.all(np.abs(act(WIDE)[tiny] - expected[tiny]) <= 1e-300)


@pytest.mark.parametrize("name", NAMES)
def test_derivative_matches_mpmath_to_a_few_ulps(name):
    act = nnh.ACTIVATIONS[name]
    x = WIDE[WIDE != 0]  # the kink's convention is tested on its own
    expected = reference(DERIVATIVES, name, x)
    err = ulp_error(act.derivative(x), expected)
    tiny = np.abs(expected) < 1e-300
    # silu' and gelu' cross zero: near a root only absolute accuracy is meaningful.
    near_root = np.abs(expected) < 1e-6 * np.maximum(1.0, np.abs(x)) if name in ("gelu", "silu") \
        else np.zeros_like(tiny)
    ok = ~tiny & ~near_root
    allowed = np.full(x.shape, float(DERIVATIVE_ULPS))
    if name == "gelu":
        allowed[np.abs(x) < 2] = GELU_DERIVATIVE_ULPS_NEAR_ROOT
    bad = ok & (err > allowed)
    assert not bad.any(), f"{name}': {err[bad].max():.1f} ulp at x = {x[bad][0]}"
    assert np.all(np.abs(act.derivative(x)[~ok] - expected[~ok]) <= 1e-15)


@pytest.mark.parametrize("name", NAMES)
def test_derivative_matches_central_differences(name):
    act = nnh.ACTIVATIONS[name]
    x = np.linspace(-6, 6, 241)
    x = x[np.abs(x) > 1e-3]  # away from the kink at 0
    h = 1e-6
    numeric = (act(x + h) - act(x - h)) / (2 * h)
    np.testing.assert_allclose(act.derivative(x), numeric, rtol=1e-6, atol=1e-8)


def test_closed_forms():
    x = np.linspace(-15, 15, 3001)
    s = nnh.sigmoid(x)
    central = np.abs(x) < 5  # where s (1 - s) itself does not cancel
    np.testing.assert_allclose(nnh.sigmoid.derivative(x)[central], (s * (1 - s))[central],
                               rtol=1e-12)
    np.testing.assert_allclose(nnh.sigmoid.derivative(x), sc.expit(x) * sc.expit(-x), rtol=1e-14)
    t = np.tanh(x)
    central = np.abs(x) < 3  # where 1 - t^2 itself does not cancel
    np.testing.assert_allclose(nnh.tanh.derivative(x)[central], (1 - t * t)[central], rtol=1e-12)
    np.testing.assert_allclose(nnh.softplus.derivative(x), sc.expit(x), rtol=1e-15)


def test_against_scipy_special():
    x = np.linspace(-700, 700, 14001)
    np.testing.assert_allclose(nnh.sigmoid(x), sc.expit(x), rtol=1e-15, atol=0)
    np.testing.assert_allclose(nnh.softplus(x), np.logaddexp(0, x), rtol=1e-15, atol=0)
    mid = np.linspace(-5, 5, 1001)
    np.testing.assert_allclose(nnh.gelu(mid), 0.5 * mid * (1 + sc.erf(mid / np.sqrt(2))),
                               rtol=1e-14, atol=1e-15)  # the erf form cancels for x < 0
    np.testing.assert_allclose(nnh.silu(x), x * sc.expit(x), rtol=1e-15, atol=0)


@pytest.mark.parametrize(("name", "closed_form"), [
    ("sigmoid", lambda x: sc.expit(x) * sc.expit(-x)),
    ("tanh", lambda x: 1 / np.cosh(x) ** 2)])
def test_derivative_of_an_array_of_many_blocks(name, closed_form):
    """Large arrays are computed in cache-sized blocks: across block edges, in any shape and
    memory layout, each entry is the closed form's and what the entry alone gives."""
    act = nnh.ACTIVATIONS[name]
    x = np.random.default_rng(3).normal(scale=8, size=(70_001, 2)).T[:, ::2]  # 2 x 35001, strided
    got = act.derivative(x)
    assert got.shape == x.shape and got.dtype == np.float64
    np.testing.assert_allclose(got, closed_form(x), rtol=1e-13, atol=1e-300)
    rows = np.random.default_rng(4).integers(0, 2, 200)
    columns = np.random.default_rng(5).integers(0, x.shape[1], 200)
    for i, j in zip(rows, columns, strict=True):
        assert got[i, j] == act.derivative(x[i, j])


def test_sigmoid_derivative_peaks_at_a_quarter():
    x = np.linspace(-10, 10, 200_001)
    d = nnh.sigmoid.derivative(x)
    assert d.max() == pytest.approx(0.25, abs=1e-15)
    assert x[np.argmax(d)] == pytest.approx(0.0, abs=1e-12)


@pytest.mark.parametrize("name", NAMES)
def test_extreme_inputs_are_quiet_and_finite(name):
    act = nnh.ACTIVATIONS[name]
    with warnings.catch_warnings(), np.errstate(all="raise"):
        warnings.simplefilter("error")
        y = act(EXTREME)
        dy = act.derivative(EXTREME)
    assert not np.any(np.isnan(y)) and not np.any(np.isnan(dy))
    assert np.all(np.isfinite(dy))
    # Finite inputs give finite outputs unless the function itself is unbounded there.
    unbounded = np.abs(EXTREME) > 1e308
    assert np.all(np.isfinite(y[~unbounded]))


LIMITS = {  # (f(-inf), f(+inf)) from the formulas
    "sigmoid": (0.0, 1.0), "tanh": (-1.0, 1.0), "relu": (0.0, np.inf),
    "leaky_relu": (-np.inf, np.inf), "identity": (-np.inf, np.inf), "elu": (-1.0, np.inf),
    "softplus": (0.0, np.inf), "gelu": (0.0, np.inf), "silu": (0.0, np.inf),
}


@pytest.mark.parametrize("name", NAMES)
def test_limits_at_infinity(name):
    y = nnh.ACTIVATIONS[name](np.array([-np.inf, np.inf]))
    assert tuple(y) == LIMITS[name]


@pytest.mark.parametrize("name", NAMES)
def test_nan_in_nan_out(name):
    act = nnh.ACTIVATIONS[name]
    x = np.array([np.nan, 1.0, np.nan])
    for out in (act(x), act.derivative(x)):
        assert np.isnan(out[0]) and np.isnan(out[2]) and not np.isnan(out[1])


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_float_dtype_is_kept(name, dtype):
    act = nnh.ACTIVATIONS[name]
    x = np.linspace(-3, 3, 7).astype(dtype)
    assert act(x).dtype == dtype
    assert act.derivative(x).dtype == dtype
    np.testing.assert_allclose(act(x).astype(np.float64), act(x.astype(np.float64)),
                               rtol=2 * np.finfo(dtype).eps, atol=2 * np.finfo(dtype).eps)


@pytest.mark.parametrize("name", NAMES)
def test_integers_and_booleans_become_float64(name):
    act = nnh.ACTIVATIONS[name]
    assert act(np.arange(-2, 3)).dtype == np.float64
    assert act(np.array([True, False])).dtype == np.float64
    assert act([1, 2]).dtype == np.float64


@pytest.mark.parametrize("name", NAMES)
def test_shapes_and_scalars(name):
    act = nnh.ACTIVATIONS[name]
    assert isinstance(act(0.5), np.float64)
    assert isinstance(act(np.float32(0.5)), np.float32)
    assert np.ndim(act(np.array(0.5))) == 0
    assert act([[1.0, -1.0], [2.0, 0.0]]).shape == (2, 2)
    assert act(np.zeros((2, 0, 3))).shape == (2, 0, 3)
    assert act([]).shape == (0,)
    assert act.derivative(np.ones((3, 1, 2))).shape == (3, 1, 2)


def test_kink_conventions():
    assert nnh.relu.derivative(0.0) == 0.0
    assert nnh.leaky_relu.derivative(0.0) == 0.01
    assert nnh.leaky_relu.derivative(0.0, alpha=0.2) == 0.2
    assert nnh.elu.derivative(0.0, alpha=0.5) == 0.5
    assert "relu.derivative(0) == 0" in nnh.activations.__doc__


def test_leaky_relu_and_elu_alpha():
    x = np.array([-2.0, 3.0])
    np.testing.assert_array_equal(nnh.leaky_relu(x, alpha=0.1), [-0.2, 3.0])
    np.testing.assert_array_equal(nnh.leaky_relu.derivative(x, alpha=0.1), [0.1, 1.0])
    np.testing.assert_allclose(nnh.elu(x, alpha=2.0), [2 * np.expm1(-2.0), 3.0], rtol=1e-15)
    assert nnh.leaky_relu.params["alpha"] == 0.01 and nnh.elu.params["alpha"] == 1.0


@pytest.mark.parametrize("name", NAMES)
def test_outputs_stay_in_the_documented_range(name):
    act = nnh.ACTIVATIONS[name]
    y = act(WIDE)
    lo, hi = act.output_range
    assert np.all(y >= lo - 1e-15) and np.all(y <= hi)


@pytest.mark.parametrize(("name", "argmin", "minimum"), [
    ("gelu", nnh.activations.GELU_ARGMIN, nnh.activations.GELU_MIN),
    ("silu", nnh.activations.SILU_ARGMIN, nnh.activations.SILU_MIN),
])
def test_documented_minimum_is_the_root_of_the_derivative_to_the_last_digit(name, argmin, minimum):
    import mpmath

    root = mpmath.findroot(DERIVATIVES[name], mpmath.mpf(-1))  # 50 digits (references.py)
    assert argmin == float(root)
    assert minimum == float(FUNCTIONS[name](root))
    assert nnh.ACTIVATIONS[name].output_range == (minimum, np.inf)
    # nnh's own function reaches the minimum and its derivative changes sign there
    act = nnh.ACTIVATIONS[name]
    assert act(argmin) == pytest.approx(minimum, rel=4e-16)
    assert act.derivative(argmin - 1e-6) < 0 < act.derivative(argmin + 1e-6)


@pytest.mark.parametrize("alpha", [0.0, 0.5, 1.0, 3.0, 250.0])
def test_range_follows_alpha(alpha):
    lowest = nnh.elu(-50.0, alpha=alpha)  # alpha (e^-50 - 1) rounds to -alpha
    assert lowest == -alpha
    lo, hi = nnh.elu.output_range_for(alpha=alpha)
    assert (lo, hi) == (-alpha, np.inf) and lo <= lowest
    assert nnh.elu.output_range == (-1.0, np.inf)
    leaky_lo, _ = nnh.leaky_relu.output_range_for(alpha=alpha)
    assert leaky_lo == (0.0 if alpha == 0 else -np.inf)
    for x in (-1e300, -np.inf):
        assert nnh.leaky_relu(x, alpha=alpha) >= leaky_lo  # (NaN would fail)
        assert nnh.elu(x, alpha=alpha) >= lo


def test_range_for_unknown_parameters_names_them():
    with pytest.raises(TypeError, match=r"nnh\.elu\.output_range_for: unexpected keyword "
                                        r"argument 'beta'"):
        nnh.elu.output_range_for(beta=2)
    with pytest.raises(ValueError, match=r"argument 'alpha' must be >= 0"):
        nnh.elu.output_range_for(alpha=-1)
