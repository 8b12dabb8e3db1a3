"""Sphinx extension: the theme's stylesheet without Font Awesome's glyph rules.

Font Awesome's glyph rules (``.fa-bars:before{content:"\\f0c9"}`` for about 2000 icons) are
20 kB (gzip) of pydata-sphinx-theme's CSS; with the icons drawn inline (``course_icons``)
nothing uses them. At ``config-inited`` a trimmed copy of the theme's stylesheet is written to
``<build>/theme-static/styles/pydata-sphinx-theme.css`` and that folder is added to
``html_static_path``: Sphinx copies ``html_static_path`` after the theme's static files, so a
file of the same name replaces the theme's (documented in Sphinx's ``html_static_path``).
The built CSS is never edited.

The same copy also leaves out Bootstrap's rules for components and utility classes that no
page of the site uses (``UNUSED_BOOTSTRAP``: carousels, toasts, the grid's ``col-*``, spacing
utilities such as ``mt-3`` ...): about 20 kB gzip more on every page. A selector is dropped
when it names such a class; a rule when none of its selectors is left.
``tests/site/test_theme_controls.py`` checks that no built page and none of the site's or the
theme's scripts uses a dropped class, so a page that starts using one fails there by name.
"""

from __future__ import annotations

import re
from pathlib import Path

import pydata_sphinx_theme
from sphinx.application import Sphinx

# The stylesheet's path inside the theme's static folder and inside the site's _static.
THEME_CSS = Path("styles") / "pydata-sphinx-theme.css"
_FA_GLYPH_RULES = re.compile(r'(?:\.fa-[a-z0-9-]+(?::before|:after)?,?)+\{content:"[^"]*"\}')


_BREAKPOINT = r"(?:-(?:sm|md|lg|xl|xxl))?"
_COLOURS = r"(?:primary|secondary|success|info|warning|danger|light|dark|black|white|body|muted)"
#: Bootstrap's components and utilities that the site does not use, as class-name patterns.
UNUSED_BOOTSTRAP = (
    # grid and layout utilities
    rf"col{_BREAKPOINT}(?:-(?:\d+|auto))?", rf"row-cols{_BREAKPOINT}-(?:\d+|auto)",
    rf"offset{_BREAKPOINT}-\d+", rf"order{_BREAKPOINT}-(?:\d+|first|last)", rf"g[xy]?{_BREAKPOINT}-\d",
    rf"[mp][tbsexy]?{_BREAKPOINT}-(?:\d|auto|n\d)", rf"(?:row-|column-)?gap{_BREAKPOINT}-\d",
    rf"d{_BREAKPOINT}-(?:none|inline|inline-block|block|grid|inline-grid|table|table-row|table-cell|flex"
    r"|inline-flex)",
    rf"flex{_BREAKPOINT}-(?:row|column|row-reverse|column-reverse|grow-[01]|shrink-[01]|wrap|nowrap"
    r"|wrap-reverse|fill)",
    rf"justify-content{_BREAKPOINT}-\w+", rf"align-(?:items|self|content){_BREAKPOINT}-\w+",
    r"align-(?:baseline|top|middle|bottom|text-bottom|text-top)", rf"float{_BREAKPOINT}-(?:start|end|none)",
    rf"text{_BREAKPOINT}-(?:start|end|center)", rf"object-fit{_BREAKPOINT}-\w+",
    # colour, border, size and position utilities
    r"link-[\w-]+", r"bg-[\w-]+", r"text-bg-[\w-]+", rf"text-{_COLOURS}(?:-[\w-]+)?",
    r"text-(?:reset|opacity-\d+|decoration-\w+|lowercase|uppercase|capitalize|wrap|nowrap|break|truncate)",
    r"border(?:-(?:top|end|bottom|start))?(?:-0)?", r"border-\d", rf"border-{_COLOURS}(?:-[\w-]+)?",
    r"border-opacity-\d+", r"rounded(?:-[\w-]+)?", r"shadow(?:-\w+)?", r"[wh]-(?:25|50|75|100|auto)",
    r"m[wh]-100", r"(?:min-)?v[wh]-100", r"position-\w+", r"fs-\d", r"fw-\w+", r"lh-\w+", r"opacity-\d+",
    r"overflow(?:-[xy])?-\w+", r"z-\w+", r"font-monospace", r"fst-\w+", r"user-select-\w+",
    r"pe-(?:none|auto)", r"(?:top|bottom|start|end)-\d+", r"translate-middle(?:-[xy])?",
    # components
    r"carousel[\w-]*", r"toast[\w-]*", r"offcanvas[\w-]*", r"accordion[\w-]*", r"placeholder[\w-]*",
    r"spinner[\w-]*", r"progress[\w-]*", r"pagination[\w-]*", r"page-(?:item|link)", r"list-group[\w-]*",
    r"breadcrumb[\w-]*", r"card[\w-]*", r"alert[\w-]*", r"btn-close[\w-]*", r"form-[\w-]+",
    r"input-group[\w-]*", r"was-validated", r"is-(?:valid|invalid)", r"(?:in)?valid-(?:feedback|tooltip)",
    r"ratio[\w-]*", r"btn-group[\w-]*", r"btn-toolbar", r"table-[\w-]+", r"navbar-expand[\w-]*",
    r"visually-hidden[\w-]*", r"stretched-link", r"vstack", r"hstack", r"focus-ring[\w-]*",
    r"icon-link[\w-]*", r"clearfix", r"fixed-(?:top|bottom)", r"sticky(?:-\w+)?-(?:top|bottom)",
)
#: Classes of those families that the theme's templates and scripts do use: their rules stay.
#: ("progress" is also an element that the in-page Python's scripts create.)
KEPT = frozenset({
    "d-none", "d-flex", "flex-column", "align-items-center", "align-baseline", "rounded-pill",
    "form-control", "navbar-expand-lg", "list-group-item", "list-group-item-action", "text-wrap",
    "ms-auto", "me-auto", "ms-3", "my-1", "py-1", "progress",
})
_UNUSED_CLASS = re.compile("(?:" + "|".join(UNUSED_BOOTSTRAP) + ")")
_CLASS = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")
_NOT = re.compile(r":not\([^()]*\)")
_NESTED_RULES = ("@media", "@supports", "@layer", "@container")


def is_dropped_class(name: str) -> bool:
    """Whether the trimmed stylesheet has no rules for the class ``name``."""
    return name not in KEPT and _UNUSED_CLASS.fullmatch(name) is not None


def _names_unused_class(selector: str) -> bool:
    """Whether the selector can match only elements with a dropped class (a class inside
    :not() does not count: that selector matches the elements without it)."""
    return any(is_dropped_class(name) for name in _CLASS.findall(_NOT.sub("", selector)))


def _selectors(head: str) -> list[str]:
    """A selector list split at its top-level commas (not those inside :is(), :not() ...)."""
    parts, depth, start = [], 0, 0
    for i, char in enumerate(head):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "," and depth == 0:
            parts.append(head[start:i])
            start = i + 1
    return [*parts, head[start:]]


def drop_unused_bootstrap_rules(css: str) -> str:
    """``css`` (minified) without the selectors that name an unused Bootstrap class, and
    without rules (and @media blocks) left empty."""
    out, i = [], 0
    while i < len(css):
        brace = css.find("{", i)
        if brace < 0:
            out.append(css[i:])
            break
        head = css[i:brace]
        if head.lstrip().startswith("@"):
            depth, end = 0, brace
            while True:
                depth += {"{": 1, "}": -1}.get(css[end], 0)
                if depth == 0:
                    break
                end += 1
            if head.lstrip().startswith(_NESTED_RULES):
                inner = drop_unused_bootstrap_rules(css[brace + 1:end])
                if inner.strip():
                    out.append(f"{head}{{{inner}}}")
            else:  # @font-face, @keyframes, ...: kept whole
                out.append(css[i:end + 1])
            i = end + 1
            continue
        end = css.find("}", brace)
        kept = [selector for selector in _selectors(head) if not _names_unused_class(selector)]
        if kept:
            out.append(",".join(kept) + css[brace:end + 1])
        i = end + 1
    return "".join(out)


def trimmed_theme_css(css: str) -> str:
    return drop_unused_bootstrap_rules(drop_icon_glyph_rules(css))


def theme_stylesheet() -> Path:
    """The installed pydata-sphinx-theme's stylesheet."""
    theme = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static"
    return theme / THEME_CSS


def drop_icon_glyph_rules(css: str) -> str:
    return _FA_GLYPH_RULES.sub("", css)


def _add_trimmed_theme_css(app: Sphinx, config) -> None:
    static = Path(app.outdir).parent / "theme-static"
    target = static / THEME_CSS
    target.parent.mkdir(parents=True, exist_ok=True)
    trimmed = trimmed_theme_css(theme_stylesheet().read_text(encoding="utf-8"))
    if not target.exists() or target.read_text(encoding="utf-8") != trimmed:
        target.write_text(trimmed, encoding="utf-8")
    config.html_static_path = [*config.html_static_path, str(static)]


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("config-inited", _add_trimmed_theme_css)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
