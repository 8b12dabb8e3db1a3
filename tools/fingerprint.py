"""One fingerprint for "did any of these files change?", shared by the build, the wheel and
the PDF steps, which each skip their work when their inputs' fingerprint is unchanged."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path


def hash_files(files: Iterable[Path], root: Path, seed: str | bytes = "") -> str:
    """SHA-256 of ``seed`` and of each file's path (relative to ``root``) and content."""
    digest = hashlib.sha256(seed.encode() if isinstance(seed, str) else seed)
    for path in files:
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()
