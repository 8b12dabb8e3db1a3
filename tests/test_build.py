"""The build script on a tiny book in a temporary folder: failures are loud and named, and
the execution cache re-executes exactly what changed (a chapter, or everything when nnh
changes) and nothing when nothing changed. A broken notebook stops the build before anything
runs; two builds of one tree take turns; an interrupted build is followed by a clean one.

Every test runs real `jb` builds (about 3 s each): marked slow, still part of `make test`."""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow


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
    for folder in ("tools", "nnh", "book/_ext", "book/_static", "book/_templates"):
        shutil.copytree(ROOT / folder, tmp_path / folder,
                        ignore=shutil.ignore_patterns("__pycache__", "node_modules"))
    (tmp_path / "book" / "index.md").write_text("# A tiny book\n")
    chapter(tmp_path / "book" / "one.ipynb", "print(nnh.sigmoid(0.0))")
    chapter(tmp_path / "book" / "two.ipynb", "print(nnh.relu(-1.0))")
    (tmp_path / "_toc.yml").write_text(
        "format: jb-book\nroot: book/index\nchapters:\n  - file: book/one\n  - file: book/two\n")
    return tmp_path


def gated_chapter(path: Path, gate: Path, started: Path) -> None:
    """A chapter whose cell says it has started, then runs for as long as ``gate`` exists."""
    chapter(path, f"import pathlib, time\npathlib.Path({str(started)!r}).touch()\n"
                  f"while pathlib.Path({str(gate)!r}).exists():\n    time.sleep(0.05)\n"
                  f"print('gate opened')")


@pytest.fixture
def gated_two(tiny_book: Path, tmp_path_factory) -> tuple[Path, Path, Path]:
    """(logs folder, gate, started): chapter two of the tiny book runs while ``gate`` exists."""
    logs = tmp_path_factory.mktemp("logs")
    gate, started = logs / "gate", logs / "started"
    gate.touch()
    gated_chapter(tiny_book / "book" / "two.ipynb", gate, started)
    return logs, gate, started


def gated_cell_output(book: Path) -> str:
    """What the gated cell printed, as the site was rendered from it."""
    return nbformat.read(book / "_build" / "executed" / "book" / "two.ipynb", 4).cells[2].outputs[0].text


def build_command(book: Path) -> dict:
    """A build with nothing on PATH but the venv and Node.js (MathJax typesets the formulas)."""
    node = shutil.which("node")
    assert node, "the build needs Node.js: make node (apt-get install nodejs)"
    path = os.pathsep.join([str(Path(sys.executable).parent), str(Path(node).parent)])
    return {"args": [sys.executable, "-m", "tools.build"], "cwd": book, "text": True,
            "env": {"PATH": path, "HOME": str(book)}}


def build(book: Path) -> subprocess.CompletedProcess:
    return subprocess.run(**build_command(book), capture_output=True, timeout=600)


def start_build(book: Path, log: Path, **options) -> subprocess.Popen:
    """A build in the background, its output (stdout and stderr) going to ``log``."""
    with log.open("w") as out:
        return subprocess.Popen(**build_command(book), stdout=out, stderr=subprocess.STDOUT,
                                **options)


def wait_until(condition: Callable[[], bool], what: str, timeout: float = 240) -> None:
    """Poll ``condition`` until it holds (a kernel can take a minute to start on a busy machine)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout} s waiting until {what}")
        time.sleep(0.05)


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """(size, modification time) of every file below ``folder`` except the build lock."""
    return {p.relative_to(folder).as_posix(): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in folder.rglob("*") if p.is_file() and p.name != ".build.lock"}


def executed(result: subprocess.CompletedProcess) -> int:
    return int(re.search(r"executed (\d+) chapter", result.stdout).group(1))


def test_a_raising_cell_fails_the_build_and_names_chapter_and_cell(tiny_book):
    # The raising cell repeats cell 2's line: the report must still name cell 4, not cell 2.
    nb = nbformat.read(tiny_book / "book" / "two.ipynb", 4)
    nb.cells.append(new_code_cell("import nnh\nraise ValueError('a deliberately broken cell')"))
    nbformat.write(nb, tiny_book / "book" / "two.ipynb")
    result = build(tiny_book)
    assert result.returncode != 0
    assert "cell execution failed in chapter book/two.ipynb, cell 4" in result.stderr
    assert "a deliberately broken cell" in result.stderr
    assert (tiny_book / "_build" / "execution-reports" / "two.err.log").exists()


@pytest.mark.timeout(600)  # five builds in a row
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

    # Sphinx keeps static files it copied before: a changed style must still reach the site.
    with (tiny_book / "book" / "_static" / "course.css").open("a") as f:
        f.write("\n/* a change to the site's style */\n")
    style_changed = build(tiny_book)
    assert style_changed.returncode == 0 and executed(style_changed) == 0
    served = (tiny_book / "_build" / "html" / "_static" / "course.css").read_text()
    assert "a change to the site's style" in served

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


def test_a_chapter_dropped_from_the_toc_but_kept_leaves_no_page_behind(tiny_book):
    assert build(tiny_book).returncode == 0
    html = tiny_book / "_build" / "html"
    assert (html / "book" / "two.html").exists()
    (tiny_book / "_toc.yml").write_text("format: jb-book\nroot: book/index\nchapters:\n"
                                        "  - file: book/one\n")
    result = build(tiny_book)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert (tiny_book / "book" / "two.ipynb").exists()
    assert not (html / "book" / "two.html").exists()
    assert not list((html / "_sources" / "book").glob("two*"))
    assert (html / "book" / "one.html").exists()


def test_a_broken_notebook_stops_the_build_before_anything_runs(tiny_book):
    assert build(tiny_book).returncode == 0
    before = snapshot(tiny_book / "_build")
    two = tiny_book / "book" / "two.ipynb"
    good = two.read_text()

    two.write_text(good[: len(good) // 2])  # truncated: invalid JSON
    truncated = build(tiny_book)
    assert truncated.returncode == 1
    assert re.search(r"book/two\.ipynb is not valid JSON: .+ \(line \d+, column \d+\)",
                     truncated.stderr), truncated.stderr
    assert "Traceback" not in truncated.stdout + truncated.stderr
    assert "executed" not in truncated.stdout  # nothing ran

    notebook = json.loads(good)
    del notebook["cells"][2]["source"]
    two.write_text(json.dumps(notebook))  # JSON, but not a notebook
    invalid = build(tiny_book)
    assert invalid.returncode == 1
    assert ("book/two.ipynb is not a valid notebook: 'source' is a required property, "
            "at ['cells'][2] (cell 3)") in invalid.stderr, invalid.stderr
    assert "Traceback" not in invalid.stdout + invalid.stderr

    assert snapshot(tiny_book / "_build") == before  # previous site and cache untouched
    two.write_text(good)
    restored = build(tiny_book)
    assert restored.returncode == 0
    assert "nothing changed since the last successful build" in restored.stdout


@pytest.mark.timeout(600)  # waits for kernels, then builds again
def test_a_second_build_of_the_same_tree_waits_for_the_first(tiny_book, gated_two):
    logs, gate, started = gated_two
    first = start_build(tiny_book, logs / "first.log")
    wait_until(started.exists, "the first build executes the gated chapter")
    second = start_build(tiny_book, logs / "second.log")
    wait_until(lambda: "waiting for it to finish" in (logs / "second.log").read_text(),
               "the second build says it waits")
    assert first.poll() is None and second.poll() is None
    gate.unlink()
    assert first.wait(timeout=300) == 0, (logs / "first.log").read_text()[-3000:]
    assert second.wait(timeout=300) == 0, (logs / "second.log").read_text()[-3000:]
    # the second build found the first one's site current; the cache is consistent
    assert "nothing changed since the last successful build" in (logs / "second.log").read_text()
    third = build(tiny_book)
    assert third.returncode == 0 and "nothing changed" in third.stdout
    assert gated_cell_output(tiny_book) == "gate opened\n"


@pytest.mark.timeout(600)  # waits for kernels, then builds again
def test_an_interrupted_build_is_followed_by_a_clean_rebuild(tiny_book, gated_two):
    logs, gate, started = gated_two
    interrupted = start_build(tiny_book, logs / "interrupted.log", start_new_session=True)
    wait_until(started.exists, "the build executes the gated chapter")
    os.killpg(interrupted.pid, signal.SIGINT)  # Ctrl-C: the whole foreground process group
    assert interrupted.wait(timeout=120) != 0
    assert "[build] interrupted" in (logs / "interrupted.log").read_text()
    assert not (tiny_book / "_build" / ".site-key").exists()
    wait_until(lambda: not processes_of(tiny_book),
               "the interrupted build's workers and kernels have exited", timeout=30)
    gate.unlink()

    rebuilt = build(tiny_book)
    assert rebuilt.returncode == 0, rebuilt.stdout[-2000:] + rebuilt.stderr[-2000:]
    assert executed(rebuilt) >= 1  # at least the interrupted chapter runs again
    for page in ("one", "two"):
        assert (tiny_book / "_build" / "html" / "book" / f"{page}.html").exists()
    assert gated_cell_output(tiny_book) == "gate opened\n"
    assert "nothing changed" in build(tiny_book).stdout


def processes_of(book: Path) -> list[str]:
    """Running processes that belong to builds of ``book``: their command line names it (the
    build and its pool workers) or they run inside it (the kernels)."""
    found = []
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            command = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            cwd = os.readlink(proc / "cwd")
        except OSError:  # ended meanwhile, or not ours to read
            continue
        if str(book) in command or cwd.startswith(str(book)):
            found.append(f"{proc.name}: {command}")
    return found


def test_failing_cell_reads_the_execution_count_and_the_quoted_cell(tmp_path):
    """No build: tracebacks as nbclient and IPython write them, for cells that share a line."""
    from tools.build import failing_cell

    nb = new_notebook(cells=[new_markdown_cell("# t"), new_code_cell("import nnh"), new_code_cell(""),
                             new_code_cell("import nnh\nraise ValueError()"),
                             new_code_cell("import nnh\nraise ValueError()")])
    path = tmp_path / "t.ipynb"
    nbformat.write(nb, path)
    quoted = ("An error occurred while executing the following cell:\n------------------\n"
              "import nnh\nraise ValueError()\n------------------\n\n\n"
              "\x1b[36mCell\x1b[39m\x1b[36m \x1b[39m\x1b[32mIn[{n}]\x1b[39m, line 2\n")
    assert failing_cell(path, quoted.format(n=2)) == "cell 4"  # the empty cell 3 never runs
    assert failing_cell(path, quoted.format(n=3)) == "cell 5"
    assert failing_cell(path, quoted.replace("In[{n}]", "")) == "an unknown cell"  # two match
    assert failing_cell(path, "Cell In[1], line 1") == "cell 2"


def test_the_site_key_covers_the_tools_the_build_runs(tiny_book, monkeypatch):
    """No build: editing a tool (the exercise-version writer, say) makes the site stale."""
    from tools import build as build_tool

    monkeypatch.setattr(build_tool, "ROOT", tiny_book)
    before_site, before_look = build_tool.site_key("x"), build_tool.look_key()
    with (tiny_book / "tools" / "student_notebooks.py").open("a") as f:
        f.write("\n# a change to a tool\n")
    assert build_tool.site_key("x") != before_site
    assert build_tool.look_key() != before_look


def test_installed_npm_packages_are_not_inputs_of_the_site(tiny_book, monkeypatch):
    """`make lint` installs ESLint into tools/eslint/node_modules: that must not make the
    site stale (nor be hashed on every build)."""
    from tools import build as build_tool

    monkeypatch.setattr(build_tool, "ROOT", tiny_book)
    before_site, before_look = build_tool.site_key("x"), build_tool.look_key()
    package = tiny_book / "tools" / "eslint" / "node_modules" / "some-package"
    package.mkdir(parents=True)
    (package / "index.js").write_text("module.exports = 1;\n")
    assert build_tool.site_key("x") == before_site
    assert build_tool.look_key() == before_look


def test_refresh_stores_a_newly_glued_number_and_the_exercise_version_uses_it(tiny_book):
    """A chapter starts to glue a number its prose quotes, and has an exercise: `--refresh`
    stores the new glue record and then writes the exercise version, whose prose shows the
    number (the exercise versions were once written before the refresh, from the old
    outputs, and the refresh stopped at the missing record)."""
    path = tiny_book / "book" / "one.ipynb"
    nb = nbformat.read(path, 4)
    nb.cells += [new_code_cell('nnh.glue("half", nnh.sigmoid(0.0), digits=3)'),
                 new_markdown_cell("Half is {glue:text}`half:.2f`."),
                 new_markdown_cell("```{exercise-start} Try\n:label: one-ex\n```\nDo it."),
                 new_code_cell("answer = 1"),
                 new_markdown_cell("```{exercise-end}\n```")]
    nbformat.write(nb, path)
    result = subprocess.run(**{**build_command(tiny_book),
                               "args": [sys.executable, "-m", "tools.build", "--refresh"]},
                            capture_output=True, timeout=600)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    stored = nbformat.read(path, 4)
    glued = [o for c in stored.cells if c.cell_type == "code" for o in c.outputs
             if o.get("metadata", {}).get("scrapbook", {}).get("name") == "half"]
    assert len(glued) == 1
    student = next((tiny_book / "_build" / "html" / "_sources" / "book").glob("one*.ipynb"))
    prose = " ".join(c.source for c in nbformat.read(student, 4).cells if c.cell_type == "markdown")
    assert "Half is 0.50." in prose


@pytest.mark.parametrize("kind", ["parallel", "serial"])
def test_the_build_executors_stop_each_kernel_at_once_after_its_last_output(tmp_path, kind):
    """tools/execution.py: jupyter-cache's executors, with nbclient's shutdown_kernel
    "immediate" (ipykernel 7.4 can hang 2.5 s in a graceful shutdown). A kernel stopped at
    once runs no exit hook: the chapter's outputs are cached, its atexit marker never written."""
    from jupyter_cache import get_cache

    from tools.execution import ParallelExecutor, SerialExecutor

    marker = tmp_path / "exited-gracefully"
    chapter(tmp_path / "one.ipynb", "import atexit, pathlib\n"
            f"atexit.register(pathlib.Path({str(marker)!r}).touch)\nprint(nnh.sigmoid(0.0))")
    cache = get_cache(str(tmp_path / "cache"))
    cache.add_nb_to_project(str(tmp_path / "one.ipynb"))
    executor = (ParallelExecutor if kind == "parallel" else SerialExecutor)(
        cache=cache, logger=logging.getLogger("test"))
    result = executor.run_and_cache(timeout=120, allow_errors=False)
    assert result.succeeded == [str(tmp_path / "one.ipynb")], result
    _, cached = cache.merge_match_into_file(str(tmp_path / "one.ipynb"))
    assert cached.cells[2].outputs[0]["text"] == "0.5\n"
    assert not marker.exists(), "the kernel shut down gracefully (its exit hook ran)"


def test_parallel_workers_leave_truncation_to_the_executor(tmp_path):
    """tools/execution.py: jupyter-cache truncates after each notebook it caches, reading the
    records to keep and to drop in two queries, so a record another worker adds in between
    is taken as surplus. The parallel workers never truncate; the executor does, after them."""
    import pickle

    from jupyter_cache import get_cache

    from tools.execution import ParallelExecutor

    cache = get_cache(str(tmp_path / "cache"))
    for name in ("one", "two"):
        chapter(tmp_path / f"{name}.ipynb", f"print({name!r})")
        cache.add_nb_to_project(str(tmp_path / f"{name}.ipynb"))
    executor = ParallelExecutor(cache=cache, logger=logging.getLogger("test"))
    result = executor.run_and_cache(timeout=120, allow_errors=False)
    assert sorted(result.succeeded) == sorted(str(tmp_path / f"{n}.ipynb") for n in ("one", "two"))
    assert result.errored == [] and result.excepted == []
    assert len(cache.list_cache_records()) == 2

    cache.change_cache_limit(1)
    workers_cache = pickle.loads(pickle.dumps(executor.cache))  # what each worker receives
    assert workers_cache.path == cache.path
    workers_cache.truncate_caches()
    assert len(cache.list_cache_records()) == 2, "a worker's cache truncated"
    executor.run_and_cache(timeout=120, allow_errors=False)  # nothing to run; then truncation
    assert len(cache.list_cache_records()) == 1, "the executor did not truncate after its workers"


def test_a_parallel_worker_that_dies_fails_its_chapter_and_the_others_still_run(tmp_path):
    """tools/execution.py: a worker process that dies (here its kernel kills it) counts as a
    failed chapter; the run returns, and the other chapter is cached. A multiprocessing pool
    would wait for the dead worker's answer forever."""
    from jupyter_cache import get_cache

    from tools.execution import ParallelExecutor

    cache = get_cache(str(tmp_path / "cache"))
    chapter(tmp_path / "dies.ipynb", "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)")
    chapter(tmp_path / "lives.ipynb", "print('alive')")
    for name in ("dies", "lives"):
        cache.add_nb_to_project(str(tmp_path / f"{name}.ipynb"))
    result = ParallelExecutor(cache=cache, logger=logging.getLogger("test")).run_and_cache(
        timeout=120, allow_errors=False)
    assert result.errored == [str(tmp_path / "dies.ipynb")], result
    assert result.succeeded == [str(tmp_path / "lives.ipynb")] and result.excepted == []
    _, cached = cache.merge_match_into_file(str(tmp_path / "lives.ipynb"))
    assert cached.cells[2].outputs[0]["text"] == "alive\n"
