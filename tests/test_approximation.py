"""Piecewise-linear universal approximation with ReLU units."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

import nnh


def test_interpolates_the_target_at_the_nodes():
    approx = nnh.relu_approximation(np.sin, (0, 2 * np.pi), 10)
    nodes = np.linspace(0, 2 * np.pi, 11)
    np.testing.assert_allclose(approx(nodes), np.sin(nodes), atol=1e-14)


def test_each_threshold_sits_at_its_knot():
    approx = nnh.relu_approximation(np.cos, (-1, 3), 8)
    np.testing.assert_allclose([u.threshold for u in approx.units], np.linspace(-1, 3, 9)[:-1],
                               atol=1e-15)
    assert all(u.activation is nnh.relu and u.w == 1 for u in approx.units)
    assert len(approx.units) == approx.n_units == 8


def test_error_shrinks_like_h_squared():
    errors = [nnh.relu_approximation(np.sin, (0, 2 * np.pi), n).max_error
              for n in (8, 16, 32, 64, 128)]
    assert all(b < a for a, b in itertools.pairwise(errors))
    ratios = np.array(errors[:-1]) / np.array(errors[1:])
    assert np.all(np.abs(ratios[1:] - 4) < 0.3)
    # the classical bound h^2 max|g''| / 8
    for n, e in zip((8, 16, 32, 64, 128), errors, strict=True):
        assert e <= (2 * np.pi / n) ** 2 / 8 + 1e-12


def test_piecewise_linear_target_is_reproduced_exactly():
    def target(x):
        return np.abs(x - 1) + 0.5 * np.maximum(x - 1.5, 0)
    approx = nnh.relu_approximation(target, (0, 2), 4)
    x = np.linspace(0, 2, 1001)
    np.testing.assert_allclose(approx(x), target(x), atol=1e-14)
    np.testing.assert_allclose(approx.output_weights, [-1, 0, 2, 0.5], atol=1e-14)


def test_each_unit_adds_one_segment_of_the_interpolant():
    """The first k units plus the offset trace the straight-line interpolant of the target
    (np.interp through the nodes) up to the k-th knot: each unit bends the line once."""
    approx = nnh.relu_approximation(np.exp, (0, 1), 5)
    nodes = np.linspace(0, 1, 6)
    partial_sums = approx.offset + np.cumsum(approx.unit_outputs(nodes), axis=0)
    for k in range(1, 6):
        reached = nodes <= nodes[k]
        np.testing.assert_allclose(partial_sums[k - 1][reached], np.exp(nodes[reached]),
                                   rtol=1e-14)
    x = np.linspace(0, 1, 101)
    np.testing.assert_allclose(approx.offset + approx.unit_outputs(x).sum(axis=0),
                               np.interp(x, nodes, np.exp(nodes)), rtol=1e-14)


@pytest.mark.parametrize(("args", "error", "pattern"), [
    ((3.0, (0, 1), 4), TypeError, r"argument 'target' must be a callable"),
    ((np.sin, (1, 0), 4), ValueError, r"argument 'interval' must satisfy a < b"),
    ((np.sin, (0, np.inf), 4), ValueError, r"argument 'interval\[1\]' must be finite"),
    ((np.sin, 3, 4), TypeError, r"argument 'interval' must be a pair"),
    ((np.sin, (0, 1), 0), ValueError, r"argument 'n_units' must be >= 1"),
    ((np.sin, (0, 1), 2.5), TypeError, r"argument 'n_units' must be an integer"),
    ((lambda x: np.where(x > 0.5, np.inf, x), (0, 1), 2), ValueError,
     r"argument 'target' must return one finite"),
    ((lambda x: 1.0, (0, 1), 2), ValueError, r"argument 'target' must return one finite"),
])
def test_bad_arguments(args, error, pattern):
    with pytest.raises(error, match=pattern):
        nnh.relu_approximation(*args)


def test_outside_the_interval_it_continues_the_end_segments_without_warnings():
    # nodes -1, -0.5, 0, 0.5, 1 with values 0.5, 0.5, 0, 0.5, 0.5: flat end segments, v_0 = 0
    approx = nnh.relu_approximation(lambda x: np.minimum(np.abs(x), 0.5), (-1, 1), 4)
    x = np.array([-np.inf, -1e300, -2.0, 2.0, 1e300, np.inf, np.nan])
    with np.errstate(all="raise"):
        y = approx(x)
    np.testing.assert_array_equal(y[:-1], 0.5)
    assert np.isnan(y[-1])
    # a rising last segment goes to +inf, a falling one to -inf; left of a, the offset g(a)
    rising = nnh.relu_approximation(np.exp, (0, 1), 3)
    falling = nnh.relu_approximation(np.cos, (0, 3), 3)
    with np.errstate(all="raise"):
        assert rising(np.inf) == np.inf and falling(np.inf) == -np.inf
        assert rising(-np.inf) == 1.0 and falling(-np.inf) == 1.0
    # the last segment's line through the last two nodes, extended (independent formula)
    nodes = np.linspace(0, 3, 4)
    slope = (np.cos(nodes[-1]) - np.cos(nodes[-2])) / (nodes[-1] - nodes[-2])
    assert falling(10.0) == pytest.approx(np.cos(3) + slope * 7, rel=1e-13)
