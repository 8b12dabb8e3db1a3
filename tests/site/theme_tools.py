"""The tools the browser tests use (tools/browser.py, page_weight.py, axe_core.py).

They are loaded by path, because tools/ is not put on sys.path (its build.py would shadow
the PyPI package `build`).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

TOOLS = Path(__file__).resolve().parents[2] / "tools"


def load_tool(name: str):
    module_name = f"nnh_tool_{name}"
    if module_name in sys.modules:
        return sys.modules[module_name]
    spec = importlib.util.spec_from_file_location(module_name, TOOLS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module  # dataclasses look their module up while defined
    spec.loader.exec_module(module)
    return module


page_weight = load_tool("page_weight")
axe_core = load_tool("axe_core")
