"""Persons as columnar arrays (one array per attribute), and the read-only ``Person`` view.

At one agent per person the model holds ~13 million persons, so persons are not Python
objects: each attribute is one numpy array indexed by person, ~16 bytes per person in all.
Persons are only ever appended (a new cohort each September), never removed: someone who
leaves the model's age range gets status ``EXITED``, so every person is accounted for.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from abm.codes import Flag, Level, Sex, Status

COLUMNS: dict[str, np.dtype] = {
    "age_months": np.dtype(np.int16),
    "sex": np.dtype(np.int8),
    "landsdeel": np.dtype(np.int8),
    "level": np.dtype(np.int8),
    "technical": np.dtype(np.int8),
    "status": np.dtype(np.int8),
    "sector": np.dtype(np.int8),
    "employer": np.dtype(np.int32),
    "months": np.dtype(np.int16),
    "flags": np.dtype(np.int8),
    "key": np.dtype(np.int64),
}
"""Attribute -> dtype. ``sector`` is the sector of the current or last job, or the field of
study (-1 for pupils); ``months`` counts months in the current status; ``key`` identifies the
person to the keyed random numbers (``abm.kernels.rng``)."""
POLICY_KEYS = 1 << 40
"""Persons added by interventions take keys from here on, so they never share or shift the keys
of the persons every scenario has (common random numbers)."""


@dataclass(frozen=True, slots=True)
class Person:
    """One person, as read from the arrays (for inspection and tests)."""

    index: int
    age: float
    sex: str
    landsdeel: str
    level: str
    technical: bool
    status: str
    sector: str | None
    employer: int | None
    months_in_status: int
    fresh_graduate: bool
    teacher: bool


class Population:
    """The person arrays of one model run."""

    def __init__(self, columns: dict[str, np.ndarray]) -> None:
        sizes = {len(a) for a in columns.values()}
        if set(columns) != set(COLUMNS) or len(sizes) != 1:
            raise ValueError("population needs equally long arrays for exactly: " + ", ".join(COLUMNS))
        self._columns = {name: np.ascontiguousarray(columns[name], dtype=COLUMNS[name]) for name in COLUMNS}
        self._columns["key"] = np.arange(len(self), dtype=np.int64)
        self._next_key = {False: len(self), True: POLICY_KEYS}

    def __len__(self) -> int:
        return len(self._columns["status"])

    def __getattr__(self, name: str) -> np.ndarray:
        try:
            return self.__dict__["_columns"][name]
        except KeyError:
            raise AttributeError(name) from None

    @property
    def nbytes(self) -> int:
        """Memory held by the person arrays."""
        return sum(a.nbytes for a in self._columns.values())

    def append(self, columns: dict[str, np.ndarray], policy: bool = False) -> None:
        """Add persons at the end: a cohort or migrants (every scenario has them), or with
        ``policy`` persons an intervention brings (keys from ``POLICY_KEYS``)."""
        n = len(columns["status"])
        first = self._next_key[policy]
        self._next_key[policy] = first + n
        columns = {**columns, "key": np.arange(first, first + n, dtype=np.int64)}
        for name, dtype in COLUMNS.items():
            self._columns[name] = np.concatenate([self._columns[name], np.asarray(columns[name], dtype=dtype)])

    def person(self, i: int, landsdelen: tuple[str, ...], sectors: tuple[str, ...]) -> Person:
        """A readable snapshot of person ``i``."""
        c = {name: array[i].item() for name, array in self._columns.items()}
        return Person(
            index=i, age=c["age_months"] / 12, sex=Sex(c["sex"]).name.lower(),
            landsdeel=landsdelen[c["landsdeel"]], level=Level(c["level"]).name.lower(),
            technical=bool(c["technical"]), status=Status(c["status"]).name.lower(),
            sector=sectors[c["sector"]] if c["sector"] >= 0 else None,
            employer=c["employer"] if c["employer"] >= 0 else None, months_in_status=c["months"],
            fresh_graduate=bool(c["flags"] & Flag.FRESH_GRADUATE), teacher=bool(c["flags"] & Flag.TEACHER))


def blank(n: int) -> dict[str, np.ndarray]:
    """Columns for ``n`` new persons with neutral values (no sector, no employer)."""
    columns = {name: np.zeros(n, dtype=dtype) for name, dtype in COLUMNS.items()}
    columns["sector"][:] = -1
    columns["employer"][:] = -1
    return columns
