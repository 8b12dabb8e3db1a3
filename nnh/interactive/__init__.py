"""Interactive figures and answer boxes that need no kernel.

    nnh.interactive.unit_explorer("sigmoid")
    nnh.interactive.approximation_explorer(np.sin, (0, 2 * np.pi), max_units=24)
    nnh.interactive.derivative_explorer(["sigmoid", "tanh", "relu"])
    nnh.interactive.answer_box("Where does NN(4, -2) switch? x =", nnh.NN(4, -2).threshold,
                               digits=2, solution="-b/w = 0.5")

The package: ``explorers`` (what each figure shows, computed with nnh), ``answer`` (answer
boxes and their precision), ``geometry`` (the frame grid and panel coordinates),
``template`` (the HTML), ``widget.css`` (classes styled from the theme's colours, dark mode
included) and ``widget.js`` (looks frames up, checks answers).
"""

from nnh.interactive.answer import AnswerBox, answer_box
from nnh.interactive.explorers import (
    Explorer,
    approximation_explorer,
    derivative_explorer,
    unit_explorer,
)

__all__ = ["AnswerBox", "Explorer", "answer_box", "approximation_explorer",
           "derivative_explorer", "unit_explorer"]
