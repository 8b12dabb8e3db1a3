"""The markup: an explorer or an answer box as one self-contained HTML fragment.

Each fragment carries the stylesheet and the script inline (so a plain Jupyter view works);
on the course site ``book/_ext/nnh_widgets.py`` keeps only the first copy on each page.
Colours are CSS classes (``nnh-s0``: stroke in palette colour 0) over presentation
attributes, so the theme and dark mode restyle the figures while a view without CSS still
shows the light palette.
"""

from __future__ import annotations

import html
import itertools
import json
import re
from importlib import resources
from typing import TYPE_CHECKING, Any

from nnh.interactive.geometry import FONT, PANEL_H, PANEL_W, Panel
from nnh.style import COLORS, DARK_COLORS

if TYPE_CHECKING:
    from nnh.interactive.answer import AnswerBox
    from nnh.interactive.explorers import Explorer, Stroke

DASHES = ("", "6 3", "2 3", "8 3 2 3", "1 2")
_INSTANCES = itertools.count(1)


class Widget:
    """Shows itself as HTML in Jupyter and on the site (myst-nb), as its repr elsewhere."""

    def _html(self) -> str:
        raise NotImplementedError

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict[str, str]:
        return {"text/html": self._html(), "text/plain": repr(self)}


def new_uid(kind: str) -> str:
    """A page-unique id: one per rendered widget, numbered in order (reproducible per run)."""
    return f"nnh-{kind}-{next(_INSTANCES)}"


def script_json(data: Any) -> str:
    """JSON that is safe inside <script>: '<', '>' and '&' become \\u escapes."""
    text = json.dumps(data, separators=(",", ":"), sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _read(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text()


def _palette(prefix: str, colours: tuple[str, ...]) -> str:
    return "".join(f"--{prefix}{k}:{c};" for k, c in enumerate(colours))


def stylesheet() -> str:
    """widget.css, preceded by nnh.style's palettes: --nnh-c0.. (light), --nnh-dark-c0.. (dark)."""
    return (f".nnh-widget{{{_palette('nnh-c', COLORS)}{_palette('nnh-dark-c', DARK_COLORS)}}}\n"
            + _read("widget.css"))


def assets() -> str:
    """The shared stylesheet and script; marked so that a page can keep just one copy."""
    return (f'<style data-nnh-asset="css">{stylesheet()}</style>'
            f'<script data-nnh-asset="js">{_read("widget.js")}</script>')


_ASSET = re.compile(r'<(style|script) data-nnh-asset="(css|js)">.*?</\1>', re.DOTALL)


def keep_first_assets(page: str) -> str:
    """``page`` with only the first copy of the stylesheet and of the script (used by the site)."""
    seen: set[str] = set()

    def first_only(match: re.Match[str]) -> str:
        kind = match.group(2)
        if kind in seen:
            return ""
        seen.add(kind)
        return match.group(0)

    return _ASSET.sub(first_only, page)


def _init(function: str, uid: str) -> str:
    return (f"<script>(function (s) {{ window.nnhInteractive.{function}(s ? window.nnhInteractive"
            f'.container(s) : document.getElementById("{uid}")); }})(document.currentScript);'
            f"</script>")


def _stroke_attrs(stroke: Stroke) -> str:
    dash = f' stroke-dasharray="{DASHES[stroke.dash]}"' if stroke.dash else ""
    return (f'class="nnh-s{stroke.colour}" fill="none" stroke="{COLORS[stroke.colour]}" '
            f'stroke-width="{stroke.width}"{dash}')


def _axes(panel: Panel) -> str:
    left, top, right, bottom = panel.box
    parts = [f'<rect class="nnh-area" x="{left:.1f}" y="{top:.1f}" width="{right - left:.1f}" '
             f'height="{bottom - top:.1f}" fill="#ffffff" stroke="#555555"/>']
    (x0, x1), (y0, y1) = panel.xlim, panel.ylim
    if x0 < 0 < x1:
        u = panel.point(0.0, y0)[0]
        parts.append(f'<line class="nnh-zero" x1="{u}" y1="{top:.1f}" x2="{u}" y2="{bottom:.1f}" '
                     f'stroke="#bbbbbb"/>')
    if y0 < 0 < y1:
        v = panel.point(x0, 0.0)[1]
        parts.append(f'<line class="nnh-zero" x1="{left:.1f}" y1="{v}" x2="{right:.1f}" y2="{v}" '
                     f'stroke="#bbbbbb"/>')
    for t in panel.ticks():
        parts.append(f'<text class="nnh-tick" x="{t.x:.1f}" y="{t.y:.1f}" font-size="{FONT:g}" '
                     f'text-anchor="{t.anchor}" fill="#222222">{html.escape(t.label)}</text>')
    return "".join(parts)


def _panel(explorer: Explorer, k: int, frame: dict[str, Any], uid: str) -> str:
    """One panel: axes, then the curves inside a clip path of the plot area (a line that
    leaves the plot is cut at the frame, never bent onto it), then the markers."""
    panel = explorer.panels[k]
    left, top, right, bottom = panel.box
    clip = f"{uid}-clip{k}"
    body = [f'<defs><clipPath id="{clip}"><rect x="{left:.1f}" y="{top:.1f}" '
            f'width="{right - left:.1f}" height="{bottom - top:.1f}"/></clipPath></defs>',
            _axes(panel), f'<g clip-path="url(#{clip})">']
    body += [f'<path d="{d}" {_stroke_attrs(s)}/>' for p, d, s in explorer.static_paths if p == k]
    body += [f'<path data-path="{name}" d="{frame["paths"][name]}" {_stroke_attrs(s)}/>'
             for name, (p, s) in explorer.path_styles.items() if p == k]
    body.append("</g>")
    for name, (p, colour) in explorer.marker_styles.items():
        if p != k:
            continue
        m = frame["markers"].get(name)
        cx, cy, shown = (m[0], m[1], "visible") if m else (0, 0, "hidden")
        body.append(f'<circle data-marker="{name}" class="nnh-marker nnh-f{colour}" cx="{cx}" '
                    f'cy="{cy}" r="5" fill="{COLORS[colour]}" stroke="#111111" visibility="{shown}"/>')
    return (f'<figure class="nnh-panel"><p class="nnh-panel-title">{html.escape(panel.title)}</p>'
            f'<svg class="nnh-plot" viewBox="0 0 {PANEL_W:g} {PANEL_H:g}" aria-hidden="true">'
            + "".join(body) + "</svg></figure>")


def _legend(explorer: Explorer) -> str:
    return "".join(
        f'<span><svg width="26" height="10" aria-hidden="true"><line x1="1" y1="5" x2="25" y2="5" '
        f'{_stroke_attrs(s)}/></svg> {html.escape(label)}</span>' for label, s in explorer.legend)


def _controls(explorer: Explorer, uid: str) -> str:
    out = []
    for k, s in enumerate(explorer.sliders):
        first = s.labels[s.initial_index]
        name = html.escape(s.name)
        out.append(
            f'<div class="nnh-control"><span><label for="{uid}-s{k}">{name}</label> = <output '
            f'data-slider-value="{k}" for="{uid}-s{k}">{first}</output></span>'
            f'<input type="range" id="{uid}-s{k}" '
            f'data-slider="{k}" min="0" max="{len(s.values) - 1}" step="1" value="{s.initial_index}" '
            f'aria-valuetext="{name} = {first}"></div>')
    return "".join(out)


def render_explorer(explorer: Explorer) -> str:
    uid = new_uid("fig")
    frame = explorer.initial_frame
    panels = "".join(_panel(explorer, k, frame, uid) for k in range(len(explorer.panels)))
    readouts = "".join(f'<div><span data-readout="{name}">{html.escape(text)}</span></div>'
                       for name, text in frame["readouts"].items())
    return (
        f'<div class="nnh-widget nnh-interactive" id="{uid}">{assets()}'
        f'<p class="nnh-title">{html.escape(explorer.title)}</p>'
        f'<div class="nnh-panels" role="img" data-description '
        f'aria-label="{html.escape(frame["description"])}">{panels}</div>'
        f'<div class="nnh-legend">{_legend(explorer)}</div>'
        f'<div class="nnh-dock">{_controls(explorer, uid)}'
        f'<div class="nnh-readouts" aria-live="polite">{readouts}</div></div>'
        f'<script type="application/json">{script_json(explorer.spec())}</script>'
        f'{_init("init", uid)}</div>')


def _stored(number: float) -> str:
    """A number for the page at 10 significant digits: stored outputs carry no digit that
    depends on the last bit of floating-point rounding (far below any answer's tolerance)."""
    return f"{float(number):.10g}"


def render_answer_box(box: AnswerBox) -> str:
    uid = new_uid("answer")
    rule = box.precision
    whole = ' data-whole="true"' if rule.whole else ""
    # The summary says what a press does: "Show" when closed, "Hide" when open (widget.css shows
    # one span; the hidden one is display:none, so it is not part of the accessible name).
    solution = ('<details class="nnh-solution"><summary><span class="nnh-when-closed">Show the solution'
                '</span><span class="nnh-when-open">Hide the solution</span></summary>'
                f'<p>{html.escape(box.solution)}</p></details>')
    return (
        f'<div class="nnh-widget nnh-answer" id="{uid}" data-answer="{_stored(box.answer)}" '
        f'data-tolerance="{_stored(rule.tolerance)}" data-close="{_stored(rule.close)}"{whole} '
        f'data-close-hint="{html.escape(rule.close_hint)}">{assets()}'
        f'<form><fieldset><legend>Check your answer</legend>'
        f'<p class="nnh-question"><label for="{uid}-in">{html.escape(box.question)}</label></p>'
        f'<p class="nnh-precision" id="{uid}-precision">{html.escape(box.precision.instruction)}</p>'
        f'<div class="nnh-entry"><input id="{uid}-in" type="text" inputmode="decimal" '
        f'autocomplete="off" spellcheck="false" aria-describedby="{uid}-precision"> '
        f'<button type="submit">Check</button></div>'
        f'<p class="nnh-verdict" role="status" aria-live="polite"></p></fieldset></form>'
        f'{solution}{_init("initAnswer", uid)}</div>')
