"""What every course figure shares: the style, the figure class, light and dark rendering,
and the small helpers that check inputs and describe curves in alt text."""

from __future__ import annotations

import base64
import functools
import io
import os
import re
import textwrap
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import matplotlib
import matplotlib.colors as mcolors
import matplotlib.pyplot as plt
import matplotlib.transforms as mtransforms
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.gridspec import GridSpec
from matplotlib.text import Text

from nnh._validate import as_real_array
from nnh.style import (
    DARK,
    DARK_PNG_KEY,
    LIGHT,
    NARROW_DARK_PNG_KEY,
    NARROW_PNG_KEY,
    SITE_FIGURES_ENV,
    Theme,
    format_coordinate,
    format_number,
)

#: A distinct dash pattern for each curve, so curves differ without colour too.
LINESTYLES = ("-", "--", "-.", ":", (0, (5, 1)), (0, (3, 1, 1, 1, 1, 1)), (0, (1, 3)))
#: A distinct marker for each curve, for plots of measured points.
MARKERS = ("o", "s", "^", "D", "v", "P", "X")
DPI = 100
#: The horizontal axis of an activation drawn on its own: its argument, the pre-activation
#: z (book/notation.md).
PRE_ACTIVATION_LABEL = r"pre-activation $z$"
#: The phone layout (:func:`narrow_layout`): 3.5 inches (350 px) wide, so that a 360 px
#: phone shows it at 0.74 of its size or more (its text column is 328 px, inside an exercise
#: 261 px); no text under 9 pt (12.5 px, so at least 9.3 CSS px there); each panel 0.8 of its
#: usual height.
NARROW_WIDTH = 3.5
NARROW_MIN_FONT = 9.0
NARROW_HEIGHT_SHARE = 0.8


def style_for(theme: Theme) -> dict[Any, Any]:
    """matplotlib rcParams of the course style in ``theme``'s colours."""
    return {
        "figure.dpi": DPI,
        "savefig.dpi": DPI,
        "figure.facecolor": theme.background,
        "axes.facecolor": theme.background,
        "savefig.facecolor": theme.background,
        "savefig.transparent": False,
        "font.family": "DejaVu Sans",
        "font.size": 10,
        "axes.titlesize": 11,
        "axes.labelsize": 10,
        "legend.fontsize": 9,
        "legend.edgecolor": theme.grid,
        "legend.facecolor": "inherit",
        "axes.edgecolor": theme.edges,
        "axes.grid": True,
        "grid.color": theme.grid,
        "grid.linewidth": 0.6,
        "lines.linewidth": 2.0,
        "text.color": theme.foreground,
        "axes.labelcolor": theme.foreground,
        "axes.titlecolor": theme.foreground,
        "xtick.color": theme.edges,
        "ytick.color": theme.edges,
        "xtick.labelcolor": theme.foreground,
        "ytick.labelcolor": theme.foreground,
        "svg.hashsalt": "nnh",
        "svg.fonttype": "path",
        "path.simplify": False,
    }


STYLE = style_for(LIGHT)


class CourseFigure(Figure):
    """A matplotlib Figure that knows what it shows (``alt_text``) and can be rendered in
    the light theme (as drawn) or the dark theme (:func:`png_bytes` with ``theme=DARK``)."""

    alt_text: str = "A figure."

    def __repr__(self) -> str:
        return f"<Figure: {self.alt_text}>"

    __str__ = __repr__


def course_figure(func: Callable[..., Any]) -> Callable[..., Any]:
    """Run a plotting function (returning ``(fig, axes)``) inside the course style (light
    theme)."""
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with matplotlib.rc_context(STYLE):
            result = func(*args, **kwargs)
            _pin_titles(result[0])
            # Jupyter's inline backend turns interactive mode on when the first figure is made;
            # rc_context would undo that on exit and hide every later figure.
            interactive = matplotlib.is_interactive()
        matplotlib.interactive(interactive)
        _drawn_when_saved(result[0])
        return result
    return wrapper


def _pin_titles(fig: Figure) -> None:
    """Pin each panel title at the top of its axes, where matplotlib would put it anyway when
    nothing of the axes rises above its top: then every draw (and both passes of every
    layout) skips searching the tick labels of the axes for something to lift the title
    over. A title stays free to move where something may rise: above a y-axis that shows an
    offset or a power of ten (``1e-7``), x ticks or label on top, or an inset."""
    for ax in fig.axes:
        title = ax.title
        if not title.get_text() or ax.child_axes:
            continue
        if (ax.xaxis.get_ticks_position() in ("top", "unknown")
                or ax.xaxis.get_label_position() == "top"):
            continue
        formatter = ax.yaxis.get_major_formatter()
        formatter.set_locs(list(ax.yaxis.get_majorticklocs()))
        if formatter.get_offset():
            continue
        ax.set_title(title.get_text(), y=1.0, fontsize=title.get_fontsize(),
                     fontweight=title.get_fontweight(), color=title.get_color())


def _drawn_when_saved(fig: Figure) -> None:
    """Mark ``fig`` up to date (not ``stale``) when it sits on a plain Agg canvas, with no
    screen to refresh: in Jupyter's inline backend (and in scripts) a figure is only ever
    seen through ``savefig``, which draws it anyway. Otherwise pyplot would draw it once more
    after the cell, in full, only to throw the picture away before the inline backend shows
    it (:func:`png_with_alt_and_dark`). A change made after this makes it stale again, and
    windows and widgets (their own canvases) are left as they are."""
    if type(fig.canvas) is FigureCanvasAgg:
        fig.stale = False


def new_figure(nrows: int, ncols: int, size: tuple[float, float], **grid: Any
               ) -> tuple[CourseFigure, np.ndarray]:
    """A CourseFigure (known to pyplot, so Jupyter shows it) with an (nrows, ncols) grid."""
    fig, axes = plt.subplots(nrows, ncols, figsize=size, FigureClass=CourseFigure,
                             squeeze=False, layout="constrained", **grid)
    return fig, axes


def theme_color(theme: Theme, index: int) -> str:
    return theme.colors[index % len(theme.colors)]


def curve_style(index: int) -> dict[str, Any]:
    """Colour and dash pattern of the index-th curve (light theme)."""
    return {"color": theme_color(LIGHT, index), "linestyle": LINESTYLES[index % len(LINESTYLES)]}


def x_array(x: Any, where: str) -> np.ndarray:
    """``x`` checked as a finite 1-D float64 array of at least 2 points."""
    arr = as_real_array(x, where)
    if arr.ndim != 1 or arr.size < 2:
        raise ValueError(f"{where}: argument 'x' must be a 1-D array of at least 2 points, "
                         f"got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{where}: argument 'x' must contain only finite values")
    return arr.astype(np.float64)


# --- alt text: one convention for every curve -------------------------------------------------

def min_max(label: str, y: Any) -> str:
    """'LABEL (minimum A, maximum B)': how every figure's alt text describes a curve."""
    values = np.asarray(y, dtype=float)
    return f"{label} (minimum {format_number(values.min())}, maximum {format_number(values.max())})"


def x_span(x: np.ndarray, name: str = "x") -> str:
    """``"x from -5 to 5"``: the grid's span, the variable called ``name``."""
    return f"{name} from {format_coordinate(x.min(), x)} to {format_coordinate(x.max(), x)}"


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


# --- light and dark rendering -----------------------------------------------------------------

def _hex(color: Any) -> str:
    return mcolors.to_hex(color, keep_alpha=False).lower()


def _theme_map(source: Theme, target: Theme) -> dict[str, str]:
    pairs = list(zip(source.colors, target.colors, strict=True)) + [
        (getattr(source, part), getattr(target, part))
        for part in ("background", "foreground", "edges", "grid", "reference")]
    return {_hex(a): _hex(b) for a, b in pairs}


def _mapped(color: Any, mapping: dict[str, str], cache: dict[tuple[float, ...], Any]) -> Any:
    """``color`` (one colour or an N x 4 array) with every theme colour replaced, alpha kept;
    None when that changes nothing. ``cache`` remembers each RGB's replacement."""
    if isinstance(color, str) and color.lower() in ("none", "auto", "inherit"):
        return None
    rgba = mcolors.to_rgba_array(color)
    recoloured = None
    for index, row in enumerate(rgba):
        rgb = tuple(row[:3])
        if rgb not in cache:
            swap = mapping.get(_hex(rgb))
            cache[rgb] = None if swap is None or mcolors.to_rgb(swap) == rgb else mcolors.to_rgb(swap)
        if cache[rgb] is not None:
            if recoloured is None:
                recoloured = rgba.copy()
            recoloured[index, :3] = cache[rgb]
    if recoloured is None:
        return None
    return recoloured if np.ndim(color) == 2 else tuple(recoloured[0])


_COLOR_PROPERTIES = ("color", "facecolor", "edgecolor", "markerfacecolor", "markeredgecolor")


def _colour_changes(artists: list[Any], mapping: dict[str, str]
                    ) -> list[tuple[Any, str, Any, Any]]:
    """(artist, property, old, new) for every colour of ``artists`` that ``mapping`` swaps;
    all read before any is set (a line's marker colour follows its colour)."""
    changes = []
    cache: dict[tuple[float, ...], Any] = {}
    for artist in artists:
        for prop in _COLOR_PROPERTIES:
            getter = getattr(artist, f"get_{prop}", None)
            if getter is None or not hasattr(artist, f"set_{prop}"):
                continue
            original = getter()
            if original is None or (np.ndim(original) == 2 and len(original) == 0):
                continue
            recoloured = _mapped(original, mapping, cache)
            if recoloured is not None:
                changes.append((artist, prop, original, recoloured))
    return changes


def _apply(changes: list[tuple[Any, str, Any, Any]], undo: bool = False) -> None:
    for artist, prop, old, new in (reversed(changes) if undo else changes):
        getattr(artist, f"set_{prop}")(old if undo else new)


@contextmanager
def _themed(fig: Figure, theme: Theme) -> Iterator[None]:
    """Inside: ``fig`` draws in ``theme``. The light colours come back on exit, also on the
    ticks that drawing in ``theme`` created (new ticks copy the first tick's colours)."""
    if theme == LIGHT:
        with matplotlib.rc_context(STYLE):
            yield
        return
    before = fig.findobj(include_self=True)
    changes = _colour_changes(before, _theme_map(LIGHT, theme))
    _apply(changes)
    try:
        with matplotlib.rc_context(style_for(theme)):
            yield
    finally:
        _apply(changes, undo=True)
        known = set(map(id, before))
        created = [a for a in fig.findobj(include_self=True) if id(a) not in known]
        _apply(_colour_changes(created, _theme_map(theme, LIGHT)))


def _panels(fig: Figure) -> list[Any]:
    """The figure's grid axes (not insets), row by row."""
    panels = [ax for ax in fig.axes if ax.get_subplotspec() is not None]
    return sorted(panels, key=lambda ax: (ax.get_subplotspec().rowspan.start,
                                          ax.get_subplotspec().colspan.start))


def _panel_heights(fig: Figure, panels: list[Any]) -> list[float]:
    """Each panel's usual height in inches (its row's share of the figure's height)."""
    heights = []
    for ax in panels:
        spec = ax.get_subplotspec()
        ratios = spec.get_gridspec().get_height_ratios() or [1.0] * spec.get_gridspec().nrows
        share = sum(ratios[spec.rowspan.start:spec.rowspan.stop]) / sum(ratios)
        heights.append(fig.get_figheight() * share)
    return heights


def needs_narrow_layout(fig: Figure) -> bool:
    """Whether a phone needs a different layout of ``fig``: it is wider than NARROW_WIDTH."""
    return fig.get_figwidth() > NARROW_WIDTH + 1e-9


def _bounds_locator(parent: Any, bounds: tuple[float, float, float, float]
                    ) -> Callable[..., Any]:
    """An axes locator placing an inset at ``bounds`` (fractions of ``parent`` axes)."""
    def locate(inset: Any, renderer: Any) -> mtransforms.Bbox:
        return mtransforms.Bbox.from_bounds(*bounds).transformed(
            parent.transAxes - inset.figure.transSubfigure)
    return locate


def _wrapped(text: str, chars: int) -> str:
    """``text`` broken into lines of at most ``chars`` characters, never inside $math$."""
    protected = re.sub(r"\$[^$]*\$", lambda m: m.group(0).replace(" ", "\0"), text)
    lines = textwrap.wrap(protected, max(8, chars), break_long_words=False, break_on_hyphens=False)
    return "\n".join(lines).replace("\0", " ")


def _wrap_titles(fig: Figure, panels: list[Any]) -> tuple[list[tuple[Text, str]], bool]:
    """Break every panel title wider than the room around its panel's centre into lines:
    the (title, old text) pairs, and whether the figure's layout is still the one computed
    here (it is computed first, for where the panels are, and holds if no title changed)."""
    long = [ax for ax in panels if ax.title.get_text()
            and ax.title.get_window_extent().width > 0.8 * fig.bbox.width]
    if not long:
        return [], False
    _lay_out(fig)
    changed = []
    for ax in long:
        title, text = ax.title, ax.title.get_text()
        box = ax.get_window_extent()
        centre = (box.x0 + box.x1) / 2
        room = 2 * min(centre - fig.bbox.x0, fig.bbox.x1 - centre) - 4
        width = title.get_window_extent().width
        if width <= room:
            continue
        changed.append((title, text))
        chars = int(len(text) * room / width)
        while chars > 8:  # the widest line of a wrapped text is not its average
            title.set_text(_wrapped(text, chars))
            if title.get_window_extent().width <= room:
                break
            chars -= 2
    return changed, not changed


# Inset axes that move in the phone layout, with their bounds there (fractions of the panel).
_NARROW_BOUNDS: weakref.WeakKeyDictionary[Any, tuple[float, float, float, float]] = (
    weakref.WeakKeyDictionary())


def place_inset_when_narrow(inset: Any, bounds: tuple[float, float, float, float]) -> None:
    """Where ``inset`` goes, as fractions of its panel, in the phone layout (narrow_layout)."""
    _NARROW_BOUNDS[inset] = bounds


@contextmanager
def narrow_layout(fig: Figure) -> Iterator[bool]:
    """Inside: ``fig`` laid out for a phone. It is NARROW_WIDTH wide, its panels stacked in
    one column (row by row: an activation, then its derivative), each NARROW_HEIGHT_SHARE of
    its usual height, no text is smaller than NARROW_MIN_FONT and a title wider than the
    figure breaks into lines. An inset given bounds by ``place_inset_when_narrow`` moves
    there. Everything is restored on exit,
    so the usual PNG stays byte for byte the same. Yields whether the phone layout is already
    computed (checking the titles' room computed it, and no title changed)."""
    panels = _panels(fig)
    heights = [NARROW_HEIGHT_SHARE * h for h in _panel_heights(fig, panels)]
    old_specs = [ax.get_subplotspec() for ax in panels]
    old_size = tuple(fig.get_size_inches())
    axes = [a for a in fig.findobj(include_self=False) if hasattr(a, "xaxis") and hasattr(a, "yaxis")]
    tick_sizes = [(axis, axis.get_ticklabels(which="both")[0].get_fontsize()
                   if axis.get_ticklabels(which="both") else None)
                  for ax in axes for axis in (ax.xaxis, ax.yaxis)]
    texts = [(t, t.get_fontsize()) for t in fig.findobj(Text)
             if float(t.get_fontsize()) < NARROW_MIN_FONT]
    insets = [(ax, inset, inset.get_axes_locator()) for ax in panels for inset in ax.child_axes
              if inset in _NARROW_BOUNDS]
    column = GridSpec(len(panels), 1, figure=fig, height_ratios=heights)
    titles: list[tuple[Text, str]] = []
    try:
        for ax, inset, _ in insets:
            inset.set_axes_locator(_bounds_locator(ax, _NARROW_BOUNDS[inset]))
        for index, ax in enumerate(panels):
            ax.set_subplotspec(column[index, 0])
        fig.set_size_inches(NARROW_WIDTH, sum(heights))
        for axis, size in tick_sizes:
            if size is not None and size < NARROW_MIN_FONT:
                axis.set_tick_params(which="both", labelsize=NARROW_MIN_FONT)
        for text, _ in texts:
            text.set_fontsize(NARROW_MIN_FONT)
        titles, laid_out = _wrap_titles(fig, panels)
        yield laid_out
    finally:
        for title, original in titles:
            title.set_text(original)
        for text, size in texts:
            text.set_fontsize(size)
        for axis, size in tick_sizes:
            if size is not None and size < NARROW_MIN_FONT:
                axis.set_tick_params(which="both", labelsize=size)
        for ax, spec in zip(panels, old_specs, strict=True):
            ax.set_subplotspec(spec)
        for _, inset, locator in insets:
            inset.set_axes_locator(locator)
        fig.set_size_inches(*old_size)


@contextmanager
def _layout_kept(fig: Figure) -> Iterator[None]:
    """Inside: ``fig`` keeps the layout last computed (:func:`_lay_out`), with no layout
    engine: ``savefig`` then draws once. With an engine it would lay the figure out again and
    draw it once without rendering before the real draw. A twin in other colours has the same
    text, so the same layout."""
    engine = fig.get_layout_engine()
    if engine is None:
        yield
        return
    with matplotlib.rc_context({"figure.autolayout": False,
                                "figure.constrained_layout.use": False}):
        fig.set_layout_engine(None)  # None under these settings: no engine at all
    try:
        yield
    finally:
        fig.set_layout_engine(engine)


def _lay_out(fig: Figure) -> None:
    """Compute ``fig``'s layout now, at the resolution it is saved at, without drawing it."""
    engine = fig.get_layout_engine()
    if engine is None:
        return
    dpi = fig.get_dpi()
    fig.set_dpi(DPI)
    try:
        engine.execute(fig)
    finally:
        fig.set_dpi(dpi)


def _rendered(fig: Figure, theme: Theme, layout: bool = True) -> bytes:
    """``fig`` as PNG in ``theme``, drawn once: its layout is computed first (``layout``; or
    the last one is kept) and ``savefig`` then draws without its own layout pass, which would
    also draw the whole figure once without rendering it."""
    buffer = io.BytesIO()
    with _themed(fig, theme):
        if layout:
            _lay_out(fig)
        with _layout_kept(fig):
            fig.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None},
                        facecolor=fig.get_facecolor())
    return buffer.getvalue()


def png_bytes(fig: Figure, theme: Theme = LIGHT, narrow: bool = False) -> bytes:
    """The figure as PNG bytes in ``theme`` (``nnh.style.LIGHT`` or ``DARK``), identical on
    every run (no software or date metadata); ``narrow=True``: in its phone layout
    (:func:`narrow_layout`)."""
    if not narrow:
        return _rendered(fig, theme)
    with narrow_layout(fig) as laid_out:
        return _rendered(fig, theme, layout=not laid_out)


def save_figure(fig: Figure, path: str | Path, theme: Theme = LIGHT) -> Path:
    """Write ``fig`` to ``path`` in ``theme`` as deterministic PNG or SVG (by the suffix)."""
    out = Path(path)
    if out.suffix == ".png":
        out.write_bytes(png_bytes(fig, theme))
    elif out.suffix == ".svg":
        with _themed(fig, theme):
            fig.savefig(out, format="svg", metadata={"Date": None, "Creator": None},
                        facecolor=fig.get_facecolor())
    else:
        raise ValueError(f"nnh.save_figure: argument 'path' must end in .png or .svg, got {out}")
    return out


def png_with_alt_and_dark(fig: CourseFigure) -> tuple[bytes, dict[str, str]]:
    """IPython's PNG for a CourseFigure: the light PNG as the data (what notebooks store and
    tests compare); as metadata for the site, the alt text, the dark PNG and, for a figure
    wider than a phone's layout, the narrow light and dark PNGs (base64). Each layout (usual,
    phone) is computed once, for the light PNG; the dark twin is drawn in exactly that
    layout, so the two images differ in colour only."""
    def encoded(png: bytes) -> str:
        return base64.b64encode(png).decode("ascii")

    light = _rendered(fig, LIGHT)
    metadata = {"alt": fig.alt_text, DARK_PNG_KEY: encoded(_rendered(fig, DARK, layout=False))}
    if needs_narrow_layout(fig):
        with narrow_layout(fig) as laid_out:
            metadata[NARROW_PNG_KEY] = encoded(_rendered(fig, LIGHT, layout=not laid_out))
            metadata[NARROW_DARK_PNG_KEY] = encoded(_rendered(fig, DARK, layout=False))
    return light, metadata


def jupyter_png(fig: CourseFigure) -> tuple[bytes, dict[str, str]]:
    """The PNG that IPython shows for a CourseFigure: with its twins
    (:func:`png_with_alt_and_dark`) in a kernel that builds the site (``NNH_SITE_FIGURES=1``),
    else the light PNG with its alt text only: a student's Jupyter has no use for the twins,
    which would take three quarters of the time a figure takes and most of its notebook's size."""
    if os.environ.get(SITE_FIGURES_ENV) == "1":
        return png_with_alt_and_dark(fig)
    return _rendered(fig, LIGHT), {"alt": fig.alt_text}


def register_ipython_display() -> None:
    """In IPython, show CourseFigures as deterministic PNG carrying alt text (and, when
    building the site, their twins: :func:`jupyter_png`)."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is None:
        return
    shell.display_formatter.formatters["image/png"].for_type(CourseFigure, jupyter_png)
