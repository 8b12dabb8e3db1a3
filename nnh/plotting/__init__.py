"""Figures for the course: activations, steps of single units, and approximations.

Every function returns its figure (a :class:`CourseFigure`) and draws nothing globally; the
caller owns it and should ``plt.close(fig)`` when done (Jupyter's inline backend does this
after showing it). All figures share one fixed style: DejaVu Sans, 100 dpi, an opaque
background, the Okabe-Ito colour-blind-safe palette of ``nnh.style`` and a different line
style for every curve. Each figure carries ``alt_text``, a sentence computed from the plotted
data that says what it shows (every curve by its minimum and maximum); it is the figure's
``repr`` and, in Jupyter, the ``alt`` metadata of its PNG.

Every figure also renders in the dark theme (``png_bytes(fig, nnh.style.DARK)``): the same
figure with each light colour swapped for its dark counterpart. In the kernels that build
the site (``NNH_SITE_FIGURES=1``) the PNG output carries the dark PNG in its metadata
(``metadata["image/png"]["nnh_dark"]``, base64) and, for a figure wider than a phone, the
phone layout's PNGs, which the site's ``course_figures`` extension shows (``jupyter_png``).
"""

from __future__ import annotations

from nnh.plotting._core import (
    DARK_PNG_KEY,
    LINESTYLES,
    STYLE,
    CourseFigure,
    jupyter_png,
    png_bytes,
    png_with_alt_and_dark,
    register_ipython_display,
    save_figure,
    style_for,
)
from nnh.plotting.activations import plot_activation, plot_activations
from nnh.plotting.curves import plot_approximation, plot_curves
from nnh.plotting.units import plot_steps, step_range
from nnh.style import COLORS

__all__ = [
    "COLORS",
    "DARK_PNG_KEY",
    "LINESTYLES",
    "STYLE",
    "CourseFigure",
    "jupyter_png",
    "plot_activation",
    "plot_activations",
    "plot_approximation",
    "plot_curves",
    "plot_steps",
    "png_bytes",
    "png_with_alt_and_dark",
    "save_figure",
    "step_range",
    "style_for",
]

register_ipython_display()
