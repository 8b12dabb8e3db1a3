"""Browser fixtures: the built site served on loopback, driven in Debian's Chromium.

NNH_SITE_DIR overrides the site folder (default _build/html), NNH_CHROMIUM the browser.
A missing site or browser fails the run with a message; nothing is skipped.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def site_folder() -> Path:
    default = Path(os.environ.get("NNH_BUILD_ROOT", ROOT)) / "_build" / "html"
    return Path(os.environ.get("NNH_SITE_DIR", default)).resolve()


def chromium_path() -> str:
    candidates = [os.environ.get("NNH_CHROMIUM"), shutil.which("chromium"), "/usr/bin/chromium",
                  shutil.which("chromium-browser"), shutil.which("google-chrome")]
    for candidate in candidates:
        if candidate and Path(candidate).exists():
            return candidate
    pytest.fail("No Chromium found for the browser tests. Install Debian's package "
                "(`make chromium` installs it as root with apt-get) or set NNH_CHROMIUM=/path/to/chrome.",
                pytrace=False)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep the test output readable
        pass


@pytest.fixture(scope="session")
def site_dir() -> Path:
    folder = site_folder()
    if not (folder / "index.html").exists():
        pytest.fail(f"No built site at {folder}: run `make build` first.", pytrace=False)
    return folder


@pytest.fixture(scope="session")
def base_url(site_dir: Path):
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class PageLog:
    """What a page did that it should not: requests off loopback, console errors."""

    def __init__(self) -> None:
        self.external_requests: list[str] = []
        self.console_errors: list[str] = []
        self.failed_requests: list[str] = []


@pytest.fixture
def page_log() -> PageLog:
    return PageLog()


@pytest.fixture
def page(browser, page_log: PageLog, request):
    width = getattr(request, "param", 1280)
    context = browser.new_context(viewport={"width": width, "height": 900})

    def route(r):
        if urlparse(r.request.url).hostname in ("127.0.0.1", "localhost") or \
                r.request.url.startswith(("data:", "blob:", "about:")):
            r.continue_()
        else:
            page_log.external_requests.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    pg = context.new_page()
    pg.on("console", lambda m: page_log.console_errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: page_log.console_errors.append(f"page error: {e}"))
    pg.on("requestfailed", lambda r: page_log.failed_requests.append(r.url))
    yield pg
    context.close()


def site_pages(site_dir: Path) -> list[str]:
    """Every real page of the site (redirect stubs and _static excluded), as URL paths."""
    pages = []
    for path in sorted(site_dir.rglob("*.html")):
        rel = path.relative_to(site_dir).as_posix()
        if rel.startswith(("_static/", "_sources/", "reports/")) or rel == "genindex.html":
            continue
        if 'http-equiv="Refresh"' in path.read_text(errors="replace")[:600]:
            continue
        pages.append(rel)
    return pages
