"""Every exercise on the site has a number that names its chapter and no other exercise shares.

sphinx-exercise numbers an exercise like a figure: "Exercise 3.2" in the numbered chapter 3,
and a bare running count ("Exercise 7") across every page outside a numbered part, which reads
like chapter 7's and says nothing about where the exercise is. Every part that holds exercises
is numbered (_toc.yml), so on the built site (no browser needed):

* each exercise's number is "<chapter>.<k>", <chapter> the number in its page's title;
* no two exercises on the site share a number, and on a page the numbers rise;
* each solution's title names an exercise of its page, with that exercise's number and title.

The answer boxes take their label ("Exercise 8.1: check your answer") from the exercise around
them: tests/site/test_interactive.py checks every box on the site against its exercise.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

PAGE_NUMBER = re.compile(r'<h1><span class="section-number">([\d.]+)\.? </span>')
EXERCISE = re.compile(
    r'<p class="admonition-title"><span class="caption-number">Exercise ([^<]*?) </span>'
    r'\s*(?:\((.*?)\))?</p>', re.DOTALL)
SOLUTION = re.compile(
    r'Solution to<span class="solution-title-ref"> Exercise ([^\s<]+)(?: \((.*?)\))?</span>',
    re.DOTALL)


def plain(title: str) -> str:
    """A title as text, with straight quotes (Sphinx's smartquotes curl the exercise's own
    title, not the copy in its solution's)."""
    return html.unescape(title).translate(str.maketrans("‘’“”", "''\"\""))


def numbering_problems(pages: dict[str, str]) -> list[str]:
    """What is wrong with the exercise numbers of these pages (name -> built HTML)."""
    problems, owner = [], {}
    for name, page in pages.items():
        exercises = [(number, plain(title)) for number, title in EXERCISE.findall(page)]
        if not exercises:
            continue
        heading = PAGE_NUMBER.search(page)
        if heading is None:
            problems.append(f"{name}: {len(exercises)} exercise(s) on a page without a chapter "
                            f"number: {[n for n, _ in exercises]}")
            continue
        chapter = heading.group(1).split(".")[0]
        previous = 0
        for number, _ in exercises:
            match = re.fullmatch(r"(\d+)\.(\d+)", number)
            if not match or match.group(1) != chapter:
                problems.append(f"{name}: 'Exercise {number}' does not name its chapter {chapter}")
                continue
            if int(match.group(2)) <= previous:
                problems.append(f"{name}: 'Exercise {number}' does not follow the one before it")
            previous = int(match.group(2))
            if number in owner:
                problems.append(f"{name}: 'Exercise {number}' is also on {owner[number]}")
            owner.setdefault(number, name)
        titles = dict(exercises)
        for number, title in SOLUTION.findall(page):
            if number not in titles:
                problems.append(f"{name}: a solution to 'Exercise {number}', which the page lacks")
            elif plain(title) != titles[number]:
                problems.append(f"{name}: the solution to 'Exercise {number}' is titled "
                                f"{title!r}, the exercise {titles[number]!r}")
    return problems


def test_every_exercise_number_names_its_chapter_and_is_unique(site_dir: Path):
    pages = {p.name: p.read_text(encoding="utf-8") for p in sorted(site_dir.glob("book/*.html"))}
    found = sum(len(EXERCISE.findall(page)) for page in pages.values())
    assert found >= 40, f"only {found} exercises found: has sphinx-exercise's markup changed?"
    problems = numbering_problems(pages)
    assert not problems, "\n".join(problems)


def exercise(number: str, title: str) -> str:
    return (f'<p class="admonition-title"><span class="caption-number">Exercise {number} </span>'
            f' ({title})</p>')


def solution(number: str, title: str) -> str:
    return (f'<p class="admonition-title">Solution to<span class="solution-title-ref"> '
            f'Exercise {number} ({title})</span></p>')


def test_the_numbering_check_can_fail():
    """Bare running numbers on unnumbered pages (the site before the parts were numbered), a
    number shared by two pages, and a solution naming another exercise all fail."""
    numbered = '<h1><span class="section-number">3. </span>Derivatives</h1>'
    assert numbering_problems({"derivatives.html": numbered + exercise("3.1", "Peak")
                               + solution("3.1", "Peak")}) == []
    bare = numbering_problems({"backprop.html": "<h1>Back-propagation</h1>" + exercise("1", "A")})
    assert bare == ["backprop.html: 1 exercise(s) on a page without a chapter number: ['1']"]
    shared = numbering_problems({
        "a.html": numbered + exercise("3.1", "A"),
        "b.html": numbered + exercise("3.1", "B") + exercise("4.2", "C")})
    assert shared == ["b.html: 'Exercise 3.1' is also on a.html",
                      "b.html: 'Exercise 4.2' does not name its chapter 3"]
    wrong = numbering_problems({"a.html": numbered + exercise("3.1", "A") + exercise("3.2", "B")
                                + solution("3.1", "B") + solution("3.3", "C")})
    assert wrong == ["a.html: the solution to 'Exercise 3.1' is titled 'B', the exercise 'A'",
                     "a.html: a solution to 'Exercise 3.3', which the page lacks"]


# A derivative's prime -------------------------------------------------------------------
# A derivative's prime is a prime (′) on the built site, never a curled quote.
#
# Text outside math writes a derivative as f′, σ′, tanh′ or ReLU′. Typed as an apostrophe
# (``tanh'``), Sphinx's smartquotes turn it into a closing quote (tanh’), which reads as a
# possessive cut short: "The peak of tanh’", "σ’ < 0.01". Code keeps its straight ``'``
# (smartquotes leave literals alone), and a possessive ("tanh’s") is not a derivative.

# A function name of the book followed by a curled quote that is not a possessive's.
CURLED_PRIME = re.compile(r"(?<![\w-])(f|g|h|σ|tanh|ReLU|sigmoid|softplus|ELU|GELU|SiLU)’(?!s\b)")
TAG = re.compile(r"<[^>]+>")


def curled_primes(page: str) -> list[str]:
    """Each curled quote after a function name in a page's visible text, with its context."""
    text = html.unescape(TAG.sub("", page))
    return [text[max(0, m.start() - 30):m.end() + 10].replace("\n", " ")
            for m in CURLED_PRIME.finditer(text)]


def test_no_page_writes_a_derivative_with_a_curled_quote(site_dir: Path):
    found = {p.name: hits for p in sorted(site_dir.glob("book/*.html"))
             if (hits := curled_primes(p.read_text(encoding="utf-8")))}
    assert found == {}, found


def test_the_prime_check_can_fail():
    assert curled_primes("<p>(The peak of tanh’)</p>") == ["(The peak of tanh’)"]
    assert curled_primes("<th><p>min f’</p></th>") == ["min f’"]
    assert curled_primes("<p>tanh’s derivative and σ′(z)</p>") == []
