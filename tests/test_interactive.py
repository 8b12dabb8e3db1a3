"""nnh.interactive: the embedded frames are nnh's own values, the page's markup is safe and
unique per widget, answer boxes judge precision as documented, and bad arguments are refused."""

from __future__ import annotations

import itertools
import json
import re
from html.parser import HTMLParser

import numpy as np
import pytest

import nnh
from nnh import interactive
from nnh.interactive.geometry import FrameGrid, Panel, nice_ticks
from nnh.interactive.template import keep_first_assets, script_json, stylesheet
from nnh.style import COLORS, DARK_COLORS, format_number


class Elements(HTMLParser):
    """Every element's tag and attributes, and the text of each <script>."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.scripts: list[str] = []
        self._in_script = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_endtag(self, tag):
        self._in_script = False if tag == "script" else self._in_script

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data

    def ids(self) -> list[str]:
        return [a["id"] for _, a in self.tags if "id" in a]


def spec_of(explorer) -> dict:
    html = explorer._repr_mimebundle_()["text/html"]
    return json.loads(re.search(r'<script type="application/json">(.*?)</script>', html).group(1))


def test_unit_explorer_frames_match_nnh():
    ex = interactive.unit_explorer("sigmoid", w_values=[1, 2, 4], b_values=[-1, 0, 1])
    spec = spec_of(ex)
    assert len(spec["frames"]) == 9 and spec["strides"] == [3, 1]
    for (i, w), (j, b) in [((0, 1), (0, -1)), ((2, 4), (2, 1)), ((1, 2), (1, 0))]:
        frame = ex.frame_at(i, j)
        assert frame == spec["frames"][i * 3 + j]          # row-major: w outer, b inner
        threshold = float(frame["readouts"]["threshold"].split("= ")[1])
        assert threshold == pytest.approx(-b / w, abs=1e-12)
        # The drawn curve is the unit's output, mapped to pixels (the threshold sampled too).
        x = np.union1d(np.linspace(-6, 6, 121), [-b / w])
        assert frame["paths"]["curve"] == ex.panels[0].path(x, 1 / (1 + np.exp(-(w * x + b))))


def test_frame_grid_is_row_major_like_itertools_product():
    grid = FrameGrid((3, 4, 5))
    assert grid.strides == (20, 5, 1) and grid.count == 60
    assert list(grid.positions()) == list(itertools.product(range(3), range(4), range(5)))
    assert [grid.index(p) for p in grid.positions()] == list(range(60))
    with pytest.raises(IndexError, match="slider 1"):
        grid.index((0, 4, 0))


def test_initial_frame_is_the_frame_at_the_initial_slider_positions():
    ex = interactive.unit_explorer("relu", w_values=[0.5, 1, 2], b_values=[-1, 0, 1])
    assert [s.initial_index for s in ex.sliders] == [1, 1]       # w = 1, b = 0
    assert ex.initial_frame["readouts"]["w"] == "w = 1" and ex.initial_frame["readouts"]["b"] == "b = 0"


def test_marker_hidden_when_threshold_is_off_the_plot():
    ex = interactive.unit_explorer("relu", w_values=[0.25, 1], b_values=[-3, 0])
    assert ex.frame_at(0, 0)["markers"]["threshold"] is None       # threshold 12
    assert ex.frame_at(1, 1)["markers"]["threshold"] is not None   # threshold 0


def test_approximation_explorer_errors_are_nnh_errors():
    ex = interactive.approximation_explorer(np.cos, (0, 3), max_units=5, target_name="cos x")
    for n in range(1, 6):
        frame = ex.frame_at(n - 1)
        expected = nnh.relu_approximation(np.cos, (0, 3), n).max_error
        assert float(frame["readouts"]["error"].split("= ")[1]) == pytest.approx(expected, rel=1e-3)
        assert frame["paths"]["units"].count("M") == n


def test_derivative_explorer_slopes():
    ex = interactive.derivative_explorer(["sigmoid", "relu"], positions=[-1.0, 0.0, 1.0])
    frame = ex.frame_at(2)
    sigmoid_slope = float(frame["readouts"]["slope-0"].split("= ")[1])
    assert sigmoid_slope == pytest.approx(np.exp(-1) / (1 + np.exp(-1)) ** 2, rel=1e-3)
    assert frame["readouts"]["slope-1"] == "ReLU'(1) = 1"
    assert frame["description"].startswith("Tangents at z = 1: sigmoid' = ")
    assert ex.sliders[0].name == "z" and [p.title for p in ex.panels] == ["sigmoid", "ReLU"]


def test_derivative_explorer_keeps_every_panel_of_a_repeated_activation():
    ex = interactive.derivative_explorer(["relu", "relu"], positions=[-1.0, 1.0])
    html = ex._html()
    for k in range(2):
        assert all(f"tangent-{k}" in f["paths"] and f["markers"][f"point-{k}"] for f in ex.frames)
        assert html.count(f'data-path="tangent-{k}"') == 1 and html.count(f'data-marker="point-{k}"') == 1
    assert [r for r in ex.frame_at(1)["readouts"].values()] == ["ReLU'(1) = 1", "ReLU'(1) = 1"]


def test_derivative_explorer_draws_one_svg_per_panel():
    html = interactive.derivative_explorer()._html()
    svgs = [a for tag, a in Elements(html).tags if tag == "svg" and "nnh-plot" in a.get("class", "")]
    assert len(svgs) == 3


# What the explorers draw: every frame, read back from its pixels ------------------------------

def to_pixels(panel: Panel, x, y):
    """The panel's data-to-pixel map, written out here from its box and limits (linear)."""
    left, top, right, bottom = panel.box
    (x0, x1), (y0, y1) = panel.xlim, panel.ylim
    return (left + (np.asarray(x, float) - x0) * (right - left) / (x1 - x0),
            bottom - (np.asarray(y, float) - y0) * (bottom - top) / (y1 - y0))


def points_of(d: str) -> np.ndarray:
    """The vertices of one drawn polyline "Mu,v Lu,v ...", as an (n, 2) array."""
    assert d.count("M") == 1, d[:80]
    return np.array([[float(c) for c in xy.split(",")] for xy in re.findall(r"-?[\d.]+,-?[\d.]+", d)])


def distance_to_polyline(point, vertices: np.ndarray) -> float:
    """The shortest distance from a point to the segments through ``vertices`` (pixels)."""
    p, a, b = np.asarray(point, float), vertices[:-1], vertices[1:]
    ab = b - a
    t = np.clip(np.einsum("ij,ij->i", p - a, ab) / np.maximum(np.einsum("ij,ij->i", ab, ab), 1e-12), 0, 1)
    return float(np.min(np.hypot(*(a + t[:, None] * ab - p).T)))


PX = 0.05 + 1e-9        # paths and markers are written to 0.1 user units

MONOTONE = ["sigmoid", "tanh", "relu", "leaky_relu", "identity", "elu", "softplus"]
EVERY_ACTIVATION = [*MONOTONE, "gelu", "silu"]


@pytest.mark.parametrize("name", EVERY_ACTIVATION)
def test_unit_explorer_draws_the_unit_unclamped_in_every_frame(name):
    """Every drawn vertex is the unit's value at its x, even far above the frame (the SVG clips
    it); a monotone activation's curve is monotone; the threshold marker lies on the curve."""
    ex = interactive.unit_explorer(name)
    panel, act = ex.panels[0], nnh.activations.resolve_activation(name, "test")
    ws, bs = ex.sliders[0].values, ex.sliders[1].values
    for (i, w), (j, b) in itertools.product(enumerate(ws), enumerate(bs)):
        frame = ex.frame_at(i, j)
        drawn = points_of(frame["paths"]["curve"])
        x = panel.xlim[0] + (drawn[:, 0] - panel.box[0]) * (panel.xlim[1] - panel.xlim[0]) / (
            panel.box[2] - panel.box[0])
        x = np.where(np.isclose(x, -b / w, atol=0.01), -b / w, np.round(x, 1))  # the sampled x
        _, v = to_pixels(panel, x, act(w * x + b))
        assert np.max(np.abs(drawn[:, 1] - v)) <= PX, f"{name}, w={w}, b={b}: a point is moved"
        if name in MONOTONE:
            assert np.all(np.diff(drawn[:, 1]) <= 2 * PX), f"{name}, w={w}, b={b}: not monotone"
        marker = frame["markers"]["threshold"]
        if marker is not None:
            assert distance_to_polyline(marker, drawn) <= 2 * PX, f"{name}, w={w}, b={b}"
            assert marker == pytest.approx(np.ravel(to_pixels(panel, -b / w, act(0.0))), abs=PX)


@pytest.mark.parametrize(("name", "ylim"), [
    # One rule: the activation's bound where it has one, else the first frame's extreme
    # (the unit at w = 1, b = 0 on [-6, 6]), then 5 % of the span on each side.
    ("sigmoid", (-0.05, 1.05)), ("tanh", (-1.1, 1.1)), ("relu", (-0.3, 6.3)),
    ("identity", (-6.6, 6.6)), ("softplus", (-np.log1p(np.exp(6)) / 20, np.log1p(np.exp(6)) * 1.05)),
])
def test_unit_explorer_limits_follow_the_range_and_the_data(name, ylim):
    assert interactive.unit_explorer(name).panels[0].ylim == pytest.approx(ylim, abs=1e-12)


def test_relu_unit_leaves_the_frame_instead_of_levelling_off():
    """A steep ReLU unit crosses the top of the frame: its drawn points go beyond it."""
    ex = interactive.unit_explorer("relu")
    panel = ex.panels[0]
    top = panel.box[1]
    frame = ex.frame_at(ex.sliders[0].values.index(16.0), ex.sliders[1].values.index(6.0))
    drawn = points_of(frame["paths"]["curve"])
    assert drawn[:, 1].min() < top - 1000          # relu(16 * 6 + 6) = 102, far above 6.3
    assert len(np.unique(drawn[drawn[:, 1] < top, 1])) == np.sum(drawn[:, 1] < top)   # no plateau


def slope_in_data_units(panel: Panel, d: str) -> tuple[float, float]:
    """The drawn segment's slope in data units, and how far pixel rounding can move it."""
    (u1, v1), (u2, v2) = points_of(d)
    left, top, right, bottom = panel.box
    per_x = (right - left) / (panel.xlim[1] - panel.xlim[0])
    per_y = (bottom - top) / (panel.ylim[1] - panel.ylim[0])
    slope = -(v2 - v1) / (u2 - u1) * per_x / per_y
    rounding = (2 * PX + abs(slope) * per_y / per_x * 2 * PX) / abs(u2 - u1) * per_x / per_y
    return slope, rounding


@pytest.mark.parametrize("names", [("sigmoid", "tanh", "relu"), ("identity", "leaky_relu", "elu"),
                                   ("softplus", "gelu", "silu")])
def test_derivative_explorer_tangents_are_tangents_in_every_frame(names):
    """In every frame and panel: the drawn tangent's slope is the readout (and nnh's derivative),
    it passes through the marked point, and the point lies on the drawn curve."""
    ex = interactive.derivative_explorer(names)
    acts = [nnh.activations.resolve_activation(n, "test") for n in names]
    curves = {k: points_of(d) for k, d, _ in ex.static_paths}
    for i, p in enumerate(ex.sliders[0].values):
        frame = ex.frame_at(i)
        for k, (act, panel) in enumerate(zip(acts, ex.panels, strict=True)):
            where = f"{act.name} at z = {p}"
            readout = float(frame["readouts"][f"slope-{k}"].split("= ")[1])
            assert readout == pytest.approx(float(act.derivative(p)), rel=5e-4, abs=1e-12), where
            slope, rounding = slope_in_data_units(panel, frame["paths"][f"tangent-{k}"])
            assert abs(slope - float(act.derivative(p))) <= rounding, where
            marker = frame["markers"][f"point-{k}"]
            assert marker == pytest.approx(np.ravel(to_pixels(panel, p, act(p))), abs=PX), where
            assert distance_to_polyline(marker, curves[k]) <= 0.5, where
            (u1, v1), (u2, v2) = points_of(frame["paths"][f"tangent-{k}"])
            on_line = v1 + (v2 - v1) * (marker[0] - u1) / (u2 - u1)
            assert abs(on_line - marker[1]) <= 3 * PX, where
            if act.name in MONOTONE:
                assert np.all(np.diff(curves[k][:, 1]) <= 2 * PX), where


def test_approximation_explorer_draws_its_knots_exactly():
    ex = interactive.approximation_explorer(max_units=6)
    top = ex.panels[0]
    for n in range(1, 7):
        ap = nnh.relu_approximation(np.sin, (0, 2 * np.pi), n)
        drawn = points_of(ex.frame_at(n - 1)["paths"]["approximation"])
        x = np.unique(np.concatenate([[0, 2 * np.pi], ap.knots]))
        assert np.max(np.abs(drawn - np.column_stack(to_pixels(top, x, ap(x))))) <= PX


@pytest.mark.parametrize("make", [
    lambda: interactive.unit_explorer("relu"),
    lambda: interactive.approximation_explorer(max_units=6),
    lambda: interactive.derivative_explorer(),
], ids=["unit", "approximation", "derivative"])
def test_curves_are_clipped_at_the_plot_area_and_markers_sit_inside_it(make):
    """Every curve is drawn inside a group clipped to its panel's plot area (the rect behind
    the plot); every shown marker lies inside that area."""
    ex = make()
    html = ex._html()
    svgs = re.findall(r'<svg class="nnh-plot".*?</svg>', html)
    assert len(svgs) == len(ex.panels)
    for k, svg in enumerate(svgs):
        clip = re.search(r'<clipPath id="([^"]+)"><rect (x="[^"]+" y="[^"]+" width="[^"]+" '
                         r'height="[^"]+")/></clipPath>', svg)
        area = re.search(r'<rect class="nnh-area" (x="[^"]+" y="[^"]+" width="[^"]+" height="[^"]+")', svg)
        assert clip and area and clip.group(2) == area.group(1)
        group = re.search(r'<g clip-path="url\(#([^)]+)\)">(.*?)</g>', svg, re.DOTALL)
        assert group and group.group(1) == clip.group(1)
        assert svg.count("<path") == group.group(2).count("<path") > 0, "a path outside the clip"
        left, top, right, bottom = ex.panels[k].box
        for frame in ex.frames:
            for name, (panel, _) in ex.marker_styles.items():
                m = frame["markers"].get(name)
                if panel == k and m is not None:
                    assert left - PX <= m[0] <= right + PX and top - PX <= m[1] <= bottom + PX


def test_identical_widgets_get_distinct_ids_and_find_their_own_container():
    a, b = interactive.unit_explorer(), interactive.unit_explorer()
    assert repr(a) == repr(b) and "0x" not in repr(a)
    box = interactive.answer_box("q", 1.0)
    page = a._html() + b._html() + a._html() + box._html() + box._html()
    ids = Elements(page).ids()
    assert len(ids) == len(set(ids)), "every element id on a page must be unique"
    # The script that starts a widget locates it from document.currentScript, not by id.
    assert page.count("(document.currentScript);") == 5


def test_ids_are_reproducible_in_a_fresh_process():
    import subprocess
    import sys
    code = ("import nnh; print(nnh.interactive.unit_explorer()._html() + "
            "nnh.interactive.answer_box('q', 2.0)._html())")
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
            for _ in range(2)]
    assert runs[0] == runs[1]


def test_embedded_json_cannot_end_the_script_early():
    hostile = "</script><img src=x onerror=alert(1)> & <!--"
    ex = interactive.approximation_explorer(max_units=2, target_name=hostile)
    html = ex._html()
    parsed = Elements(html)
    assert not any(tag == "img" for tag, _ in parsed.tags)
    data = json.loads(next(s for s in parsed.scripts if s.startswith('{"frames"')))
    assert hostile in data["frames"][0]["description"]
    assert script_json({"t": "<&>"}) == '{"t":"\\u003c\\u0026\\u003e"}'


def test_stylesheet_palettes_are_nnh_style():
    css = stylesheet()
    palettes = css[css.index(".nnh-widget{"):css.index("}")]
    dark_mode = css[css.index('html[data-theme="dark"] .nnh-widget'):]
    dark_mode = dark_mode[:dark_mode.index("}")]
    for k, (colour, dark_colour) in enumerate(zip(COLORS, DARK_COLORS, strict=True)):
        assert f"--nnh-c{k}:{colour};" in palettes and f"--nnh-dark-c{k}:{dark_colour};" in palettes
        assert f"--nnh-c{k}: var(--nnh-dark-c{k});" in dark_mode
    assert "--pst-color-background" in css


def test_a_page_keeps_one_copy_of_the_stylesheet_and_script():
    page = "".join(w._html() for w in (interactive.unit_explorer("relu", [1, 2], [0, 1]),
                                       interactive.answer_box("q", 1.0), interactive.answer_box("r", 2.0)))
    assert page.count("<style") == 3 and page.count('data-nnh-asset="js"') == 3
    kept = Elements(keep_first_assets(page))
    assert [a.get("data-nnh-asset") for tag, a in kept.tags if tag in ("style", "script")
            and "data-nnh-asset" in a] == ["css", "js"]
    assert len(kept.scripts) == 1 + 1 + 3          # the kept library, the JSON, three start-ups
    assert keep_first_assets(page).index('data-nnh-asset="js"') < keep_first_assets(page).index(
        "window.nnhInteractive.init(")


def test_nice_ticks_are_round_and_inside():
    assert nice_ticks(-0.0975, 1.0975) == [0.0, 0.5, 1.0]
    assert nice_ticks(-6, 6) == [-5.0, 0.0, 5.0]
    assert nice_ticks(-1.2, 1.2) == [-1.0, 0.0, 1.0]


def test_left_margin_fits_the_widest_tick_label():
    panel = Panel((-6.0, 6.0), (-1234.5, 1234.5), "wide labels")
    widest = max(len(t.label) for t in panel.ticks() if t.anchor == "end")
    assert panel.box[0] >= widest * 0.6 * 15          # 0.6 em per digit at the 15-unit font


# Answer boxes ------------------------------------------------------------------------------

def accepts(box, typed: float) -> bool:
    """The page's rule, as documented: the whole number itself where the box asks for one,
    else |typed - answer| <= the embedded tolerance."""
    html = box._html()
    if 'data-whole="true"' in html:
        return float(typed).is_integer() and typed == box.answer
    tolerance = float(re.search(r'data-tolerance="([^"]+)"', html).group(1))
    return abs(typed - box.answer) <= tolerance


def close(box, typed: float) -> bool:
    """The page's near miss: wrong, but within the embedded data-close."""
    band = float(re.search(r'data-close="([^"]+)"', box._html()).group(1))
    return not accepts(box, typed) and abs(typed - box.answer) <= band


SIGMOID_099 = float(np.log(99))          # z with sigmoid(z) = 0.99, 4.595...


@pytest.mark.parametrize(("kwargs", "right", "wrong"), [
    ({"digits": 2}, [4.6, 4.55, 4.64], [4.5, 4.7]),
    ({"digits": 3}, [4.6, 4.595, 4.59512], [4.59, 4.61]),
    ({}, [4.6, 4.595], [4.59]),                                 # default: 3 significant digits
    ({"relative": 0.01}, [4.6, 4.55], [4.5, 4.7]),
    ({"tolerance": 0.01}, [4.6, 4.59], [4.58, 4.61]),
])
def test_precision_is_what_the_box_says(kwargs, right, wrong):
    box = interactive.answer_box("z where sigmoid(z) = 0.99?", SIGMOID_099, **kwargs)
    assert all(accepts(box, v) for v in right), right
    assert not any(accepts(box, v) for v in wrong), wrong


def test_digits_is_about_significant_digits_at_every_scale():
    assert accepts(interactive.answer_box("q", 2.0634, digits=3), 2.06)
    assert not accepts(interactive.answer_box("q", 2.0634, digits=3), 2.07)
    assert accepts(interactive.answer_box("q", 0.00123456, digits=3), 0.00123)
    assert not accepts(interactive.answer_box("q", 0.00123456, digits=3), 0.00124)
    assert accepts(interactive.answer_box("q", 87654.0, digits=2), 88000)
    assert not accepts(interactive.answer_box("q", 9.99, digits=2), 9.9)
    assert accepts(interactive.answer_box("q", 9.99, digits=2), 10)


def test_answer_box_tells_the_precision_and_hides_the_solution():
    box = interactive.answer_box("Threshold of NN(4, -2)?", nnh.NN(4, -2).threshold,
                                 solution="-b/w = 0.5", digits=2)
    html = box._repr_mimebundle_()["text/html"]
    assert 'data-answer="0.5"' in html and '<details class="nnh-solution">' in html
    assert "<details open" not in html and " open" not in re.search(r"<details[^>]*>", html).group(0)
    assert re.search(r'<summary><span class="nnh-when-closed">Show the solution</span>'
                     r'<span class="nnh-when-open">Hide the solution</span></summary>', html)
    assert "Give your answer to 2 significant digits." in html
    assert 'role="status"' in html and 'aria-live="polite"' in html
    assert repr(box) == "<answer box: Threshold of NN(4, -2)? (checked to 2 significant digits)>"
    assert "within ±0.05" in interactive.answer_box("q", 1.0, 0.05)._html()          # positional
    assert "within 1% of the exact value" in interactive.answer_box("q", 2.0, relative=0.01)._html()


def test_old_calls_keep_working():
    box = interactive.answer_box("How many layers?", np.int64(10), 0.5, "Ten.")
    assert box.precision.whole and box.solution == "Ten."
    assert "Give your answer as a whole number." in box._html()
    assert accepts(box, 10) and not accepts(box, 11) and not accepts(box, 9)
    assert interactive.answer_box("q", 0.25).precision.summary == "to 3 significant digits"


@pytest.mark.parametrize("make", [
    lambda: interactive.answer_box("How many layers?", 10, 0.5),
    lambda: interactive.answer_box("How many layers?", 10, whole_number=True),
], ids=["tolerance 0.5", "whole_number"])
def test_a_whole_number_answer_must_be_that_whole_number(make):
    box = make()
    assert "Give your answer as a whole number." in box._html()
    assert accepts(box, 10) and accepts(box, 10.0)
    assert not any(accepts(box, v) for v in (9.97, 10.2, 9, 11))
    assert not any(close(box, v) for v in (9.97, 9, 11))


def test_a_near_miss_is_close_and_told_why():
    w_design = 4 * np.log(9)                     # 8.7889...
    box = interactive.answer_box("W1 =", w_design, digits=3)
    assert accepts(box, 8.79) and not accepts(box, 8.80)
    assert close(box, 8.80) and close(box, 8.8) and not close(box, 9.5) and not close(box, 8.79)
    assert "Close, but not to 3 significant digits" in box.precision.close_hint
    assert "round" in box.precision.close_hint and str(round(w_design, 2)) not in box._html()
    assert close(interactive.answer_box("q", 1.0, 0.01), 1.05)
    assert not close(interactive.answer_box("q", 1.0, 0.01), 1.2)


def test_tiny_answers_say_how_to_type_powers_of_ten():
    tiny = interactive.answer_box("q", 9.1e-5)
    assert "9.1e-5" in tiny.precision.instruction and tiny.precision.instruction in tiny._html()
    assert "e-5" not in interactive.answer_box("q", 0.5).precision.instruction


def test_an_answer_of_zero_blames_the_answer_not_digits():
    with pytest.raises(ValueError) as caught:
        interactive.answer_box("q", 0.0)
    assert "argument 'answer' is 0" in str(caught.value) and "'digits'" not in str(caught.value)
    assert interactive.answer_box("q", 0.0, tolerance=0.01).precision.tolerance == 0.01


@pytest.mark.parametrize(("call", "error", "pattern"), [
    (lambda: interactive.unit_explorer("swish"), ValueError, "argument 'activation'"),
    (lambda: interactive.unit_explorer(w_values=[0, 1]), ValueError, "argument 'w_values'"),
    (lambda: interactive.unit_explorer(b_values=[1]), ValueError, "argument 'b_values'"),
    (lambda: interactive.unit_explorer(x_range=(1, 1)), ValueError, "argument 'x_range'"),
    (lambda: interactive.approximation_explorer(max_units=0), ValueError, "argument 'max_units'"),
    (lambda: interactive.derivative_explorer([]), ValueError, "argument 'activations'"),
    (lambda: interactive.answer_box("", 1.0), TypeError, "argument 'question'"),
    (lambda: interactive.answer_box("q", "one"), TypeError, "argument 'answer'"),
    (lambda: interactive.answer_box("q", 1.0, tolerance=0), ValueError, "argument 'tolerance'"),
    (lambda: interactive.answer_box("q", 1.0, relative=-1), ValueError, "argument 'relative'"),
    (lambda: interactive.answer_box("q", 1.0, digits=0), ValueError, "argument 'digits'"),
    (lambda: interactive.answer_box("q", 1.0, digits=2.5), TypeError, "argument 'digits'"),
    (lambda: interactive.answer_box("q", 0.0), ValueError, "argument 'answer'"),
    (lambda: interactive.answer_box("q", 0.0, digits=2), ValueError, "argument 'digits'"),
    (lambda: interactive.answer_box("q", 2.5, whole_number=True), ValueError, "argument 'whole_number'"),
    (lambda: interactive.answer_box("q", 2, digits=1, whole_number=True), ValueError, "'whole_number'"),
    (lambda: interactive.answer_box("q", 2, whole_number=1), TypeError, "argument 'whole_number'"),
    (lambda: interactive.answer_box("q", 0.0, relative=0.1), ValueError, "argument 'relative'"),
    (lambda: interactive.answer_box("q", 1.0, 0.1, digits=2), ValueError, "only one of 'tolerance'"),
    (lambda: interactive.answer_box("q", 1.0, relative=0.1, digits=2), ValueError, "'relative' and 'digits'"),
    (lambda: interactive.answer_box("q", 1.0, solution=3), TypeError, "argument 'solution'"),
])
def test_bad_arguments(call, error, pattern):
    with pytest.raises(error, match=pattern):
        call()


def test_readouts_use_the_course_number_format():
    ex = interactive.derivative_explorer(["tanh"], positions=[0.5, 1.0])
    assert ex.frame_at(0)["readouts"]["slope-0"] == f"tanh'(0.5) = {format_number(1 - np.tanh(0.5) ** 2, 4)}"
