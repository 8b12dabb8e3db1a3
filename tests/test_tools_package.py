"""tools/ is a package: every tool imports as ``tools.NAME`` (what ``python -m tools.NAME`` and
the tests do), with no sys.path edit left anywhere: book/_ext's modules are installed by
`make venv` and import by name."""

from __future__ import annotations

import importlib
import json
import os
import re
import subprocess
import sys
import tomllib
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


def test_no_test_or_tool_edits_sys_path():
    """tools/ is a package and book/_ext is installed (book/_ext/pyproject.toml): nothing here
    needs to put a folder on the import path."""
    offenders = [path.relative_to(ROOT).as_posix()
                 for path in [*(ROOT / "tests").rglob("*.py"), *(ROOT / "tools").glob("*.py")]
                 if re.search(r"sys\.path\s*(\.\w+\(|\[|\+?=)", path.read_text(encoding="utf-8"))]
    assert offenders == [], f"import installed modules by name instead: {offenders}"


def test_every_course_extension_is_installed_from_book_ext(tmp_path):
    """Each module of book/_ext imports by name in a plain interpreter (no pytest pythonpath,
    run from elsewhere) and resolves to its file in book/_ext, as tools/ needs."""
    ext = ROOT / "book" / "_ext"
    declared = tomllib.loads((ext / "pyproject.toml").read_text())["tool"]["setuptools"]["py-modules"]
    modules = sorted(p.stem for p in ext.glob("*.py"))
    assert sorted(declared) == modules, "list every module of book/_ext in its pyproject.toml's py-modules"
    probe = "import importlib.util, json, sys; print(json.dumps({n: importlib.util.find_spec(n).origin " \
            "if importlib.util.find_spec(n) else None for n in sys.argv[1:]}))"
    out = subprocess.run([sys.executable, "-c", probe, *modules], cwd=tmp_path, check=True,
                         capture_output=True, text=True, env={k: v for k, v in os.environ.items()
                                                              if k != "PYTHONPATH"}).stdout
    found = {name: origin and Path(origin).resolve() for name, origin in json.loads(out).items()}
    assert found == {name: ext / f"{name}.py" for name in modules}, "reinstall book/_ext: `make venv`"
