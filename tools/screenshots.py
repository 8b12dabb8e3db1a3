"""Save a screenshot of every page of the built site, in light and in dark mode.

    python tools/screenshots.py [--out screenshots] [--width 1280]

Pages are served from _build/html (or NNH_SITE_DIR) on loopback and opened in Debian's
Chromium; the theme mode is chosen the way a reader does, through the theme's stored
preference. Files: <out>/<page>-light.png and <out>/<page>-dark.png, full page.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "site"))

from conftest import CHROMIUM_ARGS, chromium_path, site_folder, site_pages  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "screenshots"))
    parser.add_argument("--width", type=int, default=1280)
    args = parser.parse_args()

    import functools
    import http.server
    import threading

    from playwright.sync_api import sync_playwright

    site = site_folder()
    if not (site / "index.html").exists():
        raise SystemExit(f"no built site at {site}: run `make build` first")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *a):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        for mode in ("light", "dark"):
            context = browser.new_context(viewport={"width": args.width, "height": 900})
            context.add_init_script(f"localStorage.setItem('mode', '{mode}');"
                                    f"localStorage.setItem('theme', '{mode}');")
            page = context.new_page()
            for path in site_pages(site):
                page.goto(f"{base}/{path}", wait_until="load")
                page.evaluate("async () => { if (window.MathJax && MathJax.startup) "
                              "await MathJax.startup.promise; }")
                name = path.removesuffix(".html").replace("/", "_")
                page.screenshot(path=str(out / f"{name}-{mode}.png"), full_page=True)
                print(f"[screenshots] {name}-{mode}.png")
            context.close()
        browser.close()
    server.shutdown()
    server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
