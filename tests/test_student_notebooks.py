"""The exercise versions of the chapters (tools/student_notebooks.py).

A synthetic chapter pins down what is removed and what stays; then the generated exercise
version is executed with nbclient and every check must say "not done yet", while the chapter
itself (the solution version) must pass every check. The same holds for every real chapter
that has code exercises: its exercise version is executed, while the solution verdicts are read
from the chapter's stored outputs, which the build and nbval re-execute (one execution fewer).
The exercise versions of the other chapters with exercises run here too: every chapter a
student downloads runs once per `make test`, in this file.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from tools import student_notebooks as tool
from tools.paths import KERNEL_SHUTDOWN, execution_timeout

ROOT = Path(__file__).resolve().parent.parent

NOT_DONE = re.compile(r"^… (\w+): not done yet — the function still raises NotImplementedError$")
PASSED = re.compile(r"^✓ (\w+): all \d+ checks passed$")
CHECK_CALL = re.compile(r"nnh\.check\.(\w+)\(")

md = nbformat.v4.new_markdown_cell
code = nbformat.v4.new_code_cell


def glued(name: str, text: str) -> nbformat.NotebookNode:
    """A stored output of myst-nb's glue(name, value, display=False)."""
    prefix = "application/papermill.record/"
    return nbformat.v4.new_output("display_data", data={prefix + "text/plain": text},
                                  metadata={"scrapbook": {"name": name, "mime_prefix": prefix}})


def synthetic_chapter() -> nbformat.NotebookNode:
    """Two code exercises (gated), one exercise sharing its cell with the previous solution's
    end, a non-gated solution, and colon fences."""
    cells = [
        md("# A tiny chapter\n\nSome prose that stays."),
        code("import numpy as np\nimport nnh"),
        md("```{exercise-start}\n:label: tiny-sigmoid\n```\n\nWrite a sigmoid that never overflows."),
        code("def my_sigmoid(x):\n    raise NotImplementedError\n\n\nnnh.check.sigmoid(my_sigmoid)"),
        md("```{exercise-end}\n```\n\n```{solution-start} tiny-sigmoid\n:class: dropdown\n```\n\n"
           "Use $e^{-|x|}$: SECRET-PROSE-1."),
        code("def my_sigmoid(x):\n    z = np.exp(-np.abs(x))\n"
             "    return np.where(x >= 0, 1 / (1 + z), z / (1 + z))\n\n\n"
             "nnh.check.sigmoid(my_sigmoid)"),
        md("```{solution-end}\n```\n\n:::{exercise-start}\n:label: tiny-softmax\n:::\n\n"
           "Now a softmax that does not overflow."),
        code("def my_softmax(x):\n    raise NotImplementedError\n\n\nnnh.check.stable_softmax(my_softmax)"),
        md(":::{exercise-end}\n:::\n\n::::{solution-start} tiny-softmax\n::::"),
        md("Shift by the row's maximum: SECRET-PROSE-2."),
        code("def my_softmax(x):\n    e = np.exp(x - x.max(axis=-1, keepdims=True))\n"
             "    return e / e.sum(axis=-1, keepdims=True)\n\n\n"
             "nnh.check.stable_softmax(my_softmax)"),
        md("::::{solution-end}\n::::\n\nProse after the solution stays."),
        md("```{exercise} A question\n:label: tiny-q\nWhat is 1 + 1?\n```\n\n"
           "````{solution} tiny-q\n:class: dropdown\n```python\n2  # SECRET-CODE\n```\n"
           "SECRET-PROSE-3\n````\n\nThe end."),
        # MyST that Jupyter does not know: glue, roles, a target, a numeric question's box.
        code("from myst_nb import glue\nglue('tiny_ratio', 0.123456, display=False)\n"
             "glue('tiny_count', 7, display=False)", outputs=[glued("tiny_ratio", "0.123456"),
                                                          glued("tiny_count", "7")]),
        md("(tiny-numbers)=\n## Numbers\n\nThe ratio is {glue:text}`tiny_ratio:.1%`, the count "
           "{glue}`tiny_count`; a {term}`pre-activation` and a {term}`unit <neuron>`, see "
           "{ref}`tiny-numbers` and {ref}`the start <tiny-numbers>`."),
        md("```{exercise-start} How many?\n:label: tiny-count\n```\n\nHow many units?"),
        code("answer = 2 + 5  # SECRET-ANSWER-CODE\nnnh.interactive.answer_box(\n"
             "    'How many?', answer, tolerance=0.5, solution='SECRET-ANSWER-PROSE')",
             metadata={"tags": ["remove-input"]}),
        md("```{exercise-end}\n```"),
    ]
    return nbformat.v4.new_notebook(cells=cells, metadata={
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})


def execute(nb: nbformat.NotebookNode, cwd: Path) -> nbformat.NotebookNode:
    NotebookClient(nb, timeout=execution_timeout(), kernel_name="python3",
                   shutdown_kernel=KERNEL_SHUTDOWN, resources={"metadata": {"path": str(cwd)}}).execute()
    return nb


def check_verdicts(nb: nbformat.NotebookNode) -> list[tuple[str, str]]:
    """(check called, its text/plain output) for every code cell that ends in a check call."""
    verdicts = []
    for cell in nb.cells:
        if cell.cell_type != "code" or not CHECK_CALL.search(cell.source):
            continue
        texts = [o["data"]["text/plain"] for o in cell.outputs if o.get("output_type") == "execute_result"]
        name = CHECK_CALL.findall(cell.source)[-1]
        verdicts.append((name, texts[-1] if texts else "<no result>"))
    return verdicts


def rendered_as_jupyter(nb: nbformat.NotebookNode) -> str:
    """The notebook's Markdown cells as JupyterLab shows them: plain CommonMark, no MyST."""
    from markdown_it import MarkdownIt
    renderer = MarkdownIt("commonmark")
    return "\n".join(renderer.render(c.source) for c in nb.cells if c.cell_type == "markdown")


# What MyST leaves behind when a CommonMark renderer meets it.
MYST_LEFTOVERS = {
    "role": re.compile(r"\{[\w:.-]+\}<code>"),                 # {term}`x` -> {term}<code>x</code>
    "directive": re.compile(r'language-\{|:{3,}\{[\w:.-]+\}'),  # ```{note} or :::{note}
    "option": re.compile(r"(^|>|\n):(label|class|name|nonumber|hidden):"),
    "target": re.compile(r"(^|>|\n)\([\w.:-]+\)="),             # (label)=
}


def myst_left(html: str) -> dict[str, list[str]]:
    return {kind: pattern.findall(html) for kind, pattern in MYST_LEFTOVERS.items()
            if pattern.search(html)}


def test_the_leftover_detector_sees_raw_myst():
    html = rendered_as_jupyter(synthetic_chapter())
    assert set(myst_left(html)) == {"role", "directive", "option", "target"}


@pytest.mark.parametrize("executed", [False, True], ids=["stored outputs", "executed now"])
def test_exercise_markdown_is_plain_with_the_glued_numbers(executed, tmp_path):
    chapter = execute(synthetic_chapter(), tmp_path) if executed else synthetic_chapter()
    student = tool.student_version(chapter, "tiny")
    html = rendered_as_jupyter(student)
    assert myst_left(html) == {}
    text = "\n".join(c.source for c in student.cells)
    assert ("The ratio is 12.3%, the count 7; a pre-activation and a unit, see Numbers and "
            "the start.") in text
    assert "**Exercise: How many?**" in text and "**Exercise: A question**" in text


def test_numeric_questions_lose_their_answer_cell():
    student = tool.student_version(synthetic_chapter(), "tiny")
    text = "\n".join(c.source for c in student.cells)
    assert "SECRET" not in text and "answer_box" not in text
    assert "How many units?" in text and tool.ANSWER_BOX_NOTE in text


def test_a_missing_glue_value_is_an_error():
    chapter = synthetic_chapter()
    chapter.cells[13].outputs = []          # as if never executed: nothing glued
    with pytest.raises(ValueError, match="glue no 'tiny_ratio'"):
        tool.student_version(chapter, "tiny")


def test_solutions_go_and_everything_else_stays():
    student = tool.student_version(synthetic_chapter(), "tiny")
    text = "\n".join(c.source for c in student.cells)
    assert "SECRET" not in text
    assert "{solution" not in text and "solution-" not in text
    for kept in ("Some prose that stays.", "Write a sigmoid that never overflows.",
                 "Now a softmax that does not overflow.", "Prose after the solution stays.",
                 "What is 1 + 1?", "The end.", "**Exercise: A question**"):
        assert kept in text, kept
    stubs = [c.source for c in student.cells if c.cell_type == "code" and CHECK_CALL.search(c.source)]
    assert len(stubs) == 2 and all("raise NotImplementedError" in s for s in stubs)
    assert student.cells[0].source.startswith("**Exercise version of *A tiny chapter*.**")
    nbformat.validate(student)


def test_outputs_are_cleared():
    chapter = synthetic_chapter()
    chapter.cells[3].outputs = [nbformat.v4.new_output("stream", text="old")]
    chapter.cells[3].execution_count = 4
    student = tool.student_version(chapter)
    assert all(not c.outputs and c.execution_count is None
               for c in student.cells if c.cell_type == "code")


def test_an_unclosed_solution_is_an_error():
    chapter = synthetic_chapter()
    chapter.cells[11].source = "The end of the solution went missing."
    with pytest.raises(ValueError, match=r"has no \{solution-end\}"):
        tool.student_version(chapter, "tiny")


def test_synthetic_chapter_executes_both_ways(tmp_path):
    chapter = execute(synthetic_chapter(), tmp_path)
    student = execute(tool.student_version(synthetic_chapter()), tmp_path)
    assert [(n, bool(NOT_DONE.match(v))) for n, v in check_verdicts(student)] == [
        ("sigmoid", True), ("stable_softmax", True)]
    verdicts = check_verdicts(chapter)
    assert [v for _, v in verdicts] == [
        "… sigmoid: not done yet — the function still raises NotImplementedError",
        "✓ sigmoid: all 9 checks passed",
        "… stable_softmax: not done yet — the function still raises NotImplementedError",
        "✓ stable_softmax: all 7 checks passed"]


def test_cli_writes_the_exercise_version(tmp_path):
    chapter = tmp_path / "tiny.ipynb"
    nbformat.write(synthetic_chapter(), chapter)
    assert tool.main([str(chapter), "--out", str(tmp_path / "out")]) == 0
    written = nbformat.read(tmp_path / "out" / "tiny-exercises.ipynb", as_version=4)
    assert "SECRET" not in "\n".join(c.source for c in written.cells)
    assert tool.has_exercises(chapter)


CHAPTERS_WITH_CODE_EXERCISES = sorted(
    p for p in (ROOT / "book").glob("*.ipynb") if "nnh.check." in p.read_text())


def test_some_real_chapter_has_a_code_exercise():
    assert CHAPTERS_WITH_CODE_EXERCISES, "no chapter calls nnh.check yet"


@pytest.mark.parametrize("chapter", CHAPTERS_WITH_CODE_EXERCISES, ids=lambda p: p.stem)
def test_real_chapter_stubs_say_not_done_and_solutions_pass(chapter, tmp_path):
    original = nbformat.read(chapter, as_version=4)
    student = execute(tool.student_version(original, chapter.stem, chapter.parent), chapter.parent)
    stub_verdicts = check_verdicts(student)
    assert stub_verdicts, f"{chapter.name}: the exercise version has no check left"
    for name, verdict in stub_verdicts:
        assert NOT_DONE.match(verdict), f"{chapter.name}: {name} in the exercise version: {verdict}"

    # The chapter itself is not executed again here: its stored outputs are the build's
    # (tests/site/test_stored_outputs.py) and nbval's (make test-notebooks) re-execution.
    solved = original
    passed = {n for n, v in check_verdicts(solved) if PASSED.match(v)}
    failed = [(n, v) for n, v in check_verdicts(solved) if not PASSED.match(v) and not NOT_DONE.match(v)]
    assert not failed, f"{chapter.name}: checks neither passing nor stubs: {failed}"
    assert {n for n, _ in stub_verdicts} <= passed, (
        f"{chapter.name}: every exercise's check must pass in its solution")


CHAPTERS_WITH_EXERCISES = sorted(p for p in (ROOT / "book").glob("*.ipynb") if tool.has_exercises(p))


@pytest.mark.parametrize("chapter", sorted(set(CHAPTERS_WITH_EXERCISES) - set(CHAPTERS_WITH_CODE_EXERCISES)),
                         ids=lambda p: p.stem)
def test_an_exercise_version_without_code_exercises_runs_start_to_end(chapter):
    """Removing a solution must not remove what a later cell needs (a name it defined): the
    student's download of every chapter with exercises runs (those with code exercises in the
    test above; tests/site/test_wheel.py runs one from the wheel in a fresh venv)."""
    student = execute(tool.student_version(nbformat.read(chapter, as_version=4), chapter.stem,
                                           chapter.parent), chapter.parent)
    ran = [c for c in student.cells if c.cell_type == "code" and c.source.strip()]
    assert ran and all(c.execution_count for c in ran), f"{chapter.name}: a code cell did not run"


def answer_box_solutions(nb: nbformat.NotebookNode) -> list[str]:
    """The literal text of every answer box's ``solution=`` (f-string pieces split at braces)."""
    pieces = []
    for cell in nb.cells:
        if cell.cell_type == "code" and "answer_box(" in cell.source and "solution=" in cell.source:
            tail = cell.source.split("solution=", 1)[1]
            for literal in re.findall(r'"([^"]*)"', tail):
                pieces += [p.strip() for p in re.split(r"\{[^}]*\}", literal) if len(p.strip()) >= 12]
    return pieces


def test_some_real_chapter_has_an_answer_box_solution():
    assert any(answer_box_solutions(nbformat.read(p, as_version=4)) for p in CHAPTERS_WITH_EXERCISES)


@pytest.mark.parametrize("chapter", CHAPTERS_WITH_EXERCISES, ids=lambda p: p.stem)
def test_real_exercise_notebook_reads_plain_in_jupyter_and_gives_nothing_away(chapter):
    original = nbformat.read(chapter, as_version=4)
    student = tool.student_version(original, chapter.stem, chapter.parent)
    html = rendered_as_jupyter(student)
    assert myst_left(html) == {}, f"{chapter.name}: MyST left for Jupyter to show raw"
    text = "\n".join(c.source for c in student.cells)
    assert "answer_box(" not in text and "solution-start" not in text
    given_away = [s for s in answer_box_solutions(original) if s in text]
    assert given_away == [], f"{chapter.name}: answer-box solutions in the exercise version"
