"""Build nnh's wheel for the site's downloads, reproducibly.

    python -m tools.wheel [--force]

The package is built with `pip wheel --no-deps` from a clean copy of nnh/ (its README is the
wheel's description), pyproject.toml and LICENSE (so no build/ or egg-info folder lands in the
work tree), by the locked setuptools (no build isolation: nothing is downloaded), with
SOURCE_DATE_EPOCH fixed: the same sources give a byte-identical wheel. It is written to
_build/wheel/ and copied
into _build/html/downloads/, which the landing page links. Skipped when the sources did not
change since the last build (--force builds anyway).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from downloads import DOWNLOADS, wheel_name

from tools.fingerprint import hash_files
from tools.paths import BUILD, ROOT

OUT = BUILD / "wheel"
KEY_FILE = OUT / ".sources-key"
SOURCES = ("nnh", "pyproject.toml", "LICENSE")
SOURCE_DATE_EPOCH = "315532800"  # 1980-01-01, the earliest date a zip file can hold


def source_files(root: Path = ROOT) -> list[Path]:
    files = []
    for name in SOURCES:
        path = root / name
        files += sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    return [p for p in files if "__pycache__" not in p.parts and p.suffix != ".pyc"]


def sources_key(root: Path = ROOT) -> str:
    """Fingerprint of the wheel's sources and of this script."""
    return hash_files(source_files(root), root, seed=Path(__file__).read_bytes())


def build_wheel(out: Path, root: Path = ROOT) -> Path:
    """Build the wheel into `out` from a clean copy of the sources; returns its path."""
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="nnh-wheel-") as tmp:
        for path in source_files(root):
            target = Path(tmp) / path.relative_to(root)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)  # fresh files: modes do not depend on the checkout
        env = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH, "PYTHONHASHSEED": "0"}
        subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--quiet",
                        "--disable-pip-version-check", "--wheel-dir", str(out), tmp],
                       env=env, check=True)
    wheel = out / wheel_name(root)
    if not wheel.exists():
        raise SystemExit(f"[wheel] pip did not write {wheel}: found {sorted(out.glob('*.whl'))}")
    return wheel


def current_wheel() -> Path | None:
    """The wheel of the last build in _build/wheel/ if its sources have not changed since (the
    same sources give a byte-identical wheel), else None."""
    wheel = OUT / wheel_name()
    if KEY_FILE.exists() and KEY_FILE.read_text().strip() == sources_key() and wheel.exists():
        return wheel
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="build even if nnh did not change")
    args = parser.parse_args()
    wheel = current_wheel()
    if args.force or wheel is None:
        key = sources_key()
        start = time.perf_counter()
        for old in OUT.glob("*.whl"):
            old.unlink()
        wheel = build_wheel(OUT)
        KEY_FILE.write_text(key + "\n")
        print(f"[wheel] built {wheel.name} in {time.perf_counter() - start:.1f} s")
    site = BUILD / "html"
    if site.is_dir():
        (site / DOWNLOADS).mkdir(exist_ok=True)
        shutil.copy2(wheel, site / DOWNLOADS / wheel.name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
