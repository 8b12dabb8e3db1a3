"""Sphinx extension: formulas typeset at build time, so a page shows its math as it loads.

MathJax 3 runs once, at build time, in Node (``course_mathjax_typeset.cjs``), and writes each
formula as CommonHTML: the same markup MathJax would build in the reader's browser, with the
hidden MathML that screen readers read. The page loads no MathJax script, only one stylesheet
(``_static/mathjax/chtml.css``, every glyph) and MathJax's web fonts, and only if it shows
math of its own. A TeX error fails the build and names the page and the formula.

MathJax's modules come from the PyPI package ``django-static-mathjax`` (mathjax-full 3.2.2,
pinned in requirements.lock). The extension is a Sphinx math renderer, registered with
``app.add_html_math_renderer`` and selected through ``html_math_renderer``, which Sphinx
documents for this; ``sphinx.ext.mathjax`` then adds nothing to any page.
"""

from __future__ import annotations

import atexit
import hashlib
import importlib.util
import json
import re
import shutil
import subprocess
from html import unescape
from pathlib import Path

from docutils import nodes
from docutils.utils import get_source_line
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.locale import _
from sphinx.util.math import get_node_equation_number

RENDERER = "course_chtml"
STYLESHEET = "mathjax/chtml.css"     # under _static; its fonts in _static/mathjax/woff-v2
FONTS = "woff-v2"                    # relative to the stylesheet
SEARCH_FORMULAS = "search_formulas.js"  # under _static, on the search page only
TYPESETTER = Path(__file__).with_name("course_mathjax_typeset.cjs")


def mathjax_source() -> Path:
    """mathjax-full's folder inside django-static-mathjax (``js/`` for Node, ``es5/`` fonts)."""
    spec = importlib.util.find_spec("mathjax")
    if spec is None or not spec.submodule_search_locations:
        raise ExtensionError("course_mathjax: the package django-static-mathjax is not installed "
                             "(it provides MathJax for the formulas); run `make venv`")
    return Path(next(iter(spec.submodule_search_locations))) / "static" / "mathjax"


def _fingerprint() -> str:
    """What the typeset HTML depends on besides the TeX: the script, MathJax's version."""
    package = json.loads((mathjax_source() / "package.json").read_text(encoding="utf-8"))
    return hashlib.sha256(TYPESETTER.read_bytes() + package["version"].encode()).hexdigest()


class Typesetter:
    """MathJax in one Node process, asked one formula at a time (JSON lines), started only
    when a formula is not in the cache. ``cache_file`` keeps the typeset formulas from one build
    to the next (thrown away when the script or MathJax changes)."""

    def __init__(self, cache_file: Path | None = None) -> None:
        self._cache_file = cache_file
        self._fingerprint = _fingerprint()
        self._process: subprocess.Popen | None = None
        self._cache: dict[str, str] = {}
        self._changed = False
        if cache_file is not None and cache_file.exists():
            stored = json.loads(cache_file.read_text(encoding="utf-8"))
            if stored.get("fingerprint") == self._fingerprint:
                self._cache = stored["formulas"]

    @property
    def started(self) -> bool:
        return self._process is not None

    def _ask(self, request: dict) -> dict:
        if self._process is None:
            node = shutil.which("node")
            if node is None:
                raise ExtensionError("course_mathjax: typesetting the formulas needs Node.js "
                                     "(`make build` installs it; by hand: apt-get install nodejs)")
            self._process = subprocess.Popen(
                [node, str(TYPESETTER), str(mathjax_source()), FONTS], stdin=subprocess.PIPE,
                stdout=subprocess.PIPE, text=True, encoding="utf-8", bufsize=1)
        assert self._process.stdin is not None and self._process.stdout is not None
        self._process.stdin.write(json.dumps(request) + "\n")
        line = self._process.stdout.readline()
        if not line:
            raise ExtensionError(f"course_mathjax: the MathJax process ended (exit code "
                                 f"{self._process.wait()})")
        return json.loads(line)

    def _cached(self, key: str, request: dict, field: str) -> str:
        if key not in self._cache:
            reply = self._ask(request)
            if "error" in reply:
                raise ValueError(reply["error"])
            self._cache[key] = reply[field]
            self._changed = True
        return self._cache[key]

    def html(self, tex: str, display: bool) -> str:
        """The formula as CommonHTML; a TeX error raises ValueError with MathJax's message."""
        return self._cached(json.dumps([tex, display]), {"tex": tex, "display": display}, "html")

    def stylesheet(self) -> str:
        return self._cached("stylesheet", {"css": True}, "css")

    def save(self) -> None:
        """Keep the typeset formulas for the next build."""
        if self._cache_file is not None and self._changed:
            self._cache_file.parent.mkdir(parents=True, exist_ok=True)
            self._cache_file.write_text(json.dumps(
                {"fingerprint": self._fingerprint, "formulas": self._cache}, ensure_ascii=False),
                encoding="utf-8")
            self._changed = False

    def close(self) -> None:
        if self._process is not None:
            assert self._process.stdin is not None and self._process.stdout is not None
            self._process.stdin.close()   # the script ends at the end of its input
            self._process.wait(timeout=30)
            self._process.stdout.close()


_typesetter: Typesetter | None = None
_cache_file: Path | None = None


def typesetter() -> Typesetter:
    """This process's typesetter, with the build's cache once a build has started."""
    global _typesetter
    if _typesetter is None:
        _typesetter = Typesetter(_cache_file)
        atexit.register(_typesetter.close)
    return _typesetter


def _use_the_builds_cache(app: Sphinx) -> None:
    global _cache_file, _typesetter
    _cache_file = Path(app.doctreedir) / "course_mathjax.json"
    if _typesetter is not None and _typesetter._cache_file != _cache_file:
        _typesetter.close()
        _typesetter = None


def _save_the_cache(app: Sphinx, exception: Exception | None) -> None:
    if exception is None and _typesetter is not None:
        _typesetter.save()


def display_tex(node: nodes.math_block) -> str:
    """The TeX of a displayed formula, assembled as sphinx.ext.mathjax assembles it: blank
    lines separate equations, aligned together; an equation with ``\\\\`` is split."""
    if node["nowrap"]:
        return node.astext()
    parts = [part for part in node.astext().split("\n\n") if part.strip()]
    body = r"\\".join(r"\begin{split}" + part + r"\end{split}" if r"\\" in part else part
                      for part in parts)
    return r"\begin{align}\begin{aligned}" + body + r"\end{aligned}\end{align}" \
        if len(parts) > 1 else body


def _typeset(self, node: nodes.Element, tex: str, display: bool) -> str:
    try:
        return typesetter().html(tex, display)
    except ValueError as error:
        _, line = get_source_line(node)
        where = self.builder.current_docname + (f":{line}" if line else "")
        raise ExtensionError(f"course_mathjax: {where}: TeX error in the formula {tex!r}: "
                             f"{error}") from None


def visit_math(self, node: nodes.math) -> None:
    self.body.append(self.starttag(node, "span", "", CLASS="math notranslate nohighlight"))
    self.body.append(_typeset(self, node, node.astext(), display=False) + "</span>")
    raise nodes.SkipNode


def visit_displaymath(self, node: nodes.math_block) -> None:
    tex = display_tex(node)
    self.body.append(self.starttag(node, "div", CLASS="math notranslate nohighlight"))
    if node["number"] and not node["nowrap"]:
        self.body.append(f'<span class="eqno">({get_node_equation_number(self, node)})')
        self.add_permalink_ref(node, _("Link to this equation"))
        self.body.append("</span>")
    self.body.append(_typeset(self, node, tex, display=True) + "</div>\n")
    raise nodes.SkipNode


def page_has_math(doctree: nodes.document | None, body: str) -> bool:
    """Whether the page shows math of its own: a math node, or math markup in its body.

    Not Sphinx's MathDomain.has_equations(page): that also counts the pages in the page's
    toctree, so a landing page would load the stylesheet for its chapters' formulas.
    """
    own = doctree is not None and next(iter(doctree.findall(_is_math)), None) is not None
    return own or 'class="math' in body


def _is_math(node: nodes.Node) -> bool:
    return isinstance(node, (nodes.math, nodes.math_block))


# --- the search page's snippets ------------------------------------------------------------
# Sphinx cuts a result's snippet from the text of its page, where a typeset formula reads as
# the text of its hidden MathML: "σ(x)=11+e−x" for \sigma(x) = \frac{1}{1 + e^{-x}}. The search
# page gets a map from that text back to the TeX (_static/search_formulas.js), and
# _static/search_math.js writes the TeX as readable text: "σ(x) = 1/(1 + e⁻ˣ)".

_TAG = re.compile(r"<[^>]+>")


def formula_text(html: str) -> str:
    """What a typeset formula reads as in its page's ``textContent``: the text of its MathML
    (and of any text glyphs); the CommonHTML glyphs themselves are CSS, not text."""
    return unescape(_TAG.sub("", html))


def formula_texts(app: Sphinx) -> dict[str, str]:
    """Every formula of the site: the text it reads as -> its TeX (from the doctrees, so a
    build that rewrote some pages still maps the formulas of all)."""
    env = app.env
    found: dict[str, str] = {}
    for docname in sorted(env.found_docs):
        for node in env.get_doctree(docname).findall(_is_math):
            display = isinstance(node, nodes.math_block)
            tex = display_tex(node) if display else node.astext()
            try:
                text = formula_text(typesetter().html(tex, display))
            except ValueError:
                continue  # the page's own build reports it
            if text:
                found.setdefault(text, tex)
    return found


def _add_search_formulas(app: Sphinx, pagename, templatename, context, doctree) -> None:
    if pagename != "search" or app.builder.format != "html":
        return
    target = Path(app.outdir) / "_static" / SEARCH_FORMULAS
    target.parent.mkdir(parents=True, exist_ok=True)
    formulas = dict(sorted(formula_texts(app).items()))
    target.write_text("window.courseSearchFormulas = "
                      + json.dumps(formulas, ensure_ascii=False, indent=0) + ";\n",
                      encoding="utf-8")
    app.add_js_file(SEARCH_FORMULAS, priority=400, loading_method="defer")  # this page only


def _select_renderer(app: Sphinx, config) -> None:
    config.html_math_renderer = RENDERER


_stylesheet_written: set[str] = set()


def _write_stylesheet_and_fonts(outdir: str) -> None:
    """MathJax's stylesheet and fonts into ``outdir``'s _static, once per build: before the
    first page with math is rendered, so that its link carries the file's checksum (?v=)."""
    if outdir in _stylesheet_written:
        return
    target = Path(outdir) / "_static" / STYLESHEET
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(typesetter().stylesheet(), encoding="utf-8")
    fonts = mathjax_source() / "es5" / "output" / "chtml" / "fonts" / FONTS
    shutil.copytree(fonts, target.parent / FONTS, dirs_exist_ok=True)
    _stylesheet_written.add(outdir)


def _link_stylesheet(app: Sphinx, pagename, templatename, context, doctree) -> None:
    if app.builder.format == "html" and page_has_math(doctree, context.get("body", "")):
        _write_stylesheet_and_fonts(str(app.outdir))
        app.add_css_file(STYLESHEET)  # from html-page-context: this page only (Sphinx's docs)


def setup(app: Sphinx) -> dict[str, object]:
    app.add_html_math_renderer(RENDERER, (visit_math, None), (visit_displaymath, None))
    app.connect("config-inited", _select_renderer)
    app.connect("builder-inited", _use_the_builds_cache)
    app.connect("build-finished", _save_the_cache)
    app.connect("html-page-context", _link_stylesheet)
    app.connect("html-page-context", _add_search_formulas)
    return {"version": "2.0", "parallel_read_safe": True, "parallel_write_safe": True}
