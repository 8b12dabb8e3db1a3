"""nnh's version has one source, pyproject.toml: ``nnh.__version__`` is the installed metadata's
version (which pip writes from pyproject.toml), and the README names no version of its own.

Imported from a source tree that was never installed, nnh reads the same field of that tree's
pyproject.toml; with neither, ``nnh.__version__`` raises an AttributeError that says why.
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import numpy
import pytest

import nnh
from nnh import _version

ROOT = Path(__file__).resolve().parent.parent
DECLARED = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]


def test_the_version_is_the_installed_metadatas_which_is_pyprojects():
    assert importlib.metadata.version("nnh") == DECLARED, "reinstall nnh: `make venv`"
    assert nnh.__version__ == DECLARED
    assert "__version__" in dir(nnh)


def test_nnh_states_no_version_of_its_own():
    """No version literal in nnh's sources: a bump of pyproject.toml is the whole change."""
    literal = re.compile(rf"""["']{re.escape(DECLARED)}["']""")
    offenders = [p.relative_to(ROOT).as_posix() for p in (ROOT / "nnh").rglob("*.py")
                 if literal.search(p.read_text(encoding="utf-8"))]
    assert offenders == []


def test_the_readme_names_no_wheel_version():
    """The landing page shows the wheel's exact name; the README says where, with a placeholder."""
    names = set(re.findall(r"nnh-([^-\s\"]*)-py3-none-any\.whl", (ROOT / "README.md").read_text()))
    assert names == {"<version>"}, f"README names nnh wheels {sorted(names)}: write nnh-<version>-…"


def test_a_source_tree_that_was_never_installed_reads_its_pyproject(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "nnh-probe"\nversion = "7.8.9"\n')
    assert _version.version("nnh-probe", tmp_path) == "7.8.9"


@pytest.mark.parametrize("pyproject", [None, '[project]\nname = "someone-else"\nversion = "2.0"\n'])
def test_with_no_metadata_and_no_pyproject_of_its_own_the_version_is_an_error(tmp_path, pyproject):
    if pyproject is not None:
        (tmp_path / "pyproject.toml").write_text(pyproject)
    with pytest.raises(_version.VersionUnknown, match="nnh-probe is not installed"):
        _version.version("nnh-probe", tmp_path)
    assert issubclass(_version.VersionUnknown, importlib.metadata.PackageNotFoundError)


def plain_python(tmp_path: Path, code: str, with_pyproject: bool) -> subprocess.CompletedProcess:
    """`code` in a Python that has NumPy but no installed nnh: no site-packages (-S), only
    NumPy and a copy of nnh's source (with or without its pyproject.toml) on PYTHONPATH."""
    lib, tree = tmp_path / "lib", tmp_path / "tree"
    lib.mkdir()
    numpy_dir = Path(numpy.__file__).parent
    for sibling in (numpy_dir, numpy_dir.parent / "numpy.libs"):
        if sibling.exists():
            (lib / sibling.name).symlink_to(sibling)
    shutil.copytree(ROOT / "nnh", tree / "nnh", ignore=shutil.ignore_patterns("__pycache__"))
    if with_pyproject:
        shutil.copy(ROOT / "pyproject.toml", tree)
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("PYTHON")},
           "PYTHONPATH": f"{tree}{os.pathsep}{lib}"}
    return subprocess.run([sys.executable, "-S", "-c", code], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)


PROBE = """
import importlib.metadata, json, nnh
try:
    importlib.metadata.version("nnh"); installed = True
except importlib.metadata.PackageNotFoundError:
    installed = False
try:
    version = nnh.__version__
except AttributeError as error:
    version = "AttributeError: " + str(error)
print(json.dumps({"installed": installed, "file": nnh.__file__, "version": version,
                  "getattr": getattr(nnh, "__version__", None)}))
"""


def test_imported_from_a_source_tree_without_install_nnh_tells_pyprojects_version(tmp_path):
    result = plain_python(tmp_path, PROBE, with_pyproject=True)
    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout)
    assert probe["installed"] is False and probe["file"] == str(tmp_path / "tree" / "nnh" / "__init__.py")
    assert probe["version"] == probe["getattr"] == DECLARED


def test_imported_without_install_or_pyproject_the_version_is_a_clear_attribute_error(tmp_path):
    result = plain_python(tmp_path, PROBE, with_pyproject=False)
    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout)
    assert probe["installed"] is False
    assert probe["version"].startswith("AttributeError: nnh.__version__ is unknown: nnh is not installed")
    assert "install nnh" in probe["version"]
    assert probe["getattr"] is None  # getattr(nnh, "__version__", default) keeps working


def test_import_nnh_reads_no_metadata(tmp_path):
    """The version is looked up on first access: `import nnh` imports neither importlib.metadata
    nor tomllib (both cost import time that the bench's import row measures)."""
    code = ("import sys, nnh; print(sorted(m for m in ('importlib.metadata', 'tomllib', 'email')"
            " if m in sys.modules))")
    result = plain_python(tmp_path, code, with_pyproject=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
