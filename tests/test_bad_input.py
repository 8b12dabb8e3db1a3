"""Bad input gets a TypeError or ValueError that names the argument and what was expected."""

from __future__ import annotations

import inspect

import numpy as np
import pytest

import nnh
from nnh import check as check_module
from nnh import losses, network
from nnh.losses import check_loss, mse, sigmoid_cross_entropy, softmax_cross_entropy
from nnh.network import MLP, layer_backward, train

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


# --- every public function of nnh.network, nnh.losses and nnh.check, argument by argument ----
#
# PUBLIC lists each (function, argument) of the three modules, found from their __all__ and
# signatures; BAD_CALLS must hold a call with a bad value for every one of them (or EXEMPT a
# reason), so a new public function or argument without a bad-input test fails here.

MODULES = (network, losses, check_module)


def _parameters(func) -> list[str]:
    return [p for p in inspect.signature(func).parameters if p != "self"]


def public_arguments() -> set[tuple[str, str]]:
    """(qualified name, argument) for every public callable of MODULES: functions, classes
    (constructor and public methods) and callable instances such as the losses (their call and
    public methods)."""
    found = set()
    for module in MODULES:
        for name in module.__all__:
            obj = getattr(module, name)
            key = f"{module.__name__}.{name}"
            if isinstance(obj, type):
                found |= {(key, p) for p in _parameters(obj.__init__)} | {(key, "")}
                members = {m: f for m, f in vars(obj).items()
                           if inspect.isfunction(f) and (m == "__call__" or not m.startswith("_"))}
            elif inspect.isfunction(obj):
                found |= {(key, p) for p in _parameters(obj)} | {(key, "")}
                continue
            elif callable(obj):
                members = {m: getattr(type(obj), m) for m in dir(type(obj))
                           if inspect.isfunction(getattr(type(obj), m, None))
                           and (m == "__call__" or not m.startswith("_"))}
            else:
                continue  # data: INITIALISATIONS, LOSSES
            for member, func in members.items():
                # a loss is called as mse(...); the network as net(...), i.e. MLP.__call__
                where = key if member == "__call__" and not isinstance(obj, type) else f"{key}.{member}"
                found |= {(where, p) for p in _parameters(func)} | {(where, "")}
    return found


EXEMPT = {
    # result records that nnh builds and returns; they are read, not called with data
    "nnh.network.ForwardPass": "a result of MLP.forward",
    "nnh.network.Gradients": "a result of MLP.backward",
    "nnh.network.History": "a result of nnh.train",
    "nnh.check.Verdict": "a result of every check",
    # the class behind mse and softmax_cross_entropy: its methods are covered on those two
    "nnh.losses.Loss": "an extension point; its call and gradient are tested on mse and "
                       "softmax_cross_entropy",
    "nnh.losses.Loss.__call__": "tested on mse and softmax_cross_entropy",
    "nnh.losses.Loss.gradient": "tested on mse.gradient and softmax_cross_entropy.gradient",
    "nnh.network.MLP.copy": "takes no arguments",
}
EXEMPT_ARGUMENTS = {("nnh.losses.check_loss", "where"): "the caller's name, put before the message"}

X = np.ones((4, 2))
Y = np.ones((4, 1))
NAN = np.array([[np.nan, 0.0]])


def _trace():
    return MLP([2, 3, 1]).forward(X)


def _backward_args(**bad):
    args = {"grad_y": np.ones((4, 3)), "y_prev": X, "z": np.zeros((4, 3)), "W": np.ones((2, 3)),
            "activation": "tanh"}
    return {**args, **bad}


def _called_with_an_array(name):
    """A check given the function's result instead of the function."""
    return lambda: getattr(check_module, name)(np.zeros(3))


# (function, argument, call, error type): the message must name the function and the argument
BAD_CALLS = [
    ("nnh.network.layer_backward", "grad_y", lambda: layer_backward(**_backward_args(grad_y=X)),
     ValueError),
    ("nnh.network.layer_backward", "y_prev", lambda: layer_backward(**_backward_args(y_prev="x")),
     TypeError),
    ("nnh.network.layer_backward", "z", lambda: layer_backward(**_backward_args(z=np.zeros(3))),
     ValueError),
    ("nnh.network.layer_backward", "W", lambda: layer_backward(**_backward_args(W=np.ones((3, 3)))),
     ValueError),
    ("nnh.network.layer_backward", "activation",
     lambda: layer_backward(**_backward_args(activation=None)), ValueError),
    ("nnh.network.train", "net", lambda: train([2, 3, 1], X, Y), TypeError),
    ("nnh.network.train", "x", lambda: train(MLP([2, 3, 1]), NAN, Y[:1]), ValueError),
    ("nnh.network.train", "target", lambda: train(MLP([2, 3, 1]), X, Y[:3]), ValueError),
    ("nnh.network.train", "loss", lambda: train(MLP([2, 3, 1]), X, Y, loss="mae"), ValueError),
    ("nnh.network.train", "learning_rate", lambda: train(MLP([2, 3, 1]), X, Y, learning_rate="0.1"),
     TypeError),
    ("nnh.network.train", "epochs", lambda: train(MLP([2, 3, 1]), X, Y, epochs=2.5), TypeError),
    ("nnh.network.train", "batch_size", lambda: train(MLP([2, 3, 1]), X, Y, batch_size=0),
     ValueError),
    ("nnh.network.train", "seed", lambda: train(MLP([2, 3, 1]), X, Y, seed=-1), ValueError),
    ("nnh.network.train", "record", lambda: train(MLP([2, 3, 1]), X, Y, record="weights"),
     TypeError),
    ("nnh.network.MLP", "sizes", lambda: MLP(3), TypeError),
    ("nnh.network.MLP", "activation", lambda: MLP([2, 3, 1], 3.0), ValueError),
    ("nnh.network.MLP", "output", lambda: MLP([2, 3, 1], output="softmax"), ValueError),
    ("nnh.network.MLP", "init", lambda: MLP([2, 3, 1], init=None), ValueError),
    ("nnh.network.MLP", "sigma", lambda: MLP([2, 3, 1], sigma=np.inf), ValueError),
    ("nnh.network.MLP", "seed", lambda: MLP([2, 3, 1], seed="0"), TypeError),
    ("nnh.network.MLP.__call__", "x", lambda: MLP([2, 3, 1])("x"), TypeError),
    ("nnh.network.MLP.forward", "x", lambda: MLP([2, 3, 1]).forward(np.ones((4, 3))), ValueError),
    ("nnh.network.MLP.backward", "trace", lambda: MLP([2, 3, 1]).backward(X, Y), TypeError),
    ("nnh.network.MLP.backward", "grad_output", lambda: MLP([2, 3, 1]).backward(_trace(), X),
     ValueError),
    ("nnh.network.MLP.gradients", "x", lambda: MLP([2, 3, 1]).gradients(NAN, Y[:1]), ValueError),
    ("nnh.network.MLP.gradients", "target", lambda: MLP([2, 3, 1]).gradients(X, X), ValueError),
    ("nnh.network.MLP.gradients", "loss", lambda: MLP([2, 3, 1]).gradients(X, Y, mse.gradient),
     ValueError),
    ("nnh.losses.mse", "output", lambda: mse(np.ones(3), np.ones(3)), ValueError),
    ("nnh.losses.mse", "target", lambda: mse(Y, [[1.0], [2.0], [np.inf], [0.0]]), ValueError),
    ("nnh.losses.mse.gradient", "output", lambda: mse.gradient(NAN, NAN), ValueError),
    ("nnh.losses.mse.gradient", "target", lambda: mse.gradient(Y, "y"), TypeError),
    ("nnh.losses.softmax_cross_entropy", "output",
     lambda: softmax_cross_entropy([[np.inf, 0.0]], [0]), ValueError),
    ("nnh.losses.softmax_cross_entropy", "target",
     lambda: softmax_cross_entropy(np.zeros((2, 3)), [0, 3]), ValueError),
    ("nnh.losses.softmax_cross_entropy.gradient", "output",
     lambda: softmax_cross_entropy.gradient({"logits": 1}, [0]), TypeError),
    ("nnh.losses.softmax_cross_entropy.gradient", "target",
     lambda: softmax_cross_entropy.gradient(np.zeros((1, 2)), [[0.5, 0.6]]), ValueError),
    ("nnh.losses.sigmoid_cross_entropy", "output",
     lambda: sigmoid_cross_entropy([[np.nan]], [[1.0]]), ValueError),
    ("nnh.losses.sigmoid_cross_entropy", "target",
     lambda: sigmoid_cross_entropy(np.zeros((2, 1)), [[0.0], [2.0]]), ValueError),
    ("nnh.losses.sigmoid_cross_entropy.gradient", "output",
     lambda: sigmoid_cross_entropy.gradient("logits", [[1.0]]), TypeError),
    ("nnh.losses.sigmoid_cross_entropy.gradient", "target",
     lambda: sigmoid_cross_entropy.gradient(np.zeros((2, 1)), [[1.0, 0.0]]), ValueError),
    ("nnh.losses.check_loss", "loss", lambda: check_loss(42, "nnh.losses.check_loss"), ValueError),
    *[(f"nnh.check.{name}", "fn", _called_with_an_array(name), TypeError)
      for name in check_module.__all__ if name != "Verdict"],
]


def missing_bad_input_tests() -> list[tuple[str, str]]:
    covered = {(key, arg) for key, arg, _, _ in BAD_CALLS} | {(key, "") for key, *_ in BAD_CALLS}
    needed = {(key, arg) for key, arg in public_arguments()
              if key not in EXEMPT and (key, arg) not in EXEMPT_ARGUMENTS}
    return sorted(needed - covered)


def test_every_public_function_and_argument_has_a_bad_input_test():
    assert not missing_bad_input_tests(), f"no bad-input test for {missing_bad_input_tests()}"
    public = public_arguments()
    stale = [key for key, arg, _, _ in BAD_CALLS if (key, arg) not in public]
    assert not stale, f"BAD_CALLS names what is not public: {stale}"
    assert {key for key, _ in public} >= set(EXEMPT), "an exemption for what is not public"


def test_a_new_public_function_without_a_test_is_caught(monkeypatch):
    def new_function(logits, labels):
        return logits

    monkeypatch.setattr(losses, "new_function", new_function, raising=False)
    monkeypatch.setattr(losses, "__all__", [*losses.__all__, "new_function"])
    assert missing_bad_input_tests() == [("nnh.losses.new_function", ""),
                                         ("nnh.losses.new_function", "labels"),
                                         ("nnh.losses.new_function", "logits")]


def test_enumeration_sees_the_functions_it_must():
    keys = {key for key, _ in public_arguments()}
    assert {"nnh.network.layer_backward", "nnh.network.train", "nnh.network.MLP.forward",
            "nnh.losses.mse", "nnh.losses.mse.gradient", "nnh.losses.check_loss",
            "nnh.check.relu_ramp", "nnh.check.stable_softmax"} <= keys
    assert ("nnh.network.train", "record") in public_arguments()


@pytest.mark.parametrize(("key", "argument", "call", "error"), BAD_CALLS,
                         ids=[f"{k}-{a}" for k, a, _, _ in BAD_CALLS])
def test_bad_input_is_refused_naming_the_argument(key, argument, call, error):
    with pytest.raises(error) as caught:
        call()
    message = str(caught.value)
    assert f"argument '{argument}'" in message, message
    assert message.startswith("nnh."), message
