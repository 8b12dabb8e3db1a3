"""Sphinx extension: each nnh figure in its light and its dark variant, shown by colour mode.

nnh's figures reach the notebooks as a light PNG (``image/png``, what the tests compare)
whose output metadata carries the alt text and the dark variant
(``metadata["image/png"]["nnh_dark"]``, a base64 PNG; see ``nnh.plotting``). For HTML this
extension makes myst-nb write both images: the light one with the class ``only-light``, the
dark one with ``only-dark``, both with the alt text. pydata-sphinx-theme hides the one that
does not match ``html[data-theme]`` and leaves ``only-dark`` images unfiltered, so the page
shows the figure drawn for its mode and swaps it live when the reader toggles the mode.
Other builders keep the light figure only.

A figure wider than a phone's layout also carries that layout's light and dark PNGs
(``nnh_narrow``, ``nnh_narrow_dark``); they are written too, with the classes ``nnh-narrow``
and ``nnh-narrow-light`` / ``nnh-narrow-dark`` (the usual pair gets ``nnh-wide``), and
``_static/figures.css`` shows the pair for the screen's width and the one for the mode. The
narrow pair loads lazily, so a wide screen, where it is hidden, never fetches it.
"""

from __future__ import annotations

import dataclasses

from myst_nb.core.render import MimeData, NbElementRenderer
from sphinx.application import Sphinx

from nnh.style import DARK_PNG_KEY, NARROW_DARK_PNG_KEY, NARROW_PNG_KEY

LIGHT_CLASS, DARK_CLASS = "only-light", "only-dark"
WIDE_CLASS, NARROW_CLASS = "nnh-wide", "nnh-narrow"
NO_FILTER_CLASS = "dark-light"  # pydata-sphinx-theme: no dark-mode filter or white backing


def _builds_html(renderer: NbElementRenderer) -> bool:
    env = getattr(renderer.renderer, "sphinx_env", None)
    return env is not None and env.app.builder.format == "html"


def _tagged(nodes: list, css_class: str, alt: str | None) -> list:
    for node in nodes:
        node["classes"].extend(css_class.split())
        if alt:
            node["alt"] = alt
    return nodes


def wrap_render_image(render_image):
    """``render_image`` that adds the dark variant of a PNG carrying one."""
    def render_light_and_dark(self: NbElementRenderer, data: MimeData) -> list:
        nodes = render_image(self, data)
        meta = data.output_metadata.get(data.mime_type, {})
        dark = meta.get(DARK_PNG_KEY) if data.mime_type == "image/png" else None
        if not dark or not _builds_html(self):
            return nodes
        alt = meta.get("alt")
        dark_nodes = render_image(self, dataclasses.replace(data, content=dark))
        nodes = _tagged(nodes, LIGHT_CLASS, alt) + _tagged(dark_nodes, DARK_CLASS, alt)
        if not meta.get(NARROW_PNG_KEY):
            return nodes
        narrow = []
        for key, mode in ((NARROW_PNG_KEY, "light"), (NARROW_DARK_PNG_KEY, "dark")):
            classes = f"{NARROW_CLASS} {NARROW_CLASS}-{mode} {NO_FILTER_CLASS}"
            for node in _tagged(render_image(self, dataclasses.replace(data, content=meta[key])),
                                classes, alt):
                node["loading"] = "lazy"
                narrow.append(node)
        return _tagged(nodes, WIDE_CLASS, None) + narrow
    render_light_and_dark.__wrapped__ = render_image  # type: ignore[attr-defined]
    return render_light_and_dark


def setup(app: Sphinx) -> dict[str, object]:
    current = NbElementRenderer.render_image
    if getattr(current, "__name__", "") != "render_light_and_dark":  # once per process
        NbElementRenderer.render_image = wrap_render_image(current)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
