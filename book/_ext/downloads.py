"""Sphinx extension: the site's downloads (the book as PDF, each chapter as PDF, nnh as a wheel).

* The article header's download menu is the site's own: sphinx-book-theme's is switched off
  with its documented option ``use_download_button: false`` (its ".pdf" entry only opened
  the browser's print dialog), and ``book/_templates/course-article-header-buttons.html``,
  selected with pydata-sphinx-theme's documented ``article_header_end`` option, renders the
  menu that :func:`download_menu` puts into the page's context (``course_download_menu``)
  with the theme's own button macros, so it looks and behaves as the theme's did. It offers
  the page's notebook or source, the chapter's exercise version (``student_notebooks``), and
  the printed PDFs that ``tools/pdf.py`` writes into ``downloads/`` of the site: this chapter
  (on chapter pages) and the whole book (on every page).
* Every entry of the menu says what its file is for ("Chapter notebook to run (.ipynb)"),
  not only its file type.
* ``print.css`` and ``print.js`` make the browser's own print of a page useful too: no
  navigation, every solution expanded, code wrapped.
* The role ``{nnh-wheel}`` links the wheel of nnh that ``tools/wheel.py`` copies into
  ``downloads/``, and ``@NNH_WHEEL@`` in a page's source (e.g. in a code block) becomes its
  file name, which follows the version in pyproject.toml.

The file names live here only; the tools and the tests import them from this module.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx

ROOT = Path(__file__).resolve().parents[2]
DOWNLOADS = "downloads"  # folder of the site that holds every download
BOOK_PDF = "activation-layers.pdf"
WHEEL_TOKEN = "@NNH_WHEEL@"


def wheel_name(root: Path = ROOT) -> str:
    """File name of nnh's wheel, from the name and version in pyproject.toml."""
    project = tomllib.loads((root / "pyproject.toml").read_text())["project"]
    return f"{project['name'].replace('-', '_')}-{project['version']}-py3-none-any.whl"


def chapter_pdf(docname: str) -> str:
    """File name of one page's PDF: book/activations -> activations.pdf."""
    return f"{docname.rsplit('/', 1)[-1]}.pdf"


def _link(url: str, text: str, tooltip: str, icon: str, label: str) -> dict:
    """One entry, in the form of sphinx-book-theme's header buttons (macros/buttons.html)."""
    return {"type": "link", "url": url, "text": text, "tooltip": tooltip, "icon": icon, "label": label}


NOTEBOOK_ENTRY = ("Chapter notebook to run (.ipynb)",
                  "Download this chapter as a Jupyter notebook, with its solutions")
#: The page's source by its file type; another type keeps its suffix as its text.
SOURCE_ENTRY = {
    ".ipynb": NOTEBOOK_ENTRY,
    ".md": ("Page source (.md)", "Download the Markdown source of this page"),
}
MENU_LABEL = "download-buttons"  # the theme's class "dropdown-download-buttons" follows from it


def download_menu(app: Sphinx, pagename: str, context: dict) -> dict | None:
    """The download menu of a page that has a source file, as a theme button group."""
    import student_notebooks  # the exercise version's entry (a sibling extension)

    suffix, pathto = context.get("page_source_suffix"), context.get("pathto")
    if not suffix or pathto is None:
        return None
    sources = pathto("_sources", 1)
    entries = []
    if context.get("ipynb_source"):  # a text page that myst-nb executed as a notebook
        entries.append(_link(f"{sources}/{context['ipynb_source']}", *NOTEBOOK_ENTRY, "fas fa-code",
                             "download-notebook-button"))
    exercises = student_notebooks.exercise_entry(app, pagename, sources)
    if exercises is not None:
        entries.append(exercises)
    text, tooltip = SOURCE_ENTRY.get(suffix, (suffix, "Download source file"))
    entries.append(_link(f"{sources}/{context['sourcename']}", text, tooltip, "fas fa-file",
                         "download-source-button"))
    if pagename != app.config.root_doc:
        entries.append(_link(pathto(f"{DOWNLOADS}/{chapter_pdf(pagename)}", 1),
                             "Chapter to read or print (PDF)", "Download this chapter as PDF",
                             "fas fa-file-pdf", "download-chapter-pdf-button"))
    entries.append(_link(pathto(f"{DOWNLOADS}/{BOOK_PDF}", 1), "Whole book to read or print (PDF)",
                         "Download the whole book as PDF", "fas fa-file-pdf", "download-book-pdf-button"))
    return {"buttons": entries, "icon": "fas fa-download", "tooltip": "Download this page",
            "label": MENU_LABEL}


def _add_download_menu(app: Sphinx, pagename, templatename, context, doctree) -> None:
    if app.builder.format == "html":
        context["course_download_menu"] = download_menu(app, pagename, context)


def _wheel_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    """``{nnh-wheel}`text``` links the wheel in downloads/; the text defaults to its name."""
    docname = inliner.document.settings.env.docname
    target = "../" * docname.count("/") + f"{DOWNLOADS}/{wheel_name()}"
    label = text.strip() if text.strip() not in ("", "-") else wheel_name()
    node = nodes.reference(rawtext, label, refuri=target, classes=["nnh-wheel-link"])
    return [node], []


def _insert_wheel_name(app: Sphinx, docname: str, source: list[str]) -> None:
    source[0] = source[0].replace(WHEEL_TOKEN, wheel_name())


def setup(app: Sphinx) -> dict:
    app.add_css_file("print.css")
    app.add_js_file("print.js")
    app.add_role("nnh-wheel", _wheel_role)
    app.connect("source-read", _insert_wheel_name)
    app.connect("html-page-context", _add_download_menu)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
