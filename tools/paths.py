"""Where things are: the repository, and the build directory (NNH_BUILD_ROOT).

Set NNH_BUILD_ROOT=/some/dir to build into /some/dir/_build instead of ./_build (several
builds can then run side by side without sharing a cache). Every tool and test reads the
build directory from here.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD_ROOT = Path(os.environ.get("NNH_BUILD_ROOT", ROOT)).resolve()
BUILD = BUILD_ROOT / "_build"
SITE = BUILD / "html"


def toc_docnames(toc: Path = ROOT / "_toc.yml") -> list[str]:
    """The pages of the book in reading order (the root, then every chapter and section, depth
    first), as Jupyter Book reads ``_toc.yml``: through sphinx-external-toc."""
    from sphinx_external_toc.parsing import parse_toc_yaml

    site_map = parse_toc_yaml(toc)
    names: list[str] = []

    def walk(docname: str) -> None:
        names.append(docname)
        for subtree in site_map[docname].subtrees:
            for item in subtree.items:
                if isinstance(item, str):
                    walk(item)

    walk(site_map.root.docname)
    return names


def book_config() -> dict:
    """The book's ``_config.yml``: the one home of settings such as the execution timeout."""
    import yaml

    return yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))


def execution_timeout() -> int:
    """Seconds a cell may run (``execute.timeout`` of ``_config.yml``), for every executor."""
    return int(book_config()["execute"]["timeout"])


#: nbclient's ``shutdown_kernel`` for every notebook the tools and tests execute: the kernel
#: is stopped at once when the last output is in (why: tools/execution.py).
KERNEL_SHUTDOWN = "immediate"


def book_pages() -> list[str]:
    """The book's pages as URL paths of the built site, in reading order (``book/index.html``,
    ...): the one list of pages for the tools and the tests."""
    return [f"{docname}.html" for docname in toc_docnames()]
