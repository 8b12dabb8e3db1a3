"""Sphinx extension for the course site: offline MathJax, alt text, light and usable pages.

* MathJax 3 is served from the site itself: the files come from the PyPI package
  ``django-static-mathjax`` (pinned in requirements.lock) and are copied into
  ``_static/mathjax``; ``mathjax_path`` points there, so no formula needs a CDN. Pages load
  MathJax's startup component with only TeX input, CommonHTML output and the hidden MathML
  for screen readers (``MATHJAX_COMPONENTS``): the combined ``tex-chtml.js`` also carries the
  context menu (108 of its 264 kB gzip).
* thebe (live kernels) is off for this offline site, but jupyter-book always loads
  sphinx-thebe, whose inline configuration script can land twice on a page ("Identifier
  'THEBE_JS_URL' has already been declared") and names a CDN; its assets are dropped.
* myst-nb 1.4's ``nb_merge_streams`` merges stream chunks *in place*, and the executed copy
  it writes to ``_build/jupyter_execute`` then holds the merged text plus the later chunks
  again. The merge is made to work on a copy, so that copy stays a faithful record.
* myst-nb 1.4 takes only width and height from a PNG output's metadata. nnh's figures carry
  ``{"image/png": {"alt": "..."}}``; this wraps ``NbElementRenderer.render_image`` so that
  the alt text reaches the ``<img>`` too.
* Light pages: MathJax is loaded only by pages with math, and Font Awesome's script and
  webfont (0.70 MB gzip) are replaced by the inline SVG icons of ``course_icons`` (its
  glyph rules are also dropped from the theme's CSS); Sphinx's search index is loaded by
  the search page only, sphinx-design's assets only by pages that use it.
* Accessible controls: the search buttons' accessible names contain their visible text
  (WCAG 2.5.3), a solution's title bar is one toggle (its link to the exercise is unwrapped
  so a click anywhere opens it); ``_static/course.js`` makes the theme's menu buttons work,
  names the copy buttons and labels scrollable blocks (see that file).
"""

from __future__ import annotations

import copy
import importlib.util
import re
import shutil
from pathlib import Path

import myst_nb.core.render as mystnb_render
from course_icons import UnknownIcon, inline_icons
from myst_nb.core.render import NbElementRenderer
from sphinx.application import Sphinx
from sphinx.util import logging

LOGGER = logging.getLogger(__name__)

MATHJAX_COMPONENTS = ("input/tex", "output/chtml", "a11y/assistive-mml")
MATHJAX_FILES = ("startup.js", "core.js", "input/tex.js", "output/chtml.js",
                 "output/chtml/fonts/tex.js", "output/chtml/fonts/woff-v2", "a11y/assistive-mml.js",
                 # TeX packages that the autoloader fetches when a formula needs them (\boldsymbol)
                 "input/tex/extensions")


def _mathjax_source() -> Path:
    spec = importlib.util.find_spec("mathjax")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("course_site: the package django-static-mathjax is not installed "
                           "(it provides MathJax for offline math); run `make venv`")
    return Path(next(iter(spec.submodule_search_locations))) / "static" / "mathjax" / "es5"


def _copy_mathjax(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    source = _mathjax_source()
    target = Path(app.outdir) / "_static" / "mathjax"
    for name in MATHJAX_FILES:
        src, dst = source / name, target / name
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, dst, dirs_exist_ok=True)
        else:
            shutil.copy2(src, dst)


_original_render_image = NbElementRenderer.render_image


def _render_image_with_alt(self, data):
    nodes = _original_render_image(self, data)
    alt = data.output_metadata.get(data.mime_type, {}).get("alt")
    if alt:
        for node in nodes:
            node.setdefault("alt", str(alt))
    return nodes


def _asset_mentions(asset, word: str) -> bool:
    """Whether a script/CSS asset's file name or inline body mentions ``word`` (any case)."""
    name = str(getattr(asset, "filename", asset) or "")
    body = str(getattr(asset, "attributes", {}).get("body", ""))
    return word.lower() in (name + body).lower()


def _is_thebe(asset) -> bool:
    return _asset_mentions(asset, "thebe")


_THEBE_CONFIG = re.compile(r'<script type="text/x-thebe-config">.*?</script>\s*', re.S)


def _drop_thebe(app: Sphinx, pagename, templatename, context, doctree) -> None:
    for key in ("script_files", "css_files"):
        if key in context:
            context[key] = [asset for asset in context[key] if not _is_thebe(asset)]
    if "body" in context:  # sphinx-thebe's per-page config block (it names a Binder repo)
        context["body"] = _THEBE_CONFIG.sub("", context["body"])


_original_coalesce = mystnb_render.coalesce_streams


def _coalesce_copy(outputs):
    return _original_coalesce(copy.deepcopy(outputs))


def _load_only_needed_mathjax(app: Sphinx, config) -> None:
    config.mathjax_path = "mathjax/startup.js"
    settings = dict(config.mathjax3_config or {})
    settings["loader"] = {**settings.get("loader", {}), "load": list(MATHJAX_COMPONENTS)}
    config.mathjax3_config = settings


def _has_math(app: Sphinx, pagename: str, body: str) -> bool:
    # MathDomain.has_equations(page) also counts the pages in the page's toctree: a landing
    # page would load MathJax for its chapters' formulas. Only the page's own math counts.
    own = app.env.get_domain("math").data["has_equations"].get(pagename, False)
    return own or 'class="math' in body


def _drop_mathjax_without_math(app: Sphinx, pagename, templatename, context, doctree) -> None:
    if "script_files" not in context or _has_math(app, pagename, context.get("body", "")):
        return
    context["script_files"] = [asset for asset in context["script_files"]
                               if not _asset_mentions(asset, "mathjax")]


# sphinx-exercise titles a solution "Solution to <a href=#exercise>Exercise 2.1 (...)</a>";
# inside a dropdown that link is what readers click, and it jumped away instead of opening.
_SOLUTION_TITLE_LINK = re.compile(
    r'(<div class="solution dropdown[^"]*"[^>]*>\s*<p class="admonition-title">[^<]*)'
    r'<a class="reference internal" href="[^"]*">(.*?)</a>', re.S)


def _unwrap_solution_title_links(app: Sphinx, pagename, templatename, context, doctree) -> None:
    if "body" in context:
        context["body"] = _SOLUTION_TITLE_LINK.sub(r'\1<span class="solution-title-ref">\2</span>',
                                                   context["body"])


_USES_SPHINX_DESIGN = re.compile(r'class="(?:[^"]*\s)?sd-')


def _drop_unused_sphinx_design(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """sphinx-design's CSS and tab script only on pages with a sphinx-design component."""
    if _USES_SPHINX_DESIGN.search(context.get("body", "")):
        return
    for key in ("script_files", "css_files"):
        if key in context:
            context[key] = [asset for asset in context[key]
                            if not _asset_mentions(asset, "sphinx-design")
                            and not _asset_mentions(asset, "design-tabs")]


# pydata-sphinx-theme loads Sphinx's search scripts and the whole search index in every
# page's head for its search-as-you-type option, which is off here: the search box submits
# to search.html, which loads them itself.
_SEARCH_SCRIPTS = re.compile(
    r'\s*<script src="[^"]*(?:_static/searchtools\.js|_static/language_data\.js|searchindex\.js)">'
    r'</script>')
_FONTAWESOME_SCRIPT = re.compile(r'<script[^>]*src="[^"]*fontawesome\.js[^"]*"[^>]*></script>\s*')
# The search buttons show "Search Ctrl+K" but were named "Search": drop the aria-label so
# the name is the visible text (axe: label-content-name-mismatch).
_SEARCH_FIELD_LABEL = re.compile(r'(<button class="btn search-button-field[^"]*"[^>]*?) aria-label="[^"]*"')


def finish_page(page: str, pagename: str = "") -> str:
    """The rendered page made light and accessible (pure: HTML in, HTML out)."""
    page = _FONTAWESOME_SCRIPT.sub("", page)
    if pagename != "search":
        page = _SEARCH_SCRIPTS.sub("", page)
    page = _SEARCH_FIELD_LABEL.sub(r"\1", page)
    return inline_icons(page)


# Font Awesome's glyph rules (.fa-bars:before{content:"\f0c9"} for ~2000 icons) are 20 kB
# of the theme's CSS (gzip); with the icons inlined as SVG nothing uses them.
_FA_GLYPH_RULES = re.compile(r'(?:\.fa-[a-z0-9-]+(?::before|:after)?,?)+\{content:"[^"]*"\}')
THEME_CSS = Path("_static") / "styles" / "pydata-sphinx-theme.css"


def drop_icon_glyph_rules(css: str) -> str:
    return _FA_GLYPH_RULES.sub("", css)


def _trim_theme_css(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    css = Path(app.outdir) / THEME_CSS
    if css.exists():
        css.write_text(drop_icon_glyph_rules(css.read_text(encoding="utf-8")), encoding="utf-8")


def _wrap_template_render(app: Sphinx) -> None:
    if app.builder.format != "html" or not hasattr(app.builder, "templates"):
        return
    templates = app.builder.templates
    render = templates.render

    def render_and_finish(template: str, context: dict) -> str:
        page = render(template, context)
        try:
            return finish_page(page, context.get("pagename", ""))
        except UnknownIcon as error:
            LOGGER.warning("course_site: %s (page %s)", error, context.get("pagename"))
            return page

    templates.render = render_and_finish


def setup(app: Sphinx) -> dict[str, object]:
    NbElementRenderer.render_image = _render_image_with_alt
    mystnb_render.coalesce_streams = _coalesce_copy
    app.connect("html-page-context", _drop_thebe, priority=900)
    app.connect("html-page-context", _drop_mathjax_without_math, priority=900)
    app.connect("html-page-context", _unwrap_solution_title_links, priority=900)
    app.connect("html-page-context", _drop_unused_sphinx_design, priority=900)
    app.connect("builder-inited", _wrap_template_render)
    app.add_js_file("course.js", loading_method="defer")
    app.connect("config-inited", _load_only_needed_mathjax)
    app.connect("build-finished", _copy_mathjax)
    app.connect("build-finished", _trim_theme_css)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
