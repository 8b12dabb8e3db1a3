"""Benchmark the build, the checks and nnh's kernels; print one table from a single run.

    python -m tools.bench [--with-make-test]    # everything below, and a fresh clone's make test
    python -m tools.bench --make-test-only      # only the fresh clone's make test, step by step

Builds run in a temporary copy of the repository, so the work tree is never touched. The
machines are noisy: read the ratios, which compare runs made minutes apart on one machine,
rather than the seconds. Results are also written to bench-results/bench.txt.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import timeit
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COPY_ITEMS = ("_config.yml", "_toc.yml", "requirements.lock", "pyproject.toml", "tools", "nnh",
              "book", "tests")


def timed(cmd: list[str], cwd: Path, env: dict | None = None) -> float:
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"[bench] {' '.join(cmd)} failed:\n{result.stdout[-3000:]}\n"
                         f"{result.stderr[-3000:]}")
    return elapsed


def copy_repo(target: Path) -> Path:
    for name in COPY_ITEMS:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns(
                "__pycache__", ".ipynb_checkpoints"))
        else:
            shutil.copy(source, target / name)
    return target


def raw_serial_execution(chapters: list[Path]) -> float:
    """The floor: execute every chapter once, one after the other, with nbclient."""
    return sum(wall for _, wall, _ in chapter_execution(chapters))


def executed_in_fresh_kernel(nb, folder: Path, env: dict[str, str] | None = None
                             ) -> tuple[float, float]:
    """(wall seconds, kernel CPU seconds) of executing ``nb`` with nbclient in a fresh kernel
    started in ``folder`` (its start-up and shutdown included), with ``env`` added to the
    kernel's environment only. The CPU seconds (user + system of the kernel process) barely
    move when other processes compete for the cores."""
    from nbclient import NotebookClient

    from tools.paths import KERNEL_SHUTDOWN, execution_timeout

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    NotebookClient(nb, timeout=execution_timeout(), shutdown_kernel=KERNEL_SHUTDOWN,
                   resources={"metadata": {"path": str(folder)}}
                   ).execute(env={**os.environ, **(env or {})})
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def chapter_execution(chapters: list[Path]) -> list[tuple[str, float, float]]:
    """(chapter, wall seconds, kernel CPU seconds) of executing each chapter once, one after
    the other, in a fresh kernel each, as the build does: every figure with its dark and phone
    twins."""
    import nbformat

    from nnh.style import SITE_FIGURES_ENV

    return [(path.stem, *executed_in_fresh_kernel(nbformat.read(path, as_version=4), path.parent,
                                                  {SITE_FIGURES_ENV: "1"}))
            for path in chapters]


def fixed_cost(chapters: list[Path]) -> float:
    """What raw serial execution costs before any chapter computes or draws: a fresh kernel
    per chapter (start, shutdown) running only the import statements of the chapter's first
    code cell and, in a chapter that shows figures, ``import nnh.plotting`` (matplotlib)."""
    import ast

    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    total = 0.0
    for path in chapters:
        chapter = nbformat.read(path, as_version=4)
        code = [c for c in chapter.cells if c.cell_type == "code"]
        imports = [ast.unparse(node) for node in ast.parse(code[0].source).body
                   if isinstance(node, ast.Import | ast.ImportFrom)]
        cells = [new_code_cell("\n".join(imports))]
        if any("image/png" in out.get("data", {}) for c in code for out in c.get("outputs", [])):
            cells.append(new_code_cell("import nnh.plotting"))
        wall, _ = executed_in_fresh_kernel(new_notebook(cells=cells, metadata=chapter.metadata),
                                           path.parent)
        total += wall
    return total


def site_sizes(html: Path) -> tuple[int, str, int]:
    """Total size of the site, and the heaviest page with everything it loads."""
    import re

    total = sum(p.stat().st_size for p in html.rglob("*") if p.is_file())
    heaviest, heaviest_bytes = "", 0
    for page in html.rglob("*.html"):
        if "_static" in page.parts:
            continue
        text = page.read_text(errors="replace")
        size = page.stat().st_size
        for ref in set(re.findall(r'(?:src|href)="([^"#?]+)', text)):
            if ref.startswith(("http", "//", "mailto:", "data:")) or not ref.endswith(
                    (".png", ".svg", ".js", ".css", ".woff", ".woff2")):
                continue
            asset = (page.parent / ref).resolve()
            if asset.exists():
                size += asset.stat().st_size
        if size > heaviest_bytes:
            heaviest, heaviest_bytes = page.relative_to(html).as_posix(), size
    return total, heaviest, heaviest_bytes


def kernel_timings() -> list[tuple[str, float, float]]:
    """Median seconds of nnh against scipy/numpy on 10^7 float64 (5 repeats each)."""
    import numpy as np
    import scipy.special as sc

    import nnh

    x = np.random.default_rng(0).normal(scale=10, size=10_000_000)
    pairs = [("sigmoid vs scipy.special.expit", lambda: nnh.sigmoid(x), lambda: sc.expit(x)),
             ("softmax vs scipy.special.softmax", lambda: nnh.softmax(x), lambda: sc.softmax(x)),
             ("relu vs np.maximum(x, 0)", lambda: nnh.relu(x), lambda: np.maximum(x, 0))]
    rows = []
    for name, ours, theirs in pairs:
        a = statistics.median(timeit.repeat(ours, number=1, repeat=5))
        b = statistics.median(timeit.repeat(theirs, number=1, repeat=5))
        rows.append((name, a, b))
    return rows


def cpu_seconds_of(cmd: list[str]) -> float:
    """CPU time (user + system) that ``cmd`` used: unlike wall time, barely moved by other
    processes competing for the cores."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(cmd, check=True, cwd=ROOT)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def import_time(runs: int = 7) -> float:
    """Median CPU time of `import nnh` in a fresh interpreter, minus an empty interpreter's."""
    def median_run(code: str) -> float:
        return statistics.median(cpu_seconds_of([sys.executable, "-c", code]) for _ in range(runs))

    return median_run("import nnh") - median_run("pass")


def network_timing() -> tuple[float, float]:
    """Median seconds of one forward + backward pass of a 20-layer, width-64 ReLU MLP on a
    batch of 256 (nnh.MLP) against the same matrix products written directly in NumPy."""
    import numpy as np

    import nnh

    net = nnh.MLP([64] * 21, "relu", init="he", seed=0)
    x = np.random.default_rng(1).standard_normal((256, 64))
    grad_out = np.ones((256, 64)) / 256

    def ours():
        net.backward(net.forward(x), grad_out)

    def direct():
        ys, zs, y = [], [], x
        for W, b in zip(net.weights, net.biases, strict=True):
            z = y @ W + b
            ys.append(y)
            zs.append(z)
            y = np.maximum(z, 0) if len(zs) < 20 else z
        grad = grad_out
        for i in reversed(range(20)):
            delta = grad * (zs[i] > 0) if i < 19 else grad
            _ = ys[i].T @ delta, delta.sum(axis=0)
            grad = delta @ net.weights[i].T

    # Interleaved, so that both see the same load on a shared machine.
    pairs = [(timeit.timeit(ours, number=10) / 10, timeit.timeit(direct, number=10) / 10)
             for _ in range(9)]
    return statistics.median(p[0] for p in pairs), statistics.median(p[1] for p in pairs)


# The steps of `make test` in the order it runs them; "venv" (a one-time install) is timed
# but not counted against the 5-minute target.
MAKE_TEST_STEPS = ("venv", "chromium", "lint", "build", "test-unit", "test-notebooks", "npm",
                   "test-site")
MAKE_TEST_TARGET = 300.0


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def costliest_test_files(log: str, count: int = 5) -> list[tuple[str, float]]:
    """The test files that used the most CPU time, from the per-file list that
    ``--cpu-durations`` (tests/conftest.py) prints at the end of `make test-unit`."""
    if "per file:" not in log:
        return []
    rows = []
    for line in log.split("per file:", 1)[1].splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[0].endswith("s") and parts[1] == "cpu":
            rows.append((parts[2], float(parts[0][:-1])))
    return rows[:count]


def make_test_breakdown(row) -> float:
    """`make test` from a fresh clone of this repository's HEAD, one target at a time (each
    later target finds its prerequisites current); returns the total without the venv. Each
    step's CPU time (user + system, all its processes) is given too: on a shared machine it
    moves far less than the wall time."""
    with tempfile.TemporaryDirectory(prefix="nnh-bench-test-") as tmp:
        subprocess.run(["git", "clone", "-q", str(ROOT), tmp], check=True)
        total = 0.0
        for step in MAKE_TEST_STEPS:
            start, cpu_start = time.perf_counter(), children_cpu()
            result = subprocess.run(["make", step], cwd=tmp, capture_output=True, text=True)
            seconds, cpu = time.perf_counter() - start, children_cpu() - cpu_start
            (ROOT / "bench-results").mkdir(exist_ok=True)
            (ROOT / "bench-results" / f"make-{step}.log").write_text(result.stdout + result.stderr)
            if step != "venv":
                total += seconds
            verdict = "" if result.returncode == 0 else f"FAILED (exit {result.returncode})"
            row(f"make test, fresh clone: make {step}", seconds,
                f"{'one-time, not counted; ' if step == 'venv' else ''}{cpu:.0f} s CPU", verdict)
            if step == "test-unit":
                for name, file_cpu in costliest_test_files(result.stdout):
                    row(f"  CPU of {name}", file_cpu)
    met = "met" if total <= MAKE_TEST_TARGET else "missed"
    row("make test, fresh clone, total without venv", total, f"{total / 60:.1f} min",
        f"<= {MAKE_TEST_TARGET:.0f} s: {met}")
    return total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--with-make-test", action="store_true",
                        help="also time a full `make test` in a fresh clone, step by step (slow)")
    parser.add_argument("--make-test-only", action="store_true",
                        help="only time `make test` in a fresh clone, step by step")
    args = parser.parse_args()
    python = sys.executable
    lines: list[str] = []

    def row(label: str, seconds: float | None, ratio: str = "", target: str = "") -> None:
        sec = f"{seconds:8.2f} s" if seconds is not None else " " * 10
        lines.append(f"| {label:<44} | {sec} | {ratio:<24} | {target:<24} |")
        print(lines[-1], flush=True)

    header = (f"| {'measure':<44} | {'seconds':>10} | {'ratio':<24} | {'target':<24} |\n"
              f"|{'-' * 46}|{'-' * 12}|{'-' * 26}|{'-' * 26}|")
    print(header)

    if args.make_test_only:
        make_test_breakdown(row)
        return 0

    with tempfile.TemporaryDirectory(prefix="nnh-bench-") as tmp:
        repo = copy_repo(Path(tmp))
        chapters = sorted((repo / "book").glob("*.ipynb"))
        per_chapter = chapter_execution(chapters)
        raw = sum(wall for _, wall, _ in per_chapter)
        cpu = sum(seconds for _, _, seconds in per_chapter)
        row(f"raw serial execution, {len(chapters)} chapters (nbclient)", raw, "1.00 (the floor)",
            f"<= 30 s: {'met' if raw <= 30 else 'missed'}")
        row("  the same, kernel CPU (user + system)", cpu, f"{cpu / raw:.2f} x wall")
        fixed = fixed_cost(chapters)
        row("  fixed cost: kernels and imports only", fixed, f"{fixed / raw:.2f} of raw",
            f"leaves {30 - fixed:.1f} s of 30 s")
        for name, wall, seconds in sorted(per_chapter, key=lambda r: -r[1]):  # slowest first
            row(f"  chapter {name}", wall, f"{wall / raw:.2f} of raw", f"kernel CPU {seconds:.2f} s")

        build = [python, "-m", "tools.build"]
        cold = timed(build, repo)
        met = "met" if cold <= raw else "missed"
        row("cold build (parallel execution + Sphinx)", cold, f"{cold / raw:.2f} x raw",
            f"<= 1.0 x raw: {met}")
        again = timed(build, repo)
        met = "met" if again <= 0.1 * cold else "missed"
        row("rebuild, nothing changed", again, f"{again / cold:.2f} x cold", f"<= 0.10 x cold: {met}")

        with (repo / "nnh" / "layers.py").open("a") as f:
            f.write("\n# benchmark: a change to nnh\n")
        touched = timed(build, repo)
        row("rebuild after touching nnh", touched, f"{touched / cold:.2f} x cold")

        import nbformat

        one = chapters[0]
        nb = nbformat.read(one, as_version=4)
        code = [c for c in nb.cells if c.cell_type == "code"]
        code[-1].source += "\n# benchmark: an edit"
        nbformat.write(nb, one)
        edited = timed(build, repo)
        row(f"rebuild after editing {one.name}", edited, f"{edited / cold:.2f} x cold")

        nbval = timed([python, "-m", "tools.rounding", "pytest", "-q", "-n", "2", "--dist",
                       "loadscope", "--nbval", "--nbval-current-env", "--nbval-sanitize-with",
                       str(ROOT / "tests" / "nbval_sanitize.cfg"), "-p", "no:cacheprovider",
                       str(ROOT / "book")], ROOT)
        row("nbval, rounding perturbed, every chapter (2 w.)", nbval, f"{nbval / raw:.2f} x raw")

        pdf = timed([python, "-m", "tools.pdf", "--force"], repo)
        row("print the book and chapter PDFs (tools/pdf.py)", pdf, f"{pdf / cold:.2f} x cold")

        total, page, page_bytes = site_sizes(repo / "_build" / "html")
        row(f"site size: {total / 1e6:.1f} MB", None)
        row(f"heaviest page: {page}, {page_bytes / 1e6:.2f} MB", None)
        from tools.page_weight import report, weigh_site  # first visit, gzip, in Chromium

        for line in report(weigh_site(repo / "_build" / "html")):
            row(f"page weight {line}", None)

    if args.with_make_test:
        make_test_breakdown(row)

    seconds = import_time()
    row("import nnh (CPU, fresh interpreter, median of 7)", seconds, "",
        f"<= 0.15 s: {'met' if seconds <= 0.15 else 'missed'}")

    for name, ours, theirs in kernel_timings():
        ratio = ours / theirs
        row(f"nnh {name}, 1e7 float64", ours, f"{ratio:.2f} x ({theirs:.3f} s)",
            f"<= 1.5 x: {'met' if ratio <= 1.5 else 'missed'}")

    ours, direct = network_timing()
    ratio = ours / direct
    row("nnh.MLP forward+backward, 20x64, batch 256", ours, f"{ratio:.2f} x ({direct * 1e3:.2f} ms)",
        f"<= 2 x: {'met' if ratio <= 2 else 'missed'}")

    from tools.browser import built_site
    from tools.run_in_page_bench import measure as run_in_page_timings  # issue 21, on the built site

    for label, seconds, ratio, target in run_in_page_timings(built_site()):
        row(label, seconds, ratio, target)

    out = ROOT / "bench-results"
    out.mkdir(exist_ok=True)
    (out / "bench.txt").write_text(header + "\n" + "\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
