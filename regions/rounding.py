"""Whole-number splits that keep their total exactly."""

from __future__ import annotations

from typing import Sequence

import numpy as np


def split(total: float, weights: Sequence[float]) -> list[int]:
    """``round(total)`` split in proportion to ``weights`` by largest remainder (parts sum exactly)."""
    w = np.asarray(weights, dtype=float)
    exact = round(total) * w / w.sum()
    parts = np.floor(exact)
    order = np.argsort(-(exact - parts), kind="stable")
    parts[order[: int(round(total) - parts.sum())]] += 1
    return [int(p) for p in parts]
