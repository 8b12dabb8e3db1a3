"""Sphinx extension: the site's downloads (the book as PDF, each chapter as PDF, nnh as a wheel).

* The theme's download menu offers ".pdf", which only opens the browser's print dialog. It is
  replaced by links to the printed PDFs that ``tools/pdf.py`` writes into ``downloads/`` of
  the site: this chapter (on chapter pages) and the whole book (on every page).
* Every entry of the menu says what its file is for ("Chapter notebook to run (.ipynb)"),
  not only its file type (the theme's ".ipynb").
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


def _pdf_link(url: str, text: str, tooltip: str, label: str) -> dict:
    return {"type": "link", "url": url, "text": text, "tooltip": tooltip,
            "icon": "fas fa-file-pdf", "label": label}


# The theme's own entries, by their label and file type, named for what they are for.
NOTEBOOK_ENTRY = ("Chapter notebook to run (.ipynb)",
                  "Download this chapter as a Jupyter notebook, with its solutions")
THEME_ENTRY_TEXT = {
    ("download-notebook-button", ".ipynb"): NOTEBOOK_ENTRY,
    ("download-source-button", ".ipynb"): NOTEBOOK_ENTRY,
    ("download-source-button", ".md"): ("Page source (.md)", "Download the Markdown source of this page"),
}


def _replace_print_button(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """Swap the theme's print-dialog ".pdf" entry for links to the printed PDFs."""
    pathto = context.get("pathto")
    groups = [b for b in context.get("header_buttons", []) if b.get("label") == "download-buttons"]
    if pathto is None or not groups:
        return
    links = []
    if pagename != app.config.root_doc:
        links.append(_pdf_link(pathto(f"{DOWNLOADS}/{chapter_pdf(pagename)}", 1),
                               "Chapter to read or print (PDF)", "Download this chapter as PDF",
                               "download-chapter-pdf-button"))
    links.append(_pdf_link(pathto(f"{DOWNLOADS}/{BOOK_PDF}", 1), "Whole book to read or print (PDF)",
                           "Download the whole book as PDF", "download-book-pdf-button"))
    for group in groups:
        kept = [b for b in group["buttons"] if b.get("label") != "download-pdf-button"]
        for button in kept:
            key = (button.get("label"), button.get("text"))
            if key in THEME_ENTRY_TEXT:
                button["text"], button["tooltip"] = THEME_ENTRY_TEXT[key]
        group["buttons"] = kept + links


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
    app.connect("html-page-context", _replace_print_button, priority=502)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
