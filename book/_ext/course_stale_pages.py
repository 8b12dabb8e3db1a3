"""Sphinx extension: a page whose source left the book leaves the site too.

Sphinx writes the pages it builds and never deletes one. A chapter removed from ``_toc.yml``
but kept on disk (jupyter-book's ``only_build_toc_files`` then excludes it) kept its old page,
its ``_sources`` copies and its place in the site's folder, reachable by a stale link or a
search engine. At ``build-finished`` every page of the output whose source file still exists
in the source folder but is no longer one of the project's documents is removed, with its
``_sources`` copies. (Pages of deleted source files are removed by ``tools/build.py``.)
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

LOGGER = logging.getLogger(__name__)
EXERCISES_SUFFIX = "-exercises"  # <chapter>-exercises.ipynb, written by student_notebooks


def stale_outputs(outdir: Path, srcdir: Path, docnames: Iterable[str],
                  source_suffixes: Iterable[str]) -> list[Path]:
    """Built files of sources that exist but are not documents of the project any more."""
    docnames, suffixes = set(docnames), tuple(source_suffixes)
    stale = []
    for page in sorted(outdir.rglob("*.html")):
        docname = page.relative_to(outdir).with_suffix("").as_posix()
        if docname in docnames or docname.startswith("_"):
            continue
        if any((srcdir / f"{docname}{suffix}").is_file() for suffix in suffixes):
            sources, name = outdir / "_sources" / Path(docname).parent, Path(docname).name
            copies = [*sources.glob(f"{name}.*"), *sources.glob(f"{name}{EXERCISES_SUFFIX}.*")]
            stale += [page, *sorted(copies)]
    return stale


def _remove_stale_outputs(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    for path in stale_outputs(Path(app.outdir), Path(app.srcdir), app.env.found_docs,
                              app.config.source_suffix):
        path.unlink()
        LOGGER.info("course_stale_pages: removed %s (its source is no longer in the book)",
                    path.relative_to(app.outdir))


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("build-finished", _remove_stale_outputs)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
