"""Figures keep their place while they load: every ``<img>`` of the site carries its file's size
in pixels (course_figures.SizedImageTranslator), so the browser lays the page out with each
figure's box before the file arrives, and the text a reader is on does not jump when it does.
"""

from __future__ import annotations

import re
import struct
from pathlib import Path

import pytest

from tools.browser import wait_for_fonts

FIGURE_PAGE = "book/universal_approximation.html"  # the chapter with the most figures
SITE_IMAGE = re.compile(r'<img [^>]*src="(?:\.\./)*_images/[^"]+"[^>]*>')


def png_size(path: Path) -> tuple[int, int]:
    """Width and height of a PNG, read from its IHDR chunk (independent of the build)."""
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n" and head[12:16] == b"IHDR", f"{path} is not a PNG"
    return struct.unpack(">II", head[16:24])


def test_every_site_image_states_the_size_of_its_file(site_dir):
    checked, problems = 0, []
    for page in sorted(site_dir.rglob("*.html")):
        for tag in SITE_IMAGE.findall(page.read_text(errors="replace")):
            src = re.search(r'src="([^"]+)"', tag).group(1)
            file = (page.parent / src).resolve()
            if file.suffix != ".png":
                continue
            found = (re.search(rf'\b{a}="(\d+)"', tag) for a in ("width", "height"))
            stated = tuple(int(m.group(1)) if m else None for m in found)
            actual = png_size(file)
            checked += 1
            if stated != actual:
                problems.append(f"{page.relative_to(site_dir)}: {src} states {stated}, "
                                f"the file is {actual}")
    assert checked > 100, f"only {checked} PNG figures found on the site"
    assert not problems, "\n".join(problems[:20])


BOXES = """() => Array.from(document.querySelectorAll('.bd-article img'))
    .filter(i => i.checkVisibility())
    .map(i => { const r = i.getBoundingClientRect();
                return [i.getAttribute('src'), Math.round(r.width), Math.round(r.height)]; })"""


@pytest.mark.parametrize("page", [360, 1280], indirect=True)
def test_a_figure_has_its_box_before_its_file_arrives(page, base_url, site_dir):
    """The figures' files are held back: the page is laid out without them, each figure's box
    is measured, then the files are let through and the boxes measured again. A figure whose
    box changes would push the text below it down as it arrives. On a phone the column is
    narrower than the figures: their boxes shrink in proportion."""
    held, holding = [], [True]

    def hold(route) -> None:  # figure files wait until the boxes are measured
        held.append(route) if holding[0] else route.continue_()

    page.route("**/_images/**", hold)
    page.goto(f"{base_url}/{FIGURE_PAGE}", wait_until="domcontentloaded")
    wait_for_fonts(page)
    before = page.evaluate(BOXES)
    assert len(before) >= 5, f"only {len(before)} figures visible on {FIGURE_PAGE}"
    assert held, "no figure file was requested: the test held nothing back"
    holding[0] = False
    for route in held:
        route.continue_()
    # a phone's figures load lazily: those far below the screen are not fetched yet
    page.wait_for_function("Array.from(document.querySelectorAll('.bd-article img')).every(i =>"
                           " !i.checkVisibility() || (i.complete && i.naturalWidth > 0)"
                           " || i.loading === 'lazy')")
    after = page.evaluate(BOXES)
    assert after == before, "figure boxes changed when their files arrived:\n" + "\n".join(
        f"{b} -> {a}" for b, a in zip(before, after, strict=False) if a != b)
    empty = [src for src, width, height in before if width < 100 or height < 100]
    assert not empty, f"figures without a box before their files arrived: {empty}"
    # a figure narrower than its file (a phone's column) keeps the file's proportions
    page_dir = (site_dir / FIGURE_PAGE).parent
    distorted = [f"{src}: drawn {width} x {height} px, the file is {w} x {h}"
                 for src, width, height in after
                 for w, h in [png_size(page_dir / src)] if abs(height - width * h / w) > 1]
    assert not distorted, "figures drawn out of proportion:\n" + "\n".join(distorted)
