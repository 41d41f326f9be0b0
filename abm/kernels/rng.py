"""Keyed random numbers: each draw is a pure function of (seed, month, person, purpose).

Counter-based random numbers (as in Random123, Salmon et al. 2011) give *common random numbers*
across scenarios: a person's chance to quit in March 2026 is the same number whether or not an
intervention is switched on, so a comparison with the baseline shows the intervention's effect
rather than a reshuffled random stream. They also make the kernels pure functions of their
inputs, identical on any worker, and let the readable reference implementations in the tests
draw exactly the same numbers. The mixing function is splitmix64's finaliser (Steele et al. 2014).
"""

from __future__ import annotations

import numpy as np
from numba import njit

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)
_TO_UNIT = 1.0 / 9007199254740992.0  # 2**-53


@njit(cache=True)
def mix(z: np.uint64) -> np.uint64:
    """splitmix64's bijective finaliser."""
    z = (z ^ (z >> np.uint64(30))) * _MIX1
    z = (z ^ (z >> np.uint64(27))) * _MIX2
    return z ^ (z >> np.uint64(31))


@njit(cache=True)
def keyed_uniform(seed: np.uint64, month: int, person: int, purpose: int) -> float:
    """A float in [0, 1) determined by its key alone."""
    z = mix(seed + np.uint64(month) * _GOLDEN)
    z = mix(z ^ (np.uint64(person) * _MIX1 + np.uint64(purpose)))
    return float(mix(z + _GOLDEN) >> np.uint64(11)) * _TO_UNIT


@njit(cache=True)
def keyed_uniforms(seed: np.uint64, month: int, persons: np.ndarray, purpose: int) -> np.ndarray:
    """``keyed_uniform`` for many persons at once."""
    out = np.empty(len(persons))
    for i in range(len(persons)):
        out[i] = keyed_uniform(seed, month, persons[i], purpose)
    return out


def seed_from(rng: np.random.Generator) -> np.uint64:
    """A 64-bit key seed drawn from a numpy Generator."""
    return np.uint64(rng.integers(0, 2**63, dtype=np.int64))
