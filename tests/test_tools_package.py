"""tools/ is a package: every tool imports as ``tools.NAME`` (what ``python -m tools.NAME`` and
the tests do), with no sys.path insert of tools/ left anywhere."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TOOLS = sorted(p.stem for p in (ROOT / "tools").glob("*.py") if p.stem != "__init__")


@pytest.mark.parametrize("name", TOOLS)
def test_every_tool_imports_from_the_package(name):
    module = importlib.import_module(f"tools.{name}")
    assert Path(module.__file__).resolve() == ROOT / "tools" / f"{name}.py"


def test_no_test_or_tool_puts_tools_on_sys_path_or_loads_it_by_path():
    offenders = []
    for path in [*(ROOT / "tests").rglob("*.py"), *(ROOT / "tools").glob("*.py")]:
        text = path.read_text(encoding="utf-8")
        if re.search(r"sys\.path\.insert\(.*tools", text) or re.search(
                r"spec_from_file_location\([^)]*tools", text, re.DOTALL):
            offenders.append(path.relative_to(ROOT).as_posix())
    assert offenders == [], f"load tools as a package (`from tools import ...`): {offenders}"
