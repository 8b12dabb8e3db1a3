"""Page weight: what a first visit with an empty cache transfers, gzip-encoded.

A page is opened in Chromium in a fresh browser context (empty cache), every request it
makes until the network is idle and its fonts and formulas are ready is recorded, and each
requested file of the built site is weighed as a gzip-encoding server would send it
(``gzip -6``; PNG figures barely shrink). Figures (``_images/``) are counted apart, because
the budget of a chapter is "450 kB plus its own figures".

Budgets (issue 11): the landing page at most 300 kB; a chapter at most 450 kB besides its
figures. ``tests/site/test_site.py`` holds them (it weighs the same first visit that its
other checks read); ``make bench`` reports them (``python -m tools.page_weight`` prints the
table alone).
"""

from __future__ import annotations

import functools
import gzip
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

ROOT = Path(__file__).resolve().parents[1]
LANDING_BUDGET = 300_000
CHAPTER_BUDGET = 450_000
LANDING_PAGE = "book/index.html"


@dataclass
class PageWeight:
    path: str
    resources: dict[str, int] = field(default_factory=dict)  # site path -> gzip bytes

    @property
    def figures(self) -> int:
        return sum(size for path, size in self.resources.items() if path.startswith("_images/"))

    @property
    def total(self) -> int:
        return sum(self.resources.values())

    @property
    def without_figures(self) -> int:
        return self.total - self.figures

    def heaviest(self, n: int = 5) -> list[tuple[str, int]]:
        return sorted(self.resources.items(), key=lambda item: -item[1])[:n]

    def loaded(self, fragment: str) -> list[str]:
        return [path for path in self.resources if fragment in path]


def budget_for(path: str) -> tuple[str, int]:
    """(what the budget covers, bytes) for a page of the site."""
    if path in (LANDING_PAGE, "index.html"):
        return "total", LANDING_BUDGET
    return "without_figures", CHAPTER_BUDGET


@functools.cache
def gzip_size(file: Path) -> int:
    return len(gzip.compress(file.read_bytes(), compresslevel=6, mtime=0))


def local_file(site: Path, url: str) -> Path | None:
    """The site file behind a request, None for data:/blob: URLs (inline, no transfer)."""
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https"):
        return None
    file = site / unquote(parsed.path).lstrip("/")
    if file.is_dir():
        file = file / "index.html"
    if not file.is_file():
        raise FileNotFoundError(f"{url} is not a file of the site {site}")
    return file


def settle(page) -> None:
    """Wait until the page's web fonts are loaded (MathJax's among them, on a page with math)."""
    from tools.browser import wait_for_fonts

    wait_for_fonts(page)


def weigh_requests(site: Path, path: str, urls: list[str]) -> PageWeight:
    """The weight of ``path`` from the URLs its first visit requested: each site file once,
    gzipped (data: and blob: URLs transfer nothing)."""
    weight = PageWeight(path)
    for url in dict.fromkeys(urls):
        file = local_file(site, url)
        if file is not None:
            weight.resources[file.relative_to(site).as_posix()] = gzip_size(file)
    return weight


def weigh(browser, base_url: str, site: Path, path: str) -> PageWeight:
    """Open ``path`` with an empty cache and weigh every site file it requested by the time
    it has loaded and its web fonts are in: what a reader's page
    fetches (on every page the same files as waiting for the network to fall idle, without
    the half second of quiet that each such wait costs)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    requested: list[str] = []
    try:
        page = context.new_page()
        page.on("request", lambda request: requested.append(request.url))
        page.goto(f"{base_url}/{path}", wait_until="load")
        settle(page)
    finally:
        context.close()
    return weigh_requests(site, path, requested)


def weighed_pages() -> list[str]:
    """The pages held to a budget: the book's pages (tools.paths.book_pages)."""
    from tools.paths import book_pages

    return book_pages()


def weigh_site(site: Path) -> list[PageWeight]:
    """Every page of the built ``site``, weighed in Chromium (for bench and the command line)."""
    from tools.browser import launch_chromium, serve

    with serve(site) as base_url, launch_chromium() as browser:
        return [weigh(browser, base_url, site, path) for path in weighed_pages()]


def report(weights: list[PageWeight]) -> list[str]:
    """One line per page: gzip kB, of which figures, and the budget it is held to."""
    lines = []
    for w in weights:
        covered, budget = budget_for(w.path)
        measured = getattr(w, covered)
        verdict = "met" if measured <= budget else "MISSED"
        what = "total" if covered == "total" else "besides figures"
        lines.append(f"{w.path}: {w.total / 1e3:.0f} kB gzip ({w.figures / 1e3:.0f} kB figures); "
                     f"{what} {measured / 1e3:.0f} kB <= {budget / 1e3:.0f} kB: {verdict}")
    return lines


if __name__ == "__main__":
    from tools.paths import SITE

    site = Path(sys.argv[1]) if len(sys.argv) > 1 else SITE
    print("\n".join(report(weigh_site(site))))
