"""The exercise version of a chapter: the same notebook with every worked solution removed.

    python tools/student_notebooks.py book/activations.ipynb [...] --out DIR

Solutions are sphinx-exercise's gated directives: everything from a ``{solution-start}``
directive through the matching ``{solution-end}`` goes, whether the directives sit in cells of
their own or share a markdown cell with the exercise text (which stays). Non-gated
``{solution}`` blocks go too. Code exercises stay as they are, stubs that raise
NotImplementedError followed by their ``nnh.check`` call. Outputs are cleared (the student runs
the notebook; no output can give a solution away) and a first cell says what this file is.

The book's Sphinx extension ``book/_ext/student_notebooks.py`` calls :func:`write_student_notebook`
for every chapter at build time and offers the result beside the chapter's ``.ipynb``.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import nbformat
from nbformat import NotebookNode

SUFFIX = "-exercises.ipynb"

# A directive fenced by ``` or ::: (any length), up to the same fence closing it.
_FENCE = r"^(?P<fence>`{3,}|:{3,})\{%s\}[^\n]*\n(?:.*?\n)??(?P=fence)[ \t]*$\n?"
_START = re.compile(_FENCE % "solution-start", re.MULTILINE | re.DOTALL)
_END = re.compile(_FENCE % "solution-end", re.MULTILINE | re.DOTALL)
_PLAIN_SOLUTION = re.compile(_FENCE % "solution", re.MULTILINE | re.DOTALL)


def student_name(chapter: str | Path) -> str:
    """``book/activations.ipynb`` -> ``activations-exercises.ipynb``."""
    return Path(chapter).stem + SUFFIX


def _strip_solutions(text: str, inside: bool) -> tuple[str, bool]:
    """Remove the solution parts of one markdown cell; ``inside`` says whether the cell starts
    within a gated solution. Returns the kept text and whether it ends within one."""
    kept, rest = [], text
    while rest:
        if inside:
            end = _END.search(rest)
            if end is None:
                return "".join(kept), True
            rest, inside = rest[end.end():], False
        else:
            start = _START.search(rest)
            if start is None:
                kept.append(rest)
                break
            kept.append(rest[:start.start()])
            rest, inside = rest[start.end():], True
    return _PLAIN_SOLUTION.sub("", "".join(kept)), inside


def _intro_cell(title: str) -> NotebookNode:
    return nbformat.v4.new_markdown_cell(
        f"**Exercise version of *{title}*.** The worked solutions are removed; each code "
        "exercise is a stub that raises `NotImplementedError`, and the check after it says "
        "*not done yet* until your function is right. Run the notebook from the top (it needs "
        "`nnh`); the complete chapter with solutions is on the course site.")


def _title(nb: NotebookNode, fallback: str) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            match = re.search(r"^#\s+(.+)$", cell.source, re.MULTILINE)
            if match:
                return match.group(1).strip()
    return fallback


def student_version(nb: NotebookNode, fallback_title: str = "this chapter") -> NotebookNode:
    """A new notebook: ``nb`` without its solutions and outputs, led by an explanatory cell."""
    out = nbformat.v4.new_notebook(metadata=nb.metadata)
    out.cells.append(_intro_cell(_title(nb, fallback_title)))
    inside = False
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            if not inside:
                out.cells.append(_cleared(cell))
            continue
        text, inside_after = _strip_solutions(cell.source, inside)
        touched = inside or inside_after or text != cell.source
        inside = inside_after
        if text.strip():
            new = nbformat.v4.new_markdown_cell(text.strip("\n") if touched else text)
            new.metadata = cell.metadata
            out.cells.append(new)
    if inside:
        raise ValueError(f"{fallback_title}: a {{solution-start}} directive has no {{solution-end}}")
    for index, cell in enumerate(out.cells):
        cell.id = f"cell-{index}"
    nbformat.validate(out)
    return out


def _cleared(cell: NotebookNode) -> NotebookNode:
    new = nbformat.from_dict(dict(cell))
    if new.cell_type == "code":
        new.outputs = []
        new.execution_count = None
    return new


def write_student_notebook(chapter: Path, target: Path) -> Path:
    """Write the exercise version of the notebook ``chapter`` to the file ``target``."""
    nb = nbformat.read(chapter, as_version=4)
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(student_version(nb, chapter.stem), target)
    return target


def has_exercises(chapter: Path) -> bool:
    """Whether the notebook holds an exercise (so that an exercise version makes sense)."""
    nb = nbformat.read(chapter, as_version=4)
    return any(cell.cell_type == "markdown" and re.search(r"\{exercise(-start)?\}", cell.source)
               for cell in nb.cells)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("chapters", nargs="+", type=Path)
    parser.add_argument("--out", type=Path, required=True, help="folder for the exercise versions")
    args = parser.parse_args(argv)
    for chapter in args.chapters:
        print(write_student_notebook(chapter, args.out / student_name(chapter)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
