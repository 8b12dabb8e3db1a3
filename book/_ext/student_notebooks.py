"""Sphinx extension: every chapter with exercises also offers its exercise version.

For each notebook page that holds an exercise, the build's own step (``tools.build``'s
``write_exercise_versions``, keyed on the chapters and ``tools/student_notebooks.py``) writes
``<chapter>-exercises.ipynb`` (solutions removed, code exercises left as stubs, outputs
cleared) into ``_sources/`` of the site, beside the chapter's own ``.ipynb``. This extension
only names its entry in the site's download menu (``downloads.download_menu``): "Exercises to
solve (.ipynb, no solutions)".
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


def exercise_entry(app: Sphinx, pagename: str, sources: str) -> dict | None:
    """The download menu's entry for the page's exercise version (``sources``: the URL of
    _sources from the page), or None when the page has none."""
    if app.builder.format != "html" or pagename not in app.env.all_docs:
        return None
    relative = _exercise_version(app, pagename)
    if relative is None:
        return None
    return {"type": "link", "url": f"{sources}/{relative}",
            "text": "Exercises to solve (.ipynb, no solutions)",
            "icon": "fas fa-file-pen",
            "tooltip": "Download the exercises of this chapter as a notebook, solutions removed",
            "label": BUTTON_LABEL}


def setup(app: Sphinx) -> dict:
    return {"parallel_read_safe": True, "parallel_write_safe": True}
