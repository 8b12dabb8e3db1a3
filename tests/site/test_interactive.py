"""The interactive figures and self-checking exercises, driven with the keyboard in Chromium.

Expected values are computed here with nnh, independently of the page's embedded data."""

from __future__ import annotations

import numpy as np
import pytest

import nnh
from nnh.interactive import _fmt

PAGE = "book/explore.html"


@pytest.fixture
def explore(page, page_log, base_url):
    page.goto(f"{base_url}/{PAGE}", wait_until="load")
    page.wait_for_selector(".nnh-interactive[data-ready='true']")
    yield page
    assert page_log.external_requests == [] and page_log.console_errors == []


def widget(page, title_part: str):
    return page.locator(".nnh-interactive", has_text=title_part).first


def readouts(w) -> list[str]:
    return w.locator("[data-readout]").all_inner_texts()


def press(w, slider: int, key: str, times: int = 1) -> None:
    handle = w.locator(f"[data-slider='{slider}']")
    handle.focus()
    for _ in range(times):
        handle.press(key)


@pytest.mark.parametrize("activation", ["sigmoid", "relu"])
def test_unit_explorer_follows_the_keyboard(explore, activation):
    w = widget(explore, f"One {activation} unit")
    curve = w.locator("[data-path='curve']")
    before = curve.get_attribute("d")
    press(w, 0, "ArrowRight", 2)          # w: 1 -> 4
    press(w, 1, "ArrowLeft", 3)           # b: 0 -> -3
    assert curve.get_attribute("d") != before
    unit = nnh.NN(4, -3, activation=activation)
    assert readouts(w) == ["w = 4", "b = -3", f"threshold -b/w = {_fmt(unit.threshold)}"]
    assert float(readouts(w)[2].split("= ")[1]) == pytest.approx(unit.threshold, abs=1e-9)
    assert w.locator("[data-slider='0']").get_attribute("aria-valuetext") == "w = 4"
    assert w.locator("[data-marker='threshold']").get_attribute("visibility") == "visible"


def test_approximation_explorer_shows_nnh_error(explore):
    w = widget(explore, "Approximating sin x")
    approx_path = w.locator("[data-path='approximation']")
    before = approx_path.get_attribute("d")
    press(w, 0, "ArrowRight", 4)          # 4 -> 8 units
    assert approx_path.get_attribute("d") != before
    expected = nnh.relu_approximation(np.sin, (0, 2 * np.pi), 8).max_error
    assert readouts(w) == ["units = 8", f"max error = {_fmt(expected)}"]
    press(w, 0, "End")
    expected = nnh.relu_approximation(np.sin, (0, 2 * np.pi), 24).max_error
    assert readouts(w) == ["units = 24", f"max error = {_fmt(expected)}"]


def test_derivative_explorer_shows_slopes(explore):
    w = widget(explore, "Slide along the activations")
    tangent = w.locator("[data-path='tangent-sigmoid']")
    before = tangent.get_attribute("d")
    press(w, 0, "ArrowRight", 8)          # x: 0 -> 2
    assert tangent.get_attribute("d") != before
    assert readouts(w) == [f"sigmoid'(2) = {_fmt(nnh.sigmoid.derivative(2.0))}",
                           f"tanh'(2) = {_fmt(nnh.tanh.derivative(2.0))}",
                           "relu'(2) = 1"]
    press(w, 0, "End")                    # into the flat tail
    assert readouts(w)[0] == f"sigmoid'(6) = {_fmt(nnh.sigmoid.derivative(6.0))}"


@pytest.mark.parametrize(("question", "right", "wrong"), [
    ("NN(4, -2)", str(nnh.NN(4, -2).threshold), "2"),
    ("largest value of the sigmoid", "0.25", "1"),
    ("softmax", "0.75", "0.25"),
])
def test_answer_boxes_accept_right_and_reject_wrong(explore, question, right, wrong):
    box = explore.locator(".nnh-answer", has_text=question).first
    solution = box.locator("details")
    assert solution.get_attribute("open") is None          # hidden until asked for
    for value, verdict in ((wrong, "wrong"), (right, "correct"), ("abc", "invalid")):
        box.locator("input").fill(value)
        box.locator("input").press("Enter")
        assert box.get_attribute("data-result") == verdict
    box.locator("summary").click()
    assert solution.get_attribute("open") is not None
