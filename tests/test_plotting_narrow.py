"""The phone layout of nnh's figures (nnh.plotting._core.narrow_layout), checked on the
figure object: 350 px wide, its panels in one column without overlap, no text under 9 pt,
every text inside the figure, zoom insets inside their panels. Rendering it leaves the usual
figure byte for byte the same; Jupyter's PNG output carries both narrow variants.

Why 9 pt: a 360 px phone shows the 350 px image in its text column (328 px) or inside an
exercise (261 px), i.e. at 0.74 of its size or more, so 9 pt (12.5 image px at 100 dpi) reads
as 9.3 CSS px or more, above the 9 px the site promises (tests/site/test_phone.py measures
it in the browser).
"""

from __future__ import annotations

import base64
import io
import itertools

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.text import Text
from PIL import Image

import nnh
from nnh.plotting import png_bytes, png_with_alt_and_dark
from nnh.plotting._core import DPI, NARROW_MIN_FONT, NARROW_WIDTH, narrow_layout
from nnh.style import DARK, NARROW_DARK_PNG_KEY, NARROW_PNG_KEY

X = np.arange(-5, 5, 0.1)


def figures():
    """Every kind of course figure, at its widest and most crowded."""
    approx = nnh.relu_approximation(np.sin, (0, 2 * np.pi), n_units=8)
    return {
        "activation grid": lambda: nnh.plot_activations(X)[0],
        "one activation": lambda: nnh.plot_activation(nnh.sigmoid, X, derivative=True, step=True)[0],
        "steps with zoom": lambda: nnh.plot_steps([nnh.NN(w, 0) for w in (1, 10, 100, 1000)])[0],
        "steps with scaled panel": lambda: nnh.plot_steps(
            [nnh.NN(w, 0, activation="relu") for w in (1, 10, 100, 1000)])[0],
        "approximation": lambda: nnh.plot_approximation(approx)[0],
        "curves, long title": lambda: nnh.plot_curves(
            X, {"sigmoid": nnh.sigmoid, "tanh": np.tanh},
            title="two activations compared on one axis, with a title longer than a phone",
            ylabel="activation")[0],
    }


FIGURES = figures()


@pytest.fixture(params=sorted(FIGURES))
def fig(request):
    figure = FIGURES[request.param]()
    yield figure
    plt.close(figure)


def visible_texts(fig) -> list[Text]:
    return [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()
            and t.get_figure() is not None]


def test_narrow_png_is_400_px_wide(fig):
    width, _ = Image.open(io.BytesIO(png_bytes(fig, narrow=True))).size
    assert width == round(NARROW_WIDTH * DPI) == 350


def test_panels_stack_in_one_column_without_overlap(fig):
    with narrow_layout(fig):
        fig.canvas.draw()
        boxes = sorted((ax.get_position() for ax in fig.axes if ax.get_subplotspec() is not None),
                       key=lambda box: -box.y1)
        assert fig.get_figwidth() == pytest.approx(NARROW_WIDTH)
        for box in boxes:  # full width: every panel spans most of the figure
            assert box.width > 0.7, box
        for upper, lower in itertools.pairwise(boxes):
            assert lower.y1 <= upper.y0 + 1e-9, "two panels overlap"


def test_no_text_is_small_or_cut_off(fig):
    with narrow_layout(fig):
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        frame = fig.bbox
        texts = visible_texts(fig)
        assert len(texts) > 5
        for text in texts:
            assert text.get_fontsize() >= NARROW_MIN_FONT, (text.get_text(), text.get_fontsize())
        for ax in fig.axes:  # what each panel draws: its ticks, labels, title and legend
            box = ax.get_tightbbox(renderer)
            assert box.x0 >= frame.x0 - 1 and box.x1 <= frame.x1 + 1, \
                f"the panel {ax.get_title()!r} runs past the figure's edge: {box}"


def test_zoom_insets_stay_inside_their_panel():
    figure = nnh.plot_activations(X)[0]
    try:
        with narrow_layout(figure):
            figure.canvas.draw()
            renderer = figure.canvas.get_renderer()
            insets = [(ax, inset) for ax in figure.axes for inset in ax.child_axes]
            assert insets
            for ax, inset in insets:
                outer, inner = ax.get_window_extent(renderer), inset.get_tightbbox(renderer)
                assert outer.x0 <= inner.x0 and inner.x1 <= outer.x1, \
                    f"the inset of {ax.get_title()!r} (with its labels) leaves its panel"
    finally:
        plt.close(figure)


def test_the_usual_figure_is_unchanged_after_a_narrow_rendering(fig):
    light, dark = png_bytes(fig), png_bytes(fig, DARK)
    png_bytes(fig, narrow=True)
    png_bytes(fig, DARK, narrow=True)
    assert png_bytes(fig) == light and png_bytes(fig, DARK) == dark


def test_jupyter_output_carries_both_narrow_variants(fig):
    _, metadata = png_with_alt_and_dark(fig)
    assert base64.b64decode(metadata[NARROW_PNG_KEY]) == png_bytes(fig, narrow=True)
    assert base64.b64decode(metadata[NARROW_DARK_PNG_KEY]) == png_bytes(fig, DARK, narrow=True)


def test_each_png_of_the_jupyter_output_is_drawn_once(fig):
    """Light, dark and both phone PNGs: four draws, none thrown away (savefig's own layout
    pass would draw the figure once more, unrendered, before each PNG that needs a layout)."""
    draws = []
    fig.canvas.mpl_connect("draw_event", draws.append)
    png_with_alt_and_dark(fig)
    assert len(draws) == 4


@pytest.mark.parametrize(("title", "layouts"), [
    ("two activations compared on one axis", 2),
    ("two activations compared on one axis, with a title longer than a phone", 3)])
def test_the_phone_layout_is_computed_again_only_when_a_title_breaks(title, layouts):
    """A title wider than most of the phone's width is measured in the computed phone layout.
    If it fits there, that layout is the one drawn: the Jupyter output computes two layouts
    (usual and phone). A title that breaks into lines needs the phone layout once more."""
    figure, ax = nnh.plot_curves(X, {"sigmoid": nnh.sigmoid, "tanh": np.tanh}, title=title)
    try:
        engine, executed = figure.get_layout_engine(), []
        execute = engine.execute
        engine.execute = lambda f: executed.append(f) or execute(f)
        _, metadata = png_with_alt_and_dark(figure)
        assert len(executed) == layouts
        with narrow_layout(figure):
            broken = "\n" in ax.get_title()
        assert broken == (layouts == 3)
        assert base64.b64decode(metadata[NARROW_PNG_KEY]) == png_bytes(figure, narrow=True)
    finally:
        plt.close(figure)


def test_a_figure_as_narrow_as_a_phone_needs_no_variant():
    small, _ = plt.subplots(figsize=(NARROW_WIDTH, 3), FigureClass=nnh.plotting.CourseFigure)
    try:
        _, metadata = png_with_alt_and_dark(small)
        assert NARROW_PNG_KEY not in metadata and NARROW_DARK_PNG_KEY not in metadata
    finally:
        plt.close(small)
