"""`make lint` runs ESLint (tools/js_lint.py) over the site's own JavaScript. These tests keep
that true as files come and go: every script the repository ships is inside what ESLint reads,
and ESLint's packages are pinned exactly and locked."""

from __future__ import annotations

import json
from pathlib import Path

from tools.js_lint import ESLINT, SOURCES

ROOT = Path(__file__).resolve().parent.parent
SKIPPED_FOLDERS = {"node_modules", "_build", ".venv", ".git", ".cache"}


def shipped_scripts() -> list[str]:
    return sorted(path.relative_to(ROOT).as_posix()
                  for pattern in ("*.js", "*.mjs") for path in ROOT.rglob(pattern)
                  if not SKIPPED_FOLDERS & set(path.relative_to(ROOT).parts))


def test_every_script_of_the_repository_is_linted():
    scripts = shipped_scripts()
    assert "book/_static/run_in_page/run_in_page.js" in scripts  # the walk finds them
    outside = [s for s in scripts
               if s != "tools/eslint/eslint.config.mjs"
               and not any(s == source or s.startswith(source + "/") for source in SOURCES)]
    assert outside == [], f"add these to tools/js_lint.py's SOURCES: {outside}"


def test_eslint_and_its_rules_are_pinned_exactly_and_locked():
    wanted = json.loads((ESLINT / "package.json").read_text())["devDependencies"]
    lock = json.loads((ESLINT / "package-lock.json").read_text())["packages"]
    assert set(wanted) >= {"eslint", "@eslint/js", "globals"}
    for name, version in wanted.items():
        assert version[0].isdigit(), f"{name}: pin an exact version, not {version!r}"
        assert lock[f"node_modules/{name}"]["version"] == version, name
        assert lock[f"node_modules/{name}"]["integrity"].startswith("sha512-"), name
