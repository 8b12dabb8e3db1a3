"""nnh.style.format_number keeps significant digits: a small number is not written as 0
(up to NOISE = 1e-13, float64 rounding noise on the course's numbers, unless noise=0).

The expected texts are written out by hand from the decimal value (``digits`` significant
digits, round half to even on the exact binary value), not copied from the function."""

from __future__ import annotations

import math
from decimal import Decimal

import pytest

from nnh.style import format_number


@pytest.mark.parametrize(("value", "digits", "text"), [
    (1.2345e-11, 3, "1.23e-11"),
    (1.2345e-11, 2, "1.2e-11"),
    (4.2e-13, 3, "4.2e-13"),
    (3e-13, 3, "3e-13"),         # a curve's minimum of 3e-13 is not 0
    (2e-13, 3, "2e-13"),
    (-1.7763568394002505e-14, 3, "0"),  # np.arange(-5, 5, 0.1)[50]: rounding noise for 0
    (123456, 3, "123000"),
    (0.00012345678, 6, "0.000123457"),
    (999999.7, 3, "1e+06"),
    (-0.0, 3, "0"),
    (math.inf, 3, "inf"),
    (-math.inf, 3, "-inf"),
])
def test_significant_digits(value, digits, text):
    assert format_number(value, digits) == text


@pytest.mark.parametrize("exponent", range(-320, 300, 7))
@pytest.mark.parametrize("mantissa", [1.0, 1.5, 4.2, 9.87654321])
def test_nonzero_values_keep_their_leading_digits(mantissa, exponent):
    value = mantissa * 10.0 ** exponent
    if value == 0 or not math.isfinite(value):
        return
    text = format_number(value, 3, noise=0)  # noise=0: every magnitude is a value
    if abs(value) > 1e-13:
        assert format_number(value, 3) == text
    assert text != "0"
    # the text is the value rounded to 3 significant digits (Decimal: exact decimal arithmetic)
    exact = Decimal(value)
    assert abs(Decimal(text) - exact) <= exact.scaleb(-2).copy_abs() / 2 * Decimal("1.000001")


def test_noise_threshold():
    assert format_number(-3e-15) == "0" and format_number(9.99e-14) == "0"
    assert format_number(3e-15, noise=0) == "3e-15"
    assert format_number(5e-324, 2, noise=0) == "4.9e-324"  # the smallest subnormal
    assert format_number(-2.5e-300, noise=0) == "-2.5e-300"
