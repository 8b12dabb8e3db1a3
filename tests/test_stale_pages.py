"""book/_ext/course_stale_pages.py: a page that leaves the book leaves the built site.

A real Sphinx build of a two-page project; then the second page is excluded (as jupyter-book
does for a chapter dropped from _toc.yml while its file stays) and the project is rebuilt.
"""

from __future__ import annotations

from pathlib import Path

from course_stale_pages import stale_outputs
from sphinx.application import Sphinx

CONF = """
extensions = ["course_stale_pages"]
exclude_patterns = {excluded!r}
html_copy_source = True
"""


def build(project: Path, excluded: list[str]) -> Path:
    (project / "conf.py").write_text(CONF.format(excluded=excluded))
    out = project / "_build" / "html"
    app = Sphinx(str(project), str(project), str(out), str(project / "_build" / "doctrees"), "html",
                 status=None, warning=None, freshenv=False)
    app.build()
    return out


def test_a_page_excluded_after_a_build_is_removed_with_its_sources(tmp_path):
    (tmp_path / "index.rst").write_text("Index\n=====\n\n.. toctree::\n\n   chapter\n")
    (tmp_path / "chapter.rst").write_text("Chapter\n=======\n\nText.\n")
    out = build(tmp_path, [])
    assert (out / "chapter.html").exists() and (out / "_sources" / "chapter.rst.txt").exists()
    (tmp_path / "index.rst").write_text("Index\n=====\n")
    out = build(tmp_path, ["chapter.rst"])
    assert (tmp_path / "chapter.rst").exists()
    assert not (out / "chapter.html").exists()
    assert not (out / "_sources" / "chapter.rst.txt").exists()
    assert (out / "index.html").exists() and (out / "search.html").exists()


def test_only_pages_of_sources_that_left_the_book_are_stale(tmp_path):
    src, out = tmp_path / "src", tmp_path / "out"
    for path in ["book/a.ipynb", "book/b.ipynb", "book/b-c.md"]:
        (src / path).parent.mkdir(parents=True, exist_ok=True)
        (src / path).write_text("")
    for path in ["book/a.html", "book/b.html", "book/b-c.html", "book/gone.html", "index.html",
                 "search.html", "_sources/book/b.ipynb", "_sources/book/b-exercises.ipynb",
                 "_sources/book/b-c.md", "_static/x.html"]:
        (out / path).parent.mkdir(parents=True, exist_ok=True)
        (out / path).write_text("")
    stale = stale_outputs(out, src, {"book/a", "book/b-c"}, [".ipynb", ".md"])
    assert [p.relative_to(out).as_posix() for p in stale] == [
        "book/b.html", "_sources/book/b-exercises.ipynb", "_sources/book/b.ipynb"]
