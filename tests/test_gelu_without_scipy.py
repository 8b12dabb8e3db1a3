"""GELU where SciPy is missing (the site's in-page Python: Pyodide's wheels hold no SciPy).

nnh then builds erfc and erfcx from the math module. The normal CDF, GELU's gate, must stay
within the same few ulps of mpmath (50 digits) as with scipy.special, both tails included,
and the import of scipy must really be skipped.
"""

from __future__ import annotations

import builtins

import mpmath
import numpy as np
import pytest
from references import reference

from nnh.activations import _normal_cdf, erfc_functions

FUNCTION_ULPS = 8  # as in test_activations.py
# Dense where the algorithm switches (x = -1, t = 26 at x = -36.77, the cut at -40).
GRID = np.concatenate([np.linspace(-45, 10, 4001), -np.logspace(-8, 1.6, 300),
                       [-1.0, -1.0000001, -26 * 2**0.5, -36.76, -36.78, -39.999, -40.0]])


def _phi_reference(x: np.ndarray) -> np.ndarray:
    return reference({"phi": mpmath.ncdf}, "phi", x)


def test_the_math_fallback_matches_mpmath():
    expected = _phi_reference(GRID)
    actual = _normal_cdf(GRID, use_scipy=False)
    scale = np.spacing(np.abs(expected))
    err = np.where(actual == expected, 0.0, np.abs(actual - expected) / scale)
    assert err.max() <= FUNCTION_ULPS, f"{err.max():.1f} ulp at x = {GRID[err.argmax()]}"


def test_the_fallback_keeps_dtype_and_extremes():
    x = np.array([-np.inf, -1e3, -40.5, 0.0, 40.0, np.inf], dtype=np.float32)
    out = _normal_cdf(x, use_scipy=False)
    assert out.dtype == np.float32
    np.testing.assert_array_equal(out, np.array([0, 0, 0, 0.5, 1, 1], dtype=np.float32))


def test_without_scipy_the_fallback_is_used(monkeypatch):
    real_import = builtins.__import__

    def no_scipy(name, *args, **kwargs):
        if name.startswith("scipy"):
            raise ModuleNotFoundError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_scipy)
    erfc, erfcx = erfc_functions()
    assert isinstance(erfc, np.vectorize) and isinstance(erfcx, np.vectorize)
    assert erfcx(30.0) == pytest.approx(float(mpmath.erfc(30) * mpmath.exp(900)), rel=1e-15)
