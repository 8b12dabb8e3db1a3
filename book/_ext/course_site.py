"""Sphinx extension: the course site, one extension per concern.

* ``course_mathjax``: formulas typeset at build time (MathJax in Node); pages with math load
  its stylesheet and fonts, no script.
* ``course_assets``: no thebe; sphinx-design's assets only where used.
* ``course_page``: with ``book/_templates/layout.html``, the theme's chrome without Font Awesome
  (inline SVG icons, ``course_icons``), the search index only on the search page, honest
  names for the search buttons and the sidebar's section toggles (``section_nav``).
* ``course_theme_css``: the theme's stylesheet without Font Awesome's glyph rules.
* ``course_solutions``: unique ids for exercise and solution bodies; a solution's title bar
  is one toggle.
* ``course_stale_pages``: a chapter dropped from ``_toc.yml`` leaves the built site.
* ``_static/course.js`` names the menu, copy and colour-mode buttons, labels blocks that
  scroll sideways and keeps the sidebar as the reader left it (see that file).

nnh's figures get their alt text and dark twins from the myst-nb render plugin in
``course_figures`` (selected by ``nb_render_plugin`` in ``_config.yml``). Everything the
site relies on in the theme is listed in ``theme_contract.py``.
"""

from __future__ import annotations

from sphinx.application import Sphinx

EXTENSIONS = ("course_mathjax", "course_assets", "course_page", "course_theme_css",
              "course_solutions", "course_figures", "course_stale_pages")


def setup(app: Sphinx) -> dict[str, object]:
    for extension in EXTENSIONS:
        app.setup_extension(extension)
    app.add_js_file("course.js", loading_method="defer")
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
