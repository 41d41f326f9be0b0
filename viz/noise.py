"""How precise a figure is, said honestly: the seed-to-seed spread of the replications.

A scenario and the baseline run with the same seeds share their random numbers (common random
numbers), so the difference of each replication pair is the intervention's effect in that draw
and the 90 % interval of its mean says whether the effect stands out from chance. Figures are
rounded to what their interval supports (two significant digits of its half-width).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from scipy import stats

LEVEL = 0.90


@dataclass(frozen=True)
class Estimate:
    """The mean of ``n`` replications and the half-width of its 90 % interval (NaN for one)."""

    mean: float
    half: float
    n: int

    @property
    def spans_zero(self) -> bool:
        """Whether zero lies within the interval: the sign is not known (unknown for one run)."""
        return self.n < 2 or math.isnan(self.half) or abs(self.mean) <= self.half

    @property
    def known(self) -> bool:
        return self.n >= 2 and not math.isnan(self.half)


def estimate(values: Sequence[float]) -> Estimate:
    """Mean and 90 % t-interval of replications' values (NaN values left out)."""
    kept = [value for value in values if not math.isnan(value)]
    if not kept:
        return Estimate(float("nan"), float("nan"), 0)
    mean = sum(kept) / len(kept)
    if len(kept) < 2:
        return Estimate(mean, float("nan"), len(kept))
    spread = math.sqrt(sum((value - mean) ** 2 for value in kept) / (len(kept) - 1))
    quantile = float(stats.t.ppf(0.5 + LEVEL / 2, len(kept) - 1))
    return Estimate(mean, quantile * spread / math.sqrt(len(kept)), len(kept))


def decimals(half: float, most: int) -> int:
    """Decimals that keep two significant digits of ``half`` (at most ``most``; ``most`` for no spread)."""
    if math.isnan(half) or half <= 0:
        return most
    return max(0, min(most, 1 - math.floor(math.log10(half))))


def rounded(value: float, half: float, most: int) -> float:
    """``value`` rounded to the precision its interval supports: to two significant digits of
    ``half`` (e.g. 156,234 +- 2,345 becomes 156,000 +- 2,300)."""
    if math.isnan(value) or math.isnan(half) or half <= 0:
        return value
    step = 10 ** (math.floor(math.log10(half)) - 1)
    return round(value / step) * step if step >= 1 else round(value, decimals(half, most))
