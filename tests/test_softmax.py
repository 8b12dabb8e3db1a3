"""softmax and log_softmax against scipy.special, finite differences and their invariances."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import scipy.special as sc

import nnh

RNG = np.random.default_rng(0)


@pytest.mark.parametrize("axis", [0, 1, -1, 2])
def test_matches_scipy_on_nd_inputs(axis):
    x = RNG.normal(scale=10, size=(3, 4, 5))
    np.testing.assert_allclose(nnh.softmax(x, axis=axis), sc.softmax(x, axis=axis), rtol=1e-14)
    np.testing.assert_allclose(nnh.log_softmax(x, axis=axis), sc.log_softmax(x, axis=axis),
                               rtol=1e-13, atol=1e-13)


def test_sums_to_one_and_is_positive():
    x = RNG.normal(scale=5, size=(50, 7))
    s = nnh.softmax(x)
    np.testing.assert_allclose(s.sum(axis=-1), 1.0, rtol=1e-15)
    assert np.all(s > 0)


@pytest.mark.parametrize("shift", [-1e3, -7.5, 0.0, 42.0, 1e6])
def test_shift_invariance(shift):
    x = RNG.normal(size=9)
    np.testing.assert_allclose(nnh.softmax(x + shift), nnh.softmax(x), rtol=1e-9)


@pytest.mark.parametrize("temperature", [0.1, 0.5, 2.0, 10.0])
def test_temperature_is_scaling_of_the_scores(temperature):
    x = RNG.normal(size=6)
    np.testing.assert_allclose(nnh.softmax(x, temperature=temperature),
                               sc.softmax(x / temperature), rtol=1e-14)


def test_huge_and_infinite_inputs():
    with warnings.catch_warnings(), np.errstate(all="raise"):
        warnings.simplefilter("error")
        huge = nnh.softmax(np.array([1e308, -1e308, 0.0]))
        tied = nnh.softmax(np.array([np.inf, 1.0, np.inf]))
        low = nnh.log_softmax(np.array([1e300, 0.0]))
        scaled = nnh.softmax(np.array([1e300, 1.0]), temperature=1e-10)
    np.testing.assert_array_equal(huge, [1.0, 0.0, 0.0])
    np.testing.assert_array_equal(tied, [0.5, 0.0, 0.5])
    np.testing.assert_array_equal(low, [0.0, -1e300])
    np.testing.assert_array_equal(scaled, [1.0, 0.0])


def test_nan_row_is_nan_other_rows_unaffected():
    x = np.array([[1.0, np.nan], [1.0, 2.0]])
    s = nnh.softmax(x)
    assert np.all(np.isnan(s[0]))
    np.testing.assert_allclose(s[1], sc.softmax(x[1]), rtol=1e-15)


def test_dtype_and_shapes():
    assert nnh.softmax(np.ones(3, dtype=np.float32)).dtype == np.float32
    assert nnh.softmax([1, 2, 3]).dtype == np.float64
    assert nnh.softmax(np.zeros((0, 3))).shape == (0, 3)
    assert nnh.softmax(5.0) == 1.0


def test_jacobian_matches_central_differences():
    v = RNG.normal(size=5)
    h = 1e-6
    numeric = np.empty((5, 5))
    for j in range(5):
        e = np.zeros(5)
        e[j] = h
        numeric[:, j] = (nnh.softmax(v + e) - nnh.softmax(v - e)) / (2 * h)
    J = nnh.softmax.jacobian(v)
    np.testing.assert_allclose(J, numeric, atol=1e-9)
    np.testing.assert_allclose(J.sum(axis=1), 0.0, atol=1e-15)
    np.testing.assert_allclose(J, J.T, atol=1e-16)
    assert np.abs(J - np.diag(np.diag(J))).max() > 1e-3  # a layer: not element-wise


def test_jacobian_needs_a_vector():
    with pytest.raises(ValueError, match=r"argument 'v' must be a 1-D vector"):
        nnh.softmax.jacobian(np.ones((2, 2)))


@pytest.mark.parametrize("axis", [3, -4])
def test_bad_axis(axis):
    with pytest.raises(ValueError, match=r"argument 'axis' is .* expected -3 <= axis < 3"):
        nnh.softmax(np.ones((2, 2, 2)), axis=axis)


@pytest.mark.parametrize("temperature", [0.0, -1.0, np.inf, np.nan])
def test_bad_temperature(temperature):
    with pytest.raises(ValueError, match="argument 'temperature'"):
        nnh.softmax([1.0, 2.0], temperature=temperature)
