"""Build the course site: every chapter executes against the installed nnh.

    python -m tools.build            # incremental build into _build/html
    python -m tools.build --all      # rebuild every page (cache still used)
    python -m tools.build --refresh  # re-execute everything, then store the fresh outputs
                                     # back into book/*.ipynb

Warnings are errors (-n -W --keep-going). jupyter-cache keys a notebook on its code only,
so this script keys the whole execution cache on the content of nnh and the lock: when
either changes, the cache is dropped and every page is re-read and re-executed. A failing
cell fails the build and is reported by chapter, cell number and source.

Before anything executes, every chapter notebook is checked (JSON, then nbformat's schema);
a broken one stops the build with its file and the position of the error, leaving the
previous site and cache as they were. Builds of one tree take turns: a second build waits for
the first (it says so) through a lock on _build/.build.lock. An interrupted build (Ctrl-C) is
safe: the next one executes whatever the cache lacks.

Set NNH_BUILD_ROOT=/some/dir to build into /some/dir/_build instead of ./_build (lets
several builds run side by side without sharing a cache).
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import json
import logging
import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

from nnh.style import SITE_FIGURES_ENV
from tools.fingerprint import hash_files
from tools.outputs import merge_notebook_streams, merge_streams
from tools.paths import BUILD, BUILD_ROOT, ROOT, execution_timeout

CACHE = BUILD / ".jupyter_cache"
EXECUTION_KEY_FILE = BUILD / ".execution-key"
SITE_KEY_FILE = BUILD / ".site-key"
# Sphinx re-writes only the pages whose source changed, and keeps the static files it copied
# before; a change to the site's extensions, styles or configuration re-writes every page.
LOOK_KEY_FILE = BUILD / ".look-key"
# The executed chapters as rendered, exported from the cache after each build. (myst-nb's own
# _build/jupyter_execute copy holds the *stored* outputs whenever a page comes from the cache.)
EXECUTED = BUILD / "executed"
LOG = BUILD / "build.log"
REPORTS = BUILD / "execution-reports"
LOCK = BUILD / ".build.lock"
KEYED_INPUTS = ("requirements.lock", "pyproject.toml")
NOT_INPUTS = {"__pycache__", ".ipynb_checkpoints", "node_modules"}  # node_modules: ESLint (make lint)


def files_below(folder: Path) -> list[Path]:
    """Every file below ``folder``, sorted, without caches and checkpoints."""
    return sorted(p for p in folder.rglob("*") if p.is_file() and not NOT_INPUTS & set(p.parts))


def chapters() -> list[Path]:
    """The chapter notebooks, the files that execute."""
    return sorted((ROOT / "book").glob("*.ipynb"))


def execution_key() -> str:
    """Hash of everything outside a notebook that can change its outputs."""
    return hash_files([*files_below(ROOT / "nnh"), *(ROOT / name for name in KEYED_INPUTS)], ROOT)


def site_key(execution: str) -> str:
    """Hash of every input of the site: chapters, configuration, the tools the build runs (the
    extensions import tools/student_notebooks.py), and the execution key."""
    return hash_files([*files_below(ROOT / "book"), *files_below(ROOT / "tools"),
                       ROOT / "_config.yml", ROOT / "_toc.yml"],
                      ROOT, seed=execution)


def look_key() -> str:
    """Hash of what shapes every page: the site's extensions, static files, configuration and
    the tools the extensions import."""
    return hash_files([*files_below(ROOT / "book" / "_ext"), *files_below(ROOT / "book" / "_static"),
                       *files_below(ROOT / "tools"),
                       ROOT / "_config.yml", ROOT / "_toc.yml"], ROOT)


def notebook_problem(path: Path) -> str | None:
    """Why ``path`` is not a readable notebook (file and position of the error), or None."""
    import nbformat

    name = path.relative_to(ROOT).as_posix()
    try:
        content = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        return f"{name} is not UTF-8 text (byte {exc.start}: {exc.reason})"
    except json.JSONDecodeError as exc:
        return f"{name} is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
    try:
        nbformat.validate(nbformat.from_dict(content))
    except nbformat.ValidationError as exc:
        where = list(getattr(exc, "absolute_path", []))
        position = "".join(f"[{step!r}]" for step in where) or "the top level"
        cell = f" (cell {where[1] + 1})" if where[:1] == ["cells"] and len(where) > 1 else ""
        return f"{name} is not a valid notebook: {exc.message}, at {position}{cell}"
    return None


def validate_chapters() -> bool:
    """Check every chapter before anything executes; print each problem, no traceback."""
    problems = [p for p in map(notebook_problem, chapters()) if p]
    for problem in problems:
        print(f"[build] {problem}", file=sys.stderr)
    if problems:
        print("[build] FAILED before executing anything: fix the notebook(s) above; the previous "
              "site and execution cache are unchanged", file=sys.stderr)
    return not problems


@contextlib.contextmanager
def exclusive_build():
    """Hold the tree's build lock; a second build waits for the first one and says so."""
    BUILD.mkdir(parents=True, exist_ok=True)
    with LOCK.open("a+") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.seek(0)
            holder = lock.read().strip() or "unknown"
            print(f"[build] another build of this tree is running (pid {holder}); waiting for it "
                  f"to finish ({LOCK})", flush=True)
            fcntl.flock(lock, fcntl.LOCK_EX)
            print("[build] the other build finished; going on", flush=True)
        lock.seek(0)
        lock.truncate()
        lock.write(f"{os.getpid()}\n")
        lock.flush()
        try:
            yield
        finally:
            lock.truncate(0)
            fcntl.flock(lock, fcntl.LOCK_UN)


def drop_stale_cache(key: str) -> bool:
    """Remove the execution cache and Sphinx's environment if nnh or the lock changed."""
    if EXECUTION_KEY_FILE.exists() and EXECUTION_KEY_FILE.read_text().strip() == key:
        return False
    for path in (CACHE, EXECUTED, BUILD / ".doctrees", BUILD / "html" / ".doctrees"):
        shutil.rmtree(path, ignore_errors=True)
    return True


def execute_in_parallel() -> list[tuple[Path, str]]:
    """Execute every chapter that the cache lacks, on all cores, into myst-nb's cache.

    Sphinx then reads the outputs from the cache. Returns (chapter, traceback) for failures.
    """
    from jupyter_cache import get_cache

    from tools.execution import ParallelExecutor, SerialExecutor

    cache = get_cache(str(CACHE))
    notebooks = chapters()
    for record in cache.list_project_records():
        if not Path(record.uri).exists():  # a deleted chapter
            cache.remove_nb_from_project(record.uri)
    for chapter in notebooks:
        cache.add_nb_to_project(str(chapter))
    logger = logging.getLogger("build.execute")
    executor = ParallelExecutor(cache=cache, logger=logger)  # kernels stopped at once (tools/execution.py)
    result = executor.run_and_cache(timeout=execution_timeout(), allow_errors=False)
    retry = result.errored + result.excepted
    if retry:
        # Kernels started side by side can collide (ports, sockets); a real cell error fails
        # again when run alone, so every failure gets one serial retry before it counts.
        serial = SerialExecutor(cache=cache, logger=logger)
        again = serial.run_and_cache(filter_uris=retry, timeout=execution_timeout(),
                                     allow_errors=False)
        result.succeeded.extend(again.succeeded)
        retry = again.errored + again.excepted
    failures = []
    for uri in retry:
        record = cache.get_project_record(uri)
        failures.append((Path(uri), record.traceback or "(no traceback recorded)"))
    print(f"[build] executed {len(result.succeeded)} chapter(s) in parallel, "
          f"{len(notebooks) - len(result.succeeded) - len(failures)} from the cache, "
          f"{len(failures)} failed")
    return failures


ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")
# nbclient quotes the failing cell's source between two rules; IPython names its execution count.
QUOTED_CELL = re.compile(r"following cell:\n-{18}\n(.*?)\n-{18}\n", re.DOTALL)
EXECUTION_COUNT = re.compile(r"\bCell In\[(\d+)\]")


def failing_cell(notebook: Path, traceback: str) -> str:
    """'cell N' (counted over all cells) of the cell that raised, from the traceback.

    The kernel numbers the cells it runs (IPython's ``Cell In[k]``: the k-th non-empty code
    cell of a fresh kernel); nbclient quotes the cell's source. A number the quote contradicts,
    or none, falls back to the one cell whose source is exactly the quoted block."""
    import nbformat

    text = ANSI_ESCAPE.sub("", traceback)
    cells = nbformat.read(notebook, as_version=4).cells
    runs = [i for i, c in enumerate(cells, start=1) if c.cell_type == "code" and c.source.strip()]
    quoted = QUOTED_CELL.search(text)
    quote = quoted.group(1).strip() if quoted else None
    counts = EXECUTION_COUNT.findall(text)
    if counts and 1 <= int(counts[0]) <= len(runs):
        index = runs[int(counts[0]) - 1]
        if quote is None or cells[index - 1].source.strip() == quote:
            return f"cell {index}"
    if quote is not None:
        same = [i for i in runs if cells[i - 1].source.strip() == quote]
        if len(same) == 1:
            return f"cell {same[0]}"
    return "an unknown cell"


def report_failure(notebook: Path, traceback: str, report: Path) -> None:
    """Name the chapter and cell of a failed execution, then show the end of the traceback."""
    where = (f"chapter {notebook.relative_to(ROOT).as_posix()}, {failing_cell(notebook, traceback)}"
             if notebook.exists() else f"chapter {notebook.stem}")
    print(f"\n[build] cell execution failed in {where}\n[build] execution report: {report}\n"
          f"{traceback[-3000:]}", file=sys.stderr)


def report_execution_failures(failures: list[tuple[Path, str]]) -> None:
    """Failures of the parallel execution: a report each in _build/execution-reports/."""
    REPORTS.mkdir(parents=True, exist_ok=True)
    for notebook, traceback in failures:
        report = REPORTS / f"{notebook.stem}.err.log"
        report.write_text(traceback)
        report_failure(notebook, traceback, report)


def report_sphinx_execution_failures() -> None:
    """Failures of myst-nb's own execution during Sphinx, from its _build/html/reports/."""
    reports = BUILD / "html" / "reports"
    for report in sorted(reports.glob("**/*.err.log")):
        doc = report.relative_to(reports).as_posix().removesuffix(".err.log")
        report_failure(ROOT / f"{doc}.ipynb", report.read_text(errors="replace"), report)


def run_jupyter_book(all_pages: bool) -> int:
    """`jb build` with warnings as errors, its output shown and kept in _build/build.log."""
    cmd = [str(Path(sys.executable).parent / "jb"), "build", str(ROOT),
           "--warningiserror", "--nitpick", "--keep-going"]
    if all_pages:
        cmd.append("--all")
    if BUILD_ROOT != ROOT:
        cmd += ["--path-output", str(BUILD_ROOT)]
    BUILD.mkdir(parents=True, exist_ok=True)
    with LOG.open("w") as log:
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                text=True)
        assert proc.stdout is not None
        for line in proc.stdout:
            sys.stdout.write(line)
            log.write(line)
        return proc.wait()


def prune_removed_pages() -> None:
    """Delete pages whose chapter no longer exists (Sphinx leaves them behind)."""
    for page in (BUILD / "html" / "book").glob("*.html"):
        if not any((ROOT / "book" / f"{page.stem}{suffix}").exists() for suffix in (".ipynb", ".md")):
            page.unlink()
            print(f"[build] removed the page of a deleted chapter: {page.relative_to(BUILD)}")


EXERCISES_KEY_FILE = BUILD / ".exercises-key"


def write_exercise_versions() -> None:
    """The exercise version of every chapter with exercises, into the site's _sources/ beside
    the chapter's .ipynb: a step of its own, keyed on the chapters and the tool that writes
    them (tools/student_notebooks.py), not a side effect of rendering a page."""
    from tools import student_notebooks

    tool_file = Path(student_notebooks.__file__)
    key = hash_files([*chapters(), tool_file], ROOT)
    target = BUILD / "html" / "_sources" / "book"
    wanted = [c for c in chapters() if student_notebooks.has_exercises(c)]
    written = [target / student_notebooks.student_name(c) for c in wanted]
    if (EXERCISES_KEY_FILE.exists() and EXERCISES_KEY_FILE.read_text().strip() == key
            and all(p.exists() for p in written)):
        return
    for chapter, path in zip(wanted, written, strict=True):
        student_notebooks.write_student_notebook(chapter, path)
    EXERCISES_KEY_FILE.write_text(key + "\n")
    print(f"[build] wrote the exercise versions of {len(written)} chapter(s) into {target}")


def export_executed() -> None:
    """Write each chapter with the outputs the site was rendered from to _build/executed/
    (streams merged: tools/outputs.py)."""
    import nbformat
    from jupyter_cache import get_cache

    cache = get_cache(str(CACHE))
    (EXECUTED / "book").mkdir(parents=True, exist_ok=True)
    for chapter in chapters():
        _, executed = cache.merge_match_into_notebook(nbformat.read(chapter, as_version=4))
        nbformat.write(merge_notebook_streams(executed), EXECUTED / "book" / chapter.name)


def refresh_stored_outputs() -> None:
    """Copy the outputs of the build's executed notebooks into the committed chapters."""
    import nbformat

    for executed in sorted((EXECUTED / "book").glob("*.ipynb")):
        source = ROOT / "book" / executed.name
        if not source.exists():
            continue
        fresh = nbformat.read(executed, as_version=4)
        stored = nbformat.read(source, as_version=4)
        fresh_code = [c for c in fresh.cells if c.cell_type == "code"]
        stored_code = [c for c in stored.cells if c.cell_type == "code"]
        if [c.source for c in fresh_code] != [c.source for c in stored_code]:
            raise SystemExit(f"[build] {executed} does not match {source}: rebuild first")
        for new, old in zip(fresh_code, stored_code, strict=True):
            old.outputs = merge_streams(new.outputs)
            old.execution_count = new.execution_count
        nbformat.write(stored, source)
        print(f"[build] stored fresh outputs in {source.relative_to(ROOT)}")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--all", action="store_true", help="re-read every page")
    parser.add_argument("--refresh", action="store_true",
                        help="re-execute every chapter and store its outputs in book/")
    return parser.parse_args()


def build(args: argparse.Namespace) -> int:
    """One build, with the tree's lock held. Returns the exit status."""
    if not validate_chapters():
        return 1
    # The chapters' kernels (and Sphinx's, if it executes) inherit this: each figure's output
    # then carries the dark and phone twins that the site shows.
    os.environ[SITE_FIGURES_ENV] = "1"
    key = execution_key()
    inputs_key = site_key(key)
    if args.refresh:
        EXECUTION_KEY_FILE.unlink(missing_ok=True)
    elif (not args.all and SITE_KEY_FILE.exists() and SITE_KEY_FILE.read_text().strip() == inputs_key
          and (BUILD / "html" / "index.html").exists()):
        print("[build] nothing changed since the last successful build: _build/html is current")
        return 0
    SITE_KEY_FILE.unlink(missing_ok=True)
    stale = drop_stale_cache(key)
    if stale:
        print("[build] nnh, the lock or the cache changed: every chapter re-executes")
    failures = execute_in_parallel()
    if failures:
        report_execution_failures(failures)
        print(f"\n[build] FAILED: {len(failures)} chapter(s) did not execute", file=sys.stderr)
        return 1
    look = look_key()
    look_changed = not LOOK_KEY_FILE.exists() or LOOK_KEY_FILE.read_text().strip() != look
    status = run_jupyter_book(all_pages=args.all or stale or look_changed)
    if status != 0:
        report_sphinx_execution_failures()
        print(f"\n[build] FAILED (exit {status}); full log in {LOG}", file=sys.stderr)
        return status
    EXECUTION_KEY_FILE.write_text(key + "\n")
    LOOK_KEY_FILE.write_text(look + "\n")
    prune_removed_pages()
    export_executed()
    if args.refresh:
        refresh_stored_outputs()
        inputs_key = site_key(key)  # the chapters now hold their fresh outputs
    # After a refresh: the exercise versions resolve the prose's glued numbers from the stored
    # outputs, which only now hold a number that a chapter has just started to glue.
    write_exercise_versions()
    SITE_KEY_FILE.write_text(inputs_key + "\n")
    return 0


def stop_cleanly_on_ctrl_c() -> None:
    """Make Ctrl-C stop the build instead of hanging it.

    Ctrl-C signals the build's whole process group. Interrupted mid-task, jupyter-cache's
    workers hang (in their cleanup, or leave the executor waiting forever). So only this process
    stops (forked workers inherit this handler and ignore the signal): the KeyboardInterrupt
    leaves ``tools.execution.ParallelExecutor.run_and_cache``, which kills
    the workers still running (each has a pipe of its own, so no lock stays held). Their
    kernels exit on their own when their parent process goes (ipykernel's parent poller).
    """
    main_pid = os.getpid()

    def handler(signum: int, frame: object) -> None:
        if os.getpid() == main_pid:
            raise KeyboardInterrupt

    signal.signal(signal.SIGINT, handler)


def main() -> int:
    args = parse_args()
    stop_cleanly_on_ctrl_c()
    try:
        with exclusive_build():
            return build(args)
    except KeyboardInterrupt:
        print("\n[build] interrupted: nothing is marked as built; the next build executes "
              "whatever the cache lacks", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
