"""People who enter technology from outside the usual school-to-work route: retrained
side-entrants, refugees with a residence permit, skilled workers from outside the EU and
international graduates. Interventions decide how many; this module decides who and how."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from abm.codes import Flag, Level, Purpose, Sex, Status
from abm.population import blank
from abm.sampling import stochastic_round
from abm.start_state import WOMEN_SHARE_OF_WORKERS

if TYPE_CHECKING:
    from abm.model import TechLabourModel


class Newcomers:
    """Adds, retrains and lets go of persons on behalf of interventions."""

    def __init__(self, model: TechLabourModel, rng: np.random.Generator) -> None:
        self.model, self.rng = model, rng
        """Its own random stream, so switching an intervention on does not reshuffle the rest."""
        technical = model.sector_technical.astype(bool)
        related = np.where(technical[None, :], model.data.network.relatedness, -np.inf)
        np.fill_diagonal(related, np.where(technical, np.inf, related.diagonal()))
        self.nearest_technical = related.argmax(axis=1)
        """For each sector, the technical sector most skill-related to it (itself if technical)."""
        self.retrained = np.zeros(len(model.landsdelen))

    def retrain_side_entrants(self, per_landsdeel: np.ndarray) -> None:
        """Retrain this month's side-entrants (persons per landsdeel): the unemployed without a
        technical qualification first, then workers outside technology, who leave their job to
        train (keeping benefits). They search from the nearest technical sector afterwards."""
        model, pop = self.model, self.model.population
        counts = stochastic_round(np.asarray(per_landsdeel) / model.scale, self.rng)
        non_technical_job = (pop.status == Status.EMPLOYED) & (model.sector_technical[np.maximum(pop.sector, 0)] == 0)
        for l in np.flatnonzero(counts):
            here = (pop.landsdeel == l) & (pop.technical == 0)
            pools = [np.flatnonzero(here & (pop.status == Status.UNEMPLOYED)), np.flatnonzero(here & non_technical_job)]
            chosen = np.concatenate([pool[np.argsort(model.draw(pool, Purpose.RETRAIN), kind="stable")]
                                     for pool in pools])[:counts[l]]
            workers = chosen[pop.status[chosen] == Status.EMPLOYED]
            np.subtract.at(model.firms_book.staff, pop.employer[workers], 1)
            pop.employer[chosen] = -1
            pop.status[chosen] = Status.UNEMPLOYED
            pop.months[chosen] = 0
            pop.technical[chosen] = 1
            pop.sector[chosen] = self.nearest_technical[pop.sector[chosen]]
            self.retrained[l] += len(chosen)

    def add_technicians(self, per_landsdeel: np.ndarray, age_range: tuple[int, int], temporary: bool,
                        hire: bool = False, graduates: bool = False) -> np.ndarray:
        """New technically qualified persons (per landsdeel, in persons); returns their indices.
        With ``hire`` they start in technical firms with open vacancies straight away."""
        model, rng = self.model, self.rng
        counts = stochastic_round(np.asarray(per_landsdeel) / model.scale, rng)
        cols = blank(int(counts.sum()))
        n = len(cols["status"])
        if n == 0:
            return np.zeros(0, dtype=np.int64)
        cols["landsdeel"][:] = np.repeat(np.arange(len(counts)), counts)
        cols["age_months"][:] = rng.integers(age_range[0] * 12, (age_range[1] + 1) * 12, n)
        cols["sex"][:] = np.where(rng.random(n) < WOMEN_SHARE_OF_WORKERS[True], Sex.WOMAN, Sex.MAN)
        cols["level"][:] = rng.choice([Level.HBO, Level.WO], n) if graduates else rng.choice([Level.MBO3, Level.MBO4], n)
        cols["technical"][:] = 1
        cols["status"][:] = Status.UNEMPLOYED
        cols["flags"][:] = (Flag.TEMPORARY if temporary else 0) | (Flag.FRESH_GRADUATE if graduates else 0)
        first = len(model.population)
        model.population.append(cols, policy=True)
        persons = np.arange(first, first + n)
        model.population.sector[persons] = model.field_sector(persons, cols["landsdeel"], np.ones(n, dtype=bool))
        if hire:
            self._hire_into_vacancies(persons)
        return persons

    def _hire_into_vacancies(self, persons: np.ndarray) -> None:
        """Place arrivals in the technical firms of their landsdeel that have open vacancies."""
        model, pop, book = self.model, self.model.population, self.model.firms_book
        technical_firms = np.repeat(model.sector_technical.astype(bool), 2)
        for p in persons:
            l = int(pop.landsdeel[p])
            firms = np.arange(l * len(technical_firms), (l + 1) * len(technical_firms))[technical_firms]
            open_ = book.vacancies[firms]
            if open_.sum() == 0:
                continue
            f = int(firms[self.rng.choice(len(firms), p=open_ / open_.sum())])
            ages = book.vacancy_age[f]
            ages[np.flatnonzero(ages)[-1]] -= 1
            book.vacancies[f] -= 1
            book.staff[f] += 1
            pop.status[p], pop.employer[p], pop.months[p] = Status.EMPLOYED, f, 0
            pop.sector[p] = (f // 2) % len(model.sectors)

    def depart_temporary(self, hazard: float) -> None:
        """Temporary workers leave the country with a monthly ``hazard``."""
        model, pop = self.model, self.model.population
        here = np.flatnonzero(((pop.flags & Flag.TEMPORARY) > 0) & (pop.status != Status.EXITED))
        leaving = here[model.draw(here, Purpose.DEPART) < hazard]
        working = leaving[pop.status[leaving] == Status.EMPLOYED]
        np.subtract.at(model.firms_book.staff, pop.employer[working], 1)
        pop.status[leaving] = Status.EXITED
        pop.employer[leaving] = -1

    def temporary_workers(self) -> np.ndarray:
        """Temporary workers present per landsdeel (agents)."""
        pop = self.model.population
        here = ((pop.flags & Flag.TEMPORARY) > 0) & (pop.status != Status.EXITED)
        return np.bincount(pop.landsdeel[here], minlength=len(self.model.landsdelen))
