"""The course's visual conventions in one place: colours and number formatting.

NumPy-free and matplotlib-free, so that ``nnh.plotting`` (figures) and ``nnh.interactive``
(SVG explorers) draw with the same palette and write numbers the same way.

Every figure exists in two variants: ``LIGHT`` (what notebooks and the tests compare) and
``DARK`` (shown on the site when the reader picks dark mode). Both palettes follow Okabe &
Ito's colour-blind-safe set; the dark one swaps the colours that are too dark on a dark
background (blue, black) for lighter ones, so every curve keeps at least 3:1 contrast
(WCAG's minimum for graphics) against its background.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

__all__ = ["COLORS", "DARK", "DARK_COLORS", "DARK_PNG_KEY", "LIGHT", "NARROW_DARK_PNG_KEY",
           "NARROW_PNG_KEY", "SITE_FIGURES_ENV", "THEMES", "Theme",
           "contrast_ratio", "format_coordinate", "format_number", "relative_luminance"]

#: Okabe & Ito's palette, safe for the common colour-vision deficiencies (light backgrounds).
COLORS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
#: The same roles on a dark background: sky blue for blue, a lighter vermillion and green,
#: yellow for sky blue and near-white for black.
DARK_COLORS = ("#56B4E9", "#F5793A", "#2EC4A0", "#CC79A7", "#E69F00", "#F0E442", "#EEEEEE")


class Theme(NamedTuple):
    """The colours of one variant of a figure."""

    name: str
    colors: tuple[str, ...]  # curves, in order
    background: str  # figure and axes
    foreground: str  # text, titles, labels
    edges: str  # spines and ticks
    grid: str  # grid lines (deliberately faint)
    reference: str  # the x = 0 and y = 0 reference lines


LIGHT = Theme("light", COLORS, background="#ffffff", foreground="#111111", edges="#333333",
              grid="#d0d0d0", reference="#888888")
#: The background is the dark page colour of pydata-sphinx-theme, so a figure sits on the
#: page rather than on a panel.
DARK = Theme("dark", DARK_COLORS, background="#14181e", foreground="#e6e6e6", edges="#b8bcc4",
             grid="#3a3f47", reference="#8a9099")
THEMES = {theme.name: theme for theme in (LIGHT, DARK)}
#: Key of the dark variant (base64 PNG) in a figure output's ``image/png`` metadata: written
#: by nnh.plotting in Jupyter, read by the site's ``book/_ext/dark_figures.py``.
DARK_PNG_KEY = "nnh_dark"
#: Keys of the phone layout's light and dark variants (base64 PNGs), next to DARK_PNG_KEY.
NARROW_PNG_KEY, NARROW_DARK_PNG_KEY = "nnh_narrow", "nnh_narrow_dark"
#: An environment variable: "1" in the kernels that build the site (tools/build.py), whose
#: figures then carry their dark and phone twins. Anywhere else (a student's Jupyter, nbval)
#: a figure is drawn once, as the light PNG with its alt text.
SITE_FIGURES_ENV = "NNH_SITE_FIGURES"


def relative_luminance(color: str) -> float:
    """WCAG 2 relative luminance of a ``#rrggbb`` colour: 0 for black, 1 for white."""
    channels = [int(color.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2 contrast ratio of two ``#rrggbb`` colours, from 1 (same) to 21 (black on white)."""
    light, dark = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def format_number(value: float, digits: int = 3, *, noise: float = 0.0) -> str:
    """``value`` to ``digits`` significant digits, never ``-0``, without an exponent from
    1e-4 to 1e6: ``format_number(0.24999) == '0.25'``, ``format_number(5000) == '5000'``,
    ``format_number(4.2e-13) == '4.2e-13'`` (the digits are significant, not decimal places;
    a small value is never written 0). A magnitude up to ``noise`` is written ``'0'``: pass
    the rounding scale of what the number measures (see :func:`format_coordinate`)."""
    number = float(value) + 0.0  # + 0.0 turns -0.0 into 0.0
    if abs(number) <= noise:
        return "0"
    text = f"{number:.{digits}g}"
    if "e" in text and 1e-4 <= abs(float(text)) < 1e6:
        text = f"{float(text):.{digits + 4}f}".rstrip("0").rstrip(".")
    return text


#: A grid coordinate within this share of the grid's extent of 0 is rounding noise for 0.
COORDINATE_NOISE = 1e-9


def format_coordinate(value: float, grid: Any, digits: int = 3) -> str:
    """A point of the grid ``grid`` (say an x where a curve peaks), as format_number writes it,
    except that rounding noise for 0 is 0: ``np.arange(-5, 5, 0.1)`` holds -1.78e-14 where it
    means 0, and no grid of the course resolves 1e-9 of its extent."""
    values = np.asarray(grid, dtype=float)
    extent = float(np.max(np.abs(values))) if values.size else 0.0
    return format_number(value, digits, noise=COORDINATE_NOISE * extent)
