"""A derivative's prime is a prime (′) on the built site, never a curled quote.

Text outside math writes a derivative as f′, σ′, tanh′ or ReLU′. Typed as an apostrophe
(``tanh'``), Sphinx's smartquotes turn it into a closing quote (tanh’), which reads as a
possessive cut short: "The peak of tanh’", "σ’ < 0.01". Code keeps its straight ``'``
(smartquotes leave literals alone), and a possessive ("tanh’s") is not a derivative.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

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
