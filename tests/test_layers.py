"""Units, linear stacks and the bias trick."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.special as sc

import nnh

RNG = np.random.default_rng(0)


def test_unit_is_activation_of_affine_map():
    x = np.linspace(-3, 3, 61)
    np.testing.assert_allclose(nnh.NN(2.5, -1.0)(x), sc.expit(2.5 * x - 1.0), rtol=1e-15)
    np.testing.assert_array_equal(nnh.NN(2.0, 1.0, activation="relu")(x), np.maximum(2 * x + 1, 0))
    assert nnh.NN(1, 0).activation is nnh.sigmoid  # the documented default


def test_threshold_and_label():
    unit = nnh.NN(4, -2)
    assert unit.threshold == 0.5
    assert nnh.NN(1, 10).threshold == -10
    assert unit.label == "w=4, b=-2"
    assert nnh.NN(1000, 0.25).label == "w=1000, b=0.25"
    assert nnh.NN(1 / 3, -0.0).label == "w=0.333333, b=0"
    assert repr(nnh.NN(10, 0)) == "NN(w=10.0, b=0.0, activation=sigmoid)"
    assert repr(nnh.NN(0.1, 1e-20, "relu")) == "NN(w=0.1, b=1e-20, activation=relu)"
    assert str(nnh.NN(1, 0).threshold) == "0.0"  # never '-0.0'


def test_unit_derivative_by_chain_rule_and_finite_differences():
    unit = nnh.NN(3.0, 0.5, activation="tanh")
    x = np.linspace(-2, 2, 41)
    h = 1e-6
    numeric = (unit(x + h) - unit(x - h)) / (2 * h)
    np.testing.assert_allclose(unit.derivative(x), numeric, rtol=1e-7, atol=1e-9)


def test_docstring_explains_the_default():
    assert "positively homogeneous" in nnh.NN.__doc__


def test_stack_of_linear_layers_is_one_matrix():
    weights = [RNG.normal(size=(4, 6)), RNG.normal(size=(6, 3)), RNG.normal(size=(3, 2))]
    x = RNG.normal(size=(10, 4))
    W = nnh.compose_linear(weights)
    assert W.shape == (4, 2)
    np.testing.assert_allclose(W, weights[0] @ weights[1] @ weights[2], rtol=1e-13)
    np.testing.assert_allclose(nnh.apply_layers(x, weights), x @ W, rtol=1e-12, atol=1e-12)


def test_a_nonlinearity_breaks_the_collapse():
    weights = [RNG.normal(size=(3, 5)), RNG.normal(size=(5, 2))]
    x = RNG.normal(size=(500, 3))
    y = nnh.apply_layers(x, weights, activation="relu")
    np.testing.assert_allclose(y, np.maximum(np.maximum(x @ weights[0], 0) @ weights[1], 0))
    best, *_ = np.linalg.lstsq(x, y, rcond=None)
    assert np.linalg.norm(y - x @ best) / np.linalg.norm(y) > 0.1


def test_bias_trick():
    Y, W, b = RNG.normal(size=(7, 3)), RNG.normal(size=(3, 4)), RNG.normal(size=4)
    Y1 = nnh.augment_with_one(Y)
    assert Y1.shape == (7, 4) and np.all(Y1[:, 0] == 1)
    np.testing.assert_allclose(Y1 @ nnh.fold_bias(W, b), Y @ W + b, rtol=1e-13, atol=1e-14)
    y = RNG.normal(size=3)
    np.testing.assert_allclose(nnh.augment_with_one(y) @ nnh.fold_bias(W, b), y @ W + b,
                               rtol=1e-13, atol=1e-14)


def test_shape_errors_name_the_argument():
    with pytest.raises(ValueError, match=r"'weights\[1\]' has 3 rows but the previous layer "
                                         r"outputs 4 values"):
        nnh.compose_linear([np.ones((2, 4)), np.ones((3, 2))])
    with pytest.raises(ValueError, match=r"'weights\[0\]' must be a 2-D matrix"):
        nnh.compose_linear([np.ones(3)])
    with pytest.raises(TypeError, match=r"'weights' must be a non-empty list"):
        nnh.compose_linear([])
    with pytest.raises(ValueError, match=r"argument 'x' must be a vector or batch of rows with 2"):
        nnh.apply_layers(np.ones(3), [np.ones((2, 2))])
    with pytest.raises(ValueError, match=r"argument 'b' must have shape \(4,\)"):
        nnh.fold_bias(np.ones((3, 4)), np.ones(3))
    with pytest.raises(ValueError, match=r"argument 'y' must be 1-D or 2-D"):
        nnh.augment_with_one(np.ones((2, 2, 2)))


def test_docstring_claims_relu_rescales_and_sigmoid_sharpens():
    x = np.linspace(-3, 3, 601)
    for w in (1.0, 10.0, 100.0, 1000.0):
        # ReLU is positively homogeneous: relu(w x) = w relu(x), the same shape rescaled
        np.testing.assert_allclose(nnh.NN(w, 0, activation="relu")(x) / w, np.maximum(x, 0),
                                   rtol=1e-15)
        # sigmoid(w x) climbs from 0.1 to 0.9 over 2 ln(9) / w: a sharper step as w grows
        unit = nnh.NN(w, 0)
        lo, hi = -np.log(9) / w, np.log(9) / w
        np.testing.assert_allclose([unit(lo), unit(hi)], [0.1, 0.9], rtol=1e-14)


EXTREME = [1e10, -1e10, 1e300, -1e300, np.inf, -np.inf, 0.0, np.nan]


@pytest.mark.parametrize(("w", "b"), [(1e300, 0), (-1e300, 5), (1e-300, 0), (1e-50, 1), (0, 1),
                                      (2, -1)])
@pytest.mark.parametrize("name", list(nnh.ACTIVATIONS))
def test_units_stay_quiet_and_finite_at_extremes(w, b, name):
    unit = nnh.NN(w, b, activation=name)
    x64 = np.array(EXTREME)
    x32 = np.array([1e10, -1e10, 3e38, -3e38, np.inf, -np.inf, 0.0, np.nan], dtype=np.float32)
    for x in (x64, x32):
        with np.errstate(all="raise"):
            y, dy = unit(x), unit.derivative(x)
        for out in (y, dy):
            assert out.dtype == x.dtype and out.shape == x.shape
            assert np.isnan(out[-1]) and not np.any(np.isnan(out[:-1]))
    if w == 0:  # a flat unit is activation(b) everywhere, also at +-inf
        np.testing.assert_array_equal(unit(x64[:-1]), nnh.ACTIVATIONS[name](float(b)))
        np.testing.assert_array_equal(unit.derivative(x64[:-1]), 0.0)


def test_unit_keeps_float32_and_shapes():
    unit = nnh.NN(2, 1)
    assert unit(np.float32([1, 2])).dtype == np.float32
    assert isinstance(unit(0.5), np.floating) and np.ndim(unit(0.5)) == 0
    assert unit([]).shape == (0,) and unit(np.zeros((2, 3))).shape == (2, 3)
    assert unit.derivative(np.zeros((2, 3), dtype=np.float32)).dtype == np.float32
