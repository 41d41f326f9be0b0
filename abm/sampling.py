"""Small sampling helpers shared by the start state and the monthly processes."""

from __future__ import annotations

import numpy as np


def stochastic_round(values: np.ndarray | float, rng: np.random.Generator) -> np.ndarray:
    """Round to integers up or down at random so the expectation is exact."""
    values = np.asarray(values, dtype=float)
    low = np.floor(values)
    return (low + (rng.random(values.shape) < values - low)).astype(np.int64)


def pick(rng: np.random.Generator, candidates: np.ndarray, k: int, weights: np.ndarray | None = None) -> np.ndarray:
    """``k`` of ``candidates`` without replacement (weighted: Efraimidis-Spirakis keys)."""
    k = min(k, len(candidates))
    if weights is None:
        return rng.permutation(candidates)[:k]
    keys = np.log(rng.random(len(candidates))) / np.maximum(weights, 1e-12)
    return candidates[np.argsort(-keys, kind="stable")[:k]]


def draw(rng: np.random.Generator, shares: dict, n: int) -> np.ndarray:
    """``n`` draws from a {value: probability} table."""
    return choose(rng.random(n), shares)


def choose(u: np.ndarray, shares: dict) -> np.ndarray:
    """Values from a {value: probability} table, one per uniform number in ``u`` (inverse CDF)."""
    values = np.array([int(v) for v in shares])
    cumulative = np.cumsum(np.array(list(shares.values()), dtype=float))
    return values[np.minimum(np.searchsorted(cumulative / cumulative[-1], u, side="right"), len(values) - 1)]
