"""The outputs stored in book/*.ipynb are the ones the build produces.

nbval re-executes the chapters and compares text, but skips images. This test compares each
committed notebook with the executed copy the build exported to _build/executed/book/:
text outputs must be identical, and figures must match within a small RMS difference
(matplotlib.testing.compare.compare_images). A failure names the chapter, the cell and the
RMS, and keeps expected/actual/diff PNGs under _build/figure-diffs/. Fix: `make refresh`.
"""

from __future__ import annotations

import base64
import difflib
import os
from pathlib import Path

import nbformat
import pytest
from matplotlib.testing.compare import compare_images

ROOT = Path(__file__).resolve().parent.parent
BUILD = Path(os.environ.get("NNH_BUILD_ROOT", ROOT)).resolve() / "_build"
EXECUTED = BUILD / "executed" / "book"
DIFFS = BUILD / "figure-diffs"
CHAPTERS = sorted((ROOT / "book").glob("*.ipynb"))
TEXT_TYPES = ("text/plain", "text/html", "text/markdown", "text/latex")
RMS_TOLERANCE = 0.5  # on a 0-255 scale; a changed title, colour or curve is far above it


def code_cells(path: Path) -> list:
    return [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]


def text_of(outputs: list) -> str:
    """Every text output of a cell, streams merged, as one string."""
    parts = []
    previous_stream = None
    for out in outputs:
        if out.output_type == "stream":
            # A stream may arrive in several chunks: merge consecutive chunks of one stream.
            parts.append(out.text if out.name == previous_stream else f"[{out.name}] {out.text}")
            previous_stream = out.name
            continue
        previous_stream = None
        if out.output_type in ("display_data", "execute_result"):
            parts += [f"[{m}] {out.data[m]}" for m in TEXT_TYPES if m in out.data]
        elif out.output_type == "error":
            parts.append(f"[error] {out.ename}: {out.evalue}")
    return "".join(parts)


def images_of(outputs: list) -> list[bytes]:
    return [base64.b64decode(out.data["image/png"]) for out in outputs
            if out.output_type in ("display_data", "execute_result") and "image/png" in out.data]


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


def _rms_between(tmp_path: Path, change) -> float:
    """RMS between an nnh figure and the same figure after `change(ax)`."""
    import matplotlib.pyplot as plt

    import nnh
    from nnh.plotting import png_bytes

    pngs = []
    for tamper in (False, True):
        fig, ax = nnh.plot_steps([nnh.NN(1, 0), nnh.NN(10, 0)])
        if tamper:
            change(ax)
        pngs.append(png_bytes(fig))
        plt.close(fig)
    (tmp_path / "expected.png").write_bytes(pngs[0])
    (tmp_path / "actual.png").write_bytes(pngs[1])
    result = compare_images(str(tmp_path / "expected.png"), str(tmp_path / "actual.png"),
                            tol=RMS_TOLERANCE, in_decorator=True)
    return 0.0 if result is None else result["rms"]


@pytest.mark.parametrize("change", [
    lambda ax: ax.set_title("a different title"),
    lambda ax: ax.get_lines()[0].set_color("#D55E00"),
    lambda ax: ax.get_lines()[1].set_ydata(ax.get_lines()[1].get_ydata() * 0.9),
], ids=["title", "colour", "curve"])
def test_the_tolerance_catches_small_figure_changes(tmp_path, change):
    assert _rms_between(tmp_path, change) > RMS_TOLERANCE


def test_the_same_figure_passes(tmp_path):
    assert _rms_between(tmp_path, lambda ax: None) == 0.0
