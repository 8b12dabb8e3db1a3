"""The theme contract (book/_ext/theme_contract.py): what the site relies on still exists.

An upgrade of the theme or an extension that drops a class, template block, label, path or
localStorage key our code uses fails here first, with one readable line per broken promise.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
from pathlib import Path

import theme_contract

ROOT = Path(__file__).resolve().parent.parent

STATIC = ROOT / "book" / "_static"


def test_every_promise_is_kept_by_the_installed_packages():
    assert theme_contract.broken_promises() == []


def test_a_removed_selector_is_reported_by_name(tmp_path):
    """The theme without '.prev-next-title' (copied, then edited): the contract names it."""
    theme = Path(importlib.util.find_spec("pydata_sphinx_theme").origin).parent
    copy = tmp_path / "pst"
    shutil.copytree(theme, copy)
    for path in theme_contract.text_files(copy):
        text = path.read_text(encoding="utf-8", errors="replace")
        path.write_text(text.replace("prev-next-title", "prev-next-heading"), encoding="utf-8")

    def files_of(package: str) -> list[Path]:
        if package == "pydata_sphinx_theme":
            return theme_contract.text_files(copy)
        return theme_contract.package_files(package)

    assert theme_contract.broken_promises(files_of=theme_contract.package_files) == []

    broken = theme_contract.broken_promises(files_of=files_of)
    assert broken == [".prev-next-title: 'prev-next-title' is gone from pydata_sphinx_theme "
                      "(relied on by course.css)"]


def css_classes_and_ids(css: str) -> set[str]:
    """Every class and id named in the selectors of a stylesheet."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    selectors = " ".join(re.findall(r"([^{}@;]+)\{", css))
    selectors = re.sub(r"url\([^)]*\)|\[[^\]]*\]", "", selectors)
    return {token for token in re.findall(r"[.#]([A-Za-z_][\w-]*)", selectors)
            if not re.fullmatch(r"\d.*", token)}


def test_every_theme_class_our_css_uses_is_in_the_contract():
    listed = {p.name.lstrip(".#") for p in theme_contract.PROMISES}
    used = set()
    for name in ("course.css", "print.css", "navigation.css"):
        used |= css_classes_and_ids((STATIC / name).read_text(encoding="utf-8"))
    unlisted = sorted(token for token in used if token not in listed
                      and token not in theme_contract.OURS
                      and not token.startswith(theme_contract.OURS_PREFIXES))
    assert unlisted == [], f"add these to book/_ext/theme_contract.py PROMISES: {unlisted}"
