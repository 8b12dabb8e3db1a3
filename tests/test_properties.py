"""Property-based tests (hypothesis, derandomized): shapes, dtypes, monotonicity, ranges,
symmetries."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

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
