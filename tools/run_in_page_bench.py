"""Timings of "Run it in the page" in headless Chromium, for `make bench` (tools/bench.py).

    python tools/run_in_page_bench.py      # the rows alone, on the built site

On a chapter opened with an empty cache, as a reader would:
* cold time to the first result: press Run under the first cell (imports), until it is done;
  that includes loading Pyodide, NumPy, matplotlib and nnh;
* the first figure: Run under the chapter's figure cell (matplotlib's font cache is built);
* warm time per cell: the median of re-runs of a printing cell and of the figure cell;
* bytes loaded on Run: every file requested after the first press, raw and as gzip -6.
Targets (issue 21): first result within 10 s cold, a re-run within 1 s, nothing before Run.
"""

from __future__ import annotations

import re
import statistics
import sys
import time
from pathlib import Path

from tools.browser import built_site, launch_chromium, serve
from tools.page_weight import gzip_size, local_file, settle

CHAPTER = "book/activations.html"
FINISHED = re.compile(r"^(Done|Error)")
WAIT_MS = 300_000


def _run(page, number: int) -> float:
    """Seconds from pressing Run under cell ``number`` until its status says it finished."""
    cell = page.locator(f"div.cell[data-rip-cell='{number}']")
    start = time.perf_counter()
    cell.locator(".rip-run").click()
    page.wait_for_function(
        "(n) => /^(Done|Error)/.test(document.querySelector("
        "`div.cell[data-rip-cell='${n}'] .rip-status`).textContent)", arg=number, timeout=WAIT_MS)
    elapsed = time.perf_counter() - start
    status = cell.locator(".rip-status").inner_text()
    if not status.startswith("Done"):
        raise SystemExit(f"[bench] cell {number} of {CHAPTER} failed in the browser: {status}")
    return elapsed


def measure(site: Path, repeats: int = 5) -> list[tuple[str, float | None, str, str]]:
    """(label, seconds, ratio, target) rows."""
    with serve(site) as base, launch_chromium() as chromium:
        context = chromium.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto(f"{base}/{CHAPTER}", wait_until="load")
        settle(page)
        before = len(requests)
        cold = _run(page, 1)
        figure_cell = page.evaluate(
            "() => { const img = Array.from(document.querySelectorAll('div.cell[data-rip-cell]'))"
            ".find(c => c.querySelector('.cell_output img')); return +img.dataset.ripCell; }")
        first_figure = _run(page, figure_cell)
        printing = figure_cell + 1
        _run(page, printing)
        warm_print = statistics.median(_run(page, printing) for _ in range(repeats))
        warm_figure = statistics.median(_run(page, figure_cell) for _ in range(repeats))
        files = {local_file(site, url) for url in requests[before:]} - {None}
        context.close()
    raw = sum(f.stat().st_size for f in files)
    packed = sum(gzip_size(f) for f in files)
    return [
        ("run in page: cold, Run to first result", cold, "",
         f"<= 10 s: {'met' if cold <= 10 else 'missed'}"),
        ("run in page: first figure (font cache)", first_figure, "", ""),
        (f"run in page: warm re-run, printing cell (median {repeats})", warm_print, "",
         f"<= 1 s: {'met' if warm_print <= 1 else 'missed'}"),
        (f"run in page: warm re-run, figure cell (median {repeats})", warm_figure, "",
         f"<= 1 s: {'met' if warm_figure <= 1 else 'missed'}"),
        (f"run in page: loaded on Run {raw / 1e6:.1f} MB, {packed / 1e6:.1f} MB gzip, "
         f"{len(files)} files", None, "", ""),
    ]


def main() -> int:
    for label, seconds, ratio, target in measure(built_site()):
        sec = f"{seconds:8.2f} s" if seconds is not None else " " * 10
        print(f"| {label:<44} | {sec} | {ratio:<24} | {target:<24} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
