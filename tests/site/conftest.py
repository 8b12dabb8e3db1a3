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
    with setup_errors_fail_the_test(), browser_tools.launch_chromium() as chromium:
        yield chromium


class PageLog:
    """What a page did that it should not (requests off loopback, console errors, failed
    requests), and every URL its context requested (a worker's requests too). Every log is
    watched: a console error or uncaught page error logged while a test runs fails that test
    (``every_page_error_fails_its_test`` below)."""

    def __init__(self) -> None:
        self.external_requests: list[str] = []
        self.console_errors: list[str] = []
        self.failed_requests: list[str] = []
        self.requests: list[str] = []
        _ALL_LOGS.append(self)


# Every log of the worker, kept (not weakly: a test's page fixture is torn down, and its log
# could be freed, before the check below reads it).
_ALL_LOGS: list[PageLog] = []


@pytest.fixture(autouse=True)
def every_page_error_fails_its_test():
    """A script error is a bug even when the test's own assertions pass (Reset once threw a
    ReferenceError after doing its job, unnoticed). Errors logged during the test, by any
    page opened with ``logged_page``, fail it after it ran; a test's own fixtures' pages
    (module-scoped ones included) are watched from the test's start."""
    before = {id(log): len(log.console_errors) for log in _ALL_LOGS}
    yield
    new = [error for log in _ALL_LOGS for error in log.console_errors[before.get(id(log), 0):]]
    if new:
        pytest.fail(f"the page logged {len(new)} error(s) during the test: {new}", pytrace=False)


@pytest.fixture
def page_log() -> PageLog:
    return PageLog()


def _is_local(url: str) -> bool:
    return urlparse(url).hostname in ("127.0.0.1", "localhost") or \
        url.startswith(("data:", "blob:", "about:"))


def offline_context(browser, log: PageLog, width: int = 1280, height: int = 900):
    """A fresh context (empty cache) of ``width`` x ``height`` px that serves only loopback:
    every other request is logged in ``log.external_requests`` and aborted."""
    context = browser.new_context(viewport={"width": width, "height": height})

    def route(r):
        if _is_local(r.request.url):
            r.continue_()
        else:
            log.external_requests.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    context.on("request", lambda r: log.requests.append(r.url))
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
