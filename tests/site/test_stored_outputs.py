"""The outputs stored in book/*.ipynb are the ones the build produces (needs `make build`).

nbval re-executes the chapters and compares text, but skips images. This test compares each
committed notebook with the executed copy the build exported to _build/executed/book/:
text outputs must be identical (streams merged by tools/outputs.py), and figures must match
within a small RMS difference (matplotlib.testing.compare.compare_images). A failure names the
chapter, the cell and the RMS, and keeps expected/actual/diff PNGs under _build/figure-diffs/.
Fix: `make refresh`.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
from matplotlib.testing.compare import compare_images
from test_notebook_outputs import CHAPTERS, RMS_TOLERANCE, code_cells, images_of, text_of

from tools.paths import BUILD

EXECUTED = BUILD / "executed" / "book"
DIFFS = BUILD / "figure-diffs"


def test_build_has_run():
    assert EXECUTED.is_dir(), f"{EXECUTED} is missing: run `make build` before this test"
    assert CHAPTERS


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_stored_outputs_match_the_build(chapter: Path):
    executed = EXECUTED / chapter.name
    assert executed.exists(), f"the build did not execute {chapter.name}: run `make build`"
    stored, fresh = code_cells(chapter), code_cells(executed)
    assert [c.source for c in stored] == [c.source for c in fresh], (
        f"{chapter.name}: the build ran different code; rebuild with `make build`")
    problems = []
    for number, (old, new) in enumerate(zip(stored, fresh, strict=True), start=1):
        where = f"book/{chapter.name}, code cell {number}"
        old_text, new_text = text_of(old.outputs), text_of(new.outputs)
        if old_text != new_text:
            diff = "\n".join(difflib.unified_diff(old_text.splitlines(), new_text.splitlines(),
                                                  "stored", "built", lineterm=""))
            problems.append(f"{where}: stored text output is stale\n{diff}")
        old_images, new_images = images_of(old.outputs), images_of(new.outputs)
        if len(old_images) != len(new_images):
            problems.append(f"{where}: {len(old_images)} stored figures, {len(new_images)} built")
            continue
        for k, (expected, actual) in enumerate(zip(old_images, new_images, strict=True)):
            if expected == actual:
                continue
            folder = DIFFS / chapter.stem / f"cell{number}-figure{k}"
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "expected.png").write_bytes(expected)
            (folder / "actual.png").write_bytes(actual)
            result = compare_images(str(folder / "expected.png"), str(folder / "actual.png"),
                                    tol=RMS_TOLERANCE, in_decorator=True)
            if result is not None:
                problems.append(f"{where}: figure {k} differs, RMS {result['rms']:.2f} > "
                                f"{RMS_TOLERANCE}; images in {folder}")
    assert not problems, "\n\n".join(problems) + "\n\nIf the change is intended: make refresh"
