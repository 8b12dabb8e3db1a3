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


def displayed(tex: str) -> nodes.document:
    """A document holding one display formula. Built from nodes, not from ``.. math::``: which
    class that directive is depends on whether Sphinx, in this process, has registered its own."""
    doc = new_document("<test>", get_default_settings(Parser))
    doc += nodes.math_block(tex, tex)
    return doc


def test_a_page_has_math_by_its_own_nodes_or_markup():
    assert course_mathjax.page_has_math(document("A :math:`x^2` formula."), "")
    assert course_mathjax.page_has_math(displayed("x^2"), "")
    assert not course_mathjax.page_has_math(document("No formula, only $ and a backslash \\\\."), "")
    assert not course_mathjax.page_has_math(None, '<p>plain</p>')
    assert course_mathjax.page_has_math(None, '<span class="math notranslate">\\(x\\)</span>')


def test_formulas_are_typeset_at_build_time_with_math_for_screen_readers():
    """MathJax in Node writes CommonHTML, and beside it the MathML a screen reader reads."""
    typesetter = course_mathjax.typesetter()
    inline = typesetter.html(r"\sigma(z) = \frac{1}{1 + e^{-z}}", display=False)
    assert inline.startswith('<mjx-container class="MathJax" jax="CHTML"')
    assert 'display="true"' not in inline and "<mjx-mfrac" in inline
    mathml = inline[inline.index("<mjx-assistive-mml"):]
    assert "<math" in mathml and "<mi>σ</mi>" in mathml and "<mfrac>" in mathml
    block = typesetter.html(r"\mathbf{y}_{(l)} = f(\mathbf{z}_{(l)})", display=True)
    assert 'display="true"' in block
    css = typesetter.stylesheet()
    assert 'url("woff-v2/MathJax_Main-Regular.woff")' in css   # fonts beside the stylesheet
    assert "mjx-c.mjx-c1D70E" in css   # every glyph: σ (U+1D70E) and the rest


def test_typeset_formulas_are_kept_for_the_next_build(tmp_path):
    """A formula typeset once is not typeset again: the next build reads it from the cache and
    starts no Node process; a cache from another script or MathJax is thrown away."""
    cache = tmp_path / "course_mathjax.json"
    first = course_mathjax.Typesetter(cache)
    html = first.html(r"\frac{1}{2}", display=True)
    css = first.stylesheet()
    first.save()
    first.close()
    assert first.started
    second = course_mathjax.Typesetter(cache)
    assert second.html(r"\frac{1}{2}", display=True) == html and second.stylesheet() == css
    assert not second.started
    stored = cache.read_text().replace(course_mathjax._fingerprint(), "another MathJax")
    cache.write_text(stored)
    third = course_mathjax.Typesetter(cache)
    assert third.html(r"\frac{1}{2}", display=True) == html and third.started
    third.close()


def test_a_tex_error_fails_the_build_naming_the_page_and_the_formula():
    class Page:
        builder = type("Builder", (), {"current_docname": "book/derivatives"})()

    formula = nodes.math(text=r"\sigmaa(z)")
    formula.line = 12
    try:
        course_mathjax._typeset(Page(), formula, formula.astext(), display=False)
    except Exception as error:   # sphinx.errors.ExtensionError
        message = str(error)
    else:
        raise AssertionError("a TeX error was typeset")
    assert "book/derivatives:12" in message and r"'\\sigmaa(z)'" in message
    assert "Undefined control sequence \\sigmaa" in message


def test_a_formula_reads_as_the_text_of_its_mathml():
    """In a page's text a typeset formula reads as its MathML's text, which the search page
    maps back to its TeX."""
    html = course_mathjax.typesetter().html(r"\sigma(x) = \frac{1}{1 + e^{-x}}", display=False)
    assert course_mathjax.formula_text(html) == "σ(x)=11+e−x"
    assert course_mathjax.formula_text("<mjx-c></mjx-c>a &amp; b") == "a & b"


def test_displayed_equations_are_assembled_as_sphinx_assembles_them():
    def block(text: str, nowrap: bool = False) -> nodes.math_block:
        return nodes.math_block(text, text, nowrap=nowrap, number=None)

    assert course_mathjax.display_tex(block("a = b")) == "a = b"
    assert course_mathjax.display_tex(block("a &= b \\\\ c &= d")) == \
        r"\begin{split}a &= b \\ c &= d\end{split}"
    assert course_mathjax.display_tex(block("a = b\n\nc = d")) == \
        r"\begin{align}\begin{aligned}a = b\\c = d\end{aligned}\end{align}"
    assert course_mathjax.display_tex(block("\\begin{align}x\\end{align}", nowrap=True)) == \
        r"\begin{align}x\end{align}"


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
