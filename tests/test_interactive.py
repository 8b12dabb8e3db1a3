"""nnh.interactive: the embedded frames are nnh's own values, and bad arguments are refused."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest

import nnh
from nnh import interactive


def spec_of(explorer) -> dict:
    html = explorer._repr_mimebundle_()["text/html"]
    return json.loads(re.search(r'<script type="application/json">(.*?)</script>', html).group(1))


def test_unit_explorer_frames_match_nnh():
    ex = interactive.unit_explorer("sigmoid", w_values=[1, 2, 4], b_values=[-1, 0, 1])
    spec = spec_of(ex)
    assert len(spec["frames"]) == 9
    for (i, w), (j, b) in [((0, 1), (0, -1)), ((2, 4), (2, 1)), ((1, 2), (1, 0))]:
        frame = ex.frame_at(i, j)
        assert frame == spec["frames"][i * 3 + j]
        threshold = float(frame["readouts"]["threshold"].split("= ")[1])
        assert threshold == pytest.approx(-b / w, abs=1e-12)
        # The drawn curve is the unit's output, mapped to pixels.
        panel = ex.panels[0]
        x = np.linspace(-6, 6, 121)
        assert frame["paths"]["curve"] == panel.path(x, 1 / (1 + np.exp(-(w * x + b))))


def test_marker_hidden_when_threshold_is_off_the_plot():
    ex = interactive.unit_explorer("relu", w_values=[0.25, 1], b_values=[-3, 0])
    assert ex.frame_at(0, 0)["markers"]["threshold"] is None       # threshold 12
    assert ex.frame_at(1, 1)["markers"]["threshold"] is not None   # threshold 0


def test_approximation_explorer_errors_are_nnh_errors():
    ex = interactive.approximation_explorer(np.cos, (0, 3), max_units=5, target_name="cos x")
    for n in range(1, 6):
        frame = ex.frame_at(n - 1)
        expected = nnh.relu_approximation(np.cos, (0, 3), n).max_error
        assert frame["readouts"]["error"] == f"max error = {interactive._fmt(expected)}"
        assert frame["paths"]["units"].count("M") == n


def test_derivative_explorer_slopes():
    ex = interactive.derivative_explorer(["sigmoid", "relu"], positions=[-1.0, 0.0, 1.0])
    frame = ex.frame_at(2)
    assert frame["readouts"] == {"sigmoid": f"sigmoid'(1) = {float(np.exp(-1) / (1 + np.exp(-1))**2):.4g}",
                                 "relu": "relu'(1) = 1"}


def test_plain_text_is_deterministic_and_html_ids_stable():
    a, b = interactive.unit_explorer(), interactive.unit_explorer()
    assert repr(a) == repr(b) and a._html() == b._html()
    assert "0x" not in repr(a)


def test_answer_box():
    box = interactive.answer_box("Threshold of NN(4, -2)?", nnh.NN(4, -2).threshold)
    html = box._repr_mimebundle_()["text/html"]
    assert 'data-answer="0.5"' in html and "<details>" in html
    assert repr(box) == "<answer box: Threshold of NN(4, -2)? (checked to ±0.001)>"


@pytest.mark.parametrize(("call", "error", "pattern"), [
    (lambda: interactive.unit_explorer("swish"), ValueError, "argument 'activation'"),
    (lambda: interactive.unit_explorer(w_values=[0, 1]), ValueError, "argument 'w_values'"),
    (lambda: interactive.unit_explorer(b_values=[1]), ValueError, "argument 'b_values'"),
    (lambda: interactive.approximation_explorer(max_units=0), ValueError, "argument 'max_units'"),
    (lambda: interactive.derivative_explorer([]), ValueError, "argument 'activations'"),
    (lambda: interactive.answer_box("", 1.0), TypeError, "argument 'question'"),
    (lambda: interactive.answer_box("q", "one"), TypeError, "argument 'answer'"),
    (lambda: interactive.answer_box("q", 1.0, tolerance=0), ValueError, "argument 'tolerance'"),
])
def test_bad_arguments(call, error, pattern):
    with pytest.raises(error, match=pattern):
        call()
