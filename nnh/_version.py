"""nnh's version has one source, ``[project] version`` in pyproject.toml, read back from the
installed package's metadata (``importlib.metadata``), which pip writes from it: in an editable
install, from the wheel (a student's venv, Pyodide in the page) alike.

Imported from a source tree that was never installed, nnh has no metadata; its version is then
read from that tree's pyproject.toml (the same field). With neither, there is no version to
tell: :func:`version` raises :class:`VersionUnknown` (a
:class:`importlib.metadata.PackageNotFoundError`), and ``nnh.__version__`` an AttributeError
that says to install nnh.

Nothing here runs at ``import nnh`` (``nnh.__version__`` is looked up on first access), so the
import stays as light as NumPy's.
"""

from __future__ import annotations

from importlib import metadata
from pathlib import Path

DISTRIBUTION = "nnh"
#: The folder above the package: the source tree's root, where pyproject.toml sits.
SOURCE_TREE = Path(__file__).resolve().parent.parent


class VersionUnknown(metadata.PackageNotFoundError):
    """Neither installed metadata nor a pyproject.toml of the package's own source tree."""

    def __str__(self) -> str:
        return str(self.args[0])


def version(distribution: str = DISTRIBUTION, source_tree: Path = SOURCE_TREE) -> str:
    """The installed distribution's version; else, from a source tree, its pyproject.toml's."""
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        pyproject = source_tree / "pyproject.toml"
        if pyproject.is_file():
            import tomllib

            project = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("project", {})
            if project.get("name") == distribution and "version" in project:
                return str(project["version"])
        raise VersionUnknown(
            f"{distribution} is not installed and {pyproject} declares no version of it: install "
            f"{distribution} (`pip install -e .` in its source tree, or its wheel) to know its version"
        ) from None
