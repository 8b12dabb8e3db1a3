"""ESLint over the site's own JavaScript (``make lint``): the scripts in book/_static, the
explorers' widget.js and the editor's entry point, with the rules of tools/eslint/.

ESLint and its rule sets come from npm, pinned by tools/eslint/package-lock.json (``npm ci``,
run again only when the lock changes). Exit status: ESLint's (1 when it finds a problem).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tools.run_in_page import AssetError, npm_ci

ROOT = Path(__file__).resolve().parent.parent
ESLINT = ROOT / "tools" / "eslint"
SOURCES = ("book/_static", "nnh/interactive/widget.js", "runner/editor.mjs")


def main() -> int:
    try:
        npm_ci(ESLINT)
    except AssetError as error:
        print(f"[js-lint] {error}", file=sys.stderr)
        return 2
    command = [str(ESLINT / "node_modules" / ".bin" / "eslint"), "--max-warnings=0",
               "--config", str(ESLINT / "eslint.config.mjs"), *SOURCES]
    return subprocess.run(command, cwd=ROOT).returncode


if __name__ == "__main__":
    sys.exit(main())
