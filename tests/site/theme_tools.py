"""The tools the browser tests use (tools/browser.py, page_weight.py, axe_core.py), imported
from the tools package (pytest puts the repository root on sys.path: pyproject's pythonpath)."""

from tools import axe_core, page_weight

__all__ = ["axe_core", "page_weight"]
