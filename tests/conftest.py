"""Shared test set-up: a non-interactive matplotlib backend and deterministic hypothesis."""

import matplotlib
from hypothesis import settings

matplotlib.use("Agg")

settings.register_profile("course", derandomize=True, deadline=None, max_examples=150,
                          print_blob=True)
settings.load_profile("course")


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "precision: stored outputs carry no digits beyond the agreed precision "
                   "(tests/test_stored_precision.py)")
    config.addinivalue_line(
        "markers", "package_index: installs packages from the package index (PyPI or its mirror); "
                   "deselect offline with -m 'not package_index'")
