"""`import nnh` loads NumPy and nothing heavier: no SciPy, no matplotlib, no IPython. The math
never imports matplotlib; the plotting names load it on first use, and GELU loads SciPy's
special functions on its first call.

Each check runs in a fresh interpreter, since this test session has matplotlib loaded already.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


def run_python(code: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "MPLBACKEND": "Agg", "PYTHONWARNINGS": "error"}
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                          timeout=120)


HEAVY = ("scipy", "matplotlib", "IPython")


def test_import_and_the_math_load_no_heavy_package():
    result = run_python(
        "import sys, numpy as np, nnh\n"
        f"heavy = {HEAVY!r}\n"
        "def loaded(): return sorted({m.split('.')[0] for m in sys.modules} & set(heavy))\n"
        "print('after import:', loaded())\n"
        "nnh.sigmoid(0.0); nnh.relu.derivative([1.0, -1.0]); nnh.softmax([1.0, 2.0])\n"
        "nnh.silu(-1.0); nnh.silu.output_range; nnh.gelu.output_range\n"
        "unit = nnh.NN(10, 0); unit(0.5); unit.derivative(0.5); unit.threshold\n"
        "nnh.compose_linear([np.eye(2), np.ones((2, 3))])\n"
        "nnh.fold_bias(np.eye(2), np.zeros(2))\n"
        "nnh.relu_approximation(np.sin, (0.0, 1.0), 4).max_error\n"
        "print('after the math:', loaded())\n"
        "nnh.gelu(0.5)\n"
        "print('after gelu:', loaded())\n"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["after import: []", "after the math: []",
                                          "after gelu: ['scipy']"]


@pytest.mark.parametrize("name", ["plot_steps", "plot_activations", "plot_activation",
                                  "plot_approximation", "plotting"])
def test_a_plotting_name_loads_matplotlib_on_first_access(name):
    result = run_python(
        "import sys, nnh\n"
        "assert 'matplotlib' not in sys.modules\n"
        f"value = nnh.{name}\n"
        "import nnh.plotting\n"
        f"assert value is getattr(nnh.plotting, {name!r}, nnh.plotting)\n"
        "print('matplotlib' in sys.modules)\n"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


def test_plotting_names_are_listed_and_unknown_names_fail():
    import nnh

    assert {"plot_steps", "plot_activations", "plot_approximation"} <= set(dir(nnh))
    assert {"plot_steps", "plot_activations", "plot_approximation"} <= set(nnh.__all__)
    with pytest.raises(AttributeError, match=r"module 'nnh' has no attribute 'plot_nothing'"):
        _ = nnh.plot_nothing
