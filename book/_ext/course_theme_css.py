"""Sphinx extension: the theme's stylesheet without Font Awesome's glyph rules.

Font Awesome's glyph rules (``.fa-bars:before{content:"\\f0c9"}`` for about 2000 icons) are
20 kB (gzip) of pydata-sphinx-theme's CSS; with the icons drawn inline (``course_icons``)
nothing uses them. At ``config-inited`` a trimmed copy of the theme's stylesheet is written to
``<build>/theme-static/styles/pydata-sphinx-theme.css`` and that folder is added to
``html_static_path``: Sphinx copies ``html_static_path`` after the theme's static files, so a
file of the same name replaces the theme's (documented in Sphinx's ``html_static_path``).
The built CSS is never edited.
"""

from __future__ import annotations

import re
from pathlib import Path

import pydata_sphinx_theme
from sphinx.application import Sphinx

# The stylesheet's path inside the theme's static folder and inside the site's _static.
THEME_CSS = Path("styles") / "pydata-sphinx-theme.css"
_FA_GLYPH_RULES = re.compile(r'(?:\.fa-[a-z0-9-]+(?::before|:after)?,?)+\{content:"[^"]*"\}')


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
    trimmed = drop_icon_glyph_rules(theme_stylesheet().read_text(encoding="utf-8"))
    if not target.exists() or target.read_text(encoding="utf-8") != trimmed:
        target.write_text(trimmed, encoding="utf-8")
    config.html_static_path = [*config.html_static_path, str(static)]


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("config-inited", _add_trimmed_theme_css)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
