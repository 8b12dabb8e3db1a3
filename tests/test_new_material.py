"""The nnh pieces behind the chapters Initialisation, Sigmoid outputs and Universality with two
inputs: binary cross-entropy from logits, tower networks, the heat-map figure and the three
new code-exercise checks. Every reference is independent of the code under test: closed
forms, mpmath at high precision, central finite differences, or formulas written out here."""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest

import nnh
from nnh import check
from nnh.losses import LOSSES, check_loss, mse, sigmoid_cross_entropy
from nnh.network import MLP
from nnh.towers import TOWER_THRESHOLD, grid_rectangles, tower_approximation, tower_network

# --- binary cross-entropy from logits -------------------------------------------------------


def bce_mpmath(z: float, y: float) -> float:
    """-y log sigma(z) - (1 - y) log(1 - sigma(z)), straight from the definition, at 1000
    digits (enough for 1 - sigma(1000), about e^-1000)."""
    with mpmath.workdps(1000):
        s = 1 / (1 + mpmath.e ** (-mpmath.mpf(z)))
        value = -(y * mpmath.log(s) if y else 0) - ((1 - y) * mpmath.log(1 - s) if y != 1 else 0)
        return float(value)


@pytest.mark.parametrize("z", [-1000.0, -40.0, -3.0, -1e-8, 0.0, 0.5, 4.0, 40.0, 1000.0])
@pytest.mark.parametrize("y", [0.0, 1.0, 0.3])
def test_sigmoid_cross_entropy_matches_mpmath(z, y):
    got = sigmoid_cross_entropy(np.array([[z]]), np.array([[y]]))
    assert math.isfinite(got)
    assert got == pytest.approx(bce_mpmath(z, y), rel=1e-13, abs=1e-300)


def test_sigmoid_cross_entropy_sums_outputs_and_averages_rows():
    z = np.array([[1.0, -2.0], [0.5, 3.0], [-1.0, 0.0]])
    y = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    expected = sum(bce_mpmath(zz, yy) for zz, yy in zip(z.ravel(), y.ravel(), strict=True)) / 3
    assert sigmoid_cross_entropy(z, y) == pytest.approx(expected, rel=1e-13)


@pytest.mark.parametrize("z0", [-6.0, -0.7, 0.0, 2.5, 800.0, -800.0])
def test_sigmoid_cross_entropy_gradient_is_a_central_difference(z0):
    z = np.array([[z0, 0.3 * z0 + 1.0]])
    y = np.array([[0.0, 1.0]])
    grad = sigmoid_cross_entropy.gradient(z, y)
    h = 1e-6
    for j in range(2):
        step = np.zeros_like(z)
        step[0, j] = h
        fd = (sigmoid_cross_entropy(z + step, y) - sigmoid_cross_entropy(z - step, y)) / (2 * h)
        assert grad[0, j] == pytest.approx(fd, rel=1e-6, abs=1e-9)


def test_sigmoid_cross_entropy_gradient_has_no_sigma_prime_factor():
    """(p - y)/n, against mse through a sigmoid whose gradient is 2 (p - y) sigma'(z) / n."""
    z = np.array([[4.0], [-1.0]])
    y = np.array([[0.0], [1.0]])
    p = 1 / (1 + np.exp(-z))
    assert np.allclose(sigmoid_cross_entropy.gradient(z, y), (p - y) / 2, rtol=1e-14)
    through = mse.gradient(p, y) * p * (1 - p)
    assert np.allclose(through / sigmoid_cross_entropy.gradient(z, y), 2 * p * (1 - p), rtol=1e-12)


def test_sigmoid_cross_entropy_is_a_registered_loss_that_trains():
    assert LOSSES["sigmoid_cross_entropy"] is sigmoid_cross_entropy
    assert check_loss("sigmoid_cross_entropy", "here") is sigmoid_cross_entropy
    x = np.array([[0.0], [1.0], [2.0], [3.0]])
    y = np.array([[0.0], [0.0], [1.0], [1.0]])
    net = MLP([1, 1], "relu", output="identity", seed=0)
    history = nnh.train(net, x, y, loss="sigmoid_cross_entropy", learning_rate=0.5, epochs=200)
    assert history.loss[-1] < 0.3 * history.loss[0]
    assert np.all((net(x) > 0) == (y > 0.5))


def test_sigmoid_cross_entropy_rejects_targets_outside_0_1():
    with pytest.raises(ValueError, match="argument 'target' must hold probabilities in \\[0, 1\\]"):
        sigmoid_cross_entropy(np.zeros((2, 1)), np.array([[0.0], [2.0]]))
    with pytest.raises(ValueError, match="argument 'target' must have the output's shape"):
        sigmoid_cross_entropy(np.zeros((2, 1)), np.zeros((3, 1)))


# --- towers ---------------------------------------------------------------------------------


def logistic(t):
    return 0.5 * (1 + np.tanh(t / 2))  # an independent sigmoid


def tower_formula(x1, x2, rect, s, g):
    (a1, b1), (a2, b2) = rect
    bumps = (logistic(s * (x1 - a1)) - logistic(s * (x1 - b1))
             + logistic(s * (x2 - a2)) - logistic(s * (x2 - b2)))
    return logistic(g * (bumps - 1.5))


def test_tower_network_is_the_tower_formula():
    rng = np.random.default_rng(0)
    pts = rng.uniform(-0.2, 1.2, (500, 2))
    rect = ((0.3, 0.7), (0.2, 0.6))
    net = tower_network([rect], heights=2.5, steepness=60, gain=8)
    assert net.sizes == [2, 4, 1, 1]
    expected = 2.5 * tower_formula(pts[:, 0], pts[:, 1], rect, 60, 8)
    assert np.allclose(net(pts)[:, 0], expected, rtol=1e-12, atol=1e-14)


def test_tower_values_inside_on_strips_and_at_walls():
    rect = ((0.3, 0.7), (0.2, 0.6))
    g = 10.0
    net = tower_network([rect], 1.0, steepness=1e4, gain=g)
    inside, strip, outside = net(np.array([[0.5, 0.4], [0.5, 0.9], [0.1, 0.9]]))[:, 0]
    assert inside == pytest.approx(1 / (1 + math.exp(-g / 2)), rel=1e-9)   # sigma(g/2)
    assert strip == pytest.approx(1 / (1 + math.exp(g / 2)), rel=1e-6)     # sigma(-g/2)
    assert outside == pytest.approx(1 / (1 + math.exp(1.5 * g)), rel=1e-6)  # sigma(-1.5 g)
    # On a wall inside the other bump: 0.5 + 1 = 1.5, exactly the threshold: sigma(0).
    assert net(np.array([[0.3, 0.4]]))[0, 0] == pytest.approx(0.5, abs=1e-9)
    assert TOWER_THRESHOLD == 1.5


def test_several_towers_add_with_their_heights():
    rects = [((0.0, 0.5), (0.0, 0.5)), ((0.5, 1.0), (0.5, 1.0))]
    net = tower_network(rects, [2.0, -3.0], steepness=80, gain=12)
    assert net.sizes == [2, 8, 2, 1]
    pts = np.random.default_rng(1).uniform(0, 1, (300, 2))
    expected = (2.0 * tower_formula(pts[:, 0], pts[:, 1], rects[0], 80, 12)
                - 3.0 * tower_formula(pts[:, 0], pts[:, 1], rects[1], 80, 12))
    assert np.allclose(net(pts)[:, 0], expected, rtol=1e-12, atol=1e-14)


def test_grid_rectangles_tile_the_square_and_approximation_uses_centres():
    rects, centres = grid_rectangles((0, 2), (-1, 1), 4)
    assert len(rects) == 16
    assert sum((b1 - a1) * (b2 - a2) for (a1, b1), (a2, b2) in rects) == pytest.approx(4.0)
    assert np.allclose(centres[0], [0.25, -0.75]) and np.allclose(centres[-1], [1.75, 0.75])

    def f(x1, x2):
        return x1 + 10 * x2

    net = tower_approximation(f, (0, 2), (-1, 1), 4, steepness=1e4, gain=30)
    assert np.allclose(net.weights[-1][:, 0], f(centres[:, 0], centres[:, 1]))
    # well inside a cell, the network is the target at the cell's centre
    assert np.allclose(net(centres)[:, 0], f(centres[:, 0], centres[:, 1]), rtol=1e-5)


def test_tower_approximation_error_falls_with_finer_grids():
    def f(x1, x2):
        return np.sin(np.pi * x1) * np.cos(np.pi * x2)

    pts = np.random.default_rng(2).uniform(0, 1, (2000, 2))
    medians = []
    for n in (4, 8):
        net = tower_approximation(f, (0, 1), (0, 1), n, steepness=400, gain=10)
        medians.append(np.median(np.abs(net(pts)[:, 0] - f(pts[:, 0], pts[:, 1]))))
    # a staircase: the error is about |grad f| times half a cell, so it halves
    assert medians[1] < 0.6 * medians[0]


@pytest.mark.parametrize(("call", "message"), [
    (lambda: tower_network([], 1.0), "argument 'rectangles' must be a non-empty list"),
    (lambda: tower_network([((0, 1),)], 1.0), "argument 'rectangles\\[0\\]' must be a pair"),
    (lambda: tower_network([((1, 0), (0, 1))], 1.0),
     "argument 'rectangles\\[0\\]\\[0\\]' must satisfy lo < hi"),
    (lambda: tower_network([((0, 1), (0, 1))], [1.0, 2.0]),
     "argument 'heights' must be one finite number or 1"),
    (lambda: tower_network([((0, 1), (0, 1))], 1.0, steepness=0), "argument 'steepness' must be > 0"),
    (lambda: tower_network([((0, 1), (0, 1))], 1.0, gain=-1), "argument 'gain' must be > 0"),
    (lambda: tower_approximation(3.0, (0, 1), (0, 1), 2), "argument 'target' must be a function"),
    (lambda: tower_approximation(lambda a, b: 1.0, (0, 1), (0, 1), 2),
     "argument 'target' must return one value per point"),
    (lambda: grid_rectangles((0, 1), (0, 1), 0), "argument 'n' must be >= 1"),
    (lambda: grid_rectangles((0, 1), 5, 2), "argument 'x2_interval' must be a pair"),
])
def test_towers_bad_input_names_the_argument(call, message):
    with pytest.raises((TypeError, ValueError), match=message):
        call()


# --- the heat-map figure --------------------------------------------------------------------


def test_plot_heatmaps_draws_each_panel_on_one_scale():
    import matplotlib.pyplot as plt

    from nnh.plotting import png_bytes
    from nnh.plotting.surfaces import COLORMAP, plot_heatmaps
    from nnh.style import DARK

    x1, x2 = np.linspace(0, 1, 5), np.linspace(-1, 1, 3)
    grids = np.meshgrid(x1, x2)
    fig, axes = plot_heatmaps(x1, x2, {"sum": grids[0] + grids[1], "zero": np.zeros((3, 5))},
                              title="two maps")
    try:
        images = [ax.get_images()[0] for ax in axes.flat]
        assert [im.get_clim() for im in images] == [(-1.0, 2.0), (-1.0, 2.0)]
        assert images[0].get_cmap().name == COLORMAP.name
        assert np.array_equal(images[0].get_array(), grids[0] + grids[1])
        assert images[0].origin == "lower" and images[0].get_extent() == [0, 1, -1, 1]
        assert [ax.get_title() for ax in axes.flat] == ["sum", "zero"]
        assert fig.alt_text.startswith("two maps: 2 heat maps over x1 from 0 to 1 and x2 from -1 to 1")
        assert "sum (minimum -1, maximum 2)" in fig.alt_text
        assert png_bytes(fig) != png_bytes(fig, DARK)
    finally:
        plt.close(fig)


def test_heatmap_colours_keep_contrast_on_both_backgrounds():
    """Every colour of the map is at least 3:1 against the dark background (what the site's
    dark-figure test asks of a curve), and its blue end 3:1 against white."""
    import matplotlib.colors as mcolors

    from nnh.plotting.surfaces import COLORMAP
    from nnh.style import DARK, LIGHT, contrast_ratio

    colours = [mcolors.to_hex(COLORMAP(t)) for t in np.linspace(0, 1, 101)]
    assert min(contrast_ratio(c, DARK.background) for c in colours) >= 3
    assert contrast_ratio(colours[0], LIGHT.background) >= 3


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"x1": [0.0], "x2": [0, 1], "panels": {"a": np.zeros((2, 1))}}, "argument 'x1' must be an increasing"),
    ({"x1": [0, 1], "x2": [1, 0], "panels": {"a": np.zeros((2, 2))}}, "argument 'x2' must be an increasing"),
    ({"x1": [0, 1], "x2": [0, 1], "panels": {}}, "argument 'panels' must be a non-empty dict"),
    ({"x1": [0, 1], "x2": [0, 1, 2], "panels": {"a": np.zeros((2, 3))}},
     "argument 'panels\\['a'\\]' has shape \\(2, 3\\), expected"),
    ({"x1": [0, 1], "x2": [0, 1], "panels": {"a": np.full((2, 2), np.nan)}},
     "argument 'panels\\['a'\\]' must be finite"),
    ({"x1": [0, 1], "x2": [0, 1], "panels": {"a": np.zeros((2, 2))}, "ncols": 2},
     "argument 'ncols' must be an integer from 1 to 1"),
])
def test_plot_heatmaps_bad_input_names_the_argument(kwargs, message):
    from nnh.plotting.surfaces import plot_heatmaps

    with pytest.raises((TypeError, ValueError), match=message):
        plot_heatmaps(**kwargs)


# --- the code-exercise checks of the later chapters ---------------------------------------------------------


def good_init_std(fan_in, fan_out, rule):
    return math.sqrt(2 / (fan_in + fan_out)) if rule == "glorot" else math.sqrt(2 / fan_in)


def good_bce(z, y):
    return np.maximum(z, 0) + np.log1p(np.exp(-np.abs(z))) - y * z


def good_tower(x1, x2, rectangle, steepness, gain):
    return tower_formula(x1, x2, rectangle, steepness, gain)


def good_cross_entropy(z, k):
    m = np.max(z)
    return m + np.log(np.sum(np.exp(z - m))) - z[k]


def good_knots_inside(w, b, interval):
    lo, hi = interval
    bends = w != 0
    knots = -b[bends] / w[bends]
    return np.sort(knots[(lo < knots) & (knots < hi)])


def stub(*args):
    raise NotImplementedError


@pytest.mark.parametrize(("run", "fn", "count"), [
    (check.init_std, good_init_std, 9),
    (check.sigmoid_cross_entropy, good_bce, 12),
    (check.tower, good_tower, 6),
    (check.cross_entropy, good_cross_entropy, 9),
    (check.knots_inside, good_knots_inside, 6),
])
def test_new_checks_pass_right_answers_and_call_stubs_not_done(run, fn, count):
    verdict = run(fn)
    assert verdict.passed, verdict
    assert str(verdict).endswith(f"all {count} checks passed")
    pending = run(stub)
    assert not pending.passed and not pending.done
    assert "not done yet" in str(pending)


@pytest.mark.parametrize(("run", "fn", "message"), [
    (check.init_std, lambda fi, fo, rule: math.sqrt(2 / (fi + fo)),
     "wrong for fan_in = 64, fan_out = 64, rule = 'he'"),
    (check.init_std, lambda fi, fo, rule: 2 / (fi + fo) if rule == "glorot" else 2 / fi,
     "wrong for fan_in = 64, fan_out = 64, rule = 'glorot': got 0.015625, expected 0.125"),
    (check.sigmoid_cross_entropy,
     lambda z, t: -t * np.log(1 / (1 + np.exp(-z))) - (1 - t) * np.log(1 - 1 / (1 + np.exp(-z))),
     "at z = 40, t = 0"),
    (check.sigmoid_cross_entropy, lambda z, t: np.logaddexp(0, z) + t * z, "wrong at z = -6, t = 1"),
    (check.tower, lambda x1, x2, r, s, g: tower_formula(x1, x2, r, s, 1.0),
     "wrong entry [0] inside"),
    (check.tower, lambda x1, x2, r, s, g: tower_formula(x1, x2, r[::-1], s, g),
     "wrong entry [0] inside"),
    (check.tower, lambda x1, x2, r, s, g: np.where(
        np.abs(x2 - 0.9) < 1e-12, 0.5, tower_formula(x1, x2, r, s, g)), "wrong entry [0] on a strip"),
    # softmax first, then the log: e^800 overflows
    (check.cross_entropy, lambda z, k: -np.log(np.exp(z[k]) / np.sum(np.exp(z))),
     "wrong for z = (800, 0), k = 1: got inf, expected 800.0"),
    # classes counted from 1
    (check.cross_entropy, lambda z, k: good_cross_entropy(z, (k + 1) % len(z)),
     "wrong for z = (2, -1, 0.5), k = 0: got 3.24131, expected 0.241311"),
    # log-sum-exp without the sign: log p_k instead of -log p_k
    (check.cross_entropy, lambda z, k: -good_cross_entropy(z, k), "wrong for z = (2, -1, 0.5), k = 0"),
    # dividing by every weight, w = 0 included
    (check.knots_inside, lambda w, b, iv: np.sort((k := -b / w)[(iv[0] < k) & (k < iv[1])]),
     "NumPy warned 'divide by zero encountered in divide' for a unit with w = 0"),
    # the closed interval [lo, hi]
    (check.knots_inside, lambda w, b, iv: np.sort(
        (k := -b[w != 0] / w[w != 0])[(iv[0] <= k) & (k <= iv[1])]),
     "returned 3 knots for knots at the ends"),
    # not sorted
    (check.knots_inside, lambda w, b, iv: (k := -b[w != 0] / w[w != 0])[(iv[0] < k) & (k < iv[1])],
     "got [1.0, 0.5, 2.0], expected [0.5, 1.0, 2.0] (in rising order)"),
    # the sign of the knot
    (check.knots_inside, lambda w, b, iv: np.sort(
        (k := b[w != 0] / w[w != 0])[(iv[0] < k) & (k < iv[1])]), "returned 0 knots for three units"),
])
def test_new_checks_catch_typical_mistakes(run, fn, message):
    verdict = run(fn)
    assert not verdict.passed and verdict.done
    assert message in str(verdict), str(verdict)


@pytest.mark.parametrize("run", [check.init_std, check.sigmoid_cross_entropy, check.tower,
                                 check.cross_entropy, check.knots_inside])
def test_new_checks_want_a_function(run):
    with pytest.raises(TypeError, match="argument 'fn' must be a function"):
        run(3.0)


# --- the tower explorer ---------------------------------------------------------------------


def test_tower_explorer_frames_are_the_tower_formula():
    from nnh.interactive.towers import tower_explorer

    explorer = tower_explorer(steepness_values=[20, 100], gain_values=[2, 10, 30])
    assert len(explorer.frames) == 6
    assert explorer.initial_frame is explorer.frame_at(1, 1)   # steepness 100, gain 10
    rect = ((0.3, 0.7), (0.2, 0.6))
    for i, s in enumerate((20, 100)):
        for j, g in enumerate((2, 10, 30)):
            readouts = explorer.frame_at(i, j)["readouts"]
            x1 = np.linspace(0.3 - 0.4, 0.7 + 0.4, 161)
            top = tower_formula(x1, np.full_like(x1, 0.4), rect, s, g).max()
            strip = tower_formula(x1, np.full_like(x1, 0.8), rect, s, g).max()
            assert readouts["top"] == f"top = {nnh.style.format_number(top, 4)}"
            assert readouts["strip"] == f"strip = {nnh.style.format_number(strip, 4)}"
    assert "steepness in 20..100 (2 steps), gain in 2..30 (3 steps)" in repr(explorer)
    html = explorer._repr_mimebundle_()["text/html"]
    assert "cut through the tower" in html and "cut across a strip" in html


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"rectangle": (0.3, 0.7)}, "argument 'rectangle\\[0\\]' must be a pair"),
    ({"rectangle": ((0.7, 0.3), (0, 1))}, "argument 'rectangle\\[0\\]' must satisfy lo < hi"),
    ({"steepness_values": [10]}, "argument 'steepness_values' must be a 1-D list of at least 2"),
    ({"gain_values": [1, -2]}, "argument 'gain_values\\[1\\]' must be > 0"),
    ({"points": 1}, "argument 'points' must be >= 2"),
])
def test_tower_explorer_bad_input_names_the_argument(kwargs, message):
    from nnh.interactive.towers import tower_explorer

    with pytest.raises((TypeError, ValueError), match=message):
        tower_explorer(**kwargs)
