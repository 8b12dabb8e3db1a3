"""nnh.network and nnh.losses: gradients against central finite differences, the losses
against closed forms and scipy, bit-identical training, initialisations, and bad input."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.special import logsumexp
from scipy.special import softmax as scipy_softmax

import nnh
from nnh.losses import mse, softmax_cross_entropy
from nnh.network import INITIALISATIONS, MLP, layer_backward, train

H = 1e-6  # central-difference step: truncation ~H², rounding ~eps/H, both far below the tolerance


def numeric_gradient(f, param: np.ndarray) -> np.ndarray:
    """Central differences of the scalar f() with respect to every entry of param (in place)."""
    grad = np.empty_like(param)
    for index in np.ndindex(param.shape):
        saved = param[index]
        param[index] = saved + H
        up = f()
        param[index] = saved - H
        down = f()
        param[index] = saved
        grad[index] = (up - down) / (2 * H)
    return grad


def assert_close(analytic, numeric, what):
    np.testing.assert_allclose(analytic, numeric, rtol=1e-5, atol=1e-7, err_msg=what)


def assert_gradients_match(net, x, target, loss, where):
    _, grads = net.gradients(x, target, loss)
    value = lambda: loss(net(x), target)  # noqa: E731
    for layer in range(net.depth):
        assert_close(grads.weights[layer], numeric_gradient(value, net.weights[layer]),
                     f"dL/dW {where} layer {layer}")
        assert_close(grads.biases[layer], numeric_gradient(value, net.biases[layer]),
                     f"dL/db {where} layer {layer}")
    assert_close(grads.input, numeric_gradient(value, x), f"dL/dx {where}")


@pytest.mark.parametrize("name", list(nnh.ACTIVATIONS))
@pytest.mark.parametrize("depth", [1, 2, 3, 4, 5, 6])
def test_gradients_match_finite_differences(name, depth):
    rng = np.random.default_rng(depth * 100 + list(nnh.ACTIVATIONS).index(name))
    for width in (1, 3, 6):
        sizes = [3] + [width] * (depth - 1) + [2]
        net = MLP(sizes, name, output=name, init="normal", sigma=0.8, seed=depth)
        for b in net.biases:
            b += 0.3 * rng.standard_normal(b.shape)
        x = rng.standard_normal((4, 3))
        y = rng.standard_normal((4, 2))
        where = f"{name} depth {depth} width {width}"
        assert_gradients_match(net, x, y, mse, f"{where} mse")
        assert_gradients_match(net, x, scipy_softmax(y, axis=1), softmax_cross_entropy,
                               f"{where} cross-entropy")


def test_error_norms_are_the_norms_of_dL_dz():
    # With one example, dL/db_(l) is dL/dz_(l) itself: its norm is the error signal's norm.
    net = MLP([4, 5, 5, 5, 1], "sigmoid", seed=2)
    x = np.random.default_rng(0).standard_normal((1, 4))
    target = np.array([[0.5]])
    _, grads = net.gradients(x, target, "mse")
    for layer in range(net.depth):
        fd = numeric_gradient(lambda: mse(net(x), target), net.biases[layer])
        np.testing.assert_allclose(grads.error_norms[layer], np.linalg.norm(fd), rtol=1e-6)


def test_layer_backward_is_one_step_of_the_network_backward():
    rng = np.random.default_rng(5)
    net = MLP([3, 4, 2], "tanh", seed=1)
    x = rng.standard_normal((6, 3))
    trace = net.forward(x)
    grad_out = rng.standard_normal((6, 2))
    grads = net.backward(trace, grad_out)
    g_prev, g_w, g_b = layer_backward(grad_out, trace.inputs[1], trace.pre_activations[1],
                                      net.weights[1], net.activations[1])
    np.testing.assert_array_equal(g_w, grads.weights[1])
    np.testing.assert_array_equal(g_b, grads.biases[1])
    # and the transposed product diag(f'(z)) W^T, written out for one row
    row = grad_out[0] @ np.diag(nnh.identity.derivative(trace.pre_activations[1][0])) @ net.weights[1].T
    np.testing.assert_allclose(g_prev[0], row, rtol=1e-14)


# --- losses -----------------------------------------------------------------------------------

def test_mse_closed_form_and_gradient():
    out = np.array([[1.0, 2.0], [3.0, -1.0]])
    target = np.array([[0.0, 2.0], [1.0, 1.0]])
    assert mse(out, target) == pytest.approx((1 + 0 + 4 + 4) / 2)
    fd = numeric_gradient(lambda: mse(out, target), out)
    np.testing.assert_allclose(mse.gradient(out, target), fd, rtol=1e-7)


def test_cross_entropy_matches_scipy_and_its_gradient_is_p_minus_y():
    rng = np.random.default_rng(9)
    logits = 3 * rng.standard_normal((5, 4))
    labels = np.array([0, 3, 1, 1, 2])
    onehot = np.eye(4)[labels]
    expected = np.mean(logsumexp(logits, axis=1) - logits[np.arange(5), labels])
    assert softmax_cross_entropy(logits, labels) == pytest.approx(expected, rel=1e-13)
    assert softmax_cross_entropy(logits, onehot) == pytest.approx(expected, rel=1e-13)
    p_minus_y = (scipy_softmax(logits, axis=1) - onehot) / 5
    np.testing.assert_allclose(softmax_cross_entropy.gradient(logits, labels), p_minus_y, atol=1e-15)
    fd = numeric_gradient(lambda: softmax_cross_entropy(logits, labels), logits)
    np.testing.assert_allclose(softmax_cross_entropy.gradient(logits, labels), fd, atol=1e-8)


@pytest.mark.parametrize("scale", [1e4, -1e4])
def test_cross_entropy_stays_finite_for_huge_logits(scale):
    logits = np.array([[scale, -scale, 0.0], [0.0, scale, scale]])
    labels = np.array([1, 0])
    value = softmax_cross_entropy(logits, labels)
    expected = np.mean(logsumexp(logits, axis=1) - logits[np.arange(2), labels])
    assert np.isfinite(value) and value == pytest.approx(expected, rel=1e-15)
    grad = softmax_cross_entropy.gradient(logits, labels)
    assert np.isfinite(grad).all()
    np.testing.assert_allclose(grad, (scipy_softmax(logits, axis=1) - np.eye(3)[labels]) / 2)


def test_cross_entropy_of_a_confident_right_answer_is_zero():
    assert softmax_cross_entropy(np.array([[1e4, 0.0]]), np.array([0])) == 0.0


# --- initialisation and training --------------------------------------------------------------

@pytest.mark.parametrize(("init", "std"), [
    ("glorot", np.sqrt(2 / (300 + 500))), ("he", np.sqrt(2 / 300)), ("normal", 0.37)])
def test_initialisations_have_their_variance(init, std):
    net = MLP([300, 500, 1], "relu", init=init, sigma=0.37, seed=4)
    w = net.weights[0]
    assert abs(w.std() / std - 1) < 0.01  # 150 000 draws: the sample std is within 0.2 %
    assert abs(w.mean()) < 0.01 * std
    assert all(not b.any() for b in net.biases)


def test_same_seed_gives_bit_identical_loss_curves():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((40, 2))
    y = np.sin(x[:, :1]) * x[:, 1:]

    def run(seed):
        net = MLP([2, 8, 8, 1], "tanh", seed=seed)
        return train(net, x, y, learning_rate=0.05, epochs=30, batch_size=8, seed=seed).loss

    first, again, other = run(1), run(1), run(2)
    assert first.tobytes() == again.tobytes()
    assert first.shape == (31,)
    assert not np.array_equal(first, other)


def test_training_learns_and_records():
    x = np.linspace(-2, 2, 50)[:, None]
    y = x**2
    net = MLP([1, 16, 1], "tanh", seed=0)
    before = [w.copy() for w in net.weights]
    history = train(net, x, y, learning_rate=0.05, epochs=300,
                    record=lambda n: float(np.abs(n.weights[0]).sum()))
    assert history.loss[-1] < history.loss[0] / 20
    assert len(history.records) == 301
    assert history.records[0] == pytest.approx(np.abs(before[0]).sum())
    assert not np.array_equal(before[0], net.weights[0])


@pytest.mark.parametrize("one_hot", [False, True])
def test_training_is_descent_with_the_public_gradients_on_each_shuffled_batch(one_hot):
    """train() checks the targets once and then steps on rows of them: step for step the
    same numbers as MLP.gradients on each mini-batch, for class indices as for one-hot rows."""
    rng = np.random.default_rng(7)
    x, labels = rng.normal(size=(20, 3)), rng.integers(0, 4, 20)
    targets = np.eye(4)[labels] if one_hot else labels
    net = MLP([3, 5, 4], "tanh", seed=1)
    by_hand = net.copy()
    history = train(net, x, targets, loss="softmax_cross_entropy", learning_rate=0.3,
                    epochs=2, batch_size=6, seed=5)
    order_rng = np.random.default_rng(5)
    losses = [softmax_cross_entropy(by_hand(x), targets)]
    for _ in range(2):
        order = order_rng.permutation(20)
        for start in range(0, 20, 6):
            rows = order[start:start + 6]
            _, grads = by_hand.gradients(x[rows], targets[rows], "softmax_cross_entropy")
            for W, b, gW, gb in zip(by_hand.weights, by_hand.biases, grads.weights,
                                    grads.biases, strict=True):
                W -= 0.3 * gW
                b -= 0.3 * gb
        losses.append(softmax_cross_entropy(by_hand(x), targets))
    assert history.loss.tobytes() == np.array(losses).tobytes()
    assert all(a.tobytes() == b.tobytes() for a, b in zip(net.weights, by_hand.weights,
                                                          strict=True))


def test_copy_is_independent():
    net = MLP([2, 3, 1], "relu", seed=0)
    twin = net.copy()
    twin.weights[0] += 1
    assert not np.array_equal(net.weights[0], twin.weights[0])


# --- bad input --------------------------------------------------------------------------------

@pytest.mark.parametrize(("call", "error", "pattern"), [
    (lambda: MLP([2, 3, 1], "swish"), ValueError, "argument 'activation'"),
    (lambda: MLP([2, 3, 1], "relu", output="probability"), ValueError, "argument 'output'"),
    (lambda: MLP([2, 3, 1], ["relu"]), ValueError, "argument 'activation' must be .* list of 2"),
    (lambda: MLP([2, 3, 1], init="xavier2"), ValueError, "argument 'init' must be one of 'glorot'"),
    (lambda: MLP([2], "relu"), TypeError, "argument 'sizes'"),
    (lambda: MLP([2, 0, 1], "relu"), ValueError, r"argument 'sizes\[1\]' must be >= 1"),
    (lambda: MLP([2, 3, 1], sigma=0), ValueError, "argument 'sigma' must be > 0"),
    (lambda: MLP([2, 3, 1]).forward(np.ones((4, 3))), ValueError,
     r"argument 'x' must be a batch of rows with 2 columns .* got shape \(4, 3\)"),
    (lambda: MLP([2, 3, 1]).forward(np.ones(2)), ValueError, "argument 'x'"),
    (lambda: MLP([2, 3, 1]).gradients(np.ones((4, 2)), np.ones((4, 2))), ValueError,
     r"argument 'target' must have the output's shape \(4, 1\)"),
    (lambda: MLP([2, 3, 1]).gradients(np.ones((4, 2)), np.ones((4, 1)), "hinge"), ValueError,
     "argument 'loss'"),
    (lambda: MLP([2, 3, 1]).backward(None, np.ones((4, 1))), TypeError, "argument 'trace'"),
    (lambda: MLP([2, 3, 1]).backward(MLP([2, 3, 1]).forward(np.ones((4, 2))), np.ones((3, 1))),
     ValueError, "argument 'grad_output'"),
    (lambda: train(MLP([2, 3, 1]), np.ones((4, 2)), np.ones((4, 1)), learning_rate=-1), ValueError,
     "argument 'learning_rate' must be > 0"),
    (lambda: train(MLP([2, 3, 1]), np.ones((4, 2)), np.ones((4, 1)), epochs=0), ValueError,
     "argument 'epochs' must be >= 1"),
    (lambda: train("net", np.ones((4, 2)), np.ones((4, 1))), TypeError, "argument 'net'"),
    (lambda: train(MLP([2, 3, 1]), np.ones((4, 2)), np.ones((5, 1))), ValueError, "argument 'target'"),
    (lambda: softmax_cross_entropy(np.ones((2, 3)), np.array([0, 3])), ValueError,
     r"argument 'target' must hold 2 class indices .* in 0\.\.2"),
    (lambda: softmax_cross_entropy(np.ones(3), np.array([0])), ValueError, "argument 'output'"),
    (lambda: layer_backward(np.ones((1, 2)), np.ones((1, 3)), np.ones((1, 2)), np.ones((3, 2)),
                            "sigmoidal"), ValueError, "argument 'activation'"),
])
def test_bad_input_names_the_argument(call, error, pattern):
    with pytest.raises(error, match=pattern):
        call()


def test_initialisations_are_listed():
    assert set(INITIALISATIONS) == {"glorot", "he", "normal"}


@pytest.mark.parametrize("batch_size", [None, 7])
def test_loss_history_is_the_loss_after_each_epoch(batch_size):
    rng = np.random.default_rng(3)
    x, y = rng.standard_normal((20, 2)), rng.standard_normal((20, 1))
    net = MLP([2, 5, 1], "sigmoid", seed=1)
    history = train(net.copy(), x, y, learning_rate=0.3, epochs=4, batch_size=batch_size)
    for epoch in range(1, 5):
        step = net.copy()
        train(step, x, y, learning_rate=0.3, epochs=epoch, batch_size=batch_size)
        assert history.loss[epoch] == mse(step(x), y)
    assert history.loss[0] == mse(net(x), y)
