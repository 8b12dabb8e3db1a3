"""Input checks shared by every part of nnh.

Each check raises TypeError or ValueError with a message that names the function (``where``,
e.g. ``"nnh.NN"``), the argument and what was expected, so that a student's mistake reads as
a sentence.
"""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np

_REAL_KINDS = "biuf"


def _describe(value: Any) -> str:
    if isinstance(value, np.ndarray):
        return f"an array of dtype {value.dtype}"
    return f"{type(value).__name__} {value!r}"[:80]


def as_real_array(x: Any, where: str, name: str = "x") -> np.ndarray:
    """Return ``x`` as a floating-point ndarray, keeping float dtypes and promoting the rest.

    Accepts Python scalars, lists, tuples and arrays of real numbers (bool, int, float).
    Integers and booleans become float64; float16/32/64 keep their dtype.
    """
    if x is None or isinstance(x, (str, bytes, dict, set)):
        raise TypeError(
            f"{where}: argument {name!r} must be a real number or an array of real numbers, "
            f"got {_describe(x)}"
        )
    try:
        arr = np.asarray(x)
    except (ValueError, TypeError) as exc:  # ragged lists and the like
        raise TypeError(
            f"{where}: argument {name!r} must be a real number or a rectangular array of "
            f"real numbers ({exc})"
        ) from None
    kind = arr.dtype.kind
    if kind == "c":
        raise TypeError(
            f"{where}: argument {name!r} must be real; complex input has no meaning for an "
            f"activation function (got dtype {arr.dtype})"
        )
    if kind not in _REAL_KINDS:
        raise TypeError(
            f"{where}: argument {name!r} must be a real number or an array of real numbers, "
            f"got {_describe(x)}"
        )
    if kind != "f":
        arr = arr.astype(np.float64)
    return arr


def require_finite(arr: np.ndarray, where: str, name: str, *,
                   allow_negative_infinity: bool = False, allow_infinity: bool = False) -> np.ndarray:
    """Return ``arr`` after checking that it holds no NaN and no inf (data, not results).

    ``allow_negative_infinity`` lets -inf pass (a masked class's logit), ``allow_infinity``
    both infinities (a saturated unit's z). The message names the first offending entry:
    ``argument 'x' must be finite (no NaN or inf), got nan at index (2, 0)``.
    """
    if allow_infinity:
        ok, what = ~np.isnan(arr), "must hold no NaN"
    elif allow_negative_infinity:
        ok, what = np.isfinite(arr) | np.isneginf(arr), "must hold no NaN or +inf"
    else:
        ok, what = np.isfinite(arr), "must be finite (no NaN or inf)"
    if not ok.all():
        index = tuple(int(i) for i in np.argwhere(~ok)[0])
        at = f" at index {index if len(index) > 1 else index[0]}" if index else ""
        raise ValueError(f"{where}: argument {name!r} {what}, got {arr[index]}{at}")
    return arr


def real_scalar(value: Any, where: str, name: str, *, minimum: float | None = None,
                strictly_positive: bool = False, finite: bool = True) -> float:
    """Return ``value`` as a Python float after checking type and bounds."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        if isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in "iuf":
            value = value.item()
        else:
            raise TypeError(f"{where}: argument {name!r} must be a real number, got {_describe(value)}")
    out = float(value)
    if np.isnan(out):
        raise ValueError(f"{where}: argument {name!r} must not be NaN")
    if finite and not np.isfinite(out):
        raise ValueError(f"{where}: argument {name!r} must be finite, got {out}")
    if strictly_positive and not out > 0:
        raise ValueError(f"{where}: argument {name!r} must be > 0, got {out}")
    if minimum is not None and out < minimum:
        raise ValueError(f"{where}: argument {name!r} must be >= {minimum}, got {out}")
    return out


def integer(value: Any, where: str, name: str, *, minimum: int) -> int:
    """Return ``value`` as an int >= ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{where}: argument {name!r} must be an integer, got {_describe(value)}")
    out = int(value)
    if out < minimum:
        raise ValueError(f"{where}: argument {name!r} must be >= {minimum}, got {out}")
    return out


def scalar_or_array(out: np.ndarray) -> np.ndarray | np.floating:
    """Unwrap a 0-d result into a NumPy scalar of the same dtype, as ufuncs do."""
    return out[()] if out.ndim == 0 else out
