"""The GitHub workflows run in one container image, pinned by digest (a tag such as
python:3.11-bookworm moves with every rebuild of the image; a digest names the same bytes)."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
PINNED = re.compile(r"^python:3\.11-bookworm@sha256:[0-9a-f]{64}$")


def containers() -> dict[str, str]:
    found = {}
    for path in WORKFLOWS:
        for name, job in yaml.safe_load(path.read_text())["jobs"].items():
            if "container" in job:
                image = job["container"]
                found[f"{path.name}:{name}"] = image["image"] if isinstance(image, dict) else image
    return found


def test_every_job_container_is_the_bookworm_image_pinned_by_digest():
    images = containers()
    assert set(images) >= {"ci.yml:test", "pages.yml:build"}, images
    assert {job: image for job, image in images.items() if not PINNED.match(image)} == {}
    assert len(set(images.values())) == 1, f"CI and Pages must run in the same image: {images}"


def test_the_digest_keeps_its_tag_in_a_comment():
    for path in WORKFLOWS:
        lines = path.read_text().splitlines()
        for number, line in enumerate(lines):
            if line.strip().startswith("container:"):
                assert "python:3.11-bookworm," in lines[number - 1], f"{path.name}:{number + 1}"
