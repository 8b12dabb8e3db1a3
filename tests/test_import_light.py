"""`import nnh` and its math never import matplotlib; the plotting names load it on first use.

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


def test_the_math_leaves_matplotlib_unloaded():
    result = run_python(
        "import sys, numpy as np, nnh\n"
        "nnh.sigmoid(0.0); nnh.relu.derivative([1.0, -1.0]); nnh.softmax([1.0, 2.0])\n"
        "unit = nnh.NN(10, 0); unit(0.5); unit.derivative(0.5); unit.threshold\n"
        "nnh.compose_linear([np.eye(2), np.ones((2, 3))])\n"
        "nnh.fold_bias(np.eye(2), np.zeros(2))\n"
        "nnh.relu_approximation(np.sin, (0.0, 1.0), 4).max_error\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('matplotlib', 'IPython'))\n"
        "print(loaded)\n"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


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
