"""Search results read as text: the snippets under each result show formulas as plain
Unicode (σ(x), e⁻ˣ, 1/(1 + e⁻ˣ)), not the TeX source Sphinx cuts them from
(book/_static/search_math.js, on the search page only)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

TEX = re.compile(r"\\[()\[\]]|\\(?:frac|sigma|mathrm|mathbf|mathbb|partial|tanh|sum|bigl|bigr|left"
                 r"|right|alpha|cdot|top|tilde|max|log)(?![a-z])|[_^]\{")
ALL_SNIPPETS_IN = """() => {
  const items = [...document.querySelectorAll('#search-results ul.search > li')];
  const status = document.querySelector('#search-results p.search-summary');
  return items.length > 0 && items.every((li) => li.querySelector('p.context'))
    && /^Search finished/.test(status ? status.textContent : '');
}"""


def snippets_for(page, base_url, query: str) -> list[str]:
    page.goto(f"{base_url}/search.html?q={query}", wait_until="load")
    page.wait_for_function(ALL_SNIPPETS_IN, timeout=30_000)
    return page.eval_on_selector_all("#search-results p.context", "ps => ps.map((p) => p.textContent)")


def test_sigmoid_snippets_show_formulas_as_text_not_tex(page, base_url):
    snippets = snippets_for(page, base_url, "sigmoid")
    assert len(snippets) >= 3, snippets
    rewritten = page.locator("#search-results p.context[data-course-math]")
    assert rewritten.count() > 0, "no snippet had math: the test checked nothing"
    assert [s for s in snippets if TEX.search(s)] == []
    # the rewritten snippets show math in Unicode: Greek, sub- or superscripts, a minus sign
    math = re.compile("[α-ωΑ-Ω\u2070-\u209c\u1d62-\u1d6a²³¹−×·≤≥∂∑ℝ\u0303]")
    assert any(math.search(text) for text in rewritten.all_text_contents())
    # the search terms are still highlighted after the rewrite
    expect(rewritten.first.locator("span.highlighted").first).to_have_text(re.compile("sigmoid", re.I))


@pytest.fixture(scope="module")
def search_page(browser, base_url):
    """The search page, loaded once for the conversions below (a pure function of the page)."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{base_url}/search.html", wait_until="load")
    page.wait_for_function("() => window.courseSearchMath !== undefined")
    yield page
    context.close()


@pytest.mark.parametrize(("tex", "text"), [
    (r"The sigmoid \(\sigma(x) = \frac{1}{1 + e^{-x}}\) squashes", "The sigmoid σ(x) = 1/(1 + e⁻ˣ) squashes"),
    (r"...its slope \(\sigma'(x) = \sigma(x)\bigl(1 - \sigma(x)\bigr)\) peaks",
     "...its slope σ′(x) = σ(x)(1 − σ(x)) peaks"),
    (r"...{1 + e^{-x}}\) is the sigmoid", "...1 + e⁻ˣ is the sigmoid"),
    (r"weights \(W_{ij}\) in \(\mathbb{R}^n\), \(x_1, \dots, x_n\)", "weights Wᵢⱼ in ℝⁿ, x₁, …, xₙ"),
    (r"\(\tilde{\mathbf{y}}_{(l)}\) is \(1 \times (n_{(l)} + 1)\)", "y\u0303₍ₗ₎ is 1 × (n₍ₗ₎ + 1)"),
    (r"\[\frac{\partial L}{\partial w} = \sum_{i=1}^{n} \delta_i x_i\]", "∂L/∂w = ∑ᵢ₌₁ⁿ δᵢ xᵢ"),
    (r"\(\mathbf{W}^\top \mathbf{x} + b\) with \(\mathrm{ReLU}(x) = \max(0, x)\)",
     "Wᵀ x + b with ReLU(x) = max(0, x)"),
    (r"cut at the end \(\frac{1}{1 + e^{", "cut at the end 1/(1 + e)"),
    (r"no math here: C:\path", r"no math here: C:\path"),
])
def test_tex_reads_as_text(search_page, tex, text):
    assert search_page.evaluate("(tex) => window.courseSearchMath.readable(tex)", tex) == text


def test_a_typeset_formulas_text_gets_its_tex_back_and_words_stay_whole(search_page):
    """In a snippet a formula reads as its MathML's text (the pages arrive typeset); the map of
    the site's formulas gives its TeX back, only where the text stands on its own."""
    formulas = search_page.evaluate("() => window.courseSearchFormulas")
    assert formulas.get("si") == r"s_i", "the site's formula s_i is not in the map"
    with_tex = "(tex) => window.courseSearchMath.withTex(tex)"
    assert search_page.evaluate(with_tex, "each si is a share") == r"each \(s_i\) is a share"
    for words in ("once with a ReLU (or a sigmoid)", "size=(2, 4)", "basis"):
        assert search_page.evaluate(with_tex, words) == words
