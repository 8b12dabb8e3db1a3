"""A student's path: download the chapters and nnh's wheel from the built site, install with
the landing page's pip line into a fresh virtual environment, and work there.

In that venv, every module that nnh's own code or a downloaded chapter imports is found
(statically, every import statement at any depth, so nnh's lazy imports too), and one
downloaded chapter, the lecture's own (Activation functions), runs from start to end. The
other chapters run elsewhere once per `make test`: as the book in the build and in nbval, as
the students' exercise versions in tests/test_student_notebooks.py; the wheel carries the
same files as the source tree (the first test here), so only its dependencies could differ.

Slow (a fresh venv and a few dozen packages from the index), but part of `make test`.
"""

from __future__ import annotations

import ast
import html
import os
import re
import shlex
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from downloads import DOWNLOADS, wheel_name

from tools.paths import toc_docnames

ROOT = Path(__file__).resolve().parents[2]

CHAPTERS = [name for name in toc_docnames() if (ROOT / f"{name}.ipynb").exists()]
CHAPTER_RUN = "book/activations"  # the lecture's chapter: nnh.sigmoid, plot_activations, plot_steps, NN
# Runs inside the fresh venv: the modules named in argv that cannot be found there.
MISSING = """
import importlib.util, sys
print(" ".join(name for name in sys.argv[1:] if importlib.util.find_spec(name) is None))
"""
# Runs inside the fresh venv: execute each notebook where it lies, on that venv's kernel.
EXECUTE = """
import sys, nbformat
from nbclient import NotebookClient
from pathlib import Path
for path in map(Path, sys.argv[1:]):
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3", shutdown_kernel="immediate",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    print("executed", path.name)
"""


def locked_pins() -> list[str]:
    """requirements.lock's `name==version ; marker` lines, without their hashes."""
    text = (ROOT / "requirements.lock").read_text().replace("\\\n", " ")
    return [line.split(" --hash")[0].strip() for line in text.splitlines()
            if line and not line.startswith((" ", "#"))]


def page_text(path: Path) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", path.read_text()))


def imported_modules(source: str) -> set[str]:
    """The top-level modules that Python ``source`` imports, at any depth (lazy imports in
    functions too), relative imports aside."""
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def notebook_imports(path: Path) -> set[str]:
    """What the code cells of a notebook import (IPython's %magics and !commands aside)."""
    import nbformat

    names = set()
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type == "code":
            python = "\n".join(line for line in cell.source.splitlines()
                               if not line.lstrip().startswith(("%", "!")))
            names |= imported_modules(python)
    return names


def wheel_imports(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as archive:
        return set().union(*(imported_modules(archive.read(name).decode())
                             for name in archive.namelist() if name.endswith(".py")))


def test_imported_modules_sees_lazy_and_nested_imports():
    source = ("import numpy as np\nfrom .layers import x\n"
              "def f():\n    import matplotlib.pyplot as plt\n    from scipy import special\n")
    assert imported_modules(source) == {"numpy", "matplotlib", "scipy"}


def landing_pip_line(site_dir: Path) -> list[str]:
    lines = [line.strip() for line in page_text(site_dir / "book" / "index.html").splitlines()
             if line.strip().startswith("python -m pip install")]
    assert len(lines) == 1, f"the landing page should give one pip install line, found {lines}"
    return shlex.split(lines[0])


def downloaded_notebook(site_dir: Path, docname: str) -> Path:
    """The .ipynb that the chapter page's download menu links."""
    page = site_dir / f"{docname}.html"
    links = re.findall(r'<a href="([^"]+\.ipynb)"', page.read_text())
    assert links, f"{page.name} offers no .ipynb download"
    target = (page.parent / links[0]).resolve()
    assert target.exists(), f"{page.name} links {links[0]}, which is missing"
    return target


def test_the_landing_page_links_the_wheel_it_tells_students_to_install(site_dir):
    wheel = site_dir / DOWNLOADS / wheel_name()
    assert wheel.exists(), "`make build` copies the wheel into downloads/ (tools/wheel.py)"
    index = (site_dir / "book" / "index.html").read_text()
    assert f'href="../{DOWNLOADS}/{wheel.name}"' in index
    assert landing_pip_line(site_dir)[4].startswith(wheel.name)
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
    shipped = {n for n in names if n.startswith("nnh/")}
    expected = {p.relative_to(ROOT).as_posix() for p in (ROOT / "nnh").rglob("*")
                if p.is_file() and "__pycache__" not in p.parts}
    assert shipped == expected


# The whole test (a venv, pip from the package index, a chapter) has this long; each step
# gets what is left, so a hung step fails here with its own message, before pytest's timeout.
STUDENT_INSTALL_SECONDS = 540


@pytest.mark.slow
@pytest.mark.package_index
@pytest.mark.timeout(STUDENT_INSTALL_SECONDS + 60)
def test_a_downloaded_chapter_runs_after_the_landing_page_pip_line(site_dir, tmp_path):
    deadline = time.monotonic() + STUDENT_INSTALL_SECONDS

    def left() -> float:
        return max(deadline - time.monotonic(), 1.0)

    folder = tmp_path / "student"
    folder.mkdir()
    shutil.copy(site_dir / DOWNLOADS / wheel_name(), folder)
    notebooks = [shutil.copy(downloaded_notebook(site_dir, name), folder) for name in CHAPTERS]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=left())
    python = str(venv / "bin" / "python")
    # The landing page's line, run by the venv's Python, without jupyterlab (the viewer; nbclient
    # runs the notebooks here) and held to the lock's versions where the lock has them.
    line = landing_pip_line(site_dir)
    packages = [arg for arg in line[4:] if arg != "jupyterlab"]
    constraints = tmp_path / "constraints.txt"  # pins without hashes: hashes would force them on all
    constraints.write_text("\n".join(locked_pins()) + "\n")
    # --no-compile: Python compiles what the chapters import when they import it; compiling
    # every installed module ahead (pip's default) cost a minute of CPU and tests nothing.
    subprocess.run([python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                    "--no-compile",
                    "--constraint", str(constraints), *packages, "nbclient"],
                   cwd=folder, env=env, check=True, timeout=left())
    where, version = subprocess.run([python, "-c", "import nnh; print(nnh.__file__); print(nnh.__version__)"],
                                    cwd=tmp_path, env=env, check=True, capture_output=True, text=True,
                                    timeout=left()).stdout.split()
    assert Path(where).is_relative_to(venv), f"nnh imported from {where}, not from the fresh venv"
    assert version == wheel_name().split("-")[1], "the installed wheel's metadata tells nnh.__version__"
    wheel = folder / wheel_name()
    needed = set().union(wheel_imports(wheel), *map(notebook_imports, notebooks))
    needed = sorted(needed - set(sys.stdlib_module_names))
    assert {"nnh", "numpy", "matplotlib"} <= set(needed), needed  # the scan sees imports
    missing = subprocess.run([python, "-c", MISSING, *needed], cwd=tmp_path, env=env, check=True,
                             capture_output=True, text=True, timeout=left()).stdout.split()
    assert missing == [], f"the pip line installs no {missing}, which nnh or a chapter imports"
    chapter = downloaded_notebook(site_dir, CHAPTER_RUN)
    result = subprocess.run([python, "-c", EXECUTE, str(folder / chapter.name)], cwd=folder,
                            env=env, capture_output=True, text=True, timeout=left())
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    assert result.stdout.split() == ["executed", chapter.name]
