"""Dark figures on the built site: every nnh figure has a light and a dark picture, the page
shows the one for its colour mode, and switching the mode with the theme's button swaps them.

In dark mode each visible figure is sampled as the browser paints it (an element screenshot,
so CSS filters and backgrounds count): its background must be dark and each of its curve
colours must keep at least 3:1 contrast against that background (WCAG 1.4.11).
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from nnh.style import contrast_ratio, relative_luminance
from tools.browser import switch_theme_mode

FIGURE_IMG = "img.only-light, img.only-dark"
MIN_CURVE_CONTRAST = 3.0
#: A colour with less spread than this between its channels is a grey (text, axes, grid),
#: not a curve; curve pixels are grouped by hue, and the most frequent colour of each busy
#: hue group is taken as that curve's colour (its antialiased edges are rarer blends).
CHROMA = 80
HUE_BINS = 12
MIN_CURVE_PIXELS = 150


def figure_pages(site_dir: Path) -> list[str]:
    pages = sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html")
                   if 'class="only-dark' in p.read_text(errors="replace")
                   and not p.relative_to(site_dir).as_posix().startswith("_"))
    if not pages:
        pytest.fail(f"no page of {site_dir} has a dark figure: is nb_render_plugin in _config.yml "
                    "the render plugin of book/_ext/course_figures.py?", pytrace=False)
    return pages


def hex_of(rgb) -> str:
    return "#" + "".join(f"{int(c):02x}" for c in rgb)


def luminance(rgb) -> float:
    return relative_luminance(hex_of(rgb))


def colour_counts(pixels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct colours of an N x 3 array of 8-bit RGB pixels, in ascending order, and how
    often each occurs: np.unique(pixels, axis=0, return_counts=True), on each pixel packed into
    one integer (about a hundred times faster than comparing rows)."""
    rgb = pixels.astype(np.int32)
    packed, counts = np.unique((rgb[:, 0] << 16) | (rgb[:, 1] << 8) | rgb[:, 2], return_counts=True)
    return np.stack([packed >> 16, (packed >> 8) & 0xFF, packed & 0xFF], axis=1), counts


def curve_colours(pixels: np.ndarray) -> list[tuple[int, int, int]]:
    """The dominant saturated colour of each hue group with enough pixels."""
    rgb = pixels.astype(int)
    chroma = rgb.max(axis=1) - rgb.min(axis=1)
    saturated = rgb[chroma >= CHROMA]
    if len(saturated) == 0:
        return []
    r, g, b = (saturated[:, i] / 255 for i in range(3))
    hue = np.degrees(np.arctan2(np.sqrt(3) * (g - b), 2 * r - g - b)) % 360
    bins = (hue // (360 / HUE_BINS)).astype(int)
    colours = []
    for k in np.unique(bins):
        group = saturated[bins == k]
        if len(group) < MIN_CURVE_PIXELS:
            continue
        values, counts = colour_counts(group)
        colours.append(tuple(int(v) for v in values[np.argmax(counts)]))
    return colours


def painted_pixels(img) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(img.screenshot())).convert("RGB")).reshape(-1, 3)


def background_of(pixels: np.ndarray) -> tuple[int, int, int]:
    values, counts = colour_counts(pixels)
    return tuple(int(v) for v in values[np.argmax(counts)])


def visible_figures(page) -> tuple[list, list]:
    imgs = page.locator(FIGURE_IMG)
    light, dark = [], []
    for i in range(imgs.count()):
        img = imgs.nth(i)
        if img.is_visible():
            (dark if "only-dark" in (img.get_attribute("class") or "") else light).append(img)
    return light, dark


def check_page(page, base_url: str, path: str) -> list[str]:
    """What is wrong with the dark figures of one page (empty when nothing is). Collapsed
    solutions are opened first, so that every figure can be seen."""
    page.goto(f"{base_url}/{path}")
    page.wait_for_function("Array.from(document.images).every(i => i.complete || !i.checkVisibility())")
    page.evaluate("""() => {
        document.querySelectorAll('details').forEach(d => { d.open = true; });
        document.querySelectorAll('button.toggle-button-hidden').forEach(b => b.click());
    }""")
    switch_theme_mode(page, "light")
    pairs = page.evaluate("""() => Array.from(document.querySelectorAll('img.only-light')).map(
        i => [i.alt, i.nextElementSibling && i.nextElementSibling.matches('img.only-dark')
              ? i.nextElementSibling.alt : null])""")
    problems = [f"light figure without a dark twin carrying its alt text: {alt[:60]!r}"
                for alt, dark_alt in pairs if dark_alt != alt or len(alt.split()) < 8]
    light, dark = visible_figures(page)
    if len(light) != len(pairs) or dark:
        problems.append(f"light mode shows {len(light)} light and {len(dark)} dark figures "
                        f"of {len(pairs)}")
    problems += [f"light figure on a dark background: {img.get_attribute('alt')[:60]!r}"
                 for img in light if luminance(background_of(painted_pixels(img))) < 0.8]

    switch_theme_mode(page, "dark")
    light, dark = visible_figures(page)
    if len(dark) != len(pairs) or light:
        problems.append(f"dark mode shows {len(light)} light and {len(dark)} dark figures "
                        f"of {len(pairs)}")
    for img in dark:
        problems += dark_figure_problems(img)

    switch_theme_mode(page, "light")
    light, dark = visible_figures(page)
    if len(light) != len(pairs) or dark:
        problems.append("switching back to light mode did not bring the light figures back")
    return [f"{path}: {p}" for p in problems]


def dark_figure_problems(img) -> list[str]:
    pixels = painted_pixels(img)
    background = background_of(pixels)
    name = repr(re.sub(r"\s+", " ", img.get_attribute("alt") or "")[:60])
    if luminance(background) > 0.05:
        return [f"{name}: background {hex_of(background)} is not dark"]
    curves = curve_colours(pixels)
    problems = [] if curves else [f"{name}: no curve found"]
    for colour in curves:
        ratio = contrast_ratio(hex_of(colour), hex_of(background))
        if ratio < MIN_CURVE_CONTRAST:
            problems.append(f"{name}: curve {hex_of(colour)} has contrast {ratio:.2f} against "
                            f"{hex_of(background)}")
    return problems


def test_dark_mode_shows_dark_figures_and_the_toggle_swaps_them(page, base_url, site_dir):
    pages = figure_pages(site_dir)
    problems = [p for path in pages for p in check_page(page, base_url, path)]
    assert not problems, "\n".join(problems)
    assert len(pages) >= 5  # activations, derivatives, other activations, slope, approximation


def test_figures_not_made_by_nnh_are_reported(site_dir):
    """Every figure of a chapter comes from nnh, so it has a dark variant: a PNG in a cell
    output without the only-light / only-dark classes was drawn some other way."""
    strays = []
    for page in sorted(site_dir.rglob("*.html")):
        html = page.read_text(errors="replace")
        for tag in re.findall(r"<img [^>]*>", html):
            # a phone picture (nnh-narrow-light / -dark, test_phone.py) is a twin pair too
            if "_images/" in tag and not re.search(r"only-(light|dark)|nnh-narrow-(light|dark)", tag):
                strays.append(f"{page.relative_to(site_dir)}: {tag[:120]}")
    assert not strays, "figures without a dark variant:\n" + "\n".join(strays)


def test_the_curve_sampler_finds_each_curve_colour_and_its_contrast():
    """The sampler itself, on a painted dark figure: a dim blue line (too little contrast)
    and a bright orange one, with antialiased edges, among grey text-like pixels."""
    from PIL import ImageDraw, ImageFilter

    picture = Image.new("RGB", (400, 300), "#14181e")
    draw = ImageDraw.Draw(picture)
    draw.line([(10, 250), (390, 40)], fill="#1f4f8f", width=3)
    draw.line([(10, 60), (390, 280)], fill="#e69f00", width=3)
    draw.text((20, 20), "axis label 0.25", fill="#e6e6e6")
    blurred = picture.filter(ImageFilter.GaussianBlur(0.6))
    edges = np.asarray(blurred).reshape(-1, 3)
    pixels = np.concatenate([np.asarray(picture).reshape(-1, 3), edges])
    assert background_of(pixels) == (0x14, 0x18, 0x1E)
    colours, counts = colour_counts(pixels)
    rows, row_counts = np.unique(pixels, axis=0, return_counts=True)  # the slow way: row by row
    assert colours.tolist() == rows.tolist() and counts.tolist() == row_counts.tolist()
    found = {hex_of(c) for c in curve_colours(pixels)}
    assert found == {"#1f4f8f", "#e69f00"}
    assert contrast_ratio("#1f4f8f", "#14181e") < MIN_CURVE_CONTRAST
