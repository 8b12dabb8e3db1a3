"""nnh's figures: what they draw, what their alt text says, the dark variant, determinism.

Each figure is checked on the figure object (axes, artists, data) against closed forms,
so that a figure that hides its point (a jump drawn at the wrong place, a derivative axis per
row, indistinguishable switches) fails here.
"""

from __future__ import annotations

import base64
import io
import math
import re

import matplotlib.colors as mcolors
import matplotlib.pyplot as plt
import numpy as np
import pytest
from PIL import Image

import nnh
from nnh.plotting import DARK_PNG_KEY, CourseFigure, png_bytes, png_with_alt_and_dark, save_figure
from nnh.style import (
    COLORS,
    DARK,
    DARK_COLORS,
    LIGHT,
    NARROW_DARK_PNG_KEY,
    NARROW_PNG_KEY,
    SITE_FIGURES_ENV,
    contrast_ratio,
)

X = np.arange(-5, 5, 0.1)
SLOPES = (1, 10, 100, 1000)
CURVE_IN_ALT = re.compile(r"([^;:(]+?) \(minimum (-?[\d.e+-]+), maximum (-?[\d.e+-]+)\)")


@pytest.fixture(autouse=True)
def no_leaked_figures():
    before = set(plt.get_fignums())
    yield
    assert set(plt.get_fignums()) == before, "a test left a figure open"


def close(fig):
    plt.close(fig)
    return fig


def described_curves(alt: str) -> dict[str, tuple[float, float]]:
    """label -> (minimum, maximum) for every curve the alt text describes."""
    return {m[0].split(". ")[-1].strip(" ,."): (float(m[1]), float(m[2]))
            for m in CURVE_IN_ALT.findall(alt)}


def sigmoid_closed_form(x):
    return 1.0 / (1.0 + np.exp(-np.asarray(x, dtype=float)))


def line_labelled(ax, label):
    return next(line for line in ax.get_lines() if line.get_label() == label)


def switch_width_in_pixels(ax, line) -> float:
    """Pixels on screen between the points where a rising sigmoid line passes 0.1 and 0.9."""
    x, y = line.get_xdata(), line.get_ydata()
    lo, hi = np.interp(0.1, y, x), np.interp(0.9, y, x)
    (px_lo, _), (px_hi, _) = ax.transData.transform([(lo, 0.5), (hi, 0.5)])
    return abs(px_hi - px_lo)


# --- plot_activations ------------------------------------------------------------------------

#: How the book writes each activation's name in prose (book/notation.md, the chapters): the
#: figures must write it the same way, never the code identifier ("relu").
BOOK_SPELLING = {"sigmoid": "sigmoid", "tanh": "tanh", "relu": "ReLU", "leaky_relu": "leaky ReLU",
                 "identity": "identity", "elu": "ELU", "softplus": "softplus", "gelu": "GELU",
                 "silu": "SiLU"}


def test_plot_activations_draws_the_classic_activations_by_default():
    """The lecture's call draws the activations of the first chapters; ELU, softplus, GELU
    and SiLU wait for the chapter Other activations."""
    assert nnh.CLASSIC_ACTIVATIONS == ("sigmoid", "tanh", "relu", "leaky_relu", "identity")
    fig, axes = nnh.plot_activations(X)
    close(fig)
    assert axes.shape == (5, 2)
    assert [left.get_title() for left in axes[:, 0]] == [
        "sigmoid", "tanh", "ReLU", "leaky ReLU", "identity"]
    assert fig.alt_text.startswith("5 activation functions") and "GELU" not in fig.alt_text


def test_plot_activations_pairs_each_activation_with_its_derivative():
    fig, axes = nnh.plot_activations(X, nnh.ACTIVATIONS)
    close(fig)
    assert isinstance(fig, CourseFigure)
    assert axes.shape == (9, 2)
    assert list(BOOK_SPELLING) == list(nnh.ACTIVATIONS)
    for act, (left, right) in zip(nnh.ACTIVATIONS.values(), axes, strict=True):
        name = BOOK_SPELLING[act.name]
        assert left.get_title() == name and right.get_title() == f"derivative of {name}"
        assert [line.get_label() for line in (left.get_lines()[0], right.get_lines()[0])] == [
            name, f"{name}'"]
        assert f"{name} (minimum" in fig.alt_text
        np.testing.assert_allclose(left.get_lines()[0].get_ydata(), act(X))
        line = right.get_lines()[0]
        on_grid = np.isin(line.get_xdata(), X)   # the grid's points, without a jump at 0
        np.testing.assert_array_equal(line.get_xdata()[on_grid], X)
        np.testing.assert_allclose(line.get_ydata()[on_grid], act.derivative(X))
    # Alt text: the sigmoid's extremes on [-5, 4.9] and its derivative's peak of 1/4 at 0.
    sig = described_curves(fig.alt_text)["sigmoid"]
    np.testing.assert_allclose(sig, sigmoid_closed_form([-5, 4.9]), rtol=5e-3)
    assert "peaking at 0.25 at z = 0" in fig.alt_text
    assert repr(fig) == f"<Figure: {fig.alt_text}>"


def test_a_jump_of_the_derivative_is_drawn_at_zero_itself():
    """np.arange(-5, 5, 0.1) holds -1.8e-14, not 0: ReLU' must still jump at x = 0, not ramp
    up between the grid points -1.8e-14 and 0.1."""
    assert 0.0 not in X and X.min() < 0 < X.max()
    fig, axes = nnh.plot_activations(X, ["relu", "leaky_relu", "elu", "sigmoid"])
    close(fig)
    for row, (low, high) in ((0, (0.0, 1.0)), (1, (0.01, 1.0))):
        line = axes[row, 1].get_lines()[0]
        x, y = line.get_xdata(), line.get_ydata()
        at_zero = np.flatnonzero(x == 0.0)
        assert at_zero.size == 2 and at_zero[1] == at_zero[0] + 1
        np.testing.assert_allclose(y[at_zero], [low, high])
        assert np.all(y[x < 0] == y[at_zero[0]]) and np.all(y[x > 0] == high)
        # every segment of the path is flat or vertical: no ramp anywhere
        dx, dy = np.diff(x), np.diff(y)
        assert np.all((dy == 0) | (dx == 0))
    for row in (2, 3):   # continuous derivatives: drawn on the grid as it is
        np.testing.assert_array_equal(axes[row, 1].get_lines()[0].get_xdata(), X)


def test_the_derivative_column_has_one_shared_y_axis():
    """sigma' peaks at 1/4 and tanh' at 1: on one axis the first is a quarter as tall."""
    fig, axes = nnh.plot_activations(X, nnh.ACTIVATIONS)
    fig.canvas.draw()
    close(fig)
    right = axes[:, 1]
    limits = {ax.get_ylim() for ax in right}
    assert len(limits) == 1, f"the derivative panels have {len(limits)} different y-ranges"
    assert all(right[0].get_shared_y_axes().joined(right[0], ax) for ax in right[1:])
    bottom, top = limits.pop()
    assert bottom <= -0.129 and top >= 1.128  # GELU' dips to -0.129 and peaks at 1.129

    def height_above_zero(ax):  # in axes fraction
        peak = ax.get_lines()[0].get_ydata().max()
        return (peak - 0.0) / (top - bottom)

    ratio = height_above_zero(right[0]) / height_above_zero(right[1])  # sigmoid / tanh
    assert ratio == pytest.approx(0.25, rel=1e-9)
    # the activations keep their own ranges (identity reaches -5, sigmoid does not)
    assert axes[0, 0].get_ylim() != axes[4, 0].get_ylim()


def test_leaky_relu_is_told_apart_from_relu_on_the_negative_side():
    fig, axes = nnh.plot_activations(X)
    close(fig)
    names = list(nnh.CLASSIC_ACTIVATIONS)
    relu_row, leaky_row = names.index("relu"), names.index("leaky_relu")
    with_inset = [name for name, ax in zip(names, axes[:, 1], strict=True) if ax.child_axes]
    assert with_inset == ["relu", "leaky_relu"]
    relu_inset, leaky_inset = axes[relu_row, 1].child_axes[0], axes[leaky_row, 1].child_axes[0]
    assert relu_inset.get_ylim() == leaky_inset.get_ylim()
    relu_line, leaky_line = relu_inset.get_lines()[0], leaky_inset.get_lines()[0]
    assert np.all(relu_line.get_xdata() < 0) and np.all(leaky_line.get_xdata() < 0)
    np.testing.assert_array_equal(relu_line.get_ydata(), 0.0)
    np.testing.assert_allclose(leaky_line.get_ydata(), 0.01, rtol=1e-12)  # the default alpha
    bottom, top = leaky_inset.get_ylim()
    assert (0.01 - 0.0) / (top - bottom) >= 0.5, "0 and 0.01 less than half the inset apart"
    assert "ReLU' is exactly 0, leaky ReLU' is exactly 0.01" in fig.alt_text
    assert "Insets zoom into z < 0" in fig.alt_text
    assert relu_inset.get_title() == "zoom: z < 0"


def test_activation_figures_label_the_axis_with_the_pre_activation():
    """An activation's argument is the pre-activation z (book/notation.md), on every figure
    that draws an activation on its own, and the alt text names it so."""
    fig, axes = nnh.plot_activations(X, ["relu", "gelu"])
    close(fig)
    assert [ax.get_xlabel() for ax in axes[-1]] == ["pre-activation $z$"] * 2
    assert "for z from -5 to 4.9" in fig.alt_text
    fig, ax = nnh.plot_activation("leaky_relu", X, derivative=True, step=True)
    close(fig)
    assert ax.get_xlabel() == "pre-activation $z$" and ax.get_title() == "leaky ReLU"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "leaky ReLU", "leaky ReLU'", "hard step"]
    assert fig.alt_text.startswith("The leaky ReLU activation for z from -5 to 4.9")
    assert "at z = 0" in fig.alt_text
    fig, _ = nnh.plot_steps([nnh.NN(2, 0, activation="relu"), nnh.NN(1, 1, activation="gelu")])
    close(fig)
    assert fig.axes[0].get_title() == "GELU and ReLU units: activation(w x + b)"


def test_no_inset_where_the_negative_side_is_visible():
    fig, axes = nnh.plot_activations(np.linspace(-5, 5, 1001), ["elu", "softplus", "gelu", "silu"])
    close(fig)
    assert not any(ax.child_axes for ax in axes.flat)
    assert "Insets" not in fig.alt_text


def test_plot_activations_subset_and_styles_differ():
    fig, axes = nnh.plot_activations(X, ["relu", nnh.tanh])
    close(fig)
    assert axes.shape == (2, 2)
    first, second = axes[0, 0].get_lines()[0], axes[1, 0].get_lines()[0]
    assert first.get_color() != second.get_color()
    assert first.get_linestyle() != second.get_linestyle()
    assert fig.alt_text.startswith("2 activation functions")


# --- plot_activation and the hard step ----------------------------------------------------------

@pytest.mark.parametrize("grid", [X, np.linspace(-5, 5, 100), np.linspace(-3, 4, 8)],
                         ids=["arange-0.1", "linspace-no-zero", "coarse"])
def test_the_hard_step_jumps_at_zero_itself(grid):
    fig, ax = nnh.plot_activation("sigmoid", grid, derivative=True, step=True)
    close(fig)
    step = line_labelled(ax, "hard step")
    assert step.get_drawstyle() == "default"
    x, y = step.get_xdata(), step.get_ydata()
    jumps = np.flatnonzero(np.diff(y) != 0)
    assert len(jumps) == 1
    j = jumps[0]
    assert (x[j], y[j], x[j + 1], y[j + 1]) == (0.0, 0.0, 0.0, 1.0)
    assert np.all(y[x < 0] == 0) and np.all(y[x > 0] == 1)
    assert x.min() == grid.min() and x.max() == grid.max()


def test_plot_activation_with_step_and_derivative():
    fig, ax = nnh.plot_activation("sigmoid", X, derivative=True, step=True)
    close(fig)
    assert [line.get_label() for line in ax.get_lines()] == ["sigmoid", "sigmoid'", "hard step"]
    assert ax.get_xlabel() == "pre-activation $z$"
    assert "hard step" in fig.alt_text
    curves = described_curves(fig.alt_text)
    np.testing.assert_allclose(curves["sigmoid"], sigmoid_closed_form([-5, 4.9]), rtol=5e-3)


# --- plot_steps ---------------------------------------------------------------------------------

def test_plot_steps_labels_and_range():
    units = [nnh.NN(1, 0), nnh.NN(1, 10), nnh.NN(1, 20), nnh.NN(1, 30)]
    fig, ax = nnh.plot_steps(units)
    close(fig)
    lines = ax.get_lines()
    assert [line.get_label() for line in lines] == [u.label for u in units]
    x = lines[0].get_xdata()
    assert x.min() < -30 and x.max() > 0  # every threshold is inside the range
    assert "thresholds -b/w are 0, -10, -20, -30" in fig.alt_text
    assert len(fig.axes) == 1  # every switch is visible: no extra panel


def test_plot_steps_shows_each_switch():
    fig, ax = nnh.plot_steps([nnh.NN(1, 0), nnh.NN(1000, 0)])
    close(fig)
    x = ax.get_lines()[0].get_xdata()
    # the slowest switch (w = 1) climbs from 0.1 to 0.9 within the range
    assert nnh.sigmoid(x.min()) < 0.1 and nnh.sigmoid(x.max()) > 0.9


def test_the_slope_figure_tells_w_100_from_w_1000():
    """Some panel shows the switches of w = 100 and w = 1000 with widths 2 ln 9 / w that
    differ by many pixels, so "ten times narrower" is visible."""
    fig, ax = nnh.plot_steps([nnh.NN(w, 0) for w in SLOPES])
    fig.canvas.draw()
    close(fig)
    zoom = next(a for a in fig.axes if a.get_label() == "zoom")
    steep, steeper = line_labelled(zoom, "w=100, b=0"), line_labelled(zoom, "w=1000, b=0")
    for line, w in ((steep, 100), (steeper, 1000)):
        np.testing.assert_allclose(line.get_ydata(), sigmoid_closed_form(w * line.get_xdata()),
                                   rtol=1e-12, atol=1e-300)
        x, y = line.get_xdata(), line.get_ydata()
        width = np.interp(0.9, y, x) - np.interp(0.1, y, x)
        assert width == pytest.approx(2 * math.log(9) / w, rel=0.02)
    wide, narrow = switch_width_in_pixels(zoom, steep), switch_width_in_pixels(zoom, steeper)
    assert wide - narrow >= 50 and wide / narrow == pytest.approx(10, rel=0.05)
    # in the main panel the two are indistinguishable, which is why the zoom exists
    assert switch_width_in_pixels(ax, line_labelled(ax, "w=100, b=0")) < 5
    x0, x1 = zoom.get_xlim()
    assert x0 < 0 < x1 and "10 times narrower" in fig.alt_text


def test_the_relu_slope_figure_shows_same_shape_w_times_taller():
    units = [nnh.NN(w, 0, activation="relu") for w in SLOPES]
    fig, ax = nnh.plot_steps(units)
    fig.canvas.draw()
    close(fig)
    scaled = next(a for a in fig.axes if a.get_label() == "scaled")
    bottom, top = scaled.get_ylim()
    for line in scaled.get_lines():
        x = line.get_xdata()
        np.testing.assert_allclose(line.get_ydata(), np.maximum(x, 0.0), rtol=1e-15)
        assert (line.get_ydata().max() - 0) / (top - bottom) > 0.8  # fills the panel
    # and the main panel keeps the heights: w times taller
    for unit, line in zip(units, ax.get_lines(), strict=True):
        np.testing.assert_allclose(line.get_ydata().max(), unit.w * line.get_xdata().max())
    assert "they coincide" in fig.alt_text


def test_sigmoid_units_are_not_divided_by_w():
    fig, _ = nnh.plot_steps([nnh.NN(w, 0) for w in SLOPES])
    close(fig)
    assert [a.get_label() for a in fig.axes[1:]] == ["zoom"]


@pytest.mark.parametrize("units", [
    [nnh.NN(-2, 4), nnh.NN(0.5, -50), nnh.NN(1000, 3)],
    [nnh.NN(1e-3, 0)],
    [nnh.NN(1, 0), nnh.NN(10, 0), nnh.NN(100, 0), nnh.NN(1000, 0)],
    [nnh.NN(3, -1, activation="relu"), nnh.NN(-1, 2, activation=nnh.tanh)],
])
def test_default_step_range_covers_every_threshold_and_switch(units):
    fig, ax = nnh.plot_steps(units)
    close(fig)
    for unit, line in zip(units, ax.get_lines(), strict=True):
        x = line.get_xdata()
        assert x.min() < unit.threshold < x.max()
        # at least 5/|w| on each side of the threshold: w x + b spans [-5, 5] there
        z = unit.w * x + unit.b
        assert z.min() <= -5 + 1e-9 and z.max() >= 5 - 1e-9
        np.testing.assert_allclose(line.get_ydata(), unit.activation(z), rtol=1e-14)


# --- plot_approximation and plot_curves ----------------------------------------------------------

def test_plot_approximation():
    approx = nnh.relu_approximation(np.sin, (0, np.pi), 6)
    fig, axes = nnh.plot_approximation(approx)
    close(fig)
    top = axes[0, 0]
    assert [line.get_label() for line in top.get_lines()] == ["target", "6 ReLU units",
                                                             "knots (thresholds)"]
    assert f"maximum error {approx.max_error:.3g}" in fig.alt_text
    np.testing.assert_allclose(described_curves(fig.alt_text)["target"], [0, 1], atol=1e-5)


def test_the_panel_of_16_units_draws_each_unit_only_from_its_knot():
    """Readable: a ray per unit starting at its knot (no 16 lines piled on y = 0), rising and
    falling units in two styles named in the legend."""
    approx = nnh.relu_approximation(np.sin, (0, 2 * np.pi), 16)
    fig, axes = nnh.plot_approximation(approx)
    close(fig)
    bottom = axes[1, 0]
    rays = [line for line in bottom.get_lines() if len(line.get_xdata()) > 1]
    assert len(rays) == 16
    h = 2 * np.pi / 16
    for k, ray in enumerate(rays):
        x, y = ray.get_xdata(), ray.get_ydata()
        assert x.min() == pytest.approx(k * h, abs=h / 50)  # knots of sin: every h from 0
        slope = np.polyfit(x, y, 1)[0] if len(x) > 2 else 0.0
        assert np.all(np.abs(y - slope * (x - x.min())) < 1e-9 * max(1, abs(slope)))
    legend = [t.get_text() for t in bottom.get_legend().get_texts()]
    assert legend == ["rising units (v_k > 0)", "falling units (v_k < 0)"]
    styles = {(ray.get_color(), str(ray.get_linestyle())) for ray in rays}
    assert len(styles) == 2


def test_plot_curves():
    x = np.linspace(0, 1, 11)
    fig, ax = nnh.plot_curves(x, {"square": x**2, "sigmoid": nnh.sigmoid}, title="demo")
    close(fig)
    assert len(ax.get_lines()) == 2
    curves = described_curves(fig.alt_text)
    assert curves["square"] == (0.0, 1.0)
    np.testing.assert_allclose(curves["sigmoid"], sigmoid_closed_form([0, 1]), rtol=5e-3)
    with pytest.raises(ValueError, match=r"argument 'curves\['bad'\]' has shape \(2,\)"):
        nnh.plot_curves(x, {"bad": [1, 2]})


def test_the_error_plot_has_labels_markers_and_log_axes():
    counts = np.array([1, 2, 4, 8, 16, 32, 64, 128])
    bound = (2 * np.pi / counts) ** 2 / 8
    fig, ax = nnh.plot_curves(counts, {"measured": bound * 0.9, "bound": bound},
                              xlabel="number of ReLU units", ylabel="maximum error",
                              logx=2, logy=True, markers=True)
    fig.canvas.draw()
    close(fig)
    assert ax.get_xlabel() == "number of ReLU units" and ax.get_ylabel() == "maximum error"
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    markers = [line.get_marker() for line in ax.get_lines()]
    assert all(m not in ("None", "", None) for m in markers) and len(set(markers)) == 2
    labels = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    assert {"1", "2", "4", "8", "16", "32", "64", "128"} <= set(labels)
    assert "log-scaled x and log-scaled y" in fig.alt_text and "marked at each point" in fig.alt_text
    with pytest.raises(ValueError, match=r"argument 'logx' must be True, False or a log base"):
        nnh.plot_curves(counts, {"a": bound}, logx=0.5)


# --- alt text: one convention -------------------------------------------------------------------

def test_alt_text_gives_minimum_and_maximum_never_end_values():
    """A curve that falls and rises (x^2 on [-1, 2]): its end values are 1 and 4, its minimum
    and maximum 0 and 4; the alt text must state the latter."""
    x = np.linspace(-1, 2, 301)
    fig, _ = nnh.plot_curves(x, {"parabola": x**2})
    close(fig)
    assert described_curves(fig.alt_text)["parabola"] == (0.0, 4.0)
    units = [nnh.NN(w, 0, activation="relu") for w in SLOPES]
    fig, _ = nnh.plot_steps(units)
    close(fig)
    curves = described_curves(fig.alt_text)
    for w in SLOPES:
        assert curves[f"w={w}, b=0"] == (0.0, 5.0 * w)
    for figure in ("goes from", "from 1 to 4"):
        assert figure not in fig.alt_text


# --- dark variant -------------------------------------------------------------------------------

def test_contrast_ratio_matches_wcag_reference_values():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)


def test_dark_palette_keeps_3_to_1_contrast_and_stays_distinguishable():
    assert len(DARK_COLORS) == len(COLORS)
    for color in DARK_COLORS:
        assert contrast_ratio(color, DARK.background) >= 3.0, color
    rgb = np.array([mcolors.to_rgb(c) for c in DARK_COLORS]) * 255
    distances = [np.linalg.norm(a - b) for i, a in enumerate(rgb) for b in rgb[i + 1:]]
    assert min(distances) > 40
    assert contrast_ratio(DARK.foreground, DARK.background) >= 4.5


def pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).reshape(-1, 3)


def hexes(colors) -> set[tuple[int, ...]]:
    return {tuple(round(255 * c) for c in mcolors.to_rgb(h)) for h in colors}


def test_the_dark_variant_recolours_everything_and_leaves_the_figure_light():
    fig, ax = nnh.plot_steps([nnh.NN(w, 0) for w in SLOPES])
    close(fig)
    light = png_bytes(fig)
    dark = png_bytes(fig, DARK)
    rgb = pixels(dark)
    packed, counts = np.unique(rgb.astype(np.int32) @ [1 << 16, 1 << 8, 1], return_counts=True)
    colours = [((p >> 16) & 0xFF, (p >> 8) & 0xFF, p & 0xFF) for p in packed.tolist()]
    background = colours[np.argmax(counts)]
    assert background == tuple(round(255 * c) for c in mcolors.to_rgb(DARK.background))
    present = set(colours)
    assert hexes(DARK_COLORS[:4]) <= present  # the four curves, in the dark palette
    assert not (hexes([COLORS[0], LIGHT.background, LIGHT.foreground]) & present)
    # the figure itself is untouched: its lines and its light PNG are as before
    assert [line.get_color() for line in ax.get_lines()[:4]] == list(COLORS[:4])
    assert png_bytes(fig) == light


def test_png_is_byte_identical_and_has_no_software_metadata(tmp_path):
    pngs, darks = [], []
    for _ in range(2):
        fig, _ = nnh.plot_activations(X, ["relu", "leaky_relu"])
        pngs.append(png_bytes(close(fig)))
        darks.append(png_bytes(fig, DARK))
    assert pngs[0] == pngs[1] and darks[0] == darks[1]
    assert b"Software" not in pngs[0] and b"matplotlib" not in pngs[0]
    fig, _ = nnh.plot_steps([nnh.NN(1, 0)])
    close(fig)
    a = save_figure(fig, tmp_path / "a.svg").read_bytes()
    b = save_figure(fig, tmp_path / "b.svg").read_bytes()
    assert a == b and b"<dc:date>" not in a


def test_jupyter_output_carries_alt_text_and_the_dark_png():
    fig, _ = nnh.plot_steps([nnh.NN(1, 0), nnh.NN(1, 10)])
    close(fig)
    data, metadata = png_with_alt_and_dark(fig)
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and data == png_bytes(fig)
    assert metadata["alt"] == fig.alt_text
    assert base64.b64decode(metadata[DARK_PNG_KEY]) == png_bytes(fig, DARK)


@pytest.mark.parametrize("scale", [1e-7, 1e7])
def test_a_title_clears_the_power_of_ten_above_its_y_axis(scale):
    """Titles are pinned at the top of their axes (no search for what rises above, at every
    draw), except above a y-axis showing an offset such as 1e-7 at its top: there the title
    moves up, clear of it, in the light, dark and phone PNGs."""
    title = "a title long enough to reach the power of ten at the left end of its y-axis"
    fig, ax = nnh.plot_curves(X, {"tiny": scale * nnh.sigmoid(X)}, title=title)
    close(fig)
    for theme, narrow in ((LIGHT, False), (DARK, False), (LIGHT, True)):
        png_bytes(fig, theme, narrow=narrow)
        offset = ax.yaxis.offsetText
        assert offset.get_text() and offset.get_visible()
        assert not offset.get_window_extent().overlaps(ax.title.get_window_extent())


def test_pyplot_leaves_a_course_figure_to_be_drawn_when_it_is_saved():
    """After every cell in Jupyter, pyplot draws each stale figure (draw_all); on an Agg
    canvas that picture is thrown away, since the figure is shown through savefig. A course
    figure is not stale when nnh returns it, and becomes stale with any later change."""
    fig, ax = nnh.plot_steps([nnh.NN(1, 0)])
    draws = []
    fig.canvas.mpl_connect("draw_event", draws.append)
    try:
        plt.draw_all()
        assert draws == []
        ax.set_xlim(-5, 5)
        plt.draw_all()
        assert len(draws) == 1
    finally:
        close(fig)


# --- inputs and notebooks -----------------------------------------------------------------------

def test_bad_x():
    with pytest.raises(ValueError, match=r"argument 'x' must be a 1-D array of at least 2 points"):
        nnh.plot_activations([1.0])
    with pytest.raises(ValueError, match=r"argument 'x' must contain only finite values"):
        nnh.plot_activation("relu", [0.0, np.inf])
    with pytest.raises(ValueError, match=r"argument 'activation' must be an nnh activation"):
        nnh.plot_activations(X, ["nope"])
    with pytest.raises(TypeError, match=r"argument 'approx' must come from nnh.relu_approximation"):
        nnh.plot_approximation("approx")


def test_every_figure_of_a_notebook_is_displayed_with_alt_text_and_dark_variant(monkeypatch):
    """In a real kernel that builds the site (whose inline backend registers a PNG formatter
    for every Figure), each nnh figure cell shows its figure once, as nnh's PNG with alt text
    and dark PNG."""
    import nbformat
    from nbclient import NotebookClient
    from nbformat.v4 import new_code_cell, new_notebook

    from tools.paths import KERNEL_SHUTDOWN

    monkeypatch.setenv(SITE_FIGURES_ENV, "1")
    nb = new_notebook(cells=[new_code_cell("import numpy as np\nimport nnh")] + [
        new_code_cell(f"fig, ax = nnh.plot_steps([nnh.NN({w}, 0)])") for w in (1, 2, 3)])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    NotebookClient(nb, timeout=120, shutdown_kernel=KERNEL_SHUTDOWN).execute()
    for w, cell in zip((1, 2, 3), nb.cells[1:], strict=True):
        images = [o for o in cell.outputs if "image/png" in o.get("data", {})]
        assert len(images) == 1, f"figure for w={w} shown {len(images)} times"
        meta = images[0].metadata["image/png"]
        assert meta["alt"].startswith("Outputs of 1 sigmoid unit")
        assert f"w={w}, b=0" in images[0].data["text/plain"]
        fig, _ = nnh.plot_steps([nnh.NN(w, 0)])
        close(fig)
        assert base64.b64decode(images[0].data["image/png"]) == png_bytes(fig)
        assert base64.b64decode(meta[DARK_PNG_KEY]) == png_bytes(fig, DARK)
    assert nbformat.validate(nb) is None


@pytest.mark.parametrize(("site", "draws", "keys"), [
    ("1", 4, {"alt", DARK_PNG_KEY, NARROW_PNG_KEY, NARROW_DARK_PNG_KEY}),
    (None, 1, {"alt"})])
def test_a_figure_cell_draws_the_figure_once_per_png(monkeypatch, site, draws, keys):
    """In a real kernel that builds the site (NNH_SITE_FIGURES=1), a figure wider than a phone
    is drawn four times (light, dark, and both phone PNGs), not once more by pyplot after the
    cell nor unrendered by savefig. In any other kernel (a student's Jupyter) it is drawn
    once, the light PNG with its alt text."""
    from nbclient import NotebookClient
    from nbformat.v4 import new_code_cell, new_notebook

    from tools.paths import KERNEL_SHUTDOWN

    if site is None:
        monkeypatch.delenv(SITE_FIGURES_ENV, raising=False)
    else:
        monkeypatch.setenv(SITE_FIGURES_ENV, site)
    nb = new_notebook(cells=[
        new_code_cell("import numpy as np\nimport nnh\ndraws = []"),
        new_code_cell("fig, axes = nnh.plot_activations(np.arange(-5, 5, 0.1), ['relu'])\n"
                      "fig.canvas.mpl_connect('draw_event', draws.append)"),
        new_code_cell("print(len(draws))")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    NotebookClient(nb, timeout=120, shutdown_kernel=KERNEL_SHUTDOWN).execute()
    assert nb.cells[-1].outputs[0]["text"].strip() == str(draws)
    [image] = [o for o in nb.cells[1].outputs if "image/png" in o.get("data", {})]
    assert set(image.metadata["image/png"]) == keys
    fig, _ = nnh.plot_activations(np.arange(-5, 5, 0.1), ["relu"])
    close(fig)
    assert base64.b64decode(image.data["image/png"]) == png_bytes(fig)


@pytest.mark.parametrize(("value", "text"), [
    (0.24999, "0.25"), (-0.0, "0"), (-1e-13, "-1e-13"), (5000, "5000"), (12345, "12300"),
    (0.000123456, "0.000123"), (2.5e7, "2.5e+07"), (1e-7, "1e-07"), (-4.9, "-4.9")])
def test_format_number(value, text):
    from nnh.style import format_number

    assert format_number(value) == text
