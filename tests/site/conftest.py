"""Browser fixtures: the built site served on loopback, driven in Debian's Chromium.

The helpers live in tools/browser.py, shared with the tools (screenshots and others); here
their BrowserSetupError becomes a test failure with its message. NNH_SITE_DIR overrides the
site folder (default _build/html), NNH_CHROMIUM the browser. A missing site or browser fails
the run with a message; nothing is skipped.

Fixtures: ``site_dir``, ``base_url``, ``browser``, ``page`` (1280 px wide unless parametrized
indirectly with a width) and ``page_log`` (what the page did that it should not).
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tools import browser as browser_tools

# Re-exported for the test modules (`from conftest import site_folder, site_pages`).
site_folder = browser_tools.site_folder
site_pages = browser_tools.site_pages


@contextlib.contextmanager
def setup_errors_fail_the_test():
    """A BrowserSetupError becomes a test failure showing only its message."""
    try:
        yield
    except browser_tools.BrowserSetupError as exc:
        raise pytest.fail.Exception(str(exc), pytrace=False) from None  # pytest.fail, unchained


@pytest.fixture(scope="session")
def site_dir() -> Path:
    with setup_errors_fail_the_test():
        return browser_tools.built_site()


@pytest.fixture(scope="session")
def base_url(site_dir: Path):
    with browser_tools.serve(site_dir) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """Chromium with no way off loopback (tools/browser.py: a refusing proxy), so every page
    of every test is offline, whatever context it opens."""
    with setup_errors_fail_the_test(), browser_tools.launch_chromium(offline=True) as chromium:
        yield chromium


class PageLog:
    """What a page did that it should not (requests off loopback, console errors, failed
    requests), and every URL its context requested (a worker's requests too)."""

    def __init__(self) -> None:
        self.external_requests: list[str] = []
        self.console_errors: list[str] = []
        self.failed_requests: list[str] = []
        self.requests: list[str] = []


@pytest.fixture
def page_log() -> PageLog:
    return PageLog()


def _is_local(url: str) -> bool:
    return urlparse(url).hostname in ("127.0.0.1", "localhost") or \
        url.startswith(("data:", "blob:", "about:"))


def log_requests(context, log: PageLog) -> None:
    """Every URL ``context`` requests goes into ``log.requests``, and those off loopback into
    ``log.external_requests`` too (the browser fixture's Chromium fails them at once)."""

    def record(request) -> None:
        log.requests.append(request.url)
        if not _is_local(request.url):
            log.external_requests.append(request.url)

    context.on("request", record)


def offline_context(browser, log: PageLog, width: int = 1280, height: int = 900):
    """A fresh context (empty cache) of ``width`` x ``height`` px whose requests are logged in
    ``log``: any off loopback in ``log.external_requests`` (the browser never sends them)."""
    context = browser.new_context(viewport={"width": width, "height": height})
    log_requests(context, log)
    return context


def logged_page(context, log: PageLog):
    """A new page of ``context`` whose console errors, page errors and failed requests go
    into ``log``."""
    pg = context.new_page()
    pg.on("console", lambda m: log.console_errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: log.console_errors.append(f"page error: {e}"))
    pg.on("requestfailed", lambda r: log.failed_requests.append(r.url))
    return pg


@pytest.fixture
def page(browser, page_log: PageLog, request):
    context = offline_context(browser, page_log, width=getattr(request, "param", 1280))
    yield logged_page(context, page_log)
    context.close()


# The most expensive modules first, so that xdist (--dist loadfile --no-loadscope-reorder in
# the Makefile) starts them at once and the short ones fill the gaps at the end: the student's
# venv alone takes minutes, and started last it left one worker idle meanwhile.
SLOWEST_FIRST = ("test_wheel.py", "test_run_in_page.py", "test_accessibility.py",
                 "test_dark_figures.py", "test_interactive.py", "test_site.py")


def pytest_collection_modifyitems(items) -> None:
    def rank(item) -> int:
        name = item.path.name
        return SLOWEST_FIRST.index(name) if name in SLOWEST_FIRST else len(SLOWEST_FIRST)

    items.sort(key=rank)
