"""book/_ext: the site extends Sphinx, myst-nb and the theme only through their extension points."""

from __future__ import annotations

import ast
from pathlib import Path

import course_figures
import course_mathjax
import yaml
from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser
from docutils.utils import new_document

ROOT = Path(__file__).resolve().parent.parent
EXT = ROOT / "book" / "_ext"


def test_the_render_plugin_is_registered_and_selected():
    from myst_nb.core.render import load_renderer

    assert load_renderer(course_figures.RENDER_PLUGIN) is course_figures.CourseFigureRenderer
    config = yaml.safe_load((ROOT / "_config.yml").read_text())["sphinx"]["config"]
    assert config["nb_render_plugin"] == course_figures.RENDER_PLUGIN


def document(rst: str) -> nodes.document:
    doc = new_document("<test>", get_default_settings(Parser))
    Parser().parse(rst, doc)
    return doc


def test_a_page_has_math_by_its_own_nodes_or_markup():
    assert course_mathjax.page_has_math(document("A :math:`x^2` formula."), "")
    assert course_mathjax.page_has_math(document(".. math:: x^2"), "")
    assert not course_mathjax.page_has_math(document("No formula, only $ and a backslash \\\\."), "")
    assert not course_mathjax.page_has_math(None, '<p>plain</p>')
    assert course_mathjax.page_has_math(None, '<span class="math notranslate">\\(x\\)</span>')


def _imported_names(tree: ast.Module) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.asname or alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            names |= {alias.asname or alias.name for alias in node.names}
    return names


def monkeypatches(source: str) -> list[str]:
    """Assignments to an imported module's or class's attribute, or to a private attribute."""
    tree = ast.parse(source)
    imported = _imported_names(tree)
    found = []
    for node in ast.walk(tree):
        targets = node.targets if isinstance(node, ast.Assign) else (
            [node.target] if isinstance(node, (ast.AugAssign, ast.AnnAssign)) else [])
        for target in targets:
            if not isinstance(target, ast.Attribute) or not isinstance(target.value, ast.Name):
                continue
            owner = target.value.id
            private = target.attr.startswith("_") and not target.attr.startswith("__") and owner != "self"
            if owner in imported or private:
                found.append(f"line {node.lineno}: {owner}.{target.attr} = ...")
    return found


def test_the_monkeypatch_finder_finds_the_old_patches():
    old = ("import myst_nb.core.render as mystnb_render\nfrom myst_nb.core.render import NbElementRenderer\n"
           "NbElementRenderer.render_image = f\nmystnb_render.coalesce_streams = g\n"
           "writer = Writer()\nwriter._ID = 1\nself._cache = 2\nconfig.mathjax_path = 'x'\n")
    assert monkeypatches(old) == ["line 3: NbElementRenderer.render_image = ...",
                                  "line 4: mystnb_render.coalesce_streams = ...",
                                  "line 6: writer._ID = ..."]


def test_no_extension_or_tool_assigns_to_a_third_party_attribute():
    files = [*EXT.glob("*.py"), *(ROOT / "tools").glob("*.py")]
    found = {f.relative_to(ROOT).as_posix(): monkeypatches(f.read_text()) for f in files}
    assert {name: lines for name, lines in found.items() if lines} == {}


def test_no_extension_rewrites_built_files():
    """Pages and stylesheets are finished while rendered, never edited in _build afterwards."""
    for path in EXT.glob("*.py"):
        source = path.read_text()
        rewrites_pages = 'rglob("*.html")' in source and ".write_" in source
        assert not rewrites_pages and "templates.render =" not in source, path.name
