"""The five code cells of the lecture notes (In [4] to In [8]) run verbatim, with every warning an error.

The cells are copied exactly from ../shared/seeds/000_3f9b3a2bd01df1b2.txt (In [7]'s
assignment target is garbled there as "$\\bar{J}$ =" by the notes' extraction; it is "_ =").
In [4] contains the string " $y_{(l-1)} \\cdot W_{l,j}$ " without an r prefix: Python's
compiler warns about the "\\c" escape. That warning is about the notes' own source text, not
nnh, so it is silenced while compiling; the cells then run with all warnings as errors.
"""

from __future__ import annotations

import warnings

import matplotlib.pyplot as plt
import numpy as np
import pytest

import nnh

# The notes' imports; the fixture runs them in the cells' namespace.
SETUP = "import numpy as np, matplotlib.pyplot as plt, nnh\n"
IN_4 = '''fig, ax = plt.subplots(1,1, figsize=(6,4))
x = np.arange(-5,5, 0.1)
sigm = nnh.sigmoid(x)
_ = ax.plot(x, sigm)
_ = ax.set_title("sigmoid")
_ = ax.set_xlabel(" $y_{(l-1)} \\cdot W_{l,j}$ ", fontsize=14)
'''
IN_5 = "fig"
IN_6 = "fig, _ = nnh.plot_activations( np.arange(-5,5, 0.1) )\n"
IN_7 = "_ = nnh.plot_steps( [ nnh.NN(1,0), nnh.NN(10,0), nnh.NN(100,0), nnh.NN(1000,0), ])\n"
IN_8 = "_ = nnh.plot_steps( [ nnh.NN(1,0), nnh.NN(1,10), nnh.NN(1,20), nnh.NN(1,30), ])\n"


def run_cell(source: str, namespace: dict) -> dict:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", (DeprecationWarning, SyntaxWarning))
        code = compile(source, "<lecture cell>", "exec")
    with warnings.catch_warnings(), np.errstate(all="raise"):
        warnings.simplefilter("error")
        exec(code, namespace)
    return namespace


@pytest.fixture
def namespace():
    before = set(plt.get_fignums())
    ns = run_cell(SETUP, {})
    yield ns
    for num in set(plt.get_fignums()) - before:
        plt.close(num)


def test_in_4_plots_the_sigmoid(namespace):
    ns = run_cell(IN_4, namespace)
    line = ns["ax"].get_lines()[0]
    np.testing.assert_allclose(line.get_ydata(), 1 / (1 + np.exp(-ns["x"])), rtol=1e-14)
    assert ns["ax"].get_title() == "sigmoid"
    # In [5] only displays the figure of In [4].
    assert eval(IN_5, ns) is ns["fig"]
    # the text: "the sigmoid is an approximation of the binary switch" (0 below, 1 above)
    y = line.get_ydata()
    assert y[0] < 0.01 and y[-1] > 0.99 and np.all(np.diff(y) > 0)


def test_in_6_plots_the_lectures_activations_beside_their_derivatives(namespace):
    """The notes discuss tanh, the sigmoid, ReLU and no activation (the identity) after In [6]."""
    ns = run_cell(IN_6, namespace)
    titles = [ax.get_title() for ax in ns["fig"].axes]
    for name in ("sigmoid", "tanh", "ReLU", "identity"):
        assert name in titles and f"derivative of {name}" in titles
    assert len(ns["fig"].axes) == 2 * len(nnh.CLASSIC_ACTIVATIONS)
    assert "peaking at 0.25 at z = 0" in ns["fig"].alt_text   # the notes: "about 0.25"


def curves(ax) -> list[tuple[np.ndarray, np.ndarray]]:
    """(x, y) of every line drawn on ``ax``, in drawing order."""
    return [(line.get_xdata(), line.get_ydata()) for line in ax.get_lines()]


def first_x_reaching(x: np.ndarray, y: np.ndarray, level: float) -> float:
    return x[np.argmax(y >= level)]


def test_in_7_steeper_slope_switches_faster(namespace):
    ns = run_cell(IN_7, namespace)
    _fig, ax = ns["_"]
    widths = [first_x_reaching(x, y, 0.9) - first_x_reaching(x, y, 0.1) for x, y in curves(ax)]
    assert widths == sorted(widths, reverse=True)
    assert widths[0] > 100 * widths[-1]
    # the slope changes the shape of the switch, not where it happens (x = 0, sigmoid = 1/2)
    for x, y in curves(ax):
        assert abs(first_x_reaching(x, y, 0.5)) <= np.max(np.diff(x))
        assert y[0] < 0.01 and y[-1] > 0.99  # every unit is seen switching from 0 to 1


def test_in_8_bias_shifts_the_threshold(namespace):
    ns = run_cell(IN_8, namespace)
    _fig, ax = ns["_"]
    crossings = [first_x_reaching(x, y, 0.5) for x, y in curves(ax)]
    np.testing.assert_allclose(crossings, [0, -10, -20, -30], atol=0.02)
    # the text: w x + b > 0 exactly when x > -b / w; the curves are shifted copies of each other
    for shift, (x, y) in zip((0, 10, 20, 30), curves(ax), strict=True):
        np.testing.assert_allclose(y, 1 / (1 + np.exp(-(x + shift))), rtol=1e-12)
