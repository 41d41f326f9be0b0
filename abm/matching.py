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
PASSES = 6
"""Fixed-point passes of ``stationary_efficiency`` (the sixth changes no efficiency by more than 0.6 %)."""


def _where_to_search(model: TechLabourModel) -> np.ndarray:
    """Landsdeel of search x target landsdeel: stay home, or look elsewhere in proportion to the
    other landsdelen's vacancies (``cross_landsdeel_search``)."""
    p, total = model.parameters, model.vacancies().astype(float).sum(axis=1)
    n = len(total)
    where = np.zeros((n, n))
    for l in range(n):
        others = np.where(np.arange(n) != l, total, 0.0)
        where[l] = p.cross_landsdeel_search * others / others.sum() if others.sum() > 0 else 0.0
        where[l, l] = 1 - p.cross_landsdeel_search if others.sum() > 0 else 1.0
    return where


def _sector_choice(model: TechLabourModel) -> np.ndarray:
    """Per target landsdeel: home sector x sector chosen (search weight x open vacancies, normalised)."""
    vacancies = model.vacancies().astype(float)
    indptr, indices, weights = model.search
    search = np.zeros((len(model.sectors), len(model.sectors)))
    for home in range(len(model.sectors)):
        search[home, indices[indptr[home]:indptr[home + 1]]] = weights[indptr[home]:indptr[home + 1]]
    leaning = search[None, :, :] * vacancies[:, None, :]
    total = leaning.sum(axis=2, keepdims=True)
    return np.divide(leaning, total, out=np.zeros_like(leaning), where=total > 0)


def expected_applications(model: TechLabourModel) -> tuple[np.ndarray, np.ndarray]:
    """Expected applications per landsdeel x sector in a month, from all searchers and from those
    with a technical qualification."""
    pop, p = model.population, model.parameters
    where, choice = _where_to_search(model), _sector_choice(model)
    applications = np.zeros((2,) + model.vacancies().shape)
    for technical in (0, 1):
        mine = pop.technical == technical
        searchers = np.zeros(applications.shape[1:])
        for status, weight in ((Status.UNEMPLOYED, 1.0), (Status.EMPLOYED, p.on_the_job_search),
                               (Status.INACTIVE, p.inactive_job_search)):
            chosen = mine & (pop.status == status) & (pop.sector >= 0)
            np.add.at(searchers, (pop.landsdeel[chosen], pop.sector[chosen]), weight)
        for target in range(len(where)):
            applications[technical, target] += (searchers * where[:, target][:, None]).sum(axis=0) @ choice[target]
    return applications.sum(axis=0), applications[1]


def job_to_job_success(model: TechLabourModel, success: np.ndarray) -> np.ndarray:
    """Per landsdeel x sector of the employed: the chance that an on-the-job search succeeds, given
    where they apply and each cell's ``success`` per applicant (side-entrants to technical sectors
    at ``side_entry_fit``), averaged over the cell's technical and other workers."""
    pop, p = model.population, model.parameters
    where, choice = _where_to_search(model), _sector_choice(model)
    technical_sector = model.sector_technical.astype(bool)
    employed = (pop.status == Status.EMPLOYED) & (pop.sector >= 0)
    shape = success.shape
    out, weight = np.zeros(shape), np.zeros(shape)
    for technical in (0, 1):
        fit = np.where(technical_sector, 1.0 if technical else p.side_entry_fit, 1.0)
        chance = np.zeros(shape)
        for target in range(len(where)):
            chance += where[:, target][:, None] * (choice[target] @ (success[target] * fit))[None, :]
        mine = employed & (pop.technical == technical)
        cells = pop.landsdeel[mine].astype(np.int64) * shape[1] + pop.sector[mine]
        workers = np.bincount(cells, minlength=shape[0] * shape[1]).reshape(shape).astype(float)
        out += workers * chance
        weight += workers
    return np.divide(out, weight, out=np.full(shape, JOB_TO_JOB_SUCCESS), where=weight > 0)


def expected_outflow(model: TechLabourModel, job_to_job: np.ndarray | float = JOB_TO_JOB_SUCCESS) -> np.ndarray:
    """Workers expected to leave each landsdeel x sector in a month (separations, dismissals,
    job-to-job leavers and retirements): the hires that keep it stationary. ``job_to_job`` is the
    success of an on-the-job search (per cell, or one guess)."""
    p = model.parameters
    return model.employment().astype(float) * (p.separation_to_unemployment + p.separation_to_inactivity
                                               + p.layoff_rate + p.on_the_job_search * job_to_job
                                               + MONTHLY_RETIREMENT)


def stationary_efficiency(model: TechLabourModel) -> tuple[np.ndarray, np.ndarray]:
    """Efficiency per cell (flattened landsdeel-major) giving expected hires = expected outflow,
    and that outflow per cell. The job-to-job leavers depend on the success of search elsewhere,
    which depends on the efficiencies: a few fixed-point passes (``PASSES``) settle both."""
    p = model.parameters
    vacancies = model.vacancies().astype(float)
    applications, technical = expected_applications(model)
    fit = np.where(model.sector_technical.astype(bool)[None, :],
                   technical + p.side_entry_fit * (applications - technical), applications)
    base = np.power(np.maximum(vacancies, 1e-9), p.match_elasticity) * np.power(
        np.maximum(applications, 1e-9), 1 - p.match_elasticity) * np.divide(
        fit, applications, out=np.ones_like(fit), where=applications > 0)
    job_to_job: np.ndarray | float = JOB_TO_JOB_SUCCESS
    for _ in range(PASSES):
        outflow = expected_outflow(model, job_to_job)
        efficiency = np.clip(np.divide(outflow, base, out=np.ones_like(outflow), where=base > 0), 0.0, MAX_EFFICIENCY)
        success = np.minimum(1.0, p.match_efficiency * efficiency * np.power(
            np.divide(vacancies, applications, out=np.zeros_like(vacancies), where=applications > 0), p.match_elasticity))
        job_to_job = job_to_job_success(model, success)
    return efficiency.ravel(), outflow
