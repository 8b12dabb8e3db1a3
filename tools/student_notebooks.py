"""The exercise version of a chapter: the same notebook with every worked solution removed.

    python -m tools.student_notebooks book/activations.ipynb [...] --out DIR

Solutions are sphinx-exercise's gated directives: everything from a ``{solution-start}``
directive through the matching ``{solution-end}`` goes, whether the directives sit in cells of
their own or share a markdown cell with the exercise text (which stays). Non-gated
``{solution}`` blocks go too, and so do the code cells that make an answer box
(``nnh.interactive.answer_box(...)``): they compute the answer and carry its solution. A short
note takes their place. Code exercises stay as they are, stubs that raise
NotImplementedError followed by their ``nnh.check`` call. Outputs are cleared (the student runs
the notebook; no output can give a solution away) and a first cell says what this file is.

The Markdown is written for Jupyter, which knows no MyST: ``{glue:text}`` and ``{glue}`` become
the glued numbers (from the chapter's stored outputs), ``{term}``, ``{doc}``, ``{ref}`` and other
roles their text (a page's or section's title where the role names only a target), directives
such as ``{exercise-start}`` a bold heading with their body, and ``(label)=`` targets and
``:option:`` lines go.

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


# MyST ---------------------------------------------------------------------------------------

_ROLE = re.compile(r"\{(?P<name>[\w:.-]+)\}`(?P<content>[^`]*)`")
_TARGET = re.compile(r"^\((?P<label>[\w.:-]+)\)=[ \t]*$")
_DIRECTIVE = re.compile(r"^(?P<fence>`{3,}|:{3,})\{(?P<name>[\w:.-]+)\}[ \t]*(?P<argument>.*)$")
_OPTION = re.compile(r"^:[\w-]+:(\s.*)?$")
_HEADING = re.compile(r"^#{1,6}\s+(?P<title>.+?)\s*#*\s*$")
_EXPLICIT = re.compile(r"^(?P<text>.*?)\s*<(?P<target>[^<>]+)>$", re.DOTALL)

# How a directive reads as plain Markdown: its heading (None: no heading, only the body).
_DIRECTIVE_HEADINGS = {"exercise-start": "Exercise", "exercise": "Exercise", "exercise-end": None,
                       "note": "Note", "tip": "Tip", "important": "Important",
                       "warning": "Warning", "hint": "Hint", "admonition": ""}
_ANSWER_BOX = re.compile(r"\banswer_box\(")
ANSWER_BOX_NOTE = ("*Work out your answer, then check it in this exercise's answer box in the "
                   "chapter on the course site.*")


def glued_values(nb: NotebookNode) -> dict[str, str]:
    """Every value the notebook glues (myst-nb's ``glue``), as its stored text/plain."""
    values = {}
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            record = output.get("metadata", {}).get("scrapbook")
            if record and "name" in record:
                text = output.get("data", {}).get(record.get("mime_prefix", "") + "text/plain")
                if text is not None:
                    values[record["name"]] = text
    return values


def paste_text(text: str, spec: str) -> str:
    """``{glue:text}`key:spec``` exactly as myst-nb writes it (its own formatter)."""
    from myst_nb.core.variables import format_plain_text
    return format_plain_text(text, spec)


def _heading_of(text: str) -> str | None:
    for line in text.splitlines():
        match = _HEADING.match(line)
        if match:
            return match.group("title")
    return None


class Titles:
    """Page titles (for ``{doc}``) and section titles of ``(label)=`` targets (for ``{ref}``),
    read from the Markdown of the notebooks and ``.md`` pages in one folder, on first use."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self._pages: dict[str, str] | None = None
        self._labels: dict[str, str] = {}

    def _texts(self) -> dict[str, list[str]]:
        texts: dict[str, list[str]] = {}
        for path in sorted(self.folder.glob("*.ipynb")) if self.folder else []:
            nb = nbformat.read(path, as_version=4)
            texts[path.stem] = [c.source for c in nb.cells if c.cell_type == "markdown"]
        for path in sorted(self.folder.glob("*.md")) if self.folder else []:
            texts[path.stem] = [path.read_text()]
        return texts

    def _load(self) -> None:
        if self._pages is not None:
            return
        self._pages = {}
        for page, cells in self._texts().items():
            title = next((t for t in map(_heading_of, cells) if t), None)
            if title:
                self._pages[page] = title
            self.add_labels("\n".join(cells))

    def add_labels(self, text: str) -> None:
        lines = text.splitlines()
        for k, line in enumerate(lines):
            match = _TARGET.match(line)
            if match:
                following = next((x for x in lines[k + 1:] if x.strip()), "")
                heading = _HEADING.match(following)
                if heading:
                    self._labels[match.group("label")] = heading.group("title")

    def page(self, name: str) -> str:
        self._load()
        key = Path(name.lstrip("/")).with_suffix("").name
        if key not in self._pages:
            raise ValueError(f"{{doc}}`{name}`: no page {key!r} with a title in {self.folder}")
        return self._pages[key]

    def label(self, name: str) -> str:
        if name not in self._labels:
            self._load()
        if name not in self._labels:
            raise ValueError(f"{{ref}}`{name}`: no section labelled {name!r} in {self.folder}")
        return self._labels[name]


def _role(match: re.Match[str], glue: dict[str, str], titles: Titles) -> str:
    name, content = match.group("name"), match.group("content")
    if name in ("glue", "glue:", "glue:text", "glue:any"):
        key, spec = content.rsplit(":", 1) if name == "glue:text" and ":" in content else (content, "")
        if key not in glue:
            raise ValueError(f"{{{name}}}`{content}`: the chapter's stored outputs glue no "
                             f"{key!r} (re-execute it: make refresh)")
        return paste_text(glue[key], spec)
    if name in ("math", "glue:math"):
        return f"${content}$" if name == "math" else f"${glue.get(content, content)}$"
    explicit = _EXPLICIT.match(content)
    if explicit and explicit.group("text"):
        return explicit.group("text")
    if name == "doc":
        return titles.page(content)
    if name in ("ref", "numref"):
        return titles.label(content)
    return content.lstrip("~!")


def plain_markdown(text: str, glue: dict[str, str], titles: Titles) -> str:
    """MyST Markdown as plain (CommonMark) Markdown, as Jupyter shows it."""
    lines, out, k = text.split("\n"), [], 0
    while k < len(lines):
        line = lines[k]
        directive = _DIRECTIVE.match(line)
        if _TARGET.match(line):
            k += 1
            continue
        if directive is None:
            out.append(line)
            k += 1
            continue
        fence = directive.group("fence")
        end = next((j for j in range(k + 1, len(lines)) if lines[j].strip() == fence), len(lines))
        body = lines[k + 1:end]
        while body and _OPTION.match(body[0]):
            body = body[1:]
        name, argument = directive.group("name"), directive.group("argument").strip()
        heading = _DIRECTIVE_HEADINGS.get(name, name.replace("-", " ").capitalize())
        if heading is not None and (heading or argument):
            out.append(f"**{heading}{': ' if heading and argument else ''}{argument}**")
            out.append("")
        if any(b.strip() for b in body):
            out.append(plain_markdown("\n".join(body).strip("\n"), glue, titles))
        k = end + 1
    joined = "\n".join(out)
    joined = _ROLE.sub(lambda m: _role(m, glue, titles), joined)
    return re.sub(r"\n{3,}", "\n\n", joined)


def _intro_cell(title: str) -> NotebookNode:
    return nbformat.v4.new_markdown_cell(
        f"**Exercise version of *{title}*.** The worked solutions are removed, and so are the "
        "answer boxes (their code holds the answers: check your numbers in the boxes on the "
        "course site). Each code exercise is a stub that raises `NotImplementedError`, and the "
        "check after it says *not done yet* until your function is right. Run the notebook "
        "from the top (it needs `nnh`); the complete chapter with solutions is on the course site.")


def _title(nb: NotebookNode, fallback: str) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            match = re.search(r"^#\s+(.+)$", cell.source, re.MULTILINE)
            if match:
                return match.group(1).strip()
    return fallback


def student_version(nb: NotebookNode, fallback_title: str = "this chapter",
                    folder: Path | None = None) -> NotebookNode:
    """A new notebook: ``nb`` without its solutions, answer boxes and outputs, its Markdown
    plain (``folder`` holds the pages that ``{doc}`` and ``{ref}`` roles name), led by an
    explanatory cell."""
    glue, titles = glued_values(nb), Titles(folder)
    titles.add_labels("\n".join(c.source for c in nb.cells if c.cell_type == "markdown"))
    out = nbformat.v4.new_notebook(metadata=nb.metadata)
    out.cells.append(_intro_cell(_title(nb, fallback_title)))
    inside = False
    kept: list[tuple[NotebookNode, bool]] = []      # (cell, whether it was trimmed)
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            if inside:
                continue
            if cell.cell_type == "code" and _ANSWER_BOX.search(cell.source):
                kept.append((nbformat.v4.new_markdown_cell(ANSWER_BOX_NOTE), False))
            else:
                kept.append((_cleared(cell), False))
            continue
        text, inside_after = _strip_solutions(cell.source, inside)
        touched = inside or inside_after or text != cell.source
        inside = inside_after
        if text.strip():
            new = nbformat.v4.new_markdown_cell(text)
            new.metadata = cell.metadata
            kept.append((new, touched))
    if inside:
        raise ValueError(f"{fallback_title}: a {{solution-start}} directive has no {{solution-end}}")
    for cell, touched in kept:
        if cell.cell_type == "markdown":
            text = plain_markdown(cell.source, glue, titles)
            cell.source = text.strip("\n") if touched or text != cell.source else text
            if not cell.source.strip():
                continue
        out.cells.append(cell)
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
    nbformat.write(student_version(nb, chapter.stem, chapter.parent), target)
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
