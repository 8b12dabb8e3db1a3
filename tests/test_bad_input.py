"""Bad input gets a TypeError or ValueError that names the argument and what was expected."""

from __future__ import annotations

import numpy as np
import pytest

import nnh

NOT_REAL = [
    ("a string", "sigmoid"),
    ("None", None),
    ("a dict", {"x": 1}),
    ("bytes", b"1"),
    ("an object array", np.array([1, "a"], dtype=object)),
    ("a complex array", np.array([1 + 2j])),
    ("a ragged list", [[1.0, 2.0], [3.0]]),
]


@pytest.mark.parametrize("name", list(nnh.ACTIVATIONS))
@pytest.mark.parametrize(("what", "value"), NOT_REAL, ids=[w for w, _ in NOT_REAL])
def test_activations_reject_non_real_input(name, what, value):
    act = nnh.ACTIVATIONS[name]
    for func in (act, act.derivative):
        with pytest.raises(TypeError, match=rf"nnh\.{name}.*argument 'x' must be (a )?real"):
            func(value)


@pytest.mark.parametrize(("what", "value"), NOT_REAL, ids=[w for w, _ in NOT_REAL])
def test_softmax_rejects_non_real_input(what, value):
    with pytest.raises(TypeError, match=r"nnh\.softmax: argument 'x' must be (a )?real"):
        nnh.softmax(value)
    with pytest.raises(TypeError, match=r"argument 'v' must be (a )?real"):
        nnh.softmax.jacobian(value)


@pytest.mark.parametrize("alpha", [-0.01, -1])
def test_negative_alpha(alpha):
    with pytest.raises(ValueError, match=r"argument 'alpha' must be >= 0"):
        nnh.leaky_relu(1.0, alpha=alpha)
    with pytest.raises(ValueError, match=r"argument 'alpha' must be >= 0"):
        nnh.leaky_relu.derivative(1.0, alpha=alpha)


@pytest.mark.parametrize("alpha", ["0.1", None, [0.1]])
def test_alpha_must_be_a_number(alpha):
    with pytest.raises(TypeError, match=r"argument 'alpha' must be a real number"):
        nnh.elu(1.0, alpha=alpha)


def test_unknown_keyword():
    with pytest.raises(TypeError, match=r"unexpected keyword argument 'beta'.*allowed: 'alpha'"):
        nnh.leaky_relu(1.0, beta=2)
    with pytest.raises(TypeError, match=r"unexpected keyword argument 'alpha'.*allowed: none"):
        nnh.sigmoid(1.0, alpha=2)


def test_axis_must_be_an_integer():
    with pytest.raises(TypeError, match=r"argument 'axis' must be an integer"):
        nnh.softmax([1.0, 2.0], axis=0.5)


@pytest.mark.parametrize(("args", "error", "pattern"), [
    (("1", 0), TypeError, r"nnh\.NN: argument 'w' must be a real number"),
    ((1, None), TypeError, r"nnh\.NN: argument 'b' must be a real number"),
    ((np.inf, 0), ValueError, r"argument 'w' must be finite"),
    ((1, np.nan), ValueError, r"argument 'b' must not be NaN"),
])
def test_unit_arguments(args, error, pattern):
    with pytest.raises(error, match=pattern):
        nnh.NN(*args)


def test_unknown_activation_name():
    with pytest.raises(ValueError, match=r"argument 'activation' must be an nnh activation or one "
                                         r"of 'sigmoid'"):
        nnh.NN(1, 0, activation="swishy")


def test_threshold_of_a_flat_unit():
    with pytest.raises(ValueError, match=r"argument 'w' is 0.*expected w != 0"):
        _ = nnh.NN(0, 1).threshold


def test_plot_steps_needs_units():
    with pytest.raises(ValueError, match=r"argument 'units' must contain at least one"):
        nnh.plot_steps([])
    with pytest.raises(TypeError, match=r"argument 'units\[1\]' must be an nnh.NN unit"):
        nnh.plot_steps([nnh.NN(1, 0), "unit"])
    with pytest.raises(ValueError, match=r"argument 'w' is 0"):
        nnh.plot_steps([nnh.NN(0, 1)])
