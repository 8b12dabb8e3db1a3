"""The build script on a tiny book in a temporary folder: failures are loud and named, and
the execution cache re-executes exactly what changed (a chapter, or everything when nnh
changes) and nothing when nothing changed."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = Path(__file__).resolve().parent.parent


def chapter(path: Path, code: str) -> None:
    nb = new_notebook(cells=[new_markdown_cell(f"# {path.stem}"), new_code_cell("import nnh"),
                             new_code_cell(code)])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, path)


@pytest.fixture
def tiny_book(tmp_path: Path) -> Path:
    for name in ("_config.yml", "requirements.lock", "pyproject.toml"):
        shutil.copy(ROOT / name, tmp_path / name)
    for folder in ("tools", "nnh", "book/_ext", "book/_static"):
        shutil.copytree(ROOT / folder, tmp_path / folder,
                        ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "book" / "index.md").write_text("# A tiny book\n")
    chapter(tmp_path / "book" / "one.ipynb", "print(nnh.sigmoid(0.0))")
    chapter(tmp_path / "book" / "two.ipynb", "print(nnh.relu(-1.0))")
    (tmp_path / "_toc.yml").write_text(
        "format: jb-book\nroot: book/index\nchapters:\n  - file: book/one\n  - file: book/two\n")
    return tmp_path


def build(book: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(book / "tools" / "build.py")], cwd=book,
                          capture_output=True, text=True, timeout=600,
                          env={"PATH": str(Path(sys.executable).parent), "HOME": str(book)})


def executed(result: subprocess.CompletedProcess) -> int:
    return int(re.search(r"executed (\d+) chapter", result.stdout).group(1))


def test_a_raising_cell_fails_the_build_and_names_chapter_and_cell(tiny_book):
    chapter(tiny_book / "book" / "two.ipynb", "raise ValueError('a deliberately broken cell')")
    result = build(tiny_book)
    assert result.returncode != 0
    assert "cell execution failed in chapter book/two.ipynb, cell 3" in result.stderr
    assert "a deliberately broken cell" in result.stderr
    assert (tiny_book / "_build" / "execution-reports" / "two.err.log").exists()


def test_cache_reexecutes_exactly_what_changed(tiny_book):
    first = build(tiny_book)
    assert first.returncode == 0, first.stdout[-2000:] + first.stderr[-2000:]
    assert executed(first) == 2
    assert (tiny_book / "_build" / "html" / "book" / "one.html").exists()

    unchanged = build(tiny_book)
    assert unchanged.returncode == 0
    assert "nothing changed since the last successful build" in unchanged.stdout

    (tiny_book / "book" / "index.md").write_text("# A tiny book, retitled\n")
    prose_only = build(tiny_book)
    assert prose_only.returncode == 0 and executed(prose_only) == 0

    chapter(tiny_book / "book" / "one.ipynb", "print(nnh.sigmoid(1.0))")
    one_changed = build(tiny_book)
    assert one_changed.returncode == 0 and executed(one_changed) == 1

    with (tiny_book / "nnh" / "layers.py").open("a") as f:
        f.write("\n# a change to nnh\n")
    nnh_changed = build(tiny_book)
    assert nnh_changed.returncode == 0 and executed(nnh_changed) == 2
    assert "every chapter re-executes" in nnh_changed.stdout


def test_a_deleted_chapter_leaves_no_page_behind(tiny_book):
    assert build(tiny_book).returncode == 0
    assert (tiny_book / "_build" / "html" / "book" / "two.html").exists()
    (tiny_book / "book" / "two.ipynb").unlink()
    (tiny_book / "_toc.yml").write_text("format: jb-book\nroot: book/index\nchapters:\n"
                                        "  - file: book/one\n")
    result = build(tiny_book)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert not (tiny_book / "_build" / "html" / "book" / "two.html").exists()
