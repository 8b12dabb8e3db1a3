"""nnh's figures: what they draw, what their alt text says, and that they are deterministic."""

from __future__ import annotations

import re

import matplotlib.colors as mcolors
import matplotlib.pyplot as plt
import numpy as np
import pytest

import nnh
from nnh.plotting import CourseFigure, png_bytes, save_figure

X = np.arange(-5, 5, 0.1)


@pytest.fixture(autouse=True)
def no_leaked_figures():
    before = set(plt.get_fignums())
    yield
    assert set(plt.get_fignums()) == before, "a test left a figure open"


def close(fig):
    plt.close(fig)
    return fig


def numbers_in(text: str) -> list[float]:
    return [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?(?:e-?\d+)?", text)]


def test_plot_activations_pairs_each_activation_with_its_derivative():
    fig, axes = nnh.plot_activations(X)
    close(fig)
    assert isinstance(fig, CourseFigure)
    assert axes.shape == (9, 2)
    for act, (left, right) in zip(nnh.ACTIVATIONS.values(), axes, strict=True):
        assert left.get_title() == act.name and right.get_title() == f"derivative of {act.name}"
        np.testing.assert_allclose(left.get_lines()[0].get_ydata(), act(X))
        np.testing.assert_allclose(right.get_lines()[0].get_ydata(), act.derivative(X))
    # Alt text: the sigmoid's derivative peaks at 1/4 at 0 (closed form sigma(0)^2).
    assert "sigmoid goes from" in fig.alt_text
    assert "peaking at 0.25 at x = 0" in fig.alt_text
    assert repr(fig) == f"<Figure: {fig.alt_text}>"


def test_plot_activations_subset_and_styles_differ():
    fig, axes = nnh.plot_activations(X, ["relu", nnh.tanh])
    close(fig)
    assert axes.shape == (2, 2)
    first, second = axes[0, 0].get_lines()[0], axes[1, 0].get_lines()[0]
    assert first.get_color() != second.get_color()
    assert first.get_linestyle() != second.get_linestyle()
    assert fig.alt_text.startswith("2 activation functions")


def test_plot_activation_with_step_and_derivative():
    fig, ax = nnh.plot_activation("sigmoid", X, derivative=True, step=True)
    close(fig)
    assert [line.get_label() for line in ax.get_lines()] == ["sigmoid", "sigmoid'", "hard step"]
    assert "y_{(l-1)} \\cdot W_{l,j}" in ax.get_xlabel()
    assert "hard step" in fig.alt_text


def test_plot_steps_labels_and_range():
    units = [nnh.NN(1, 0), nnh.NN(1, 10), nnh.NN(1, 20), nnh.NN(1, 30)]
    fig, ax = nnh.plot_steps(units)
    close(fig)
    lines = ax.get_lines()
    assert [line.get_label() for line in lines] == [u.label for u in units]
    x = lines[0].get_xdata()
    assert x.min() < -30 and x.max() > 0  # every threshold is inside the range
    assert "thresholds -b/w = 0, -10, -20, -30" in fig.alt_text


def test_plot_steps_shows_each_switch():
    fig, ax = nnh.plot_steps([nnh.NN(1, 0), nnh.NN(1000, 0)])
    close(fig)
    x = ax.get_lines()[0].get_xdata()
    # the slowest switch (w = 1) climbs from 0.1 to 0.9 within the range
    assert nnh.sigmoid(x.min()) < 0.1 and nnh.sigmoid(x.max()) > 0.9


def test_plot_approximation():
    approx = nnh.relu_approximation(np.sin, (0, np.pi), 6)
    fig, axes = nnh.plot_approximation(approx)
    close(fig)
    top, bottom = axes[0, 0], axes[1, 0]
    assert len(bottom.get_lines()) == 6
    assert [line.get_label() for line in top.get_lines()] == ["target", "6 ReLU units",
                                                             "knots (thresholds)"]
    assert f"maximum error {approx.max_error:.3g}" in fig.alt_text


def test_plot_curves():
    x = np.linspace(0, 1, 11)
    fig, ax = nnh.plot_curves(x, {"square": x**2, "sigmoid": nnh.sigmoid}, title="demo", logy=False)
    close(fig)
    assert len(ax.get_lines()) == 2
    assert "square (from 0 to 1)" in fig.alt_text
    with pytest.raises(ValueError, match=r"argument 'curves\['bad'\]' has shape \(2,\)"):
        nnh.plot_curves(x, {"bad": [1, 2]})


@pytest.mark.parametrize("make", [
    lambda: nnh.plot_activations(X, ["sigmoid"]),
    lambda: nnh.plot_steps([nnh.NN(2, 1)]),
    lambda: nnh.plot_approximation(nnh.relu_approximation(np.cos, (0, 1), 3)),
])
def test_backgrounds_are_opaque_white(make):
    fig, _ = make()
    close(fig)
    assert mcolors.to_rgba(fig.get_facecolor()) == (1.0, 1.0, 1.0, 1.0)
    for ax in fig.axes:
        assert mcolors.to_rgba(ax.get_facecolor())[3] == 1.0
    assert len(fig.alt_text.split()) >= 8


def test_png_is_byte_identical_and_has_no_software_metadata(tmp_path):
    pngs = []
    for _ in range(2):
        fig, _ = nnh.plot_steps([nnh.NN(1, 0), nnh.NN(10, 0)])
        pngs.append(png_bytes(close(fig)))
    assert pngs[0] == pngs[1]
    assert b"Software" not in pngs[0] and b"matplotlib" not in pngs[0]
    fig, _ = nnh.plot_steps([nnh.NN(1, 0)])
    close(fig)
    a = save_figure(fig, tmp_path / "a.svg").read_bytes()
    b = save_figure(fig, tmp_path / "b.svg").read_bytes()
    assert a == b and b"<dc:date>" not in a


def test_bad_x():
    with pytest.raises(ValueError, match=r"argument 'x' must be a 1-D array of at least 2 points"):
        nnh.plot_activations([1.0])
    with pytest.raises(ValueError, match=r"argument 'x' must contain only finite values"):
        nnh.plot_activation("relu", [0.0, np.inf])
    with pytest.raises(ValueError, match=r"argument 'activation' must be an nnh activation"):
        nnh.plot_activations(X, ["nope"])
    with pytest.raises(TypeError, match=r"argument 'approx' must come from nnh.relu_approximation"):
        nnh.plot_approximation("approx")


def test_every_figure_of_a_notebook_is_displayed():
    """In a real kernel, each nnh figure cell shows its figure (not only the first one)."""
    import nbformat
    from nbclient import NotebookClient
    from nbformat.v4 import new_code_cell, new_notebook

    nb = new_notebook(cells=[new_code_cell("import numpy as np\nimport nnh")] + [
        new_code_cell(f"fig, ax = nnh.plot_steps([nnh.NN({w}, 0)])") for w in (1, 2, 3)])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    NotebookClient(nb, timeout=120).execute()
    for w, cell in zip((1, 2, 3), nb.cells[1:], strict=True):
        images = [o for o in cell.outputs if "image/png" in o.get("data", {})]
        assert len(images) == 1, f"figure for w={w} shown {len(images)} times"
        assert images[0].metadata["image/png"]["alt"].startswith("Outputs of 1 sigmoid unit")
        assert f"w={w}, b=0" in images[0].data["text/plain"]
    assert nbformat.validate(nb) is None


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


def test_ipython_shows_a_course_figure_as_png_with_its_alt_text():
    """The registration for CourseFigure wins over a generic one for Figure (as the inline
    backend's), and gives deterministic PNG bytes with the alt text as metadata."""
    from IPython.core.formatters import PNGFormatter
    from matplotlib.figure import Figure

    from nnh.plotting import _png_with_alt

    formatter = PNGFormatter()
    formatter.for_type(Figure, lambda fig: b"generic")
    formatter.for_type(CourseFigure, _png_with_alt)
    fig, _ = nnh.plot_steps([nnh.NN(1, 0), nnh.NN(1, 10)])
    close(fig)
    data, metadata = formatter(fig)
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert data == png_bytes(fig)
    assert metadata == {"alt": fig.alt_text}
