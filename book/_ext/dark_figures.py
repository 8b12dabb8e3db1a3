"""Sphinx extension: each nnh figure in its light and its dark variant, shown by colour mode.

nnh's figures reach the notebooks as a light PNG (``image/png``, what the tests compare)
whose output metadata carries the alt text and the dark variant
(``metadata["image/png"]["nnh_dark"]``, a base64 PNG; see ``nnh.plotting``). For HTML this
extension makes myst-nb write both images: the light one with the class ``only-light``, the
dark one with ``only-dark``, both with the alt text. pydata-sphinx-theme hides the one that
does not match ``html[data-theme]`` and leaves ``only-dark`` images unfiltered, so the page
shows the figure drawn for its mode and swaps it live when the reader toggles the mode.
Other builders keep the light figure only.
"""

from __future__ import annotations

import dataclasses

from myst_nb.core.render import MimeData, NbElementRenderer
from sphinx.application import Sphinx

from nnh.style import DARK_PNG_KEY

LIGHT_CLASS, DARK_CLASS = "only-light", "only-dark"


def _builds_html(renderer: NbElementRenderer) -> bool:
    env = getattr(renderer.renderer, "sphinx_env", None)
    return env is not None and env.app.builder.format == "html"


def _tagged(nodes: list, css_class: str, alt: str | None) -> list:
    for node in nodes:
        node["classes"].append(css_class)
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
        return _tagged(nodes, LIGHT_CLASS, alt) + _tagged(dark_nodes, DARK_CLASS, alt)
    render_light_and_dark.__wrapped__ = render_image  # type: ignore[attr-defined]
    return render_light_and_dark


def setup(app: Sphinx) -> dict[str, object]:
    current = NbElementRenderer.render_image
    if getattr(current, "__name__", "") != "render_light_and_dark":  # once per process
        NbElementRenderer.render_image = wrap_render_image(current)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
