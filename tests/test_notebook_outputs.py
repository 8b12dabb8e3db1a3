"""The chapters keep the exercise structure the course promises, and the rules that compare
stored outputs with the build's (text_of, images_of, RMS_TOLERANCE) can fail.

The comparison itself needs a build: tests/site/test_stored_outputs.py compares each committed
notebook with the executed copy the build exported to _build/executed/book/.

The structure tests read the committed notebooks only (no build needed): every solution runs
(no fenced Python block inside a solution), every answer box sits inside its exercise with its
input hidden, every code exercise stores the check's "not done yet" verdict and its solution
the "all checks passed" one, and every numbered chapter has at least one code exercise.
"""

from __future__ import annotations

import base64
import re
from pathlib import Path

import nbformat
import pytest
import yaml
from matplotlib.testing.compare import compare_images

from tools.outputs import merge_streams

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = sorted((ROOT / "book").glob("*.ipynb"))
TEXT_TYPES = ("text/plain", "text/html", "text/markdown", "text/latex")
RMS_TOLERANCE = 0.5  # on a 0-255 scale; a changed title, colour or curve is far above it


def code_cells(path: Path) -> list:
    return [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]


def text_of(outputs: list) -> str:
    """Every text output of a cell, streams merged (tools/outputs.py), as one string."""
    parts = []
    for out in merge_streams(outputs):
        if out.output_type == "stream":
            parts.append(f"[{out.name}] {out.text}")
        elif out.output_type in ("display_data", "execute_result"):
            parts += [f"[{m}] {out.data[m]}" for m in TEXT_TYPES if m in out.data]
        elif out.output_type == "error":
            parts.append(f"[error] {out.ename}: {out.evalue}")
    return "".join(parts)


def images_of(outputs: list) -> list[bytes]:
    return [base64.b64decode(out.data["image/png"]) for out in outputs
            if out.output_type in ("display_data", "execute_result") and "image/png" in out.data]


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


# --- Exercise structure -------------------------------------------------------------------

# A fenced block a student would run: ``` or ~~~ opening a Python (or code-cell) block.
PYTHON_FENCE = re.compile(r"^ *(?:`{3,}|~{3,})[ \t]*(?:python3?|py|ipython3?|\{code-cell\})\b",
                          re.MULTILINE)
SOLUTION_DIRECTIVE = re.compile(r"^(?P<fence>`{3,}|:{3,})\{solution\}.*?^(?P=fence)[ \t]*$",
                                re.MULTILINE | re.DOTALL)
GATE = re.compile(r"\{(exercise|solution)-(start|end)\}")
CHECK_CALL = re.compile(r"^nnh\.check\.(\w+)\(", re.MULTILINE)


def numbered_chapters() -> list[Path]:
    """The notebooks a student works through: every chapter and section of the toc's parts
    "The course" and "Training real networks". (Practice, numbered too so that its exercises
    carry chapter numbers, is the explorers' page and needs no code exercise of its own.)"""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    parts = {part["caption"]: part for part in toc["parts"]}
    entries = []
    for caption in ("The course", "Training real networks"):
        assert parts[caption].get("numbered"), caption
        for entry in parts[caption]["chapters"]:
            entries += [entry, *entry.get("sections", [])]
    return [ROOT / f"{entry['file']}.ipynb" for entry in entries
            if (ROOT / f"{entry['file']}.ipynb").exists()]


def regions(path: Path) -> list[tuple[str | None, object]]:
    """Each cell with the gated region it sits in: "exercise", "solution" or None.

    A region opens in the markdown cell holding ``{exercise-start}``/``{solution-start}`` and
    closes at the matching ``-end``; the opening cell's text after the directive belongs to it.
    """
    where, out = None, []
    for cell in nbformat.read(path, as_version=4).cells:
        markers = GATE.findall(cell.source) if cell.cell_type == "markdown" else []
        for kind, edge in markers:
            if edge == "end":
                assert where == kind, f"{path.name}: {kind}-end without {kind}-start"
                where = None
            else:
                assert where is None, f"{path.name}: {kind}-start inside a {where}"
                where = kind
        out.append((where, cell))
    assert where is None, f"{path.name}: a {where}-start is never closed"
    return out


def cells_of_type(chapter: Path, cell_type: str):
    """(number counted from 1 over all cells, region, cell) for each cell of one type."""
    return [(number, where, cell) for number, (where, cell) in enumerate(regions(chapter), 1)
            if cell.cell_type == cell_type]


def checks_in(chapter: Path, region: str) -> set[str]:
    """Names of the nnh.check functions called by code cells in the given region."""
    return {name for _, where, cell in cells_of_type(chapter, "code") if where == region
            for name in CHECK_CALL.findall(cell.source)}


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_solutions_hold_no_fenced_code_to_run(chapter: Path):
    problems = []
    for number, where, cell in cells_of_type(chapter, "markdown"):
        inside = [m.group(0) for m in SOLUTION_DIRECTIVE.finditer(cell.source)]
        if where == "solution":
            inside.append(cell.source)
        for text in inside:
            fences = PYTHON_FENCE.findall(text)
            if fences:
                problems.append(f"cell {number}: {fences[0].strip()!r}")
    assert not problems, (f"{chapter.name}: solutions must run as gated code cells "
                          f"(solution-start/solution-end), not fenced blocks: {problems}")


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_answer_boxes_sit_inside_their_exercise_with_hidden_input(chapter: Path):
    problems = []
    for number, where, cell in cells_of_type(chapter, "code"):
        if "answer_box(" not in cell.source:
            continue
        if where != "exercise":
            problems.append(f"cell {number} is outside an exercise-start/exercise-end pair")
        if "remove-input" not in cell.metadata.get("tags", []):
            problems.append(f"cell {number} shows its input (the answer): tag it remove-input")
    assert not problems, f"{chapter.name}: {problems}"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_code_exercises_store_their_verdicts(chapter: Path):
    """A stub's stored verdict says "not done yet"; its worked solution passes every check."""
    problems = []
    for number, where, cell in cells_of_type(chapter, "code"):
        for check in CHECK_CALL.findall(cell.source):
            text = text_of(cell.outputs)
            expected = {"exercise": "not done yet", "solution": "checks passed"}.get(where)
            if expected is None:
                problems.append(f"cell {number}: nnh.check.{check} outside an exercise or "
                                f"solution")
            elif expected not in text or check not in text:
                problems.append(f"cell {number} ({where}): nnh.check.{check} stored "
                                f"{text.strip()!r}, expected a verdict saying {expected!r}")
    assert not problems, f"{chapter.name}: {problems}"


@pytest.mark.parametrize("chapter", numbered_chapters(), ids=lambda p: p.stem)
def test_every_chapter_has_a_code_exercise(chapter: Path):
    stubs, solved = checks_in(chapter, "exercise"), checks_in(chapter, "solution")
    assert stubs, f"{chapter.name}: no code exercise (a stub checked by nnh.check)"
    assert stubs <= solved, f"{chapter.name}: exercises without a worked solution: {stubs - solved}"


def test_structure_checks_can_fail(tmp_path):
    """The structure tests catch a fenced solution, an exposed answer box and a stale stub."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("````{solution} ex\n:class: dropdown\n\n```python\n"
                                      "print(1)\n```\n````"),
        nbformat.v4.new_markdown_cell("```{exercise-start}\n:label: ex2\n```"),
        nbformat.v4.new_code_cell("def f(x):\n    raise NotImplementedError\n\n"
                                  "nnh.check.sigmoid(f)"),
        nbformat.v4.new_markdown_cell("```{exercise-end}\n```"),
        nbformat.v4.new_code_cell("nnh.interactive.answer_box('q', 1.0, digits=2)"),
    ]
    path = tmp_path / "broken.ipynb"
    nbformat.write(nb, path)
    for test in (test_solutions_hold_no_fenced_code_to_run,
                 test_answer_boxes_sit_inside_their_exercise_with_hidden_input,
                 test_code_exercises_store_their_verdicts):
        with pytest.raises(AssertionError):
            test(path)
    with pytest.raises(AssertionError):
        test_every_chapter_has_a_code_exercise(path)  # the stub has no worked solution


# --- printed lines fit a phone -----------------------------------------------------------------

#: On a 360 px phone a chapter's output shows 35 characters a line, inside an exercise or a
#: solution (an indented box) 32 (README, "Writing a chapter"). A wider line wraps, and a
#: printed table falls apart into ragged rows: print narrower, or make it a real table
#: (nnh.notebook.table), which the site shows as a table or, on a phone, as cards.
PHONE_LINE = 35
PHONE_LINE_IN_BOX = 32
RICH_TYPES = ("text/html", "text/markdown", "image/png", "image/svg+xml")
#: An nnh.check verdict ("✓ sigmoid: all 9 checks passed") is one sentence that may wrap; the
#: tests of nnh.check and the in-page runner read it as one line.
VERDICT = re.compile(r"^[✓✗…] \w+: ")


def printed_lines(outputs: list) -> list[str]:
    """The lines a cell prints as plain text: its streams, and values shown only as text/plain
    (a figure, a table or a widget shows its richer form, not its text)."""
    texts = []
    for out in merge_streams(outputs):
        if out.output_type == "stream":
            texts.append(out.text)
        elif out.output_type in ("display_data", "execute_result"):
            if "text/plain" in out.data and not any(m in out.data for m in RICH_TYPES):
                texts.append(out.data["text/plain"])
        elif out.output_type == "error":
            texts.append(f"{out.ename}: {out.evalue}")
    return [line for text in texts for line in text.splitlines()]


def too_wide(chapter: Path) -> list[str]:
    problems = []
    for number, where, cell in cells_of_type(chapter, "code"):
        limit = PHONE_LINE if where is None else PHONE_LINE_IN_BOX
        problems += [f"{chapter.name}, cell {number}{' (in a ' + where + ')' if where else ''}: "
                     f"{len(line)} > {limit} characters: {line!r}"
                     for line in printed_lines(cell.outputs)
                     if len(line) > limit and not VERDICT.match(line)]
    return problems


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_printed_lines_fit_a_phone(chapter: Path):
    problems = too_wide(chapter)
    assert not problems, "\n".join(problems)


def test_the_width_check_can_fail(tmp_path):
    """A 36-character printed line fails outside a box; 33 characters fail inside a solution;
    a Markdown table and a figure's text never count."""
    nb = nbformat.v4.new_notebook()
    wide = "x" * 36
    nb.cells = [
        nbformat.v4.new_code_cell("print()", outputs=[
            nbformat.v4.new_output("stream", name="stdout", text="x" * 35 + "\n" + wide + "\n")]),
        nbformat.v4.new_code_cell("table", outputs=[nbformat.v4.new_output(
            "execute_result", data={"text/plain": wide, "text/markdown": "| a |"})]),
        nbformat.v4.new_markdown_cell("```{solution-start} ex\n```"),
        nbformat.v4.new_code_cell("print()", outputs=[
            nbformat.v4.new_output("stream", name="stdout", text="y" * 33)]),
        nbformat.v4.new_markdown_cell("```{solution-end}\n```"),
    ]
    path = tmp_path / "chapter.ipynb"
    nbformat.write(nb, path)
    assert [p.split(":")[0] for p in too_wide(path)] == [
        "chapter.ipynb, cell 1", "chapter.ipynb, cell 4 (in a solution)"]
