"""Controls generated from the scenario schema, so a new intervention or parameter appears in the
browser view without UI code: each numeric pydantic field becomes a :class:`NumberSpec` (a slider
with its unit, range and step) and each intervention class an :class:`InterventionSpec`."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from abm.interventions import INTERVENTIONS
from abm.parameters import Parameters, bounds, unit

COMMON_FIELDS = ("kind", "start", "end", "landsdelen")
"""Fields every intervention has; they get their own controls (start year, landsdelen)."""

SOFT_MAX_FACTOR = 5
"""A slider over a wide range stops at this multiple of the default; larger values can be typed."""

SLIDER_STEPS = 200


@dataclass(frozen=True)
class NumberSpec:
    """One numeric field as a slider: ``low``..``high`` is the slider's span, ``limit_low`` and
    ``limit_high`` what the model accepts (None where open), ``step`` the slider's increment."""

    name: str
    description: str
    unit: str
    default: float
    low: float
    high: float
    limit_low: float | None
    limit_high: float | None
    step: float
    integer: bool


@dataclass(frozen=True)
class InterventionSpec:
    """An intervention kind with its titles, source and numeric fields."""

    kind: str
    title: str
    title_nl: str
    source: str
    numbers: tuple[NumberSpec, ...]

    def label(self, lang: str) -> str:
        return self.title_nl if lang == "nl" else self.title


def nice_ceiling(value: float) -> float:
    """The smallest 1, 2, 2.5 or 5 times a power of ten that is at least ``value``."""
    if value <= 0:
        return 0.0
    power = 10 ** math.floor(math.log10(value))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= value * (1 - 1e-12))


def nice_floor(value: float) -> float:
    """The largest 1, 2 or 5 times a power of ten that is at most ``value`` (1 for no span)."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    return next(m * power for m in (5, 2, 1) if m * power <= value * (1 + 1e-12))


def number_spec(name: str, field: FieldInfo) -> NumberSpec:
    """The slider for one numeric field: from its lower bound to its upper bound, or to
    ``SOFT_MAX_FACTOR`` times the default where the admissible range is much wider."""
    default = float(field.default)
    limit_low, limit_high = bounds(field)
    low = limit_low if limit_low is not None else min(0.0, default)
    soft = nice_ceiling(SOFT_MAX_FACTOR * default) if default > 0 else 1.0
    high = soft if limit_high is None or limit_high > soft else limit_high
    integer = field.annotation is int
    step = nice_floor((high - low) / SLIDER_STEPS)
    if integer:
        step = max(1.0, round(step))
    return NumberSpec(name=name, description=field.description or "", unit=unit(field), default=default, low=low,
                      high=high, limit_low=limit_low, limit_high=limit_high, step=step, integer=integer)


def number_specs(model: type[BaseModel]) -> tuple[NumberSpec, ...]:
    """The numeric fields of ``model`` (other than the common intervention fields) as sliders."""
    return tuple(number_spec(name, field) for name, field in model.model_fields.items()
                 if name not in COMMON_FIELDS and field.annotation in (int, float))


@cache
def intervention_specs() -> tuple[InterventionSpec, ...]:
    """Every intervention the model knows, in the model's order."""
    return tuple(InterventionSpec(kind=kind, title=cls.title, title_nl=cls.title_nl, source=cls.source,
                                  numbers=number_specs(cls)) for kind, cls in INTERVENTIONS.items())


@cache
def parameter_specs() -> tuple[NumberSpec, ...]:
    """The model's behavioural parameters as sliders (the advanced panel)."""
    return number_specs(Parameters)
