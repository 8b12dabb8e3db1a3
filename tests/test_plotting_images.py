"""Image regression tests for nnh's plotting functions, light and dark, against committed
baselines (compared with matplotlib's own ``matplotlib.testing.compare.compare_images``).

A drift in a figure is caught here, at the function that caused it, as well as in the
chapters. After an intended change, re-render the baselines with `make baselines`
(``python tests/test_plotting_images.py``: it writes every baseline and reports which ones
changed; it never compares a baseline with itself), look at them and commit.
"""

from __future__ import annotations

import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.testing.compare import compare_images

import nnh
from nnh.plotting import save_figure
from nnh.style import THEMES

BASELINES = Path(__file__).resolve().parent / "baseline"
RMS_TOLERANCE = 0.5
X = np.arange(-5, 5, 0.1)

FIGURES = {
    "activations": lambda: nnh.plot_activations(X),
    "activation_sigmoid_step": lambda: nnh.plot_activation("sigmoid", X, derivative=True,
                                                           step=True),
    "steps_slope": lambda: nnh.plot_steps([nnh.NN(w, 0) for w in (1, 10, 100, 1000)]),
    "steps_relu_slope": lambda: nnh.plot_steps([nnh.NN(w, 0, activation="relu")
                                                for w in (1, 10, 100, 1000)]),
    "steps_bias": lambda: nnh.plot_steps([nnh.NN(1, b) for b in (0, 10, 20, 30)]),
    "approximation": lambda: nnh.plot_approximation(
        nnh.relu_approximation(np.sin, (0, 2 * np.pi), 16)),
    "curves": lambda: nnh.plot_curves(np.linspace(0, 1, 50), {"x^2": np.linspace(0, 1, 50) ** 2},
                                      title="a parabola"),
    "curves_log_markers": lambda: nnh.plot_curves(
        2.0 ** np.arange(8), {"1/n^2": 4.0 ** -np.arange(8), "2/n^2": 2 * 4.0 ** -np.arange(8)},
        xlabel="n", ylabel="error", logx=2, logy=True, markers=True),
}
CASES = [(name, theme) for name in sorted(FIGURES) for theme in THEMES]


def baseline_path(name: str, theme: str) -> Path:
    return BASELINES / (f"{name}.png" if theme == "light" else f"{name}_{theme}.png")


def render(name: str, theme: str, path: Path) -> Path:
    """Draw figure ``name`` fresh and save it in ``theme`` (the light PNG first, as Jupyter
    shows it, so the dark one is made exactly as in a notebook)."""
    fig, _ = FIGURES[name]()
    try:
        if theme != "light":
            save_figure(fig, path, THEMES["light"])
        return save_figure(fig, path, THEMES[theme])
    finally:
        plt.close(fig)


@pytest.mark.parametrize(("name", "theme"), CASES, ids=[f"{n}-{t}" for n, t in CASES])
def test_figure_matches_its_baseline(name, theme, tmp_path):
    baseline = baseline_path(name, theme)
    assert baseline.exists(), f"no baseline {baseline.name}: run `make baselines`"
    actual = render(name, theme, tmp_path / baseline.name)
    result = compare_images(str(baseline), str(actual), tol=RMS_TOLERANCE, in_decorator=True)
    assert result is None, (f"{baseline.name} drifted from its baseline: RMS "
                            f"{result['rms']:.2f}; see {result['diff']}")


def regenerate() -> list[str]:
    """Write every baseline; return a report line per file (new, changed or unchanged)."""
    BASELINES.mkdir(exist_ok=True)
    report = []
    for name, theme in CASES:
        path = baseline_path(name, theme)
        before = path.read_bytes() if path.exists() else None
        render(name, theme, path)
        state = "new" if before is None else ("unchanged" if before == path.read_bytes()
                                              else "changed")
        report.append(f"{state:>9}  {path.relative_to(BASELINES.parent.parent)}")
    return report


if __name__ == "__main__":
    print("\n".join(regenerate()))
    sys.exit(0)
