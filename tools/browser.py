"""Browser helpers shared by the browser tests (tests/site/conftest.py) and the tools
(screenshots, and any other script that opens the built site): the site served on loopback,
Debian's Chromium found and launched headless, the theme's light or dark mode chosen (before
a page loads, or live with the theme's button).

    from browser import built_site, launch_chromium, serve, set_theme_mode

    with serve(built_site()) as base_url, launch_chromium() as chromium:
        context = chromium.new_context()
        set_theme_mode(context, "dark")
        context.new_page().goto(f"{base_url}/index.html")

NNH_SITE_DIR overrides the site folder (default _build/html below NNH_BUILD_ROOT or the
repository), NNH_CHROMIUM the browser. What cannot be set up raises BrowserSetupError with a
message saying what to do: the tests turn it into a failure, the tools into an exit message.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import socket
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tools.paths import SITE, book_pages

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
THEME_MODES = ("light", "dark")
# Pages Sphinx makes besides the book's own (the index of terms is empty, so not listed).
SPHINX_PAGES = ("search.html",)


class BrowserSetupError(RuntimeError):
    """The site or the browser is missing; the message says how to get it."""


def site_folder() -> Path:
    """Where the built site is expected (it may not exist yet)."""
    return Path(os.environ.get("NNH_SITE_DIR", SITE)).resolve()


def built_site(folder: Path | None = None) -> Path:
    """``folder`` (default: :func:`site_folder`) if it holds a built site."""
    folder = site_folder() if folder is None else folder
    if not (folder / "index.html").exists():
        raise BrowserSetupError(f"No built site at {folder}: run `make build` first.")
    return folder


def site_pages(site: Path) -> list[str]:
    """Every page a reader can open, as URL paths: the book's pages (tools.paths.book_pages,
    from _toc.yml) and the pages Sphinx adds (search). ``site`` must hold a built site."""
    built_site(site)
    return [*book_pages(), *SPHINX_PAGES]


def chromium_path() -> str:
    """The Chromium executable: NNH_CHROMIUM, else Debian's chromium, else a Chrome on PATH."""
    candidates = [os.environ.get("NNH_CHROMIUM"), shutil.which("chromium"), "/usr/bin/chromium",
                  shutil.which("chromium-browser"), shutil.which("google-chrome")]
    for candidate in candidates:
        if candidate and Path(candidate).exists():
            return candidate
    raise BrowserSetupError(
        "No Chromium found. Install Debian's package (`make chromium` installs it as root with "
        "apt-get) or set NNH_CHROMIUM=/path/to/chrome.")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:  # keep the output readable
        pass


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser that drops a connection it no longer needs (a page closed or left while
        loading) is no error of the server's; anything else is printed as before."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on a free loopback port; yields the base URL (no trailing slash)."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


# Loopback, which the browser reaches directly when it is offline (launch_chromium).
LOOPBACK = ("127.0.0.1", "localhost", "[::1]")
OFFLINE_FAILURE = "net::ERR_PROXY_CONNECTION_FAILED"


@contextlib.contextmanager
def refusing_port() -> Iterator[int]:
    """A loopback TCP port that refuses every connection (bound, never listening), held
    until the block ends."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock.getsockname()[1]


@contextlib.contextmanager
def launch_chromium(*, offline: bool = False) -> Iterator[Any]:
    """A headless Chromium (a Playwright ``Browser``), closed on exit.

    ``offline``: every request to a host other than loopback fails at once with
    OFFLINE_FAILURE: the browser sends it to a proxy on a loopback port that refuses
    connections, and reaches loopback directly. Pages still emit their ``request`` events
    (the tests log off-site ones), and the HTTP cache stays on (request routing, the other way
    to block, turns it off and sends every request through Playwright)."""
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    with contextlib.ExitStack() as stack:
        options: dict[str, Any] = {}
        if offline:
            port = stack.enter_context(refusing_port())
            options["proxy"] = {"server": f"http://127.0.0.1:{port}", "bypass": ",".join(LOOPBACK)}
        playwright = stack.enter_context(sync_playwright())
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, **options)
        try:
            yield browser
        finally:
            browser.close()


def set_theme_mode(target: Any, mode: str) -> None:
    """Open every page of a Playwright ``BrowserContext`` (or the next pages loaded in a
    ``Page``) in ``mode`` ("light" or "dark"), as a reader who chose it does: through the
    theme's stored preference."""
    _check_mode("set_theme_mode", mode)
    target.add_init_script(f"localStorage.setItem('mode', '{mode}');"
                           f"localStorage.setItem('theme', '{mode}');")


def switch_theme_mode(page: Any, mode: str) -> None:
    """Switch a loaded page to ``mode`` ("light" or "dark") as a reader does: click the theme's
    colour-mode button (it cycles light, dark, auto) until the page is in that mode."""
    _check_mode("switch_theme_mode", mode)
    button = page.locator(".theme-switch-button:visible").first
    for _ in range(4):
        if page.evaluate("[document.documentElement.dataset.mode, "
                         "document.documentElement.dataset.theme]") == [mode, mode]:
            return
        button.click()
    raise AssertionError(f"the colour-mode button never switched the page to {mode} mode")


def _check_mode(function: str, mode: str) -> None:
    if mode not in THEME_MODES:
        raise ValueError(f"{function}: argument 'mode' must be one of {THEME_MODES}, got {mode!r}")


# JavaScript statement (inside an async function): wait until the page's web fonts are in.
# The formulas arrive typeset (book/_ext/course_mathjax.py) but take their final size only
# with MathJax's fonts. The one home of this rule (also pdf.py's page preparation and
# page_weight.settle).
AWAIT_FONTS = "await document.fonts.ready;"


def wait_for_fonts(page: Any) -> None:
    """Wait until the page's web fonts have loaded: its formulas have their final size."""
    page.evaluate(f"async () => {{ {AWAIT_FONTS} }}")
