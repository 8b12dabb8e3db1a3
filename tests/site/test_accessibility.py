"""Current accessibility rules on every page, in light and in dark mode.

The current axe-core release (pinned in tools/axe_core.py, fetched from the npm registry,
not the older copy bundled with axe-playwright-python) runs the WCAG 2.0, 2.1 and 2.2 A and
AA rules on every page of the built site with the colour mode set to light and to dark. No
serious or critical violation may remain; no rule is disabled.
"""

from __future__ import annotations

import pytest
from conftest import site_folder, site_pages
from theme_tools import axe_core, page_weight

from tools.browser import set_theme_mode

PAGES = site_pages(site_folder()) if (site_folder() / "index.html").exists() else ["index.html"]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="session")
def axe_source() -> str:
    try:
        return axe_core.axe_script().read_text(encoding="utf-8")
    except axe_core.AxeUnavailable as error:
        pytest.fail(str(error), pytrace=False)


@pytest.fixture(scope="module")
def tab_in_mode(browser):
    """``tab_in_mode(mode)``: the module's tab for a colour mode ("light" or "dark"), stored as
    the reader's choice before every page loads. Axe only reads a page, so one tab per mode
    goes from page to page (warm caches) instead of a new browser context for each."""
    opened = {}

    def tab(mode: str):
        if mode not in opened:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            set_theme_mode(context, mode)
            opened[mode] = (context, context.new_page())
        return opened[mode][1]

    yield tab
    for context, _ in opened.values():
        context.close()


def open_in_mode(tab_in_mode, base_url: str, path: str, mode: str):
    """A page of the site in the tab of ``mode``, typeset and with its fonts loaded."""
    page = tab_in_mode(mode)
    page.goto(f"{base_url}/{path}", wait_until="load")
    page_weight.settle(page)
    return page


def serious_violations(page, axe_source: str) -> list[str]:
    page.add_script_tag(content=axe_source)
    # preload: false stops axe re-fetching stylesheets itself (it resolves @import wrongly);
    # resultTypes: every violation is still reported with all its nodes, while passes and the
    # other result types are collected for one node each (axe's documented speed-up).
    return page.evaluate("""async (tags) => {
        const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}, preload: false,
                                           resultTypes: ['violations']});
        return r.violations.filter(v => ['serious', 'critical'].includes(v.impact))
            .map(v => `${v.id} (${v.impact}): ${v.nodes.length} node(s), e.g. `
                    + v.nodes.slice(0, 3).map(n => n.html.slice(0, 140)).join(' | '));
    }""", WCAG_TAGS)


@pytest.mark.parametrize("mode", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_no_serious_violations(tab_in_mode, base_url, axe_source, path, mode):
    page = open_in_mode(tab_in_mode, base_url, path, mode)
    assert page.evaluate("document.documentElement.dataset.theme") == mode
    violations = serious_violations(page, axe_source)
    assert page.evaluate("axe.version") == axe_core.AXE_VERSION
    assert violations == [], f"{path} ({mode} mode): " + "; ".join(violations)


def test_axe_reports_a_mismatched_name(tab_in_mode, base_url, axe_source):
    """The rule the old axe lacked fires on a button whose name hides its visible text."""
    page = open_in_mode(tab_in_mode, base_url, "book/index.html", "light")
    page.evaluate("""() => {
        const b = document.createElement('button');
        b.textContent = 'Search the course';
        b.setAttribute('aria-label', 'Go');
        document.querySelector('main').appendChild(b);
    }""")
    violations = serious_violations(page, axe_source)
    assert any(v.startswith("label-content-name-mismatch") for v in violations), violations
