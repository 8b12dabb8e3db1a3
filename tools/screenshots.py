"""Save a screenshot of every page of the built site, in light and in dark mode.

    python -m tools.screenshots [--out screenshots] [--width 1280]

Pages are served from _build/html (or NNH_SITE_DIR) on loopback and opened in Debian's
Chromium (tools/browser.py); the theme mode is chosen the way a reader does, through the
theme's stored preference. Files: <out>/<page>-light.png and <out>/<page>-dark.png, full page.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tools.browser import (
    THEME_MODES,
    BrowserSetupError,
    built_site,
    launch_chromium,
    serve,
    set_theme_mode,
    site_pages,
    wait_for_fonts,
)
from tools.paths import ROOT


def save_screenshots(site: Path, out: Path, width: int) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with serve(site) as base_url, launch_chromium() as chromium:
        for mode in THEME_MODES:
            context = chromium.new_context(viewport={"width": width, "height": 900})
            set_theme_mode(context, mode)
            page = context.new_page()
            for path in site_pages(site):
                page.goto(f"{base_url}/{path}", wait_until="load")
                wait_for_fonts(page)
                name = path.removesuffix(".html").replace("/", "_")
                page.screenshot(path=str(out / f"{name}-{mode}.png"), full_page=True)
                print(f"[screenshots] {name}-{mode}.png")
            context.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "screenshots"))
    parser.add_argument("--width", type=int, default=1280)
    args = parser.parse_args()
    try:
        save_screenshots(built_site(), Path(args.out), args.width)
    except BrowserSetupError as exc:
        raise SystemExit(f"[screenshots] {exc}") from None
    return 0


if __name__ == "__main__":
    sys.exit(main())
