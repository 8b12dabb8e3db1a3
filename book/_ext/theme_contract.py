"""Everything the site relies on in its theme and extensions, in one place.

Our JavaScript (``_static/course.js``), CSS (``_static/course.css``, ``print.css``), templates
(``book/_templates``) and Python (``book/_ext``) use class names, ids, template blocks, labels,
file paths and localStorage keys that pydata-sphinx-theme, sphinx-book-theme and the Sphinx
extensions define. Each is a ``Promise`` below: the text that must still appear in the named
package's files. ``broken_promises()`` lists those an upgrade broke, with who relies on them;
tests/test_theme_contract.py fails with that list, and also fails when course.css, print.css or
navigation.css starts using a class or id that is listed nowhere here.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Promise:
    name: str          # the selector, label, path or key as our code uses it
    package: str       # the importable package whose files define it
    needle: str = ""   # the text that must appear in one of its files (default: name)
    used_by: str = ""  # which of our files relies on it

    @property
    def text(self) -> str:
        return self.needle or self.name.lstrip(".#")


PST, SBT = "pydata_sphinx_theme", "sphinx_book_theme"
JS, CSS, PRINT = "course.js", "course.css", "print.css"

PROMISES: tuple[Promise, ...] = (
    # --- templates and paths our Python and templates rely on
    Promise("layout.html block css", PST, "{%- block css %}", "_templates/layout.html"),
    Promise("layout.html block extrahead", PST, "{%- block extrahead %}", "_templates/layout.html"),
    Promise("layout.html block content", PST, "{%- block content %}", "_templates/layout.html"),
    Promise("_static/scripts/fontawesome.js", PST, "_static/scripts/fontawesome.js", "course_page.py"),
    Promise("_static/searchtools.js", PST, "_static/searchtools.js", "course_page.py"),
    Promise("searchindex.js", PST, "pathto('searchindex.js', 1)", "course_page.py"),
    Promise("search field aria-label", PST, 'class="btn search-button-field search-button__button'
            ' pst-js-only" title="{{ _(\'Search\') }}" aria-label=', "course_page.py"),
    Promise("Font Awesome icon elements", PST, '<i class="fa-solid fa-', "course_icons.py"),
    Promise("static/styles/pydata-sphinx-theme.css", PST, "pydata-sphinx-theme.css",
            "course_theme_css.py"),
    Promise("Font Awesome glyph rules in the theme CSS", PST, '.fa-bars:before,.fa-navicon:before{content:',
            "course_theme_css.py"),
    Promise("section toggle <details><summary>", PST, '"toctree-toggle"', "section_nav.py"),
    # the download menu (downloads.py) replaces the theme's through documented options
    Promise("option use_download_button", SBT, 'opts.get("use_download_button", True)', "_config.yml"),
    Promise("article_header_end default: the component our template copies", SBT,
            "article_header_end = article-header-buttons.html",
            "_templates/course-article-header-buttons.html"),
    Promise("button macros render_funcs", SBT, '"group" : render_button_group',
            "_templates/course-article-header-buttons.html, downloads.py"),
    Promise("header buttons: theme switcher", SBT, '{% include "theme-switcher.html" %}',
            "_templates/course-article-header-buttons.html"),
    Promise("header buttons: search button", SBT, '{% include "search-button.html" %}',
            "_templates/course-article-header-buttons.html"),
    Promise("header buttons: secondary sidebar toggle", SBT, '{% include "toggle-secondary-sidebar.html" %}',
            "_templates/course-article-header-buttons.html"),
    Promise("button group macro signature", SBT,
            "render_button_group(buttons, icon, tooltip=None, label=None", "downloads.py"),
    Promise("link button macro signature", SBT,
            'render_link_button(url, tooltip=None, tooltip_placement="bottom", icon=None, text=None, '
            'label=None',
            "downloads.py, student_notebooks.py"),
    Promise(".only-light / .only-dark", PST, "only-dark", "course_figures.py"),
    Promise("open sidebar section turns its chevron", PST,
            ".bd-sidebar-primary li.has-children>details[open]>summary .fa-chevron-down{transform:",
            "navigation.css"),
    Promise(".bd-sidebar::backdrop (the drawer's strip)", PST, ".bd-sidebar::backdrop{", "navigation.css"),
    Promise("dark mode's light card behind outputs", PST,
            "html[data-theme=dark] .bd-content div.cell_output img{background-color:", "navigation.css"),
    Promise(".only-dark", PST, "only-dark", "course_figures.py, navigation.css"),
    Promise(".text_html", "myst_nb", "text_html", "navigation.css"),
    Promise("solution directive (titled with a link to its exercise)", "sphinx_exercise",
            "class SolutionDirective", "course_solutions.py"),
    # --- localStorage keys, attributes and behaviour our JavaScript relies on
    Promise("localStorage 'mode'", PST, 'localStorage.getItem("mode")', JS),
    Promise("html[data-mode]", PST, "dataset.mode", JS),
    Promise(".pst-sidebar-hidden", SBT, "pst-sidebar-hidden", JS),
    Promise("#pst-primary-sidebar", PST, 'id="pst-primary-sidebar"', JS),
    Promise("#pst-primary-sidebar-modal", PST, 'id="pst-primary-sidebar-modal"', JS),
    Promise(".primary-toggle", SBT, "sidebar-toggle primary-toggle", JS),
    Promise(".secondary-toggle", SBT, "sidebar-toggle secondary-toggle", JS),
    Promise(".theme-switch-button", PST, "theme-switch-button", JS),
    Promise(".copybtn", "sphinx_copybutton", "copybtn", JS),
    Promise("tab stops on scrollable blocks", PST, "function addTabStopsToScrollableElements", JS),
    # --- classes and ids in our CSS (course.css, print.css) and JavaScript selectors
    Promise(".admonition", "sphinx", used_by=CSS),
    Promise(".admonition-title", "docutils", used_by=CSS),
    Promise(".attention", "docutils", used_by=CSS),
    Promise(".caution", "docutils", used_by=CSS),
    Promise(".danger", "docutils", used_by=CSS),
    Promise(".error", "docutils", used_by=CSS),
    Promise(".warning", "docutils", used_by=CSS),
    Promise(".bd-article", PST, used_by=CSS),
    Promise(".bd-article-container", PST, used_by=CSS),
    Promise(".bd-content", PST, used_by=CSS),
    Promise(".bd-footer", PST, used_by=CSS),
    Promise(".bd-footer-article", PST, used_by=CSS),
    Promise(".bd-footer-content", PST, used_by=CSS),
    Promise(".bd-header", PST, used_by=CSS),
    Promise(".bd-header-announcement", PST, used_by=CSS),
    Promise(".bd-header-article", PST, used_by=CSS),
    Promise(".bd-links", PST, used_by=CSS),
    Promise(".bd-main", PST, used_by=CSS),
    Promise(".bd-page-width", PST, used_by=CSS),
    Promise(".bd-sidebar", PST, used_by="navigation.css"),
    Promise(".has-children", PST, used_by="navigation.css"),
    Promise(".bd-sidebar-primary", PST, used_by=f"{CSS}, navigation.css"),
    Promise(".bd-sidebar-secondary", PST, used_by=CSS),
    Promise(".btn", PST, used_by=CSS),
    Promise(".header-article-items", PST, used_by=CSS),
    Promise(".prev-next-area", PST, used_by=CSS),
    Promise(".prev-next-footer", PST, used_by=CSS),
    Promise(".prev-next-title", PST, used_by=CSS),
    Promise(".right-next", PST, used_by=CSS),
    Promise("#pst-back-to-top", PST, used_by=CSS),
    Promise(".pst-scrollable-table-container", PST, used_by=f"{CSS}, {JS}"),
    Promise(".search-button", PST, used_by=CSS),
    Promise(".search-button-field", PST, used_by=CSS),
    Promise(".sidebar-toggle", SBT, used_by=CSS),
    Promise(".skip-link", PST, used_by=CSS),
    Promise(".theme-switch", PST, used_by=CSS),
    Promise(".onthispage", SBT, used_by=CSS),
    Promise(".jb-print-docs-body", SBT, used_by=PRINT),
    Promise(".dropdown-download-buttons", SBT, "dropdown-{{ label }}", CSS),
    Promise(".dropdown-menu", SBT, used_by=CSS),
    Promise(".dropdown", "sphinx_togglebutton", used_by=CSS),
    Promise(".toggle-button", "sphinx_togglebutton", used_by=CSS),
    Promise(".toggle-hidden", "sphinx_togglebutton", used_by=CSS),
    Promise(".exercise", "sphinx_exercise", used_by=CSS),
    Promise(".solution", "sphinx_exercise", used_by=CSS),
    Promise(".std-ref", "sphinx", "std-", CSS),
    Promise(".headerlink", "sphinx", used_by=CSS),
    Promise(".highlight", "sphinx", used_by=f"{CSS}, {JS}"),
    Promise(".math", "sphinx", 'class="math', f"{CSS}, {JS}"),
    Promise(".cell_input", "myst_nb", used_by=CSS),
    Promise(".cell_output", "myst_nb", used_by=f"{CSS}, {JS}"),
    Promise(".output", "myst_nb", '"output"', f"{CSS}, {JS}"),
)

# Class names in our CSS that no package defines: our own, and known strays.
OURS_PREFIXES = ("course-", "nnh-")
OURS = {"solution-title-ref",  # course_solutions.py
        "table-wrapper",       # print.css: emitted by nothing in this stack (a stray selector)
        "css", "js", "mode", "width"}  # not classes: file names and units caught by the scan


TEXT_SUFFIXES = {".html", ".py", ".js", ".css", ".conf"}


def text_files(root: Path) -> list[Path]:
    """The templates, Python, JavaScript, CSS and theme settings below ``root``."""
    return sorted(p for p in root.rglob("*") if p.suffix in TEXT_SUFFIXES)


def package_files(package: str) -> list[Path]:
    """The text files of an installed package."""
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError(f"theme_contract: package {package!r} is not installed")
    return text_files(Path(spec.origin).parent)


def broken_promises(promises=PROMISES, files_of=package_files) -> list[str]:
    """One readable line per promise that no file of its package keeps any more."""
    texts: dict[str, str] = {}
    broken = []
    for promise in promises:
        if promise.package not in texts:
            texts[promise.package] = "\n".join(p.read_text(encoding="utf-8", errors="replace")
                                               for p in files_of(promise.package))
        if promise.text not in texts[promise.package]:
            broken.append(f"{promise.name}: {promise.text!r} is gone from {promise.package} "
                          f"(relied on by {promise.used_by or 'the site'})")
    return broken
