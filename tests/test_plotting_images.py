"""Image regression tests for nnh's plotting functions, against committed baselines.

A drift in a figure is caught here, at the function that caused it, as well as in the
chapters. After an intended change: `make baselines` (NNH_REGEN_BASELINES=1) and commit.
"""

from __future__ import annotations

import os
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.testing.compare import compare_images

import nnh
from nnh.plotting import save_figure

BASELINES = Path(__file__).resolve().parent / "baseline"
RMS_TOLERANCE = 0.5

FIGURES = {
    "activations": lambda: nnh.plot_activations(np.arange(-5, 5, 0.1)),
    "activation_sigmoid_step": lambda: nnh.plot_activation("sigmoid", np.arange(-5, 5, 0.1),
                                                           derivative=True, step=True),
    "steps_slope": lambda: nnh.plot_steps([nnh.NN(1, 0), nnh.NN(10, 0), nnh.NN(100, 0),
                                           nnh.NN(1000, 0)]),
    "steps_bias": lambda: nnh.plot_steps([nnh.NN(1, 0), nnh.NN(1, 10), nnh.NN(1, 20),
                                          nnh.NN(1, 30)]),
    "approximation": lambda: nnh.plot_approximation(
        nnh.relu_approximation(np.sin, (0, 2 * np.pi), 8)),
    "curves": lambda: nnh.plot_curves(np.linspace(0, 1, 50), {"x^2": np.linspace(0, 1, 50) ** 2},
                                      title="a parabola"),
}


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_figure_matches_its_baseline(name, tmp_path):
    fig, _ = FIGURES[name]()
    actual = save_figure(fig, tmp_path / f"{name}.png")
    plt.close(fig)
    baseline = BASELINES / f"{name}.png"
    if os.environ.get("NNH_REGEN_BASELINES") == "1":
        baseline.write_bytes(actual.read_bytes())
    assert baseline.exists(), f"no baseline for {name}: run `make baselines`"
    result = compare_images(str(baseline), str(actual), tol=RMS_TOLERANCE, in_decorator=True)
    assert result is None, (f"{name} drifted from its baseline: RMS {result['rms']:.2f}; "
                            f"see {result['diff']}")
