"""Answer boxes: a question whose numeric answer (computed by nnh) is checked in the browser."""

from __future__ import annotations

import math
from dataclasses import dataclass

from nnh._validate import integer, real_scalar
from nnh.interactive.template import render_answer_box
from nnh.style import format_number

WHERE = "nnh.interactive.answer_box"
DEFAULT_DIGITS = 3


@dataclass(frozen=True)
class Precision:
    """How close an answer must be: one absolute tolerance for the page, words for the student."""

    tolerance: float
    summary: str          # "to 3 significant digits", "within ±0.01", "within 1% of the exact value"

    @property
    def instruction(self) -> str:
        return f"Give your answer {self.summary}."


def _decade(value: float) -> int:
    """The exponent e with 10**e <= |value| < 10**(e + 1)."""
    e = math.floor(math.log10(abs(value)))
    return e - 1 if 10.0 ** e > abs(value) else e + 1 if 10.0 ** (e + 1) <= abs(value) else e


def significant_digits(answer: float, digits: int) -> Precision:
    """Half a unit in the answer's last significant digit: 4.6 passes for 4.595 at 2 digits."""
    if answer == 0:
        raise ValueError(f"{WHERE}: argument 'digits' cannot judge an answer of 0 (it has no "
                         f"significant digits); pass an absolute 'tolerance' instead")
    half_unit = 0.5 * 10.0 ** (_decade(answer) - digits + 1)
    noun = "digit" if digits == 1 else "digits"
    # A hair of slack so that a correctly rounded answer is never lost to binary rounding.
    return Precision(half_unit * (1 + 1e-9), f"to {digits} significant {noun}")


def precision(answer: float, tolerance: object, relative: object, digits: object) -> Precision:
    given = [name for name, value in (("tolerance", tolerance), ("relative", relative),
                                      ("digits", digits)) if value is not None]
    if len(given) > 1:
        raise ValueError(f"{WHERE}: pass only one of 'tolerance', 'relative' or 'digits', "
                         f"got {' and '.join(repr(g) for g in given)}")
    if tolerance is not None:
        tol = real_scalar(tolerance, WHERE, "tolerance", strictly_positive=True)
        return Precision(tol, f"within ±{format_number(tol)}")
    if relative is not None:
        rel = real_scalar(relative, WHERE, "relative", strictly_positive=True)
        if answer == 0:
            raise ValueError(f"{WHERE}: argument 'relative' cannot judge an answer of 0; "
                             f"pass an absolute 'tolerance' instead")
        return Precision(rel * abs(answer), f"within {format_number(100 * rel)}% of the exact value")
    n = DEFAULT_DIGITS if digits is None else integer(digits, WHERE, "digits", minimum=1)
    if n > 15:
        raise ValueError(f"{WHERE}: argument 'digits' must be at most 15 (a float's precision), got {n}")
    return significant_digits(answer, n)


@dataclass(frozen=True)
class AnswerBox:
    """A question whose numeric answer is checked in the browser; the solution stays folded."""

    question: str
    answer: float
    check: Precision
    solution: str

    def _html(self) -> str:
        return render_answer_box(self)

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict[str, str]:
        return {"text/html": self._html(), "text/plain": repr(self)}

    def __repr__(self) -> str:
        return f"<answer box: {self.question} (checked {self.check.summary})>"


def answer_box(question: str, answer: float, tolerance: float | None = None, solution: str = "", *,
               relative: float | None = None, digits: int | None = None) -> AnswerBox:
    """An input box that checks a number typed by the student against ``answer``.

    Exactly one of ``tolerance`` (absolute: ``|typed - answer| <= tolerance``), ``relative``
    (``<= relative * |answer|``) or ``digits`` (correct to that many significant digits:
    within half a unit of the answer's last such digit) sets the check; with none of them the
    answer must be right to 3 significant digits. The box tells the student this precision.
    Inside a sphinx-exercise exercise the box labels itself with the exercise's number.
    """
    if not isinstance(question, str) or not question.strip():
        raise TypeError(f"{WHERE}: argument 'question' must be a non-empty string")
    value = real_scalar(answer, WHERE, "answer")
    if not isinstance(solution, str):
        raise TypeError(f"{WHERE}: argument 'solution' must be a string, got {type(solution).__name__}")
    check = precision(value, tolerance, relative, digits)
    text = solution or f"The answer is {format_number(value, 4)}."
    return AnswerBox(question=question, answer=value, check=check, solution=text)
