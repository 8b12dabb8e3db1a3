"""myst-nb render plugin: nnh's figures with their alt text and their dark-mode twin.

Registered as the entry point ``nnh-course`` of the group ``myst_nb.renderers`` (by
``book/_ext/pyproject.toml``, installed by ``make venv``) and selected with
``nb_render_plugin: nnh-course`` in ``_config.yml``: myst-nb's documented way to change how
outputs become nodes, a subclass of ``NbElementRenderer``.

* Alt text: myst-nb 1.4 takes only width and height from a PNG output's metadata. nnh's
  figures carry ``{"image/png": {"alt": "..."}}``; it reaches the ``<img>`` too.
* Dark twins: nnh's figures reach the notebooks as a light PNG (what the tests compare) whose
  output metadata also carries the dark variant (``metadata["image/png"]["nnh_dark"]``, a
  base64 PNG; see ``nnh.plotting``). For HTML both images are written: the light one with
  the class ``only-light``, the dark one with ``only-dark``, both with the alt text.
  pydata-sphinx-theme hides the one that does not match ``html[data-theme]``, so the page
  shows the figure drawn for its mode and swaps it live when the reader toggles the mode.
  Other builders keep the light figure only.
* Phone layouts: a figure wider than a phone's layout also carries that layout's light and
  dark PNGs (``nnh_narrow``, ``nnh_narrow_dark``); they are written too, with the classes
  ``nnh-narrow`` and ``nnh-narrow-light`` / ``nnh-narrow-dark`` (the usual pair gets
  ``nnh-wide``), and ``_static/figures.css`` shows the pair for the screen's width and the one
  for the mode. The narrow pair loads lazily, so a wide screen, where it is hidden, never
  fetches it.
* Sizes: every raster image of a page carries its size in pixels as ``width`` and ``height``
  attributes (:class:`SizedImageTranslator`, registered with ``app.set_translator``, the
  documented hook; pydata-sphinx-theme adds its mixin to it), so the browser reserves the
  image's box before the file arrives and the text below does not jump when it does.
  ``_static/figures.css`` keeps the ratio when the column is narrower than the image. Docutils
  writes a size only as an inline style, and only when the page gives one.
"""

from __future__ import annotations

import dataclasses
import os

from docutils import nodes
from myst_nb.core.render import MimeData, NbElementRenderer
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util.images import get_image_size
from sphinx.writers.html5 import HTML5Translator

from nnh.style import DARK_PNG_KEY, NARROW_DARK_PNG_KEY, NARROW_PNG_KEY

RENDER_PLUGIN = "nnh-course"  # its entry point name, the value of nb_render_plugin
LIGHT_CLASS, DARK_CLASS = "only-light", "only-dark"
WIDE_CLASS, NARROW_CLASS = "nnh-wide", "nnh-narrow"
NO_FILTER_CLASS = "dark-light"  # pydata-sphinx-theme: no dark-mode filter or white backing


def _with_alt(image_nodes: list[nodes.Element], alt: object) -> list[nodes.Element]:
    if alt:
        for node in image_nodes:
            node.setdefault("alt", str(alt))
    return image_nodes


def _tagged(image_nodes: list[nodes.Element], css_class: str, alt: object) -> list[nodes.Element]:
    for node in image_nodes:
        node["classes"].extend(css_class.split())
        if alt:
            node["alt"] = str(alt)
    return image_nodes


class CourseFigureRenderer(NbElementRenderer):
    """myst-nb's renderer, with alt text and dark twins for images."""

    def _builds_html(self) -> bool:
        env = getattr(self.renderer, "sphinx_env", None)
        return env is not None and env.app.builder.format == "html"

    def render_image(self, data: MimeData) -> list[nodes.Element]:
        meta = data.output_metadata.get(data.mime_type, {})
        alt = meta.get("alt")
        light = _with_alt(super().render_image(data), alt)
        dark = meta.get(DARK_PNG_KEY) if data.mime_type == "image/png" else None
        if not dark or not self._builds_html():
            return light
        dark_nodes = _with_alt(super().render_image(dataclasses.replace(data, content=dark)), alt)
        both = _tagged(light, LIGHT_CLASS, alt) + _tagged(dark_nodes, DARK_CLASS, alt)
        if not meta.get(NARROW_PNG_KEY):
            return both
        narrow = []
        for key, mode in ((NARROW_PNG_KEY, "light"), (NARROW_DARK_PNG_KEY, "dark")):
            classes = f"{NARROW_CLASS} {NARROW_CLASS}-{mode} {NO_FILTER_CLASS}"
            for node in _tagged(super().render_image(dataclasses.replace(data, content=meta[key])),
                                classes, alt):
                node["loading"] = "lazy"
                narrow.append(node)
        return _tagged(both, WIDE_CLASS, None) + narrow


class SizedImageTranslator(HTML5Translator):
    """Sphinx's HTML translator; an ``<img>`` of a raster file whose size the page leaves open
    gets its size in pixels as ``width`` and ``height`` attributes."""

    _intrinsic_size: tuple[int, int] | None = None

    def visit_image(self, node: nodes.Element) -> None:
        given = any(key in node for key in ("width", "height", "scale"))
        uri = node["uri"]
        local = "://" not in uri and not uri.startswith("data:")
        size = get_image_size(os.path.join(self.builder.srcdir, uri)) if local and not given else None
        self._intrinsic_size = tuple(size) if size else None
        try:
            super().visit_image(node)
        finally:
            self._intrinsic_size = None

    def emptytag(self, node: nodes.Element, tagname: str, suffix: str = "\n", **attributes) -> str:
        if tagname == "img" and self._intrinsic_size:
            width, height = self._intrinsic_size
            attributes.setdefault("width", str(width))
            attributes.setdefault("height", str(height))
        return super().emptytag(node, tagname, suffix, **attributes)


def _check_selected(app: Sphinx, config) -> None:
    if config.nb_render_plugin != RENDER_PLUGIN:
        raise ExtensionError(f"course_figures: set nb_render_plugin: {RENDER_PLUGIN} in _config.yml "
                             f"(found {config.nb_render_plugin!r}); without it figures lose their alt "
                             "text and dark variants")


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("config-inited", _check_selected)
    app.set_translator("html", SizedImageTranslator)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
