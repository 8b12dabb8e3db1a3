"""Inline SVG icons that replace the theme's Font Awesome script and webfont.

pydata-sphinx-theme loads Font Awesome's JavaScript (about 540 kB gzip) and its solid
webfont (about 160 kB) on every page to draw a dozen icons. ``inline_icons`` swaps each
``<i class="fa-solid fa-NAME">`` / ``<span class="fa-solid fa-NAME">`` of a rendered page
for a small drawn SVG (24 x 24 grid, stroked in ``currentColor``, hidden from assistive
technology: every control keeps its own accessible name). An icon without a drawing here
is reported, so a new icon cannot silently fall back to the webfont.
"""

from __future__ import annotations

import html
import re

# Path data on a 24 x 24 grid, stroked with round caps and joins.
ICONS: dict[str, str] = {
    "bars": "M4 6h16M4 12h16M4 18h16",
    "list": "M9 6h11M9 12h11M9 18h11M4.5 6h.01M4.5 12h.01M4.5 18h.01",
    "outdent": "M20 6H10M20 12h-7M20 18H10M8 9l-3 3 3 3",
    "magnifying-glass": "M11 4a7 7 0 1 0 0 14a7 7 0 1 0 0-14zM20 20l-4-4",
    "download": "M12 4v11M7 10l5 5 5-5M5 20h14",
    "file": "M14 3H7a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V8zM14 3v5h5",
    "file-pdf": "M14 3H7a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V8zM14 3v5h5"
                "M9 13h6M9 17h4",
    "file-arrow-down": "M14 3H7a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V8zM14 3v5h5"
                       "M12 11v6M9.5 14.5 12 17l2.5-2.5",
    "file-code": "M14 3H7a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V8zM14 3v5h5"
                 "M10 12l-2 2 2 2M14 12l2 2-2 2",
    "file-pen": "M14 3H7a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h4M14 3v5h5M19 8v3M20.5 13.5l-6 6H12v-2.5l6-6z",
    "book": "M4 5a2 2 0 0 1 2-2h14v16H6a2 2 0 0 0-2 2zM4 21a2 2 0 0 1 2-2h14v2",
    "cube": "M12 3l8 4.5v9L12 21l-8-4.5v-9zM4 7.5l8 4.5 8-4.5M12 12v9",
    "print": "M7 9V3h10v6M7 17H5a2 2 0 0 1-2-2v-4a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2v4a2 2 0 0 1-2 2h-2"
             "M7 14h10v7H7z",
    "arrow-up-right-from-square": "M14 4h6v6M20 4l-9 9M18 14v5a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1V7"
                                  "a1 1 0 0 1 1-1h5",
    "angle-left": "M15 6l-6 6 6 6",
    "angle-right": "M9 6l6 6-6 6",
    "chevron-down": "M6 9l6 6 6-6",
    "arrow-up": "M12 19V5M6 11l6-6 6 6",
    "xmark": "M6 6l12 12M18 6L6 18",
    "sun": "M12 8a4 4 0 1 0 0 8a4 4 0 1 0 0-8zM12 2v2M12 20v2M4.9 4.9l1.4 1.4M17.7 17.7l1.4 1.4"
           "M2 12h2M20 12h2M4.9 19.1l1.4-1.4M17.7 6.3l1.4-1.4",
    "moon": "M20 14.5A8 8 0 1 1 9.5 4a6.5 6.5 0 0 0 10.5 10.5z",
    "circle-half-stroke": "M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18zM12 3v18",
}
# Icons that also fill part of their shape (the right half of the "system" mode disc).
FILLS: dict[str, str] = {"circle-half-stroke": "M12 3a9 9 0 0 1 0 18z"}

# Font Awesome classes that set a style or a size, not the icon.
_STYLE_CLASSES = re.compile(r"^fa-(solid|regular|brands|lg|fw|xs|sm|[0-9]+x)$|^fa[srb]?$")
_ICON_ELEMENT = re.compile(
    r'<(?P<tag>i|span)\s+class="(?P<classes>[^"]*\bfa[srb]?(?:-solid|-regular|-brands)?\b[^"]*)"'
    r'(?P<attrs>[^>]*)>\s*</(?P=tag)>')
_ATTRIBUTE = re.compile(r'\s([\w-]+)="([^"]*)"')


class UnknownIcon(ValueError):
    """A page asks for a Font Awesome icon that has no inline drawing here."""


def icon_name(classes: list[str]) -> str:
    names = [c[3:] for c in classes if c.startswith("fa-") and not _STYLE_CLASSES.match(c)]
    if len(names) != 1:
        raise UnknownIcon(f"cannot tell which icon the classes {classes} ask for")
    return names[0]


def svg_icon(classes: list[str], extra_attrs: str = "") -> str:
    """The SVG that draws the icon named in ``classes`` (Font Awesome class names)."""
    name = icon_name(classes)
    if name not in ICONS:
        raise UnknownIcon(f"no inline SVG for the Font Awesome icon 'fa-{name}': "
                          f"draw it in book/_ext/course_icons.py ICONS")
    kept = "".join(f' {key}="{value}"' for key, value in _ATTRIBUTE.findall(extra_attrs)
                   if key.startswith("data-"))
    fill = f'<path d="{FILLS[name]}" fill="currentColor" stroke="none"/>' if name in FILLS else ""
    # No fa-* class on the SVG: the theme's Font Awesome CSS would then ask for the webfont.
    kept_classes = [c for c in classes if not c.startswith("fa")]
    size = ["course-icon-lg"] if "fa-lg" in classes else []
    css_class = html.escape(" ".join(["course-icon", f"course-icon-{name}", *size, *kept_classes]))
    return (f'<svg class="{css_class}"{kept} viewBox="0 0 24 24" width="1em" height="1em" '
            'fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" '
            f'stroke-linejoin="round" aria-hidden="true" focusable="false">'
            f'<path d="{ICONS[name]}"/>{fill}</svg>')


def inline_icons(page: str) -> str:
    """Replace every Font Awesome ``<i>``/``<span>`` icon element of ``page`` by its SVG."""
    def replace(match: re.Match) -> str:
        return svg_icon(match["classes"].split(), match["attrs"])
    return _ICON_ELEMENT.sub(replace, page)
