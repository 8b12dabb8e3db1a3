"""Every href and src in the built HTML points to a file that exists, and every #anchor to
an id on that page. No page links to a CDN or any other host for its assets."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str, str]] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for key in ("id", "name"):
            if attrs.get(key):
                self.ids.add(attrs[key])
        for key in ("href", "src"):
            if attrs.get(key):
                self.links.append((tag, key, attrs[key]))


def parse(path: Path) -> _Collector:
    collector = _Collector()
    collector.feed(path.read_text(errors="replace"))
    return collector


def html_files(site_dir: Path) -> list[Path]:
    return [p for p in sorted(site_dir.rglob("*.html")) if "_static" not in p.parts]


def test_no_broken_internal_links(site_dir):
    parsed = {p: parse(p) for p in html_files(site_dir)}
    broken = []
    for page, collector in parsed.items():
        for tag, key, url in collector.links:
            parts = urlparse(url)
            if parts.scheme in ("http", "https", "mailto", "data", "javascript") or url.startswith("//"):
                continue
            target = page if not parts.path else (page.parent / unquote(parts.path)).resolve()
            if not target.exists():
                broken.append(f"{page.relative_to(site_dir)}: <{tag} {key}={url!r}> -> missing file")
                continue
            if parts.fragment and target.suffix == ".html":
                ids = parsed[target].ids if target in parsed else parse(target).ids
                if parts.fragment not in ids:
                    broken.append(f"{page.relative_to(site_dir)}: {url!r} -> no id "
                                  f"{parts.fragment!r}")
    assert not broken, "\n".join(broken)


@pytest.mark.parametrize("attribute", ["src", "href"])
def test_assets_come_from_the_site_itself(site_dir, attribute):
    external = []
    for page in html_files(site_dir):
        for tag, key, url in parse(page).links:
            remote = urlparse(url).scheme in ("http", "https") or url.startswith("//")
            if key == attribute and remote and (tag in ("script", "img", "link", "iframe")):
                external.append(f"{page.relative_to(site_dir)}: <{tag} {key}={url}>")
    assert not external, "\n".join(external)
