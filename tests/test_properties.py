"""Property-based tests (hypothesis, derandomized): shapes, dtypes, monotonicity, ranges,
symmetries."""

from __future__ import annotations

import math
import warnings

import mpmath
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from references import DERIVATIVES, FUNCTIONS, log_softmax_of_shifted

import nnh

FLOATS = st.floats(allow_nan=False, allow_infinity=True, width=64)
MODERATE = st.floats(min_value=-30, max_value=30, allow_nan=False)
DTYPES = st.sampled_from([np.float32, np.float64])
MONOTONE = ["sigmoid", "tanh", "relu", "leaky_relu", "identity", "elu", "softplus"]


@st.composite
def float_arrays(draw):
    dtype = draw(DTYPES)
    shape = draw(hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=5))
    elements = st.floats(allow_nan=False, allow_infinity=True, width=32 if dtype == np.float32 else 64)
    return draw(hnp.arrays(dtype, shape, elements=elements))


@given(float_arrays(), st.sampled_from(list(nnh.ACTIVATIONS)))
def test_shape_dtype_and_no_nan(x, name):
    act = nnh.ACTIVATIONS[name]
    for out in (np.asarray(act(x)), np.asarray(act.derivative(x))):
        assert out.shape == x.shape
        assert out.dtype == x.dtype
        assert not np.any(np.isnan(out))


@given(FLOATS, FLOATS, st.sampled_from(MONOTONE))
def test_monotone_non_decreasing(a, b, name):
    lo, hi = min(a, b), max(a, b)
    act = nnh.ACTIVATIONS[name]
    assert act(lo) <= act(hi)


@given(FLOATS, st.sampled_from(list(nnh.ACTIVATIONS)))
def test_within_documented_range(x, name):
    act = nnh.ACTIVATIONS[name]
    lo, hi = act.output_range
    assert lo - 1e-15 <= act(x) <= hi


@given(FLOATS, st.floats(0, 1e3), st.sampled_from(["elu", "leaky_relu"]))
def test_within_documented_range_for_any_alpha(x, alpha, name):
    act = nnh.ACTIVATIONS[name]
    lo, hi = act.output_range_for(alpha=alpha)
    assert lo <= act(x, alpha=alpha) <= hi


@given(MODERATE)
def test_symmetries(x):
    assert nnh.tanh(-x) == -nnh.tanh(x)
    assert abs(nnh.sigmoid(-x) - (1 - nnh.sigmoid(x))) <= 2e-16
    assert nnh.sigmoid.derivative(-x) == nnh.sigmoid.derivative(x)
    assert nnh.tanh.derivative(-x) == nnh.tanh.derivative(x)


@given(hnp.arrays(np.float64, hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=6),
                  elements=st.floats(-1e6, 1e6)),
       st.integers(0, 2))
def test_softmax_is_a_distribution(x, axis):
    axis = axis % x.ndim
    s = nnh.softmax(x, axis=axis)
    assert s.shape == x.shape
    assert np.all((s >= 0) & (s <= 1))
    np.testing.assert_allclose(s.sum(axis=axis), 1.0, rtol=1e-12)


@given(st.floats(-50, 50), st.floats(0.01, 1e3), st.floats(-1e3, 1e3))
def test_unit_is_a_sigmoid_centred_on_its_threshold(d, w, b):
    """unit(threshold + d) = 1 / (1 + e^(-w d)): half on at the threshold, symmetric about it."""
    unit = nnh.NN(w, b)
    x = unit.threshold + d
    expected = 1 / (1 + math.exp(-w * d)) if w * d > -700 else 0.0
    # w x + b and w d differ by the rounding of x (|w x| <= ~1e6): sigma' <= 1/4 bounds the rest
    assert abs(unit(x) - expected) <= 1e-9
    assert abs(unit(unit.threshold) - 0.5) <= 1e-9


# --- float16, float32, float64: dtype kept, no warnings, a stated number of ulps -------------
#
# The reference is mpmath at 50 digits (tests/references.py) of the exact input. The error is
# counted in ulps of the dtype at the exact value (subnormal steps below the smallest normal).
# float16/32 are computed in float64 and rounded once, so they are within 1 ulp. float64 is
# computed in float64: functions within 8 ulps (16 steps where the result is subnormal),
# derivatives within 16. gelu' and silu' cross 0 (at the minima of gelu and silu), where their
# two terms cancel: there only an absolute error of 4 float64 eps is meaningful.

ALL_DTYPES = [np.float16, np.float32, np.float64]
ULPS = {np.float16: (1, 1, 1), np.float32: (1, 1, 1), np.float64: (8, 16, 16)}
CANCELLING = {"gelu", "silu"}


def width(dtype) -> int:
    return np.dtype(dtype).itemsize * 8


def ulp_errors(got: np.ndarray, exact: list, dtype) -> tuple[np.ndarray, np.ndarray]:
    """(error in ulps of dtype at the exact value, absolute error), both as float64."""
    ulps, absolute = [], []
    for g, e in zip(np.ravel(got), exact, strict=True):
        with np.errstate(over="ignore", under="ignore"):
            rounded = np.array(float(e)).astype(dtype)
        if float(g) == float(rounded):  # the correctly rounded value (inf, 0 and ±0 included)
            ulps.append(0.0)
            absolute.append(0.0)
            continue
        gap = abs(mpmath.mpf(float(g)) - e) if np.isfinite(g) else mpmath.inf
        step = float(np.spacing(np.abs(rounded))) if np.isfinite(rounded) else math.inf
        ulps.append(float(gap / step))
        absolute.append(float(gap))
    return np.array(ulps), np.array(absolute)


def exact_input(v) -> mpmath.mpf:
    """The float as an mpmath number; ±inf as ±10^400, so that formulas such as x phi(x) take
    their limits (far beyond every float, the reference then rounds to the limit)."""
    v = float(v)
    return mpmath.mpf(v) if math.isfinite(v) else math.copysign(1, v) * mpmath.mpf(10) ** 400


def quietly(f, x):
    with warnings.catch_warnings(), np.errstate(all="raise"):
        warnings.simplefilter("error")
        return f(x)


@pytest.mark.parametrize("dtype", ALL_DTYPES, ids=lambda d: np.dtype(d).name)
@given(data=st.data(), name=st.sampled_from(list(nnh.ACTIVATIONS)))
def test_activations_within_ulps_of_mpmath_in_every_float_dtype(dtype, data, name):
    x = data.draw(hnp.arrays(dtype, st.integers(1, 4),
                             elements=st.floats(allow_nan=False, width=width(dtype))))
    act = nnh.ACTIVATIONS[name]
    function_ulps, subnormal_steps, derivative_ulps = ULPS[dtype]
    for table, f, allowed in ((FUNCTIONS, act, function_ulps),
                              (DERIVATIVES, act.derivative, derivative_ulps)):
        out = quietly(f, x)
        assert out.dtype == dtype and out.shape == x.shape
        exact = [table[name](exact_input(v)) for v in x]
        ulps, absolute = ulp_errors(out, exact, dtype)
        limit = np.full(x.shape, float(allowed))
        subnormal = np.array([abs(e) < np.finfo(dtype).tiny for e in exact])
        limit[subnormal & (table is FUNCTIONS)] = max(allowed, subnormal_steps)
        ok = ulps <= limit
        if table is DERIVATIVES and name in CANCELLING:
            ok |= absolute <= 4 * np.finfo(np.float64).eps
        assert ok.all(), f"{name}{'' if table is FUNCTIONS else chr(39)}({x[~ok]}) off by {ulps[~ok]} ulp"


@pytest.mark.parametrize("dtype", ALL_DTYPES, ids=lambda d: np.dtype(d).name)
@given(data=st.data(), temperature=st.sampled_from([1.0, 0.5, 3.0, 1e-3, 1e3]))
def test_softmax_within_ulps_of_mpmath_in_every_float_dtype(dtype, data, temperature):
    x = data.draw(hnp.arrays(dtype, st.integers(1, 5),
                             elements=st.floats(allow_nan=False, allow_infinity=False,
                                                width=width(dtype))))
    s = quietly(lambda v: nnh.softmax(v, temperature=temperature), x)
    log_s = quietly(lambda v: nnh.log_softmax(v, temperature=temperature), x)
    assert s.dtype == dtype and log_s.dtype == dtype
    # (x - max x) exactly (fsub's exact=True: two doubles far apart need ~2100 bits), then / T
    top = mpmath.mpf(float(np.max(x)))
    z = [mpmath.fsub(mpmath.mpf(float(v)), top, exact=True) / mpmath.mpf(temperature) for v in x]
    exact_log = log_softmax_of_shifted(z)
    ulps, _ = ulp_errors(s, [mpmath.exp(v) for v in exact_log], dtype)
    log_ulps, _ = ulp_errors(log_s, exact_log, dtype)
    if dtype == np.float64:
        # exp turns log s's rounding (relative, so absolute |log s| eps) into a relative error
        limit = np.array([4 * (2 + float(abs(v))) for v in exact_log])
        assert np.all(ulps <= limit), (x, temperature, ulps)
        assert np.all(log_ulps <= 8), (x, temperature, log_ulps)
    else:
        assert np.all(ulps <= 1) and np.all(log_ulps <= 1), (x, temperature, ulps, log_ulps)
