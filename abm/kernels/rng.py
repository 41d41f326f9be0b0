"""A small seeded random stream for numba kernels: splitmix64 over a one-element uint64 array.

The state lives in an array the caller owns, so a kernel is a pure function of its inputs and
the same seed gives the same stream on any worker. The readable reference implementations in
the tests draw from the same functions, which is what lets them match the kernels exactly.
"""

from __future__ import annotations

import numpy as np
from numba import njit

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)
_TO_UNIT = 1.0 / 9007199254740992.0  # 2**-53


def new_state(seed: int) -> np.ndarray:
    """A fresh stream state from a non-negative integer seed."""
    return np.array([np.uint64(seed % 2**64)], dtype=np.uint64)


@njit(cache=True)
def next_u64(state: np.ndarray) -> np.uint64:
    """The next 64 random bits; advances ``state``."""
    state[0] += _GOLDEN
    z = state[0]
    z = (z ^ (z >> np.uint64(30))) * _MIX1
    z = (z ^ (z >> np.uint64(27))) * _MIX2
    return z ^ (z >> np.uint64(31))


@njit(cache=True)
def uniform(state: np.ndarray) -> float:
    """A float in [0, 1)."""
    return float(next_u64(state) >> np.uint64(11)) * _TO_UNIT


@njit(cache=True)
def below(state: np.ndarray, n: int) -> int:
    """An integer in [0, n)."""
    return min(int(uniform(state) * n), n - 1)


@njit(cache=True)
def shuffle(state: np.ndarray, items: np.ndarray) -> None:
    """Fisher-Yates shuffle of ``items`` in place."""
    for i in range(len(items) - 1, 0, -1):
        j = below(state, i + 1)
        items[i], items[j] = items[j], items[i]
