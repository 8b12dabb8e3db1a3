"""A small multilayer perceptron in NumPy, exact enough to measure back-propagation.

Row-vector convention, as in the chapters: a batch is a matrix with one example per row,
and layer l maps y_(l-1) to y_(l) = f(z_(l)) with z_(l) = y_(l-1) W_(l) + b_(l).

NumPy only; never imports matplotlib.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from nnh.activations import Activation, check_name

__all__ = ["layer_backward"]


def layer_backward(grad_y: Any, y_prev: Any, z: Any, W: Any,
                   activation: Activation | str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""One layer's backward pass by the chain rule.

    Given :math:`\partial L / \partial y_{(l)}` (``grad_y``, one row per example), the layer's
    input ``y_prev``, its pre-activation ``z`` and weights ``W``, return
    ``(grad_y_prev, grad_W, grad_b)``:

    * the error signal :math:`\delta = \partial L / \partial z = \text{grad\_y} \odot f'(z)`;
    * ``grad_W = y_prev.T @ delta`` and ``grad_b = delta.sum(axis=0)`` (summed over the batch);
    * ``grad_y_prev = delta @ W.T``: for one example, ``grad_y @ diag(f'(z)) @ W.T``.
    """
    act = check_name(activation, "nnh.network.layer_backward")
    delta = np.asarray(grad_y) * np.asarray(act.derivative(z))
    y_prev = np.asarray(y_prev)
    return delta @ np.asarray(W).T, y_prev.T @ delta, delta.sum(axis=0)
