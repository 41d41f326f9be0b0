"""Labour-market flows measured in the model the way their sources measure them in people.

CBS's transition rates (82848NED, 85386NED) are shares of the persons in a state whose state
three months later differs; CBS's job-to-job share is the share of employees at the start of a
year who work for another employer at its end. ``FlowMeter`` takes the same snapshots of the
person arrays during a run (persons are only ever appended, so an index is the same person in
every snapshot) and returns the rates per quarter and per year.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from abm.codes import Status
from abm.model import TechLabourModel
from abm.scenario import Scenario

OUT_OF_FORCE = (Status.INACTIVE, Status.RETIRED)
IN_SCHOOL = (Status.PUPIL, Status.STUDENT)
AGE_15_MONTHS = 15 * 12


def transitions(before: np.ndarray, after: np.ndarray, aged_15: np.ndarray) -> dict[str, float]:
    """Quarterly transition rates in percent between employed, unemployed and not in the labour
    force. Outside the labour force are, as in CBS's survey of persons aged 15-75, the inactive, the
    retired, and pupils and school-based students aged 15 or more (``aged_15``, at ``before``)."""
    a = after[:len(before)]
    employed, unemployed = before == Status.EMPLOYED, before == Status.UNEMPLOYED
    outside = np.isin(before, OUT_OF_FORCE) | (np.isin(before, IN_SCHOOL) & aged_15)
    gone = np.isin(a, OUT_OF_FORCE)
    entered = outside & (a == Status.EMPLOYED)
    return {"job_finding_rate": 100 * (a[unemployed] == Status.EMPLOYED).mean(),
            "unemployed_to_inactive_rate": 100 * gone[unemployed].mean(),
            "separation_to_unemployment_rate": 100 * (a[employed] == Status.UNEMPLOYED).mean(),
            "separation_to_inactivity_rate": 100 * gone[employed].mean(),
            "entry_from_inactivity_rate": 100 * entered.sum() / employed.sum(),
            "reentry_rate": 100 * entered.sum() / outside.sum()}


def unemployment_rate(status: np.ndarray) -> float:
    """Unemployed in percent of the labour force (employed + unemployed) in one snapshot."""
    employed, unemployed = (status == Status.EMPLOYED).sum(), (status == Status.UNEMPLOYED).sum()
    return 100 * unemployed / (employed + unemployed)


def job_to_job_share(start: tuple[np.ndarray, np.ndarray], end: tuple[np.ndarray, np.ndarray, np.ndarray],
                     months: int = 12) -> float:
    """Percent of the employed at ``start`` (status, employer) who are employed by another employer
    at ``end`` (status, employer, months in the job), ``months`` later. A firm row stands for all
    employers of its size class in a cell, so a new start since ``start`` is another employer
    even within the same row."""
    (status0, employer0), (status1, employer1, tenure1) = start, end
    n = len(status0)
    employed = status0 == Status.EMPLOYED
    changed = (employer1[:n] != employer0) | (tenure1[:n] < months)
    moved = employed & (status1[:n] == Status.EMPLOYED) & changed
    return 100 * moved.sum() / employed.sum()


class FlowMeter:
    """Quarterly snapshots of a running model; call ``record`` after every step."""

    def __init__(self, model: TechLabourModel) -> None:
        self.model = model
        self.snapshots: list[tuple[pd.Timestamp, np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []
        """(date, status, employer, aged 15 or more, months in the current state) per snapshot."""
        self.created: list[float] = []
        """Registered vacancies created in each step since the meter started."""
        self._take()

    def _take(self) -> None:
        pop = self.model.population
        self.snapshots.append((pd.Timestamp(self.model.date), pop.status.copy(), pop.employer.copy(),
                               pop.age_months >= AGE_15_MONTHS, pop.months.copy()))

    def record(self) -> None:
        """Book this month's created vacancies; take a snapshot at the end of each quarter."""
        model = self.model
        registered = model.firms_book.created.sum() * model.scale * model.parameters.registered_vacancy_share
        self.created.append(float(registered))
        if len(self.created) % 3 == 0:
            self._take()

    def quarterly(self) -> pd.DataFrame:
        """Transition rates per quarter (indexed by the date the quarter ends)."""
        rows = [{"date": end[0], **transitions(start[1], end[1], start[3])}
                for start, end in zip(self.snapshots, self.snapshots[1:])]
        return pd.DataFrame(rows).set_index("date")

    def yearly(self) -> pd.DataFrame:
        """Per year from the first snapshot: mean quarterly rates, the unemployment rate at the
        quarters' ends, the job-to-job share over the year and the registered vacancies created in it."""
        quarters = self.quarterly()
        rows = []
        for k in range(0, len(self.snapshots) - 4, 4):
            start, end = self.snapshots[k], self.snapshots[k + 4]
            rates = quarters.iloc[k:k + 4].mean()
            rows.append({"year": start[0].year, **rates.to_dict(),
                         "unemployment_rate": float(np.mean([unemployment_rate(s[1]) for s in self.snapshots[k + 1:k + 5]])),
                         "job_to_job_share": job_to_job_share(start[1:3], (end[1], end[2], end[4])),
                         "vacancies_created": sum(self.created[3 * k:3 * k + 12])})
        return pd.DataFrame(rows).set_index("year")


def simulate_with_flows(scenario: Scenario, years: int, scale: float, seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The indicators of a run and its flows per year (``FlowMeter.yearly``)."""
    model = TechLabourModel(scenario, scale=scale, seed=seed)
    meter = FlowMeter(model)
    for _ in range(12 * years):
        model.step()
        meter.record()
    return model.indicators(), meter.yearly()
