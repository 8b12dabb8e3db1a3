"""The course's visual conventions in one place: colours and number formatting.

NumPy-free and matplotlib-free, so that ``nnh.plotting`` (figures) and ``nnh.interactive``
(SVG explorers) draw with the same palette and write numbers the same way.
"""

from __future__ import annotations

__all__ = ["COLORS", "format_number"]

#: Okabe & Ito's palette, safe for the common colour-vision deficiencies (light backgrounds).
COLORS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")


def format_number(value: float, digits: int = 3) -> str:
    """``value`` to ``digits`` significant digits, never ``-0``: ``format_number(0.24999) == '0.25'``."""
    rounded = round(float(value), 12) + 0.0
    text = f"{rounded:.{digits}g}"
    return "0" if text in ("-0", "0") else text
