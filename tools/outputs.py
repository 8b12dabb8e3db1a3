"""Stored outputs that do not depend on timing: one rule for merging output streams.

A kernel sends printed text in chunks whose boundaries depend on timing (an interrupted and
resumed build split the same text differently). Wherever outputs are exported, stored or
compared (the build's export to _build/executed, `make refresh`, the stored-output test),
consecutive chunks of one stream are joined by :func:`merge_streams`.

Not nbclient's, nbval's or myst-nb's coalesce_streams: they fold every chunk of a stream into
its first one, moving text printed after a figure above it.
"""

from __future__ import annotations

import copy
from typing import Any


def merge_streams(outputs: list[Any]) -> list[Any]:
    """``outputs`` with consecutive chunks of the same stream joined (a new list; the
    outputs given are not changed). Works on nbformat nodes and on plain dicts."""
    merged: list[Any] = []
    for out in outputs:
        if (out["output_type"] == "stream" and merged and merged[-1]["output_type"] == "stream"
                and merged[-1]["name"] == out["name"]):
            merged[-1]["text"] += out["text"]
        else:
            merged.append(copy.deepcopy(out))
    return merged


def merge_notebook_streams(nb: Any) -> Any:
    """``nb`` with the streams of every code cell merged in place; returns ``nb``."""
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            cell["outputs"] = merge_streams(cell["outputs"])
    return nb
