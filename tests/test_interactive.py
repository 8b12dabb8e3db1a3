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
from nnh.interactive.template import script_json, stylesheet
from nnh.style import COLORS, format_number


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
        # The drawn curve is the unit's output, mapped to pixels.
        x = np.linspace(-6, 6, 121)
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
    sigmoid_slope = float(frame["readouts"]["sigmoid"].split("= ")[1])
    assert sigmoid_slope == pytest.approx(np.exp(-1) / (1 + np.exp(-1)) ** 2, rel=1e-3)
    assert frame["readouts"]["relu"] == "relu'(1) = 1"


def test_derivative_explorer_draws_one_svg_per_panel():
    html = interactive.derivative_explorer()._html()
    svgs = [a for tag, a in Elements(html).tags if tag == "svg" and "nnh-plot" in a.get("class", "")]
    assert len(svgs) == 3


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


def test_stylesheet_palette_is_nnh_style():
    css = stylesheet()
    for k, colour in enumerate(COLORS):
        assert f"--nnh-c{k}:{colour};" in css
    assert 'html[data-theme="dark"] .nnh-widget' in css and "--pst-color-background" in css


def test_nice_ticks_are_round_and_inside():
    assert nice_ticks(-0.0975, 1.0975) == [0.0, 0.5, 1.0]
    assert nice_ticks(-6, 6) == [-5.0, 0.0, 5.0]
    assert nice_ticks(-1.2, 1.2) == [-1.0, 0.0, 1.0]


def test_left_margin_fits_the_widest_tick_label():
    panel = Panel((-6.0, 6.0), (-1234.5, 1234.5), "wide labels")
    widest = max(len(t.label) for t in panel.ticks() if t.anchor == "end")
    assert panel.box[0] >= widest * 0.6 * 14          # 0.6 em per digit at the 14-unit font


# Answer boxes ------------------------------------------------------------------------------

def accepts(box, typed: float) -> bool:
    """The page's rule, as documented: |typed - answer| <= the embedded tolerance."""
    tolerance = float(re.search(r'data-tolerance="([^"]+)"', box._html()).group(1))
    return abs(typed - box.answer) <= tolerance


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
    assert 'data-answer="0.5"' in html and "<details>" in html and "<details open" not in html
    assert "Give your answer to 2 significant digits." in html
    assert 'role="status"' in html and 'aria-live="polite"' in html
    assert repr(box) == "<answer box: Threshold of NN(4, -2)? (checked to 2 significant digits)>"
    assert "within ±0.05" in interactive.answer_box("q", 1.0, 0.05)._html()          # positional
    assert "within 1% of the exact value" in interactive.answer_box("q", 2.0, relative=0.01)._html()


def test_old_calls_keep_working():
    box = interactive.answer_box("How many layers?", np.int64(10), 0.5, "Ten.")
    assert box.check.tolerance == 0.5 and box.solution == "Ten."
    assert interactive.answer_box("q", 0.25).check.summary == "to 3 significant digits"


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
    (lambda: interactive.answer_box("q", 0.0), ValueError, "argument 'digits'"),
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
    assert ex.frame_at(0)["readouts"]["tanh"] == f"tanh'(0.5) = {format_number(1 - np.tanh(0.5) ** 2, 4)}"
