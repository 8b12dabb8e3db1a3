"""Put what "Run it in the page" needs into the built site: Pyodide, its wheels, nnh, the editor.

    python -m tools.run_in_page          # after tools.build and tools.wheel (make build)

Writes into ``_build/html/_static/``:

* ``pyodide/``: Pyodide's core (``pyodide.js``, ``pyodide.asm.js``, ``pyodide.asm.wasm``,
  ``python_stdlib.zip``) and ``pyodide-lock.json``, from the npm package ``pyodide@VERSION``
  (``npm pack``, cached in ``.cache/``; the tarball is checked against its pinned sha256);
  the wheels of NumPy and matplotlib and of everything they depend on according to the lock;
  nnh's own wheel from ``_build/wheel``; and ``manifest.json`` (the files and their sizes,
  for the page's progress indicator).
* ``run_in_page/editor.js``: CodeMirror 6, bundled by esbuild from ``runner/`` (``npm ci``).

The wheels come from a local mirror folder when there is one: ``NNH_PYODIDE_MIRROR``, else
``../shared/pyodide/VERSION`` beside the repository if it exists. Otherwise they are downloaded
from Pyodide's official release (``NNH_PYODIDE_RELEASE_URL``, default jsDelivr's
``pyodide/vVERSION/full/``). Either way every file's sha256 must equal the one in npm's
``pyodide-lock.json``: a missing or altered file stops the build with a message naming it.

``PYODIDE_VERSION`` below is the only place that names the Pyodide version.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from downloads import wheel_name

from tools.paths import BUILD, ROOT

PYODIDE_VERSION = "0.27.7"
# sha256 of npm's pyodide-0.27.7.tgz (npm also checks the registry's sha512 when packing).
PYODIDE_NPM_SHA256 = "89d5d952675eb08e11286e52c7238f1248ce71726e896db9703e73bef23dc343"
CORE_FILES = ("pyodide.js", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip",
              "pyodide-lock.json")
LOCK_NAME = "pyodide-lock.json"
#: The packages every page loads on Run (with their dependencies from the lock).
PACKAGES = ("numpy", "matplotlib")
RELEASE_URL = os.environ.get("NNH_PYODIDE_RELEASE_URL",
                             f"https://cdn.jsdelivr.net/pyodide/v{PYODIDE_VERSION}/full/")
CACHE = ROOT / ".cache" / f"pyodide-{PYODIDE_VERSION}"
EDITOR_SOURCE = ROOT / "runner"
SITE_PYODIDE = Path("_static") / "pyodide"
SITE_EDITOR = Path("_static") / "run_in_page" / "editor.js"


class AssetError(RuntimeError):
    """A file that Run needs is missing or is not the file the lock names."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# --- Pyodide's core, from npm -------------------------------------------------------------

def npm() -> str:
    found = shutil.which("npm")
    if found is None:
        raise AssetError("npm is needed to fetch Pyodide and CodeMirror for the in-page runner: "
                         "install it (Debian: apt-get install npm; `make chromium` does it as root)")
    return found


def core_folder(cache: Path = CACHE) -> Path:
    """The unpacked npm package pyodide@PYODIDE_VERSION (fetched once into ``cache``)."""
    target = cache / "npm"
    if all((target / name).exists() for name in CORE_FILES):
        return target
    with tempfile.TemporaryDirectory(prefix="pyodide-npm-") as tmp:
        result = subprocess.run([npm(), "pack", f"pyodide@{PYODIDE_VERSION}", "--silent",
                                 "--pack-destination", tmp], capture_output=True, text=True,
                                timeout=600)
        tarball = Path(tmp) / f"pyodide-{PYODIDE_VERSION}.tgz"
        if result.returncode != 0 or not tarball.exists():
            raise AssetError(f"npm pack pyodide@{PYODIDE_VERSION} failed: {result.stderr.strip()}")
        digest = sha256_of(tarball)
        if digest != PYODIDE_NPM_SHA256:
            raise AssetError(f"{tarball.name} from npm has sha256 {digest}, expected "
                             f"{PYODIDE_NPM_SHA256}")
        unpacked = Path(tmp) / "unpacked"
        with tarfile.open(tarball) as tar:
            for name in CORE_FILES:
                tar.extract(f"package/{name}", unpacked, filter="data")
        shutil.rmtree(target, ignore_errors=True)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(unpacked / "package", target)
    return target


# --- the wheels the lock names -------------------------------------------------------------

@dataclass(frozen=True)
class Wheel:
    package: str
    file_name: str
    sha256: str


def read_lock(lock_path: Path) -> dict:
    lock = json.loads(lock_path.read_text(encoding="utf-8"))
    version = lock.get("info", {}).get("version")
    if version != PYODIDE_VERSION:
        raise AssetError(f"{lock_path} is the lock of Pyodide {version}, expected {PYODIDE_VERSION}")
    return lock


def wheels_needed(lock: dict, packages: tuple[str, ...] = PACKAGES) -> list[Wheel]:
    """``packages`` and everything they depend on, per the lock, sorted by package name."""
    entries = lock["packages"]
    seen: dict[str, Wheel] = {}
    todo = list(packages)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        if name not in entries:
            raise AssetError(f"the Pyodide {PYODIDE_VERSION} lock has no package {name!r}")
        entry = entries[name]
        seen[name] = Wheel(name, entry["file_name"], entry["sha256"])
        todo.extend(entry.get("depends", []))
    return [seen[name] for name in sorted(seen)]


def default_mirror(root: Path = ROOT) -> Path | None:
    """NNH_PYODIDE_MIRROR, else ../shared/pyodide/VERSION beside the repository, if it exists."""
    given = os.environ.get("NNH_PYODIDE_MIRROR")
    if given:
        return Path(given)
    beside = root.parent / "shared" / "pyodide" / PYODIDE_VERSION
    return beside if beside.is_dir() else None


def download(url: str, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    try:
        with urllib.request.urlopen(url, timeout=120) as response, partial.open("wb") as out:
            shutil.copyfileobj(response, out)
    except (urllib.error.URLError, OSError) as error:
        partial.unlink(missing_ok=True)
        raise AssetError(f"{target.name}: download from {url} failed ({error}); give a local "
                         f"mirror folder with NNH_PYODIDE_MIRROR") from None
    partial.replace(target)


def fetch_wheel(wheel: Wheel, mirror: Path | None, release_url: str, cache: Path) -> Path:
    """The verified file of ``wheel``: from ``mirror`` if given, else downloaded (cached)."""
    if mirror is not None:
        path = mirror / wheel.file_name
        if not path.is_file():
            raise AssetError(f"{wheel.file_name} (package {wheel.package}) is missing from the "
                             f"Pyodide mirror folder {mirror}")
        where = f"the Pyodide mirror folder {mirror}"
    else:
        path = cache / "packages" / wheel.file_name
        if not path.is_file() or sha256_of(path) != wheel.sha256:
            download(release_url + wheel.file_name, path)
        where = release_url
    digest = sha256_of(path)
    if digest != wheel.sha256:
        raise AssetError(f"{wheel.file_name} from {where} has sha256 {digest}, but the lock of "
                         f"Pyodide {PYODIDE_VERSION} expects {wheel.sha256}: the file is altered "
                         f"or not the official release's")
    return path


# --- nnh and the editor ---------------------------------------------------------------------

def nnh_wheel(build: Path = BUILD) -> Path:
    path = build / "wheel" / wheel_name()
    if not path.is_file():
        raise AssetError(f"nnh's wheel {path} is missing: run tools/wheel.py first (make build)")
    return path


def npm_ci(source: Path) -> None:
    """``npm ci`` in ``source`` (its package-lock.json, every package checked against the lock's
    integrity hash), unless node_modules already holds that lock's packages."""
    stamp = source / "node_modules" / ".package-lock-sha256"
    lock_digest = sha256_of(source / "package-lock.json")
    if not stamp.exists() or stamp.read_text().strip() != lock_digest:
        result = subprocess.run([npm(), "ci", "--no-audit", "--no-fund", "--silent"], cwd=source,
                                capture_output=True, text=True, timeout=900)
        if result.returncode != 0:
            raise AssetError(f"npm ci in {source} failed: {result.stderr.strip()}")
        stamp.write_text(lock_digest + "\n")


def editor_bundle(target: Path, source: Path = EDITOR_SOURCE) -> None:
    """CodeMirror bundled by esbuild into ``target``; `npm ci` first if the lock changed."""
    npm_ci(source)
    target.parent.mkdir(parents=True, exist_ok=True)
    result = subprocess.run([str(source / "node_modules" / ".bin" / "esbuild"), "editor.mjs",
                             "--bundle", "--minify", "--format=iife", "--legal-comments=none",
                             "--log-level=warning", f"--outfile={target}"],
                            cwd=source, capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        raise AssetError(f"esbuild could not bundle the editor: {result.stderr.strip()}")


# --- the whole step -------------------------------------------------------------------------

def copy_if_changed(source: Path, target: Path) -> None:
    if target.exists() and target.stat().st_size == source.stat().st_size \
            and sha256_of(target) == sha256_of(source):
        return
    shutil.copyfile(source, target)


def assemble(site: Path, *, mirror: Path | None, release_url: str = RELEASE_URL,
             cache: Path = CACHE, build: Path = BUILD, with_editor: bool = True) -> dict:
    """Write Pyodide, the verified wheels, nnh's wheel, the manifest and the editor into
    ``site``; returns the manifest. Raises AssetError naming any missing or altered file."""
    core = core_folder(cache)
    lock = read_lock(core / LOCK_NAME)
    wheels = [(w, fetch_wheel(w, mirror, release_url, cache)) for w in wheels_needed(lock)]
    own = nnh_wheel(build)
    target = site / SITE_PYODIDE
    target.mkdir(parents=True, exist_ok=True)
    files = []
    for name in CORE_FILES:
        copy_if_changed(core / name, target / name)
        files.append({"name": name, "kind": "core", "bytes": (core / name).stat().st_size})
    for wheel, path in wheels:
        copy_if_changed(path, target / wheel.file_name)
        files.append({"name": wheel.file_name, "kind": "package", "package": wheel.package,
                      "bytes": path.stat().st_size})
    copy_if_changed(own, target / own.name)
    files.append({"name": own.name, "kind": "nnh", "bytes": own.stat().st_size})
    manifest = {"pyodide": PYODIDE_VERSION, "python": lock["info"]["python"],
                "packages": list(PACKAGES), "nnh_wheel": own.name, "files": files}
    (target / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    kept = {entry["name"] for entry in files} | {"manifest.json"}
    for stale in target.iterdir():  # e.g. an older nnh wheel
        if stale.name not in kept:
            stale.unlink()
    if with_editor:
        editor_bundle(site / SITE_EDITOR)
    return manifest


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=BUILD / "html", help="the built site")
    args = parser.parse_args()
    if not (args.site / "index.html").exists():
        sys.exit(f"[run-in-page] no built site at {args.site}: run tools/build.py first")
    mirror = default_mirror()
    try:
        manifest = assemble(args.site, mirror=mirror)
    except AssetError as error:
        sys.exit(f"[run-in-page] FAILED: {error}")
    total = sum(entry["bytes"] for entry in manifest["files"])
    source = f"mirror {mirror}" if mirror else RELEASE_URL
    print(f"[run-in-page] Pyodide {PYODIDE_VERSION}: {len(manifest['files'])} files, "
          f"{total / 1e6:.1f} MB, wheels from {source}, each checked against the lock")
    return 0


if __name__ == "__main__":
    sys.exit(main())
