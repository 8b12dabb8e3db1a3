"""The tools the browser tests use (tools/browser.py, page_weight.py, axe_core.py), imported
from the tools package (pytest puts the repository root on sys.path: pyproject's pythonpath),
and what several tests do with the theme's controls."""

from tools import axe_core, page_weight

__all__ = ["axe_core", "open_drawer", "page_weight", "wait_until_drawer_closed"]


def _check_kind(where: str, kind: str) -> None:
    if kind not in ("primary", "secondary"):
        raise ValueError(f"{where}: argument 'kind' must be 'primary' or 'secondary', got {kind!r}")


def open_drawer(page, kind: str) -> str:
    """Open a phone's drawer with its button, as a reader does: ``kind`` "primary" (☰, the
    chapter list) or "secondary" (the page's contents). The one visible button is clicked and
    the drawer's dialog waited for; returns the dialog's CSS selector."""
    _check_kind("open_drawer", kind)
    buttons = page.locator(f"button.{kind}-toggle:visible")
    assert buttons.count() == 1, f"expected one visible {kind} menu button, found {buttons.count()}"
    buttons.first.click()
    page.wait_for_function(f"document.getElementById('pst-{kind}-sidebar-modal').open")
    return f"#pst-{kind}-sidebar-modal"


def wait_until_drawer_closed(page, kind: str) -> None:
    """Wait until a phone's drawer ("primary" or "secondary") has closed and the theme has
    given its links back to the page's sidebar. The dialog closes at once, but the theme moves
    the links (and the sidebar's classes, display: flex among them, which keep the closed
    dialog on screen) back only in the dialog's close event, a task later."""
    _check_kind("wait_until_drawer_closed", kind)
    page.wait_for_function(f"""() => {{
        const dialog = document.getElementById('pst-{kind}-sidebar-modal');
        return !dialog.open && dialog.children.length === 0
            && document.getElementById('pst-{kind}-sidebar').children.length > 0;
    }}""")
