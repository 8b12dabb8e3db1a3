"""Browser fixtures: the built site served on loopback, driven in Debian's Chromium.

The helpers live in tools/browser.py, shared with the tools (screenshots and others); here
their BrowserSetupError becomes a test failure with its message. NNH_SITE_DIR overrides the
site folder (default _build/html), NNH_CHROMIUM the browser. A missing site or browser fails
the run with a message; nothing is skipped.

Fixtures: ``site_dir``, ``base_url``, ``browser``, ``page`` (1280 px wide unless parametrized
indirectly with a width; a new page of a context shared by the tests, with a warm HTTP cache
and storage cleared after each test: SharedContext) and ``page_log`` (what the page did that
it should not).
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Error as PlaywrightError

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
    requests), and every URL its context requested (a worker's requests too). Every log is
    watched: a console error or uncaught page error logged while a test runs fails that test
    (``every_page_error_fails_its_test`` below)."""

    def __init__(self) -> None:
        self.external_requests: list[str] = []
        self.console_errors: list[str] = []
        self.failed_requests: list[str] = []
        self.requests: list[str] = []
        _ALL_LOGS.append(self)

    def record_request(self, request) -> None:
        """A request of the page's context: its URL, and off loopback as an external request
        too (the browser fixture's Chromium fails those at once)."""
        self.requests.append(request.url)
        if not _is_local(request.url):
            self.external_requests.append(request.url)


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
    """A fresh context (empty cache) of ``width`` x ``height`` px whose requests are logged in
    ``log``: any off loopback in ``log.external_requests`` (the browser never sends them)."""
    context = browser.new_context(viewport={"width": width, "height": height})
    context.on("request", log.record_request)
    return context


def logged_page(context, log: PageLog):
    """A new page of ``context`` whose console errors, page errors and failed requests go
    into ``log``."""
    pg = context.new_page()
    pg.on("console", lambda m: log.console_errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: log.console_errors.append(f"page error: {e}"))
    pg.on("requestfailed", lambda r: log.failed_requests.append(r.url))
    return pg


CLEAR_STORAGE = """async () => {
    localStorage.clear();
    sessionStorage.clear();
    for (const db of await indexedDB.databases()) {
        await new Promise((done, fail) => { const r = indexedDB.deleteDatabase(db.name);
                                            r.onsuccess = done; r.onerror = fail; r.onblocked = fail; });
    }
    for (const key of window.caches ? await caches.keys() : []) await caches.delete(key);
}"""


class SharedContext:
    """The ``page`` fixture's browser context, one per worker: its HTTP cache (and the code
    cache that goes with it) stays warm from test to test, so a test's page loads as a
    reader's second page does. What a test may leave behind does not: each test gets a new
    page (tab: its own sessionStorage, init scripts, routes, viewport and media), and after it
    the context's cookies, localStorage and IndexedDB are cleared. Requests go into the
    current test's PageLog."""

    def __init__(self, browser, base_url: str) -> None:
        self.base_url = base_url
        self.log = PageLog()
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.context.on("request", lambda r: self.log.record_request(r))

    def page(self, log: PageLog, width: int):
        """A new page ``width`` px wide whose requests and errors go into ``log``; on exit
        the context's storage is cleared and its pages closed."""
        self.log = log
        pg = logged_page(self.context, log)
        try:
            pg.set_viewport_size({"width": width, "height": 900})
            yield pg
        finally:
            self.clear_storage(pg)
            for opened in self.context.pages:
                opened.close()
            self.log = PageLog()  # whatever still arrives belongs to no test

    def clear_storage(self, pg) -> None:
        """Empty the context's cookies, localStorage, IndexedDB and Cache Storage. The site
        is one origin: a page still on it clears them from the inside (cheap); otherwise
        Playwright's set_storage_state clears every origin (about 0.4 s)."""
        self.context.clear_cookies()
        try:
            if pg.is_closed() or not pg.url.startswith(f"{self.base_url}/"):
                raise PlaywrightError("not on the site")
            pg.evaluate(CLEAR_STORAGE)
        except PlaywrightError:
            self.context.set_storage_state({"cookies": [], "origins": []})


@pytest.fixture(scope="session")
def shared_context(browser, base_url):
    shared = SharedContext(browser, base_url)
    yield shared
    shared.context.close()


@pytest.fixture
def page(shared_context: SharedContext, page_log: PageLog, request):
    """A new page (1280 px wide, or the indirect parameter) in the worker's shared context."""
    yield from shared_context.page(page_log, getattr(request, "param", 1280))


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
