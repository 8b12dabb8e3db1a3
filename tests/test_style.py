"""nnh.style.format_number keeps significant digits: a small number is never written as 0.
Only a grid coordinate within 1e-9 of the grid's extent of 0 (format_coordinate) is 0.

The expected texts are written out by hand from the decimal value (``digits`` significant
digits, round half to even on the exact binary value), not copied from the function."""

from __future__ import annotations

import math
from decimal import Decimal

import numpy as np
import pytest

from nnh.style import format_coordinate, format_number


@pytest.mark.parametrize(("value", "digits", "text"), [
    (1.2345e-11, 3, "1.23e-11"),
    (1.2345e-11, 2, "1.2e-11"),
    (4.2e-13, 3, "4.2e-13"),
    (3e-13, 3, "3e-13"),         # a curve's minimum of 3e-13 is not 0
    (2e-13, 3, "2e-13"),
    (-1.7763568394002505e-14, 3, "-1.78e-14"),  # a value: its significant digits
    (6.305116760146989e-16, 3, "6.31e-16"),  # the sigmoid at -35 is not 0
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
    text = format_number(value, 3)
    assert text != "0"
    # the text is the value rounded to 3 significant digits (Decimal: exact decimal arithmetic)
    exact = Decimal(value)
    assert abs(Decimal(text) - exact) <= exact.scaleb(-2).copy_abs() / 2 * Decimal("1.000001")


def test_noise_is_zero_only_when_asked():
    assert format_number(-3e-15, noise=1e-13) == "0" and format_number(9.99e-14, noise=1e-13) == "0"
    assert format_number(3e-15) == "3e-15"
    assert format_number(5e-324, 2) == "4.9e-324"  # the smallest subnormal
    assert format_number(-2.5e-300) == "-2.5e-300"


def test_a_grid_coordinate_that_means_zero_is_written_zero():
    grid = np.arange(-5, 5, 0.1)  # the lecture's grid: grid[50] is -1.78e-14, not 0
    assert grid[50] != 0
    assert format_coordinate(grid[50], grid) == "0"
    assert format_coordinate(grid[51], grid) == "0.1"
    assert format_coordinate(-1e-8, [-1e-6, 1e-6]) == "-1e-08"  # a fine grid keeps its digits
