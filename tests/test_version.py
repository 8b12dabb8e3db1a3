"""nnh's version has one source, pyproject.toml: the installed metadata, ``nnh.__version__``
and the wheel name the README tells students to install all say the same."""

from __future__ import annotations

import importlib.metadata
import re
import tomllib
from pathlib import Path

import nnh

ROOT = Path(__file__).resolve().parent.parent


def test_one_version_everywhere():
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert importlib.metadata.version("nnh") == declared, "reinstall nnh: `make venv`"
    assert nnh.__version__ == declared
    wheels = set(re.findall(r"nnh-([0-9][^-\s\"]*)-py3-none-any\.whl", (ROOT / "README.md").read_text()))
    assert wheels == {declared}, f"README names nnh wheels {sorted(wheels)}, pyproject {declared}"
