"""Answer boxes: a question whose numeric answer (computed by nnh) is checked in the browser."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from nnh._validate import integer, real_scalar
from nnh.interactive.template import Widget, render_answer_box
from nnh.style import format_number

WHERE = "nnh.interactive.answer_box"
DEFAULT_DIGITS = 3


@dataclass(frozen=True)
class Precision:
    """How close an answer must be: one absolute tolerance for the page, words for the student.

    ``whole``: only a whole number is right (the typed number must equal the answer).
    ``close``: answers within this distance that miss the tolerance are called close, with a
    word on rounding (0: no such verdict).
    """

    tolerance: float
    summary: str          # "to 3 significant digits", "within ±0.01", "within 1% of the exact value"
    whole: bool = False
    close: float = 0.0
    powers_of_ten: bool = False   # the answer is tiny or huge: say how to type 9.1 × 10^-5

    @property
    def instruction(self) -> str:
        tip = " Powers of ten can be typed as 9.1e-5 or 9.1 × 10^-5." if self.powers_of_ten else ""
        return f"Give your answer {self.summary}.{tip}"

    @property
    def close_hint(self) -> str:
        """What a near miss is told (the answer is not given away)."""
        return (f"Close, but not {self.summary}. If you rounded a number on the way (a "
                f"logarithm, a square root), keep all its digits and round only at the end.")


def _decade(value: float) -> int:
    """The exponent e with 10**e <= |value| < 10**(e + 1)."""
    e = math.floor(math.log10(abs(value)))
    return e - 1 if 10.0 ** e > abs(value) else e + 1 if 10.0 ** (e + 1) <= abs(value) else e


def significant_digits(answer: float, digits: int) -> Precision:
    """Half a unit in the answer's last significant digit: 4.6 passes for 4.595 at 2 digits.

    A near miss is one that is right to one digit fewer (or within ten of those half units).
    """
    if answer == 0:
        raise ValueError(f"{WHERE}: argument 'digits' cannot judge an answer of 0 (it has no "
                         f"significant digits); pass an absolute 'tolerance' instead")
    half_unit = 0.5 * 10.0 ** (_decade(answer) - digits + 1)
    noun = "digit" if digits == 1 else "digits"
    # A hair of slack so that a correctly rounded answer is never lost to binary rounding.
    return Precision(half_unit * (1 + 1e-9), f"to {digits} significant {noun}",
                     close=10 * half_unit * (1 + 1e-9))


def _tiny_or_huge(answer: float) -> bool:
    return answer != 0 and not 1e-3 <= abs(answer) < 1e5


def resolve_precision(answer: float, tolerance: object, relative: object, digits: object,
                      whole_number: bool = False) -> Precision:
    """The one precision rule that ``answer_box``'s arguments ask for (the default: 3 digits)."""
    rule = _precision(answer, tolerance, relative, digits, whole_number)
    return replace(rule, powers_of_ten=_tiny_or_huge(answer))


def _precision(answer: float, tolerance: object, relative: object, digits: object,
               whole_number: bool) -> Precision:
    given = [name for name, value in (("tolerance", tolerance), ("relative", relative),
                                      ("digits", digits)) if value is not None]
    if not isinstance(whole_number, bool):
        raise TypeError(f"{WHERE}: argument 'whole_number' must be True or False, "
                        f"got {type(whole_number).__name__}")
    if whole_number:
        if given:
            raise ValueError(f"{WHERE}: argument 'whole_number' fixes the check (the exact whole "
                             f"number); do not pass {' or '.join(repr(g) for g in given)} with it")
        if not float(answer).is_integer():
            raise ValueError(f"{WHERE}: argument 'whole_number' needs a whole-number answer, "
                             f"got {answer!r}")
        return Precision(0.0, "as a whole number", whole=True)
    if len(given) > 1:
        raise ValueError(f"{WHERE}: pass only one of 'tolerance', 'relative' or 'digits', "
                         f"got {' and '.join(repr(g) for g in given)}")
    if tolerance is not None:
        tol = real_scalar(tolerance, WHERE, "tolerance", strictly_positive=True)
        if tol == 0.5 and float(answer).is_integer():
            # What the box has always said for this: only the whole number itself is right.
            return Precision(0.0, "as a whole number", whole=True)
        return Precision(tol, f"within ±{format_number(tol)}", close=10 * tol)
    if relative is not None:
        rel = real_scalar(relative, WHERE, "relative", strictly_positive=True)
        if answer == 0:
            raise ValueError(f"{WHERE}: argument 'relative' cannot judge an answer of 0; "
                             f"pass an absolute 'tolerance' instead")
        return Precision(rel * abs(answer), f"within {format_number(100 * rel)}% of the exact value",
                         close=10 * rel * abs(answer))
    if digits is None:
        if answer == 0:      # the caller passed no 'digits': say what is wrong with the default
            raise ValueError(f"{WHERE}: argument 'answer' is 0, which the default check (to "
                             f"{DEFAULT_DIGITS} significant digits) cannot judge: 0 has no "
                             f"significant digits; pass an absolute 'tolerance' instead")
        return significant_digits(answer, DEFAULT_DIGITS)
    n = integer(digits, WHERE, "digits", minimum=1)
    if n > 15:
        raise ValueError(f"{WHERE}: argument 'digits' must be at most 15 (a float's precision), got {n}")
    return significant_digits(answer, n)


@dataclass(frozen=True)
class AnswerBox(Widget):
    """A question whose numeric answer is checked in the browser; the solution stays folded."""

    question: str
    answer: float
    precision: Precision
    solution: str

    def _html(self) -> str:
        return render_answer_box(self)

    def __repr__(self) -> str:
        return f"<answer box: {self.question} (checked {self.precision.summary})>"


def answer_box(question: str, answer: float, tolerance: float | None = None, solution: str = "", *,
               relative: float | None = None, digits: int | None = None,
               whole_number: bool = False) -> AnswerBox:
    """An input box that checks a number typed by the student against ``answer``.

    Exactly one of ``tolerance`` (absolute: ``|typed - answer| <= tolerance``), ``relative``
    (``<= relative * |answer|``) or ``digits`` (correct to that many significant digits:
    within half a unit of the answer's last such digit) sets the check; with none of them the
    answer must be right to 3 significant digits. ``whole_number=True`` (or ``tolerance=0.5``
    with a whole-number answer) accepts only that whole number: 9.97 is not 10. The box tells
    the student this precision, and calls a near miss (within ten times the tolerance) close.
    Inside a sphinx-exercise exercise the box labels itself with the exercise's number.
    """
    if not isinstance(question, str) or not question.strip():
        raise TypeError(f"{WHERE}: argument 'question' must be a non-empty string")
    value = real_scalar(answer, WHERE, "answer")
    if not isinstance(solution, str):
        raise TypeError(f"{WHERE}: argument 'solution' must be a string, got {type(solution).__name__}")
    rule = resolve_precision(value, tolerance, relative, digits, whole_number)
    text = solution or f"The answer is {format_number(value, 4)}."
    return AnswerBox(question=question, answer=value, precision=rule, solution=text)
