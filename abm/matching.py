"""Matching efficiency per landsdeel x sector, calibrated so the start state is stationary.

A single national matching efficiency cannot hold every sector's vacancies steady: technical
sectors draw few applicants (skills are specific), others many. So each cell gets the
efficiency ``m_c`` at which its expected hires in the first month equal its expected outflow
(separations, job-to-job leavers and retirements), given how the start state's searchers spread
their applications over the skill-relatedness network. The behavioural parameter
``match_efficiency`` then scales all cells together (1 = the calibrated start).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from abm.codes import Status

if TYPE_CHECKING:
    from abm.model import TechLabourModel

MONTHLY_RETIREMENT = 0.022 / 12
"""Share of workers reaching the pension age each month (~2.2 % a year; CBS age profile)."""
JOB_TO_JOB_SUCCESS = 0.25
"""Expected chance an on-the-job search succeeds in a month, for the outflow estimate."""
MAX_EFFICIENCY = 5.0


def expected_applications(model: TechLabourModel) -> tuple[np.ndarray, np.ndarray]:
    """Expected applications per landsdeel x sector in a month, from all searchers and from those
    with a technical qualification."""
    pop, p = model.population, model.parameters
    n_landsdelen, n_sectors = len(model.landsdelen), len(model.sectors)
    vacancies = model.vacancies().astype(float)
    indptr, indices, weights = model.search
    search = np.zeros((n_sectors, n_sectors))
    for home in range(n_sectors):
        search[home, indices[indptr[home]:indptr[home + 1]]] = weights[indptr[home]:indptr[home + 1]]
    total = vacancies.sum(axis=1)
    where = np.full((n_landsdelen, n_landsdelen), p.cross_landsdeel_search)
    for l in range(n_landsdelen):
        others = np.where(np.arange(n_landsdelen) != l, total, 0.0)
        where[l] = p.cross_landsdeel_search * others / others.sum() if others.sum() > 0 else 0.0
        where[l, l] = 1 - p.cross_landsdeel_search if others.sum() > 0 else 1.0
    applications = np.zeros((2, n_landsdelen, n_sectors))
    for technical in (0, 1):
        mine = pop.technical == technical
        searchers = np.zeros((n_landsdelen, n_sectors))
        for status, weight in ((Status.UNEMPLOYED, 1.0), (Status.EMPLOYED, p.on_the_job_search),
                               (Status.INACTIVE, p.inactive_job_search)):
            chosen = mine & (pop.status == status) & (pop.sector >= 0)
            np.add.at(searchers, (pop.landsdeel[chosen], pop.sector[chosen]), weight)
        for target in range(n_landsdelen):
            leaning = search * vacancies[target][None, :]
            shares = np.divide(leaning, leaning.sum(axis=1, keepdims=True), out=np.zeros_like(leaning),
                               where=leaning.sum(axis=1, keepdims=True) > 0)
            applications[technical, target] += (searchers * where[:, target][:, None]).sum(axis=0) @ shares
    return applications.sum(axis=0), applications[1]


def expected_outflow(model: TechLabourModel) -> np.ndarray:
    """Workers expected to leave each landsdeel x sector in a month (separations, dismissals,
    job-to-job leavers and retirements): the hires that keep it stationary."""
    p = model.parameters
    return model.employment().astype(float) * (p.separation_to_unemployment + p.separation_to_inactivity
                                               + p.layoff_rate + p.on_the_job_search * JOB_TO_JOB_SUCCESS
                                               + MONTHLY_RETIREMENT)


def stationary_efficiency(model: TechLabourModel) -> np.ndarray:
    """Efficiency per cell (flattened landsdeel-major) giving expected hires = expected outflow."""
    p = model.parameters
    vacancies = model.vacancies().astype(float)
    outflow = expected_outflow(model)
    applications, technical = expected_applications(model)
    fit = np.where(model.sector_technical.astype(bool)[None, :],
                   technical + p.side_entry_fit * (applications - technical), applications)
    base = np.power(np.maximum(vacancies, 1e-9), p.match_elasticity) * np.power(
        np.maximum(applications, 1e-9), 1 - p.match_elasticity) * np.divide(
        fit, applications, out=np.ones_like(fit), where=applications > 0)
    efficiency = np.divide(outflow, base, out=np.ones_like(outflow), where=base > 0)
    return np.clip(efficiency, 0.0, MAX_EFFICIENCY).ravel()
