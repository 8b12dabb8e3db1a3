"""The interactive figures and self-checking exercises, driven with the keyboard in Chromium.

Expected values are computed here with nnh, independently of the page's embedded data.
Two kinds of page: the built site's Explore chapter (the real theme, light and dark), and a
small page generated here from nnh.interactive's output (two identical widgets, an answer
box inside an exercise as sphinx-exercise renders it), served at a loopback URL by
Playwright's router.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from conftest import PageLog, logged_page, offline_context
from playwright.sync_api import expect

import nnh
from nnh.interactive.template import stylesheet
from nnh.style import contrast_ratio, format_number
from tools.browser import switch_theme_mode

PAGE = "book/explore.html"


def shown(value: float) -> str:
    """How the widgets print a number: 4 significant digits."""
    return format_number(value, 4)


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
    assert readouts(w) == ["w = 4", "b = -3", f"threshold -b/w = {shown(unit.threshold)}"]
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
    assert readouts(w) == ["units = 8", f"max error = {shown(expected)}"]
    press(w, 0, "End")
    expected = nnh.relu_approximation(np.sin, (0, 2 * np.pi), 24).max_error
    assert readouts(w) == ["units = 24", f"max error = {shown(expected)}"]


def test_derivative_explorer_shows_slopes(explore):
    w = widget(explore, "Slide along the activations")
    tangent = w.locator("[data-path='tangent-0']")
    before = tangent.get_attribute("d")
    press(w, 0, "ArrowRight", 8)          # z: 0 -> 2
    assert tangent.get_attribute("d") != before
    assert readouts(w) == [f"sigmoid'(2) = {shown(nnh.sigmoid.derivative(2.0))}",
                           f"tanh'(2) = {shown(nnh.tanh.derivative(2.0))}",
                           "ReLU'(2) = 1"]
    press(w, 0, "End")                    # into the flat tail
    assert readouts(w)[0] == f"sigmoid'(6) = {shown(nnh.sigmoid.derivative(6.0))}"


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


def test_each_page_carries_one_copy_of_the_widget_assets(site_dir):
    """The stylesheet is linked in the head (a <style> in the body is not valid HTML)."""
    checked = 0
    for html_file in site_dir.glob("book/*.html"):
        text = html_file.read_text()
        if "nnh-widget" in text:
            head, body = text.split("<body", 1)
            assert "<style" not in body, html_file.name
            assert head.count('_static/nnh-widgets.css') == 1, html_file.name
            assert text.count('<script data-nnh-asset="js">') == 1, html_file.name
            checked += 1
    assert checked > 0
    assert (site_dir / "_static" / "nnh-widgets.css").read_text() == stylesheet()


# Text size and clipping of the explorers ----------------------------------------------------

def explorers_on_the_site(site_dir) -> list[str]:
    """The pages with an explorer (its element, not only the shared stylesheet's selectors)."""
    return [f.name for f in sorted(site_dir.glob("book/*.html"))
            if 'class="nnh-widget nnh-interactive"' in f.read_text()]


# For every SVG text: its computed font size times the SVG's current scale, and whether its
# box lies inside the SVG's box; for every HTML text in a widget, its computed font size.
MEASURE = """(root) => {
  const out = {svg: [], html: []};
  root.querySelectorAll("svg.nnh-plot").forEach((svg) => {
    const scale = svg.getScreenCTM().a, box = svg.getBoundingClientRect();
    svg.querySelectorAll("text").forEach((t) => {
      const r = t.getBoundingClientRect();
      out.svg.push({text: t.textContent, px: parseFloat(getComputedStyle(t).fontSize) * scale,
                    inside: r.left >= box.left - 0.5 && r.right <= box.right + 0.5 &&
                            r.top >= box.top - 0.5 && r.bottom <= box.bottom + 0.5});
    });
  });
  root.querySelectorAll(".nnh-title, .nnh-panel-title, .nnh-legend span, label, [data-readout]")
      .forEach((el) => out.html.push({text: el.textContent, px: parseFloat(getComputedStyle(el).fontSize)}));
  out.overflow = root.scrollWidth - root.clientWidth;
  return out;
}"""


@pytest.mark.parametrize("page", [360, 1280], indirect=True)
def test_explorer_text_is_at_least_12px_and_never_clipped(page, page_log, base_url, site_dir):
    pages = explorers_on_the_site(site_dir)
    assert PAGE.split("/")[1] in pages
    for name in pages:
        page.goto(f"{base_url}/book/{name}", wait_until="load")
        page.wait_for_selector(".nnh-interactive[data-ready='true']")
        for w in page.locator(".nnh-interactive").all():
            w.scroll_into_view_if_needed()
            m = w.evaluate(MEASURE)
            where = f"{name}, {w.locator('.nnh-title').inner_text()}"
            assert m["svg"], f"{where}: the explorer draws tick labels"
            small = [(t["text"], round(t["px"], 1)) for t in m["svg"] + m["html"] if t["px"] < 12]
            assert small == [], f"{where}: text smaller than 12 px: {small}"
            clipped = [t["text"] for t in m["svg"] if not t["inside"]]
            assert clipped == [], f"{where}: tick labels outside their SVG: {clipped}"
            assert m["overflow"] <= 0, f"{where}: the explorer is wider than the page"
    assert page_log.console_errors == []


@pytest.mark.parametrize("page", [360], indirect=True)
def test_derivative_panels_stack_on_a_phone(explore):
    boxes = [p.bounding_box() for p in
             widget(explore, "Slide along the activations").locator("svg.nnh-plot").all()]
    assert len(boxes) == 3
    assert boxes[0]["y"] + boxes[0]["height"] <= boxes[1]["y"] <= boxes[2]["y"] - boxes[1]["height"]


# What the explorers draw, read from the SVG in every frame -----------------------------------

# Steps every slider through every position (as dragging does: an input event each time) and
# reads back, per frame, what each panel draws: paths, markers, tick positions, the clip path.
EVERY_FRAME = r"""(root) => {
  const inputs = [...root.querySelectorAll("input[type=range]")];
  const svgs = [...root.querySelectorAll("svg.nnh-plot")];
  const box = (el) => el ? ["x", "y", "width", "height"].map((a) => Number(el.getAttribute(a))) : null;
  const read = () => ({
    readouts: [...root.querySelectorAll("[data-readout]")].map((e) => e.textContent),
    panels: svgs.map((svg) => {
      const group = svg.querySelector("g[clip-path]");
      const id = group && /^url\(#(.+)\)$/.exec(group.getAttribute("clip-path"))[1];
      return {
        area: box(svg.querySelector(".nnh-area")),
        clip: box(id && svg.querySelector(`clipPath[id="${id}"] rect`)),
        unclipped: [...svg.querySelectorAll("path")].filter((p) => !p.closest("g[clip-path]")).length,
        paths: [...svg.querySelectorAll("path")]
          .map((p) => [p.dataset.path || "static", p.getAttribute("d")]),
        markers: [...svg.querySelectorAll("circle[data-marker]")]
          .map((c) => [c.dataset.marker, c.getAttribute("visibility"),
                       Number(c.getAttribute("cx")), Number(c.getAttribute("cy"))]),
        xticks: [...svg.querySelectorAll("text[text-anchor=middle]")]
          .map((t) => [t.textContent, Number(t.getAttribute("x"))]),
        yticks: [...svg.querySelectorAll("text[text-anchor=end]")]
          .map((t) => [t.textContent, Number(t.getAttribute("y"))]),
      };
    }),
  });
  const sizes = inputs.map((i) => Number(i.max) + 1);
  const frames = [];
  for (let n = 0; n < sizes.reduce((a, b) => a * b, 1); n++) {
    let rest = n;
    for (let k = inputs.length - 1; k >= 0; k--) {
      inputs[k].value = String(rest % sizes[k]);
      rest = Math.floor(rest / sizes[k]);
      inputs[k].dispatchEvent(new Event("input", {bubbles: true}));
    }
    frames.push(read());
  }
  return frames;
}"""

PX = 0.05 + 1e-9        # the page writes coordinates to 0.1 user units


def vertices(d: str) -> np.ndarray:
    return np.array([[float(c) for c in xy.split(",")] for xy in re.findall(r"-?[\d.]+,-?[\d.]+", d)])


def number(label: str) -> float:
    return float(label.replace("\u2212", "-"))


def scales(panel: dict) -> tuple[float, float]:
    """User units per data unit along x and y, from the tick labels and their positions."""
    (xa, ua), (xb, ub) = [(number(t), u) for t, u in (panel["xticks"][0], panel["xticks"][-1])]
    (ya, va), (yb, vb) = [(number(t), v) for t, v in (panel["yticks"][0], panel["yticks"][-1])]
    return (ub - ua) / (xb - xa), (va - vb) / (yb - ya)


def distance_to_polyline(point, line: np.ndarray) -> float:
    p, a, b = np.asarray(point, float), line[:-1], line[1:]
    ab = b - a
    t = np.clip(np.einsum("ij,ij->i", p - a, ab) / np.maximum(np.einsum("ij,ij->i", ab, ab), 1e-12), 0, 1)
    return float(np.min(np.hypot(*(a + t[:, None] * ab - p).T)))


def monotone(line: np.ndarray) -> bool:
    """Rising to the right: as u grows, v (downwards) never grows beyond rounding."""
    return bool(np.all(np.diff(line[:, 0]) > 0) and np.all(np.diff(line[:, 1]) <= 2 * PX))


MONOTONE_ACTIVATIONS = ("sigmoid", "tanh", "relu")




def test_every_frame_of_every_explorer_draws_the_truth(page, page_log, base_url, site_dir):
    """For every frame of every explorer on the site, from the drawn SVG: curves sit in a
    clip path equal to the plot area; a monotone curve is drawn monotone; a tangent's drawn
    slope is the readout and it touches the curve at the marked point; a unit's threshold
    marker lies on its curve."""
    checked = {"tangent": 0, "unit": 0, "frames": 0}
    for name in explorers_on_the_site(site_dir):
        page.goto(f"{base_url}/book/{name}", wait_until="load")
        page.wait_for_selector(".nnh-interactive[data-ready='true']")
        for w in page.locator(".nnh-interactive").all():
            title = w.locator(".nnh-title").inner_text()
            for frame in w.evaluate(EVERY_FRAME):
                checked["frames"] += 1
                for k, panel in enumerate(frame["panels"]):
                    where = f"{name}, {title}, panel {k}, {frame['readouts']}"
                    assert panel["clip"] == panel["area"] and panel["unclipped"] == 0, where
                    paths = dict(panel["paths"])
                    if title.startswith("Slide along"):
                        curve = vertices(paths["static"])
                        act, slope = re.match(r"(\w+)'\(.*\) = (.+)$", frame["readouts"][k]).groups()
                        per_x, per_y = scales(panel)
                        (u1, v1), (u2, v2) = vertices(paths[f"tangent-{k}"])
                        drawn = -(v2 - v1) / (u2 - u1) * per_x / per_y
                        rounding = (2 * PX * per_x / per_y + abs(drawn) * 2 * PX) / abs(u2 - u1)
                        assert abs(drawn - number(slope)) <= rounding + 5e-4 * abs(number(slope)), where
                        _, shown_, cx, cy = next(m for m in panel["markers"] if m[0] == f"point-{k}")
                        assert shown_ == "visible", where
                        assert distance_to_polyline((cx, cy), curve) <= 0.5, where
                        assert abs(v1 + (v2 - v1) * (cx - u1) / (u2 - u1) - cy) <= 3 * PX, where
                        if act in MONOTONE_ACTIVATIONS:
                            assert monotone(curve), where
                        checked["tangent"] += 1
                    elif title.startswith("One "):
                        curve = vertices(paths["curve"])
                        if title.split()[1] in MONOTONE_ACTIVATIONS:
                            assert monotone(curve), where
                        _, shown_, cx, cy = panel["markers"][0]
                        if shown_ == "visible":
                            assert distance_to_polyline((cx, cy), curve) <= 2 * PX, where
                        checked["unit"] += 1
    assert checked["tangent"] and checked["unit"], checked
    assert page_log.console_errors == []


@pytest.mark.parametrize("page", [360], indirect=True)
def test_the_sliders_stay_on_screen_beside_every_panel_on_a_phone(explore):
    """On a 360 x 640 phone the tangent explorer is taller than the screen: with any of its
    panels in view, the slider and the readouts are on screen too, and cover no panel."""
    explore.set_viewport_size({"width": 360, "height": 640})
    w = widget(explore, "Slide along the activations")
    plots = w.locator("svg.nnh-plot").all()
    assert len(plots) == 3
    assert w.bounding_box()["height"] > 640, "the explorer no longer needs this"
    for k, plot in enumerate(plots):
        plot.evaluate("(e) => e.scrollIntoView({block: 'center'})")
        explore.wait_for_function("(e) => { const r = e.getBoundingClientRect(); "
                                  "return r.top >= 0 && r.bottom <= innerHeight; }",
                                  arg=plot.element_handle())
        panel = plot.bounding_box()
        for part in (w.locator("[data-slider='0']"), w.locator(".nnh-readouts")):
            box = part.bounding_box()
            assert 0 <= box["y"] and box["y"] + box["height"] <= 640, f"panel {k}: off screen"
            assert box["y"] >= panel["y"] + panel["height"] or box["y"] + box["height"] <= panel["y"], \
                f"panel {k}: covered"
        slider = w.locator("[data-slider='0']").bounding_box()
        on_top = explore.evaluate("([x, y]) => document.elementFromPoint(x, y).dataset.slider",
                                  [slider["x"] + slider["width"] / 2, slider["y"] + slider["height"] / 2])
        assert on_top == "0", f"panel {k}: the slider is hidden under something"


# Dark mode ---------------------------------------------------------------------------------

def hex_colour(css_colour: str) -> str:
    """A computed "rgb(r, g, b)" colour as "#rrggbb"."""
    channels = css_colour[css_colour.index("(") + 1:-1].split(",")[:3]
    return "#" + "".join(f"{round(float(c)):02x}" for c in channels)


def contrast(a: str, b: str) -> float:
    return contrast_ratio(hex_colour(a), hex_colour(b))


def luminance(css_colour: str) -> float:
    """Relative luminance, from the contrast with black: (L + 0.05) / 0.05."""
    return contrast(css_colour, "rgb(0, 0, 0)") * 0.05 - 0.05


COLOURS = """(root) => ({
  background: getComputedStyle(root).backgroundColor,
  text: getComputedStyle(root).color,
  area: [...root.querySelectorAll("svg.nnh-plot .nnh-area")].map((r) => getComputedStyle(r).fill),
  strokes: [...root.querySelectorAll("svg.nnh-plot path, svg.nnh-plot circle")]
    .map((p) => p.tagName === "circle" ? getComputedStyle(p).fill : getComputedStyle(p).stroke),
  inputs: [...root.querySelectorAll("input[type=text], button")]
    .map((i) => [getComputedStyle(i).backgroundColor, getComputedStyle(i).color]),
})"""


@pytest.mark.parametrize("selector", [".nnh-interactive", ".nnh-answer"])
def test_dark_mode_restyles_widgets_live(explore, selector):
    root = explore.locator(selector).first
    switch_theme_mode(explore, "light")
    light = root.evaluate(COLOURS)
    assert luminance(light["background"]) > 0.8
    switch_theme_mode(explore, "dark")
    dark = root.evaluate(COLOURS)
    assert luminance(dark["background"]) < 0.05, dark["background"]
    assert contrast(dark["text"], dark["background"]) >= 7
    for area in dark["area"]:
        assert luminance(area) < 0.05
    low = [s for s in dark["strokes"] if contrast(s, dark["background"]) < 3]
    assert low == [], f"curves under 3:1 against {dark['background']}: {low}"
    assert dark["strokes"] == [] or dark["strokes"] != light["strokes"], "the palette switches too"
    for background, text in dark["inputs"]:
        assert luminance(background) < 0.1 and contrast(text, background) >= 4.5
    switch_theme_mode(explore, "light")
    assert root.evaluate(COLOURS) == light, "switching back restores the light style"


def test_light_mode_curves_keep_3_to_1(explore):
    switch_theme_mode(explore, "light")
    for root in explore.locator(".nnh-interactive").all():
        c = root.evaluate(COLOURS)
        low = [s for s in c["strokes"] if contrast(s, c["background"]) < 3]
        assert low == [], low


# Answer boxes in exercises -----------------------------------------------------------------

# A generated page: two identical widgets, an answer box inside an exercise -----------------

EXERCISE = """<div class="exercise admonition" id="act-ex-099">
<p class="admonition-title"><span class="caption-number">Exercise 2.1 </span> (How far out?)</p>
<section id="exercise-content"><p>Solve it by hand.</p>
<div class="cell tag_remove-input docutils container"><div class="cell_output docutils container">
<div class="output text_html">{box}</div></div></div></section></div>"""


@pytest.fixture(scope="module")
def widget_page_html() -> str:
    """A page built from nnh.interactive's output and nothing else."""
    z = float(np.log(99))
    same = [nnh.interactive.unit_explorer("sigmoid", w_values=[1, 2, 4], b_values=[-1, 0, 1])
            for _ in range(2)]
    boxes = [nnh.interactive.answer_box("z where sigmoid(z) = 0.99?", z, digits=3) for _ in range(2)]
    body = "".join(w._html() for w in same) + "".join(b._html() for b in boxes) + \
        EXERCISE.format(box=nnh.interactive.answer_box("z again?", z, digits=3)._html()) + \
        nnh.interactive.answer_box("How many layers?", 10, 0.5)._html() + \
        nnh.interactive.answer_box("Which slope W1?", 4 * np.log(9), digits=3)._html()
    return (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>widgets</title>"
            f"</head><body>{body}</body></html>")


@pytest.fixture
def widgets(page, page_log, base_url, widget_page_html):
    """The generated page, served on the site's loopback address by the browser's router."""
    url = f"{base_url}/__nnh_widgets__.html"
    page.route(url, lambda route: route.fulfill(body=widget_page_html, content_type="text/html"))
    page.goto(url, wait_until="load")
    page.wait_for_function("document.querySelectorAll('.nnh-widget[data-ready=\"true\"]').length == 7")
    yield page
    assert page_log.external_requests == [] and page_log.console_errors == []


@pytest.fixture(scope="module")
def parser(browser, base_url, widget_page_html):
    """The generated page, loaded once for the parsing tests: parseNumber is a pure function
    of its argument, so they share one load (the page's own logs are checked as above)."""
    log = PageLog()
    context = offline_context(browser, log)
    page = logged_page(context, log)
    url = f"{base_url}/__nnh_widgets__.html"
    page.route(url, lambda route: route.fulfill(body=widget_page_html, content_type="text/html"))
    page.goto(url, wait_until="load")
    page.wait_for_function("document.querySelectorAll('.nnh-widget[data-ready=\"true\"]').length == 7")
    yield page
    context.close()
    assert log.external_requests == [] and log.console_errors == []


def test_two_identical_explorers_each_follow_their_own_keyboard(widgets):
    first, second = widgets.locator(".nnh-interactive").all()
    assert first.get_attribute("id") != second.get_attribute("id")
    press(second, 0, "ArrowRight")          # w: 1 -> 2
    assert readouts(second)[0] == "w = 2" and readouts(first)[0] == "w = 1"
    press(first, 1, "ArrowLeft")            # b: 0 -> -1
    assert readouts(first)[:2] == ["w = 1", "b = -1"] and readouts(second)[:2] == ["w = 2", "b = 0"]
    assert readouts(first)[2] == f"threshold -b/w = {shown(nnh.NN(1, -1).threshold)}"


@pytest.mark.parametrize("page", [360], indirect=True)
def test_text_is_at_least_12px_without_the_site_theme(widgets):
    for w in widgets.locator(".nnh-widget").all():
        m = w.evaluate(MEASURE)
        assert [t["text"] for t in m["svg"] + m["html"] if t["px"] < 12] == []
        assert [t["text"] for t in m["svg"] if not t["inside"]] == [] and m["overflow"] <= 0


def test_two_identical_answer_boxes_answer_separately(widgets):
    first, second = widgets.locator(".nnh-answer").all()[:2]
    second.locator("input").fill("4.6")
    second.locator("input").press("Enter")
    assert second.get_attribute("data-result") == "correct" and first.get_attribute("data-result") is None
    first.locator("input").fill("4.5")
    first.locator("button").click()
    assert first.get_attribute("data-result") == "wrong"


def test_verdicts_differ_by_word_icon_and_colour_and_are_announced(widgets):
    box = widgets.locator(".nnh-answer").first
    verdict = box.locator(".nnh-verdict")
    assert verdict.get_attribute("role") == "status" and verdict.get_attribute("aria-live") == "polite"
    assert "to 3 significant digits" in box.inner_text()
    seen = {}
    for typed in ("4,6", "4.5"):            # log 99 = 4.595...: a decimal comma counts
        box.locator("input").fill(typed)
        box.locator("input").press("Enter")
        seen[verdict.get_attribute("data-result")] = (verdict.inner_text(),
                                                     verdict.evaluate("e => getComputedStyle(e).color"))
    (right_text, right_colour), (wrong_text, wrong_colour) = seen["correct"], seen["wrong"]
    assert right_text.startswith("✔") and "Correct" in right_text
    assert wrong_text.startswith("✘") and "Not quite" in wrong_text
    assert right_colour != wrong_colour


def test_box_inside_an_exercise_takes_its_number(widgets):
    legends = widgets.locator(".nnh-answer legend").all_inner_texts()
    assert legends == ["Check your answer", "Check your answer", "Exercise 2.1: check your answer",
                       "Check your answer", "Check your answer"]


@pytest.mark.parametrize(("typed", "value"), [
    ("4.6", 4.6), ("4,6", 4.6), (" -0,5 ", -0.5), ("\u22122", -2), ("1/4", 0.25), ("1e-6", 1e-6),
    ("1,234.5", 1234.5), ("1.234,5", 1234.5), ("1,234,567", 1234567), ("1.234.567", 1234567),
    ("0,125", 0.125), (".5", 0.5),
    ("9.1 × 10^-5", 9.1e-5), ("9.1x10^(-5)", 9.1e-5), ("9,1 · 10⁻⁵", 9.1e-5), ("2*10**3", 2000),
    ("10^-3", 0.001), ("3 × 10^\u22122", 0.03), ("9.1 X 10^ -5", 9.1e-5),
])
def test_number_parsing(parser, typed, value):
    assert parser.evaluate("(s) => window.nnhInteractive.parseNumber(s)", typed) == {"value": value}


@pytest.mark.parametrize(("typed", "message"), [
    ("1,234", "decimal number or a thousand-separated"), ("abc", "Please enter a number"),
    ("", "Please enter a number"), ("1/0", "Please enter a number"), ("4.6.", "Please enter"),
    ("4 6", "Please enter"), ("1,23.4", "Please enter"), ("9.1 × 10^", "9.1e-5"),
    ("9.1 × 11^2", "9.1e-5"), ("× 10^2", "9.1e-5"),
])
def test_number_parsing_refuses_unclear_input(parser, typed, message):
    result = parser.evaluate("(s) => window.nnhInteractive.parseNumber(s)", typed)
    assert message in result.get("error", "")


def answer(box, typed: str) -> tuple[str | None, str]:
    box.locator("input").fill(typed)
    box.locator("input").press("Enter")
    return box.get_attribute("data-result"), box.locator(".nnh-verdict").inner_text()


def test_a_whole_number_question_takes_only_the_whole_number(widgets):
    box = widgets.locator(".nnh-answer", has_text="How many layers?")
    assert "as a whole number" in box.inner_text()
    result, text = answer(box, "9.97")
    assert result == "wrong" and "whole number" in text
    assert answer(box, "10")[0] == "correct" and answer(box, "10.0")[0] == "correct"
    assert answer(box, "9")[0] == "wrong" and answer(box, "10.2")[0] == "wrong"


def test_a_near_miss_from_rounding_is_called_close(widgets):
    box = widgets.locator(".nnh-answer", has_text="Which slope W1?")   # 4 log 9 = 8.789
    result, text = answer(box, "8.80")
    assert result == "close" and text.startswith("≈") and "Close" in text and "round" in text
    assert "8.79" not in text
    assert answer(box, "8.79")[0] == "correct"
    assert answer(box, "9.5") == ("wrong", "✘ Not quite: try again, or open the solution.")
    colours = set()
    for typed in ("8.80", "8.79", "9.5"):
        answer(box, typed)
        colours.add(box.locator(".nnh-verdict").evaluate("e => getComputedStyle(e).color"))
    assert len(colours) == 3


def test_changing_the_number_clears_the_old_verdict(widgets):
    box = widgets.locator(".nnh-answer").first
    assert answer(box, "4.6")[0] == "correct"
    box.locator("input").press_sequentially("9")            # 4.69: not checked yet
    assert box.get_attribute("data-result") is None
    assert box.locator(".nnh-verdict").inner_text() == ""
    box.locator("input").press("Enter")
    assert box.get_attribute("data-result") == "wrong"


def test_enter_checks_even_where_the_page_takes_keys_for_itself(widgets):
    """A notebook (JupyterLab) listens to keys on the document and cancels those it uses, Enter
    among them; the box checks on Enter anyway, and typing in it triggers no shortcut."""
    widgets.evaluate("""() => { window.seen = [];
        document.addEventListener("keydown", (e) => { window.seen.push(e.key);
                                                     if (e.key === "Enter") e.preventDefault(); }); }""")
    box = widgets.locator(".nnh-answer").first
    box.locator("input").press_sequentially("4.6")
    box.locator("input").press("Enter")
    assert box.get_attribute("data-result") == "correct"
    assert widgets.evaluate("() => window.seen") == []


def assert_solution_toggle(summary, details, state: str) -> None:
    """The summary's visible text and accessible name say what a press does next."""
    said = {"closed": "Show the solution", "open": "Hide the solution"}[state]
    expect(details).to_have_js_property("open", state == "open")
    expect(summary).to_have_text(said, use_inner_text=True)  # only this state's span renders
    expect(summary).to_have_accessible_name(said)


def test_the_solution_summary_says_show_when_closed_and_hide_when_open(widgets):
    box = widgets.locator(".nnh-answer").first
    details, summary = box.locator("details"), box.locator("summary")
    assert_solution_toggle(summary, details, "closed")
    summary.click()
    assert_solution_toggle(summary, details, "open")
    expect(box.locator("details > p")).to_be_visible()
    summary.focus()
    widgets.keyboard.press("Enter")  # the keyboard closes it too
    assert_solution_toggle(summary, details, "closed")
    expect(box.locator("details > p")).to_be_hidden()


def test_an_answer_box_on_the_site_says_hide_once_its_solution_is_open(explore):
    box = explore.locator(".nnh-answer").first
    details, summary = box.locator("details"), box.locator("summary")
    assert_solution_toggle(summary, details, "closed")
    summary.click()
    assert_solution_toggle(summary, details, "open")
    summary.click()
    assert_solution_toggle(summary, details, "closed")
