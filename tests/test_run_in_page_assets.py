"""tools/run_in_page.py: the files of the in-page Python reach the site only when each one is
the file Pyodide's lock names. A missing or altered wheel fails the build with its name,
whether it comes from the mirror folder or from a download; the real mirror matches npm's lock.

The fake-lock tests build their own lock, wheels and server (sha256 computed here with
hashlib, independently of the tool); the last tests use npm's real pyodide@VERSION lock.
"""

from __future__ import annotations

import functools
import hashlib
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
from tools import run_in_page  # noqa: E402

WHEELS = {  # package -> (file name, content, depends)
    "numpy": ("numpy-9-py3-none-any.whl", b"numpy wheel", []),
    "matplotlib": ("matplotlib-9-py3-none-any.whl", b"matplotlib wheel", ["cycler", "numpy"]),
    "cycler": ("cycler-9-py3-none-any.whl", b"cycler wheel", []),
    "scipy": ("scipy-9-py3-none-any.whl", b"scipy wheel, not needed", ["numpy"]),
}


def _lock() -> dict:
    packages = {name: {"file_name": file, "sha256": hashlib.sha256(content).hexdigest(),
                       "depends": depends} for name, (file, content, depends) in WHEELS.items()}
    return {"info": {"version": run_in_page.PYODIDE_VERSION, "python": "3.12.7"},
            "packages": packages}


@pytest.fixture
def fake(tmp_path: Path) -> dict[str, Path]:
    """A cached npm package (fake core files + lock), a complete mirror, nnh's wheel, a site."""
    cache = tmp_path / "cache"
    core = cache / "npm"
    core.mkdir(parents=True)
    for name in run_in_page.CORE_FILES:
        (core / name).write_bytes(f"core file {name}".encode())
    (core / run_in_page.LOCK_NAME).write_text(json.dumps(_lock()))
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    for file, content, _ in WHEELS.values():
        (mirror / file).write_bytes(content)
    build = tmp_path / "_build"
    (build / "wheel").mkdir(parents=True)
    (build / "wheel" / run_in_page.wheel_name()).write_bytes(b"nnh wheel")
    site = tmp_path / "site"
    site.mkdir()
    return {"cache": cache, "mirror": mirror, "build": build, "site": site}


def _assemble(fake: dict[str, Path], **kwargs) -> dict:
    options = {"mirror": fake["mirror"], "cache": fake["cache"], "build": fake["build"],
               "with_editor": False, **kwargs}
    return run_in_page.assemble(fake["site"], **options)


def test_the_needed_wheels_are_the_packages_and_their_dependencies():
    names = [w.package for w in run_in_page.wheels_needed(_lock())]
    assert names == ["cycler", "matplotlib", "numpy"]  # scipy is not a dependency


def test_a_complete_mirror_fills_the_site_and_the_manifest(fake):
    manifest = _assemble(fake)
    served = fake["site"] / "_static" / "pyodide"
    for file, content, _ in (WHEELS[p] for p in ("numpy", "matplotlib", "cycler")):
        assert (served / file).read_bytes() == content
    assert not (served / WHEELS["scipy"][0]).exists()
    assert (served / run_in_page.wheel_name()).read_bytes() == b"nnh wheel"
    sizes = {entry["name"]: entry["bytes"] for entry in manifest["files"]}
    assert sizes[WHEELS["numpy"][0]] == len(b"numpy wheel")
    assert json.loads((served / "manifest.json").read_text()) == manifest


def test_a_missing_wheel_fails_with_its_name(fake):
    (fake["mirror"] / WHEELS["cycler"][0]).unlink()
    with pytest.raises(run_in_page.AssetError, match=r"cycler-9-py3-none-any\.whl .*missing"):
        _assemble(fake)


def test_an_altered_wheel_fails_with_its_name(fake):
    (fake["mirror"] / WHEELS["numpy"][0]).write_bytes(b"numpy wheel, altered")
    with pytest.raises(run_in_page.AssetError, match=r"numpy-9-py3-none-any\.whl .*altered"):
        _assemble(fake)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def release_server(fake):
    """Pyodide's 'official release', served from the fake mirror on loopback."""
    handler = functools.partial(_Quiet, directory=str(fake["mirror"]))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


def test_without_a_mirror_the_wheels_are_downloaded_and_checked(fake, release_server):
    _assemble(fake, mirror=None, release_url=release_server)
    served = fake["site"] / "_static" / "pyodide"
    assert (served / WHEELS["matplotlib"][0]).read_bytes() == b"matplotlib wheel"


def test_an_altered_download_fails_with_its_name(fake, release_server):
    (fake["mirror"] / WHEELS["cycler"][0]).write_bytes(b"not cycler")
    with pytest.raises(run_in_page.AssetError, match=r"cycler-9-py3-none-any\.whl from http"):
        _assemble(fake, mirror=None, release_url=release_server)


def test_a_lock_of_another_version_is_refused(fake):
    lock = _lock()
    lock["info"]["version"] = "0.0.1"
    (fake["cache"] / "npm" / run_in_page.LOCK_NAME).write_text(json.dumps(lock))
    with pytest.raises(run_in_page.AssetError, match=r"Pyodide 0\.0\.1"):
        _assemble(fake)


# --- npm's real lock --------------------------------------------------------------------

def _real_mirror_or_release() -> dict:
    mirror = run_in_page.default_mirror()
    return {"mirror": mirror} if mirror else {"mirror": None}


def test_the_real_wheels_match_npms_lock(tmp_path):
    """Every wheel the site serves, from the mirror (or the release), matches npm's lock."""
    lock = run_in_page.read_lock(run_in_page.core_folder() / run_in_page.LOCK_NAME)
    wheels = run_in_page.wheels_needed(lock)
    assert {"numpy", "matplotlib", "pillow", "matplotlib-pyodide"} <= {w.package for w in wheels}
    assert lock["packages"]["numpy"]["version"] == "2.0.2"
    assert lock["info"]["python"].startswith("3.12.")
    for wheel in wheels:
        path = run_in_page.fetch_wheel(wheel, **_real_mirror_or_release(),
                                       release_url=run_in_page.RELEASE_URL, cache=tmp_path)
        assert hashlib.sha256(path.read_bytes()).hexdigest() == wheel.sha256


def test_the_build_step_fails_naming_an_altered_real_wheel(tmp_path):
    """`python tools/run_in_page.py` (a step of make build) on a mirror with one file altered."""
    lock = run_in_page.read_lock(run_in_page.core_folder() / run_in_page.LOCK_NAME)
    wheels = run_in_page.wheels_needed(lock)
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    for wheel in wheels:  # stand-ins with the right names; only the first one is checked
        (mirror / wheel.file_name).write_bytes(b"")
    source = run_in_page.default_mirror()
    if source is not None:
        for wheel in wheels:
            shutil.copyfile(source / wheel.file_name, mirror / wheel.file_name)
    victim = wheels[len(wheels) // 2]
    (mirror / victim.file_name).write_bytes(b"an altered wheel")
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<html></html>")
    result = subprocess.run([sys.executable, "-m", "tools.run_in_page", "--site", str(site)],
                            capture_output=True, text=True, cwd=ROOT,
                            env={**os.environ, "NNH_PYODIDE_MIRROR": str(mirror)})
    assert result.returncode != 0
    assert "FAILED" in result.stderr
    first_bad = victim.file_name if source is not None else wheels[0].file_name
    assert first_bad in result.stderr
    assert not (site / "_static" / "pyodide" / victim.file_name).exists()
