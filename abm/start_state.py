"""The start state (January 2023): persons, their jobs and their schooling, from the target table.

Every start-state count of ``regions/data/targets.csv`` (``RegionalData.calibration``) is divided by ``scale`` (persons per agent) and
rounded stochastically, so that expected totals are exact at any scale. What the table does not
give is drawn from stated distributions (the constants below, each with its source).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from abm.codes import Flag, Level, Sex, Status
from abm.population import Population, blank
from abm.sampling import draw, pick, stochastic_round
from regions import LANDSDELEN, RegionalData

AGE_BANDS_THOUSANDS: dict[int, float] = {
    10: 1000, 15: 1060, 20: 1150, 25: 1180, 30: 1130, 35: 1080, 40: 1050,
    45: 1100, 50: 1280, 55: 1300, 60: 1200, 65: 1050, 70: 960, 75: 850,
}
"""Persons per five-year age band starting at the key, NL 2023, approximate and rounded
(CBS StatLine 7461bev). Only the shape is used: each landsdeel is scaled to its CBS population
aged 15-75 (85268NED 2023Q2)."""

MIN_AGE, MAX_AGE, STATE_PENSION_AGE = 12, 75, 67
"""Age range of the model; persons aged 16 to the state pension age make up the working-age
pool (retirement itself follows the AOW age of each year, ``abm.demography``)."""
VO_SHARES = {Level.VMBO: 0.52, Level.HAVO: 0.26, Level.VWO: 0.22}
"""Pupils per vo type in year 3 (DUO/OCW in cijfers, approximate)."""
VO_YEARS = {Level.VMBO: 4, Level.HAVO: 5, Level.VWO: 6}
PROGRAMME_MONTHS = {Level.VMBO: 48, Level.HAVO: 60, Level.VWO: 72, Level.MBO2: 24,
                    Level.MBO3: 36, Level.MBO4: 36, Level.HBO: 48, Level.WO: 60}
"""Nominal programme lengths (months)."""
PROGRAMME_LENGTH = np.array([PROGRAMME_MONTHS[level] for level in Level], dtype=np.int64)
"""``PROGRAMME_MONTHS`` indexed by level code."""
MBO_LEVEL_SHARES = {Level.MBO2: 0.25, Level.MBO3: 0.25, Level.MBO4: 0.50}
"""mbo students per level (DUO, approximate)."""
STUDENT_AGES = {"mbo": (16, 21), "mbo_bbl": (17, 35), "hbo": (17, 23), "wo": (18, 24)}

WORKER_AGE_WEIGHTS = ((16, 18, 23, 55, 59, 61, 62, 64, 65, 66), (0.2, 0.6, 1.0, 1.0, 0.88, 0.87, 0.78, 0.66, 0.48, 0.38))
"""Relative chance to be employed by age (interpolated): from 55 on the employment rate by single
year of age relative to age 55 (CBS 85267NED 2023Q3: 85.8 % at 55, 76.6 % at 59, 67.9 % at 62,
57.9 % at 64, 42.0 % at 65, 33.2 % at 66); below 23 lower because students are not in the pool."""
TECHNICAL_SHARE_OF_WORKERS = {True: 844 / (844 + 575), False: 668 / 7300}
"""Share with a technical education among workers in technical / other sectors. CBS 2016 for
EZK (candidates): 844k technically educated and 575k others in technical jobs; 668k technically
educated in other jobs, of ~7.3 million."""
TECHNICAL_SHARE_INACTIVE = 276 / 1800
"""CBS 2016: 276k technically educated outside the labour force, of ~1.8 million inactive 15-65."""
WOMEN_SHARE_OF_WORKERS = {True: 275 / 1762, False: 0.53}
"""Women in technical occupations 275k of 1,762k (Techniekpact monitor 2021); elsewhere 53 %,
which keeps women at ~47 % of all employed (CBS)."""
ADULT_LEVELS = {
    True: {Level.VMBO: 0.10, Level.MBO2: 0.10, Level.MBO3: 0.20, Level.MBO4: 0.25, Level.HBO: 0.25, Level.WO: 0.10},
    False: {Level.VMBO: 0.14, Level.HAVO: 0.04, Level.VWO: 0.02, Level.MBO2: 0.07, Level.MBO3: 0.13,
            Level.MBO4: 0.20, Level.HBO: 0.25, Level.WO: 0.15},
}
"""Highest completed level of adults with / without a technical education (CBS, approximate)."""
MAX_EMPLOYMENT_RATE = 0.88
"""Ceiling on employment among non-students aged 16-66. CBS counts students with side jobs and
workers aged 67-75 as employed (9,767k employed 15-75 in 2024Q1, of whom 1,845k follow formal
education: CBS 85650NED; about 190k employed are aged 67-74: CBS 85267NED 2023Q3); the model has
neither, so each landsdeel's employment is scaled down by one factor, the same in every sector,
until its workers fit under this ceiling. The landsdeel's sector mix (CBS 83582NED) is kept exactly,
and its unemployed are scaled by the same factor, so that its CBS unemployment rate is kept too."""


class Calibration:
    """Calibration targets as arrays over landsdelen (and sectors), in persons."""

    def __init__(self, table: pd.DataFrame, sectors: tuple[str, ...]) -> None:
        self._table = table
        self._sectors = sectors

    def by_landsdeel(self, indicator: str) -> np.ndarray:
        rows = self._table[self._table.indicator == indicator]
        if rows.empty:
            raise KeyError(f"calibration has no indicator '{indicator}'")
        return rows.groupby("landsdeel").value.sum().reindex(LANDSDELEN, fill_value=0.0).to_numpy(float, copy=True)

    def by_cell(self, indicator: str) -> np.ndarray:
        rows = self._table[self._table.indicator == indicator]
        grid = rows.pivot_table(index="landsdeel", columns="sector", values="value", aggfunc="sum")
        return grid.reindex(index=LANDSDELEN, columns=self._sectors, fill_value=0.0).fillna(0.0).to_numpy(float, copy=True)

    def share(self, indicator: str) -> float:
        """A national percentage as a fraction (the same value is given for every landsdeel)."""
        return float(self.by_landsdeel(indicator).mean()) / 100


class StartState:
    """Builds the persons of each landsdeel and attaches workers to the firms of their cell.

    Firm ``f`` of cell ``(l, s)`` is ``(l * n_sectors + s) * 2 + size`` (size 0 = mkb, 1 = large).
    """

    def __init__(self, data: RegionalData, scale: float, rng: np.random.Generator, mkb_share: np.ndarray,
                 pension_age_months: int) -> None:
        self.data, self.scale, self.rng, self.mkb_share = data, scale, rng, mkb_share
        self.pension_age_months = pension_age_months
        self.sectors = tuple(s.code for s in data.sectors)
        self.is_technical = np.array([s.technical for s in data.sectors])
        self.calibration = Calibration(data.calibration, self.sectors)
        self.employed = self._employed_targets()

    def _employed_targets(self) -> np.ndarray:
        """Employed persons per landsdeel x sector the model starts with (see MAX_EMPLOYMENT_RATE)."""
        employed = self.calibration.by_cell("employed")
        pool = np.array([self._working_age_pool(l) for l in range(len(LANDSDELEN))])
        self.employment_factor = np.minimum(1.0, MAX_EMPLOYMENT_RATE * pool / employed.sum(axis=1))
        return employed * self.employment_factor[:, None]

    def _age_counts(self, l: int) -> np.ndarray:
        """Persons per single year of age 12..75 in landsdeel ``l`` (not yet scaled)."""
        ages = np.arange(MIN_AGE, MAX_AGE + 1)
        per_year = np.array([AGE_BANDS_THOUSANDS[a // 5 * 5] / 5 for a in ages])
        target = self.data.landsdelen[l].population_15_75
        return per_year * target / per_year[ages >= 15].sum()

    def _working_age_pool(self, l: int) -> float:
        ages = np.arange(MIN_AGE, MAX_AGE + 1)
        students = sum(self._students(l).values())
        return self._age_counts(l)[(ages >= 16) & (ages < STATE_PENSION_AGE)].sum() - students

    def _students(self, l: int) -> dict[str, float]:
        """Students (persons) per programme in landsdeel ``l``: mbo BOL and BBL from DUO counts,
        hbo and wo as yearly intake x nominal years x 0.85 retention (no stock figure published)."""
        c = self.calibration
        bbl = c.by_landsdeel("students_mbo_bbl")[l]
        return {"mbo": c.by_landsdeel("students_mbo")[l] - bbl, "mbo_bbl": bbl,
                "hbo": c.by_landsdeel("intake_hbo")[l] * 4 * 0.85, "wo": c.by_landsdeel("intake_wo")[l] * 5 * 0.85}

    def build(self) -> Population:
        parts = [self._landsdeel(l) for l in range(len(LANDSDELEN))]
        return Population({name: np.concatenate([p[name] for p in parts]) for name in parts[0]})

    def _landsdeel(self, l: int) -> dict[str, np.ndarray]:
        rng = self.rng
        counts = stochastic_round(self._age_counts(l) / self.scale, rng)
        cols = blank(int(counts.sum()))
        years = np.repeat(np.arange(MIN_AGE, MAX_AGE + 1), counts)
        cols["age_months"][:] = years * 12 + rng.integers(0, 12, len(years))
        cols["landsdeel"][:] = l
        cols["sex"][:] = rng.random(len(years)) < 0.5
        cols["status"][:] = Status.INACTIVE
        free = np.ones(len(years), dtype=bool)
        self._pupils(cols, years, free)
        self._in_education(l, cols, years, free)
        retired = free & (cols["age_months"] >= self.pension_age_months)
        cols["status"][retired] = Status.RETIRED
        free &= ~retired
        self._workers(l, cols, years, free)
        self._background(l, cols)
        return cols

    def _pupils(self, cols: dict[str, np.ndarray], years: np.ndarray, free: np.ndarray) -> None:
        young = np.flatnonzero(years < MIN_AGE + max(VO_YEARS.values()))
        kind = draw(self.rng, VO_SHARES, len(young))
        in_school = years[young] < MIN_AGE + np.vectorize(VO_YEARS.get)(kind)
        pupils = young[in_school]
        cols["status"][pupils] = Status.PUPIL
        cols["level"][pupils] = kind[in_school]
        cols["months"][pupils] = cols["age_months"][pupils] - MIN_AGE * 12
        shares = {int(k): self.calibration.share(f"technical_intake_share_{k.name.lower()}") for k in VO_SHARES}
        cols["technical"][pupils] = self.rng.random(len(pupils)) < np.vectorize(shares.get)(kind[in_school])
        free[pupils] = False

    def _in_education(self, l: int, cols: dict[str, np.ndarray], years: np.ndarray, free: np.ndarray) -> None:
        for programme, count in self._students(l).items():
            low, high = STUDENT_AGES[programme]
            pool = np.flatnonzero(free & (years >= low) & (years <= high))
            chosen = pick(self.rng, pool, int(stochastic_round(count / self.scale, self.rng)))
            free[chosen] = False
            level = (draw(self.rng, MBO_LEVEL_SHARES, len(chosen)) if programme.startswith("mbo")
                     else np.full(len(chosen), Level.HBO if programme == "hbo" else Level.WO))
            cols["level"][chosen] = level
            cols["status"][chosen] = Status.BBL if programme == "mbo_bbl" else Status.STUDENT
            cols["months"][chosen] = self.rng.random(len(chosen)) * PROGRAMME_LENGTH[level]
            share = self._technical_share(programme, cols["sex"][chosen])
            cols["technical"][chosen] = self.rng.random(len(chosen)) < share
            cols["sector"][chosen] = self._field(l, cols["technical"][chosen].astype(bool))
            if programme == "mbo_bbl":
                cols["employer"][chosen] = self._firms(l, cols["sector"][chosen])

    def _technical_share(self, programme: str, sex: np.ndarray) -> np.ndarray:
        """Technical share of a programme's students by sex, consistent with the overall share."""
        c = self.calibration
        level = "mbo" if programme.startswith("mbo") else programme
        overall = c.share(f"technical_intake_share_{level}")
        if level == "mbo":
            women = c.share("technical_intake_share_women_mbo")
        else:
            ho_women, ho_men = c.share("technical_intake_share_women_ho"), c.share("technical_intake_share_men_ho")
            women = overall * ho_women / ((ho_women + ho_men) / 2)
        men = 2 * overall - women
        return np.where(sex == Sex.WOMAN, women, men)

    def _field(self, l: int, technical: np.ndarray) -> np.ndarray:
        """A home sector for people without a job: a technical or other sector by employment."""
        weights = self.employed[l]
        out = np.empty(len(technical), dtype=np.int64)
        for flag in (True, False):
            mask = self.is_technical == flag
            p = np.where(mask, weights, 0.0)
            out[technical == flag] = self.rng.choice(len(weights), size=int((technical == flag).sum()), p=p / p.sum())
        return out

    def _firms(self, l: int, sector: np.ndarray) -> np.ndarray:
        """Employer of workers in landsdeel ``l`` and ``sector``: the cell's mkb or large firm."""
        large = self.rng.random(len(sector)) >= self.mkb_share[sector]
        return (l * len(self.sectors) + sector.astype(np.int64)) * 2 + large

    def _workers(self, l: int, cols: dict[str, np.ndarray], years: np.ndarray, free: np.ndarray) -> None:
        rng = self.rng
        pool = np.flatnonzero(free & (years >= 16))
        age_weight = np.interp(years[pool], *WORKER_AGE_WEIGHTS)
        per_sector = stochastic_round(self.employed[l] / self.scale, rng)
        workers = pick(rng, pool, int(per_sector.sum()), age_weight)
        sector = rng.permutation(np.repeat(np.arange(len(self.sectors)), per_sector))[:len(workers)]
        cols["status"][workers] = Status.EMPLOYED
        cols["sector"][workers] = sector
        cols["employer"][workers] = self._firms(l, sector)
        cols["months"][workers] = np.minimum(rng.exponential(96, len(workers)), 600)
        technical_sector = self.is_technical[sector]
        cols["technical"][workers] = rng.random(len(workers)) < np.where(
            technical_sector, TECHNICAL_SHARE_OF_WORKERS[True], TECHNICAL_SHARE_OF_WORKERS[False])
        cols["sex"][workers] = rng.random(len(workers)) < np.where(
            technical_sector, WOMEN_SHARE_OF_WORKERS[True], WOMEN_SHARE_OF_WORKERS[False])
        working = np.zeros(len(years), dtype=bool)
        working[workers] = True
        rest = pool[~working[pool]]
        factor = self.employment_factor[l] / self.scale
        unemployed = pick(rng, rest, int(stochastic_round(self.calibration.by_landsdeel("unemployed")[l] * factor, rng)))
        cols["status"][unemployed] = Status.UNEMPLOYED
        cols["months"][unemployed] = np.minimum(rng.exponential(6, len(unemployed)), 120)
        technical = pick(rng, unemployed, int(stochastic_round(
            self.calibration.by_landsdeel("unemployed_technical")[l] * factor, rng)))
        cols["technical"][unemployed] = 0
        cols["technical"][technical] = 1
        teachers = pick(rng, workers[sector == self.sectors.index("education")], int(stochastic_round(
            (self.calibration.by_landsdeel("technical_teachers_vo")[l]
             + self.calibration.by_landsdeel("technical_teachers_mbo")[l]) / self.scale, rng)))
        cols["technical"][teachers] = 1
        cols["flags"][teachers] |= Flag.TEACHER

    def _background(self, l: int, cols: dict[str, np.ndarray]) -> None:
        """Technical background, level and home sector of those out of work."""
        status = cols["status"]
        out_of_work = np.flatnonzero(np.isin(status, [Status.INACTIVE, Status.RETIRED]))
        cols["technical"][out_of_work] = self.rng.random(len(out_of_work)) < TECHNICAL_SHARE_INACTIVE
        adults = np.flatnonzero(np.isin(status, [Status.EMPLOYED, Status.UNEMPLOYED, Status.INACTIVE, Status.RETIRED]))
        for flag in (True, False):
            group = adults[cols["technical"][adults].astype(bool) == flag]
            cols["level"][group] = draw(self.rng, ADULT_LEVELS[flag], len(group))
        homeless = adults[cols["sector"][adults] < 0]
        cols["sector"][homeless] = self._field(l, cols["technical"][homeless].astype(bool))
