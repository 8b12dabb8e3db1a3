"""Sphinx extension: every chapter with exercises also offers its exercise version.

For each notebook page that holds an exercise, the build's own step (``tools.build``'s
``write_exercise_versions``, keyed on the chapters and ``tools/student_notebooks.py``) writes
``<chapter>-exercises.ipynb`` (solutions removed, code exercises left as stubs, outputs
cleared) into ``_sources/`` of the site, beside the chapter's own ``.ipynb``. This extension
only links it: the theme's download menu gets a second notebook entry, "Exercises to solve
(.ipynb, no solutions)", right after the chapter's notebook.
"""

from __future__ import annotations

import functools
import importlib.util
from pathlib import Path
from types import ModuleType

from sphinx.application import Sphinx

ROOT = Path(__file__).resolve().parents[2]
BUTTON_LABEL = "download-exercises-button"


@functools.cache
def _tool() -> ModuleType:
    # Loaded by path: this extension's module name is the same as the tool's.
    spec = importlib.util.spec_from_file_location("nnh_student_notebooks_tool",
                                                  ROOT / "tools" / "student_notebooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _exercise_version(app: Sphinx, pagename: str) -> str | None:
    """The path under _sources of the page's exercise version, if it has one."""
    source = Path(app.env.doc2path(pagename))
    tool = _tool()
    if source.suffix != ".ipynb" or not tool.has_exercises(source):
        return None
    return (Path(pagename).parent / tool.student_name(source)).as_posix()


def _add_download(app: Sphinx, pagename, templatename, context, doctree) -> None:
    if app.builder.format != "html" or pagename not in app.env.all_docs:
        return
    relative = _exercise_version(app, pagename)
    groups = [b for b in context.get("header_buttons", []) if b.get("label") == "download-buttons"]
    if relative is None or not groups:
        return
    button = {"type": "link", "url": f"{context['pathto']('_sources', 1)}/{relative}",
              "text": "Exercises to solve (.ipynb, no solutions)",
              "icon": "fas fa-file-pen",
              "tooltip": "Download the exercises of this chapter as a notebook, solutions removed",
              "label": BUTTON_LABEL}
    for group in groups:
        labels = [b.get("label") for b in group["buttons"]]
        after = labels.index("download-notebook-button") + 1 if "download-notebook-button" in labels else 0
        group["buttons"].insert(after, button)


def setup(app: Sphinx) -> dict:
    # After the theme has made its download menu (priority 501).
    app.connect("html-page-context", _add_download, priority=502)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
