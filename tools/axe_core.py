"""The current axe-core release for the accessibility tests, fetched from the npm registry.

axe-playwright-python bundles an older axe-core (4.12), which misses rules that axe-core runs
by default today (label-content-name-mismatch since 4.14). ``axe_script()`` returns the
pinned release's ``axe.min.js``, fetched once with ``npm pack axe-core@VERSION`` into
``.cache/axe-core-VERSION/`` and checked against its pinned SHA-256.
``python -m tools.axe_core`` fetches it ahead of the tests.
"""

from __future__ import annotations

import hashlib
import io
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
AXE_VERSION = "4.14.1"
AXE_SHA256 = "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"
CACHE = ROOT / ".cache" / f"axe-core-{AXE_VERSION}"


class AxeUnavailable(RuntimeError):
    """axe-core could not be fetched (no npm, no registry) or is not the pinned file."""


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _npm_pack(destination: Path) -> Path:
    npm = shutil.which("npm")
    if npm is None:
        raise AxeUnavailable("npm is needed once to fetch axe-core for the accessibility tests: "
                             "install it (Debian: apt-get install npm), or put axe.min.js of "
                             f"axe-core {AXE_VERSION} at {CACHE / 'axe.min.js'}")
    result = subprocess.run([npm, "pack", f"axe-core@{AXE_VERSION}", "--silent",
                             "--pack-destination", str(destination)],
                            capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        raise AxeUnavailable(f"npm pack axe-core@{AXE_VERSION} failed: {result.stderr.strip()}")
    return destination / f"axe-core-{AXE_VERSION}.tgz"


def _extract_axe(tarball: Path) -> bytes:
    with tarfile.open(tarball) as tar:
        member = tar.extractfile("package/axe.min.js")
        if member is None:
            raise AxeUnavailable(f"{tarball.name} holds no package/axe.min.js")
        return io.BufferedReader(member).read()


def axe_script() -> Path:
    """Path of the pinned axe.min.js, fetching it from the npm registry if missing."""
    target = CACHE / "axe.min.js"
    if not target.exists():
        with tempfile.TemporaryDirectory(prefix="axe-core-") as tmp:
            script = _extract_axe(_npm_pack(Path(tmp)))
        CACHE.mkdir(parents=True, exist_ok=True)
        target.write_bytes(script)
    digest = _sha256(target.read_bytes())
    if digest != AXE_SHA256:
        raise AxeUnavailable(f"{target} is not axe-core {AXE_VERSION} (sha256 {digest}, "
                             f"expected {AXE_SHA256}); delete it to fetch it again")
    return target


if __name__ == "__main__":
    try:
        print(axe_script())
    except AxeUnavailable as error:
        sys.exit(str(error))
