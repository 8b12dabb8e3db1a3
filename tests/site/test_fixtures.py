"""What the browser fixtures promise (conftest.py): the ``page`` fixture's pages share one
context with a warm HTTP cache, but nothing a test leaves in the browser reaches the next."""

from __future__ import annotations

import pytest
from conftest import PageLog

STORE = """() => { localStorage.setItem('probe', 'left'); sessionStorage.setItem('probe', 'left');
                   document.cookie = 'probe=left; path=/';
                   return new Promise((done) => { const r = indexedDB.open('probe');
                       r.onupgradeneeded = () => r.result.createObjectStore('left');
                       r.onsuccess = () => { r.result.close(); done(); }; }); }"""
STORED = """async () => [localStorage.getItem('probe'), sessionStorage.getItem('probe'), document.cookie,
                       (await indexedDB.databases()).map((d) => d.name)]"""


# A test that ends on the site is cleared from inside its page; one that ends elsewhere through
# Playwright (SharedContext.clear_storage).
@pytest.mark.parametrize("ends_on", ["book/index.html", "about:blank"])
def test_a_test_leaves_nothing_stored_for_the_next_one(shared_context, base_url, ends_on):
    url = f"{base_url}/book/notation.html"
    first = shared_context.page(PageLog(), 360)
    try:
        page = next(first)
        page.set_extra_http_headers({"X-Probe": "left"})
        page.goto(url, wait_until="load")
        page.evaluate(STORE)
        assert page.evaluate(STORED) == ["left", "left", "probe=left", ["probe"]]  # the probe sees it
        page.goto(ends_on if ends_on.startswith("about:") else f"{base_url}/{ends_on}")
    finally:
        first.close()  # the fixture's teardown
    second = shared_context.page(PageLog(), 1280)
    try:
        page = next(second)
        assert page.viewport_size == {"width": 1280, "height": 900}
        with page.expect_request(url) as request:
            page.goto(url, wait_until="load")
        assert "x-probe" not in request.value.headers
        assert page.evaluate(STORED) == [None, None, "", []]
    finally:
        second.close()
