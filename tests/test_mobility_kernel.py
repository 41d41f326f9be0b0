"""The numba mobility kernel: exact agreement with the readable reference, and its behaviour."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

import numpy as np
import pytest

import reference_mobility
from abm.codes import Flag, Status
from abm.kernels import mobility
from abm.kernels.mobility import (
    APPLICATIONS, CROSS_LANDSDEEL, GRADUATE_HIRES, GRADUATE_OPEN_SEARCH, HIRES, INACTIVE_JOB_SEARCH, INACTIVE_TO_SEARCH, JOB_TO_JOB,
    LAYOFFS, MATCH_EFFICIENCY, MATCH_ELASTICITY, N_EVENTS, N_PARAMS, ON_THE_JOB_SEARCH, SEPARATION_TO_INACTIVITY,
    SEPARATION_TO_UNEMPLOYMENT, SEPARATIONS, SIDE_ENTRY_FIT, TECHNICAL_GRADUATE_HIRES,
    UNEMPLOYED_TO_INACTIVE,
)
from abm.population import COLUMNS

N_LANDSDELEN, N_SECTORS = 2, 4
SECTOR_TECHNICAL = np.array([1, 1, 0, 0], dtype=np.int8)
EDUCATION = 3  # the sector where teachers work in the synthetic world
TEMPORARY_BIT = 4  # some other flag bit the kernel must leave alone
# Home sector -> sectors searched (CSR order); sector 2 reaches only itself and 3.
NETWORK = {0: [0, 1, 2], 1: [1, 0, 3], 2: [2, 3], 3: [3, 0, 1, 2]}


@dataclass
class World:
    """Everything ``mobility_step`` reads and writes, in the model's dtypes."""

    status: np.ndarray
    sector: np.ndarray
    landsdeel: np.ndarray
    technical: np.ndarray
    employer: np.ndarray
    months: np.ndarray
    flags: np.ndarray
    key: np.ndarray
    firm_staff: np.ndarray
    firm_vacancies: np.ndarray
    firm_layoff: np.ndarray
    firm_separation: np.ndarray
    cell_first_firm: np.ndarray
    search_indptr: np.ndarray
    search_indices: np.ndarray
    search_weights: np.ndarray
    sector_technical: np.ndarray
    landsdeel_levers: np.ndarray
    cell_efficiency: np.ndarray
    cell_attraction: np.ndarray
    params: np.ndarray
    seed: np.uint64
    month: np.int64
    counts: np.ndarray

    def copy(self) -> World:
        return World(*(getattr(self, f.name).copy() for f in fields(self)))

    def arrays(self) -> tuple[np.ndarray, ...]:
        return tuple(getattr(self, f.name) for f in fields(self))

    def run_kernel(self) -> None:
        mobility.mobility_step(*self.arrays())
        self.month += 1

    def run_reference(self) -> None:
        reference_mobility.mobility_month(*self.arrays())
        self.month += 1

    def employed_by_firm(self) -> np.ndarray:
        working = (self.status == Status.EMPLOYED) & (self.employer >= 0)
        return np.bincount(self.employer[working], minlength=len(self.firm_staff))

    def cell_vacancies(self) -> np.ndarray:
        first = self.cell_first_firm
        return np.array([self.firm_vacancies[first[c]:first[c + 1]].sum() for c in range(len(first) - 1)])


def assert_same(a: World, b: World, label: str = "") -> None:
    for f in fields(World):
        x, y = getattr(a, f.name), getattr(b, f.name)
        assert x.dtype == y.dtype, f"{label}{f.name}: dtype {x.dtype} vs {y.dtype}"
        if not np.array_equal(x, y):
            diff = np.argwhere(x != y)
            raise AssertionError(f"{label}{f.name} differs at {len(diff)} places, first {diff[:5].tolist()}")


def params_array(**values: float) -> np.ndarray:
    base = {SEPARATION_TO_UNEMPLOYMENT: 0.04, SEPARATION_TO_INACTIVITY: 0.02, UNEMPLOYED_TO_INACTIVE: 0.08,
            INACTIVE_TO_SEARCH: 0.15, ON_THE_JOB_SEARCH: 0.15, CROSS_LANDSDEEL: 0.25, MATCH_EFFICIENCY: 0.6,
            MATCH_ELASTICITY: 0.5, SIDE_ENTRY_FIT: 0.35, GRADUATE_OPEN_SEARCH: 0.3,
            INACTIVE_JOB_SEARCH: 0.1}
    names = {"separation_to_unemployment": SEPARATION_TO_UNEMPLOYMENT,
             "separation_to_inactivity": SEPARATION_TO_INACTIVITY, "unemployed_to_inactive": UNEMPLOYED_TO_INACTIVE,
             "inactive_to_search": INACTIVE_TO_SEARCH, "on_the_job_search": ON_THE_JOB_SEARCH,
             "cross_landsdeel": CROSS_LANDSDEEL, "match_efficiency": MATCH_EFFICIENCY,
             "match_elasticity": MATCH_ELASTICITY, "side_entry_fit": SIDE_ENTRY_FIT,
             "graduate_open_search": GRADUATE_OPEN_SEARCH, "inactive_job_search": INACTIVE_JOB_SEARCH}
    for name, value in values.items():
        base[names[name]] = value
    return np.array([base[i] for i in range(N_PARAMS)], dtype=np.float64)


def synthetic_world(seed: int, n_persons: int = 3000, guarantee: tuple[float, float] = (0.5, 0.0),
                    side_entry: tuple[float, float] = (1.5, 1.0), reentry: tuple[float, float] = (1.3, 0.7),
                    attraction: tuple[float, float] = (0.7, 1.4), **params: float) -> World:
    """2 landsdelen x 4 sectors, 0-3 firms per cell, some cells without vacancies, some firms
    shedding staff; persons employed, unemployed, inactive or outside the labour market."""
    g = np.random.default_rng(seed)
    n_cells = N_LANDSDELEN * N_SECTORS
    firms_per_cell = g.integers(1, 4, n_cells)
    firms_per_cell[5] = 0  # landsdeel 1, sector 1: no firms at all
    # cells 3 (landsdeel 0, education) and 6 (landsdeel 1, sector 2) have firms but no vacancies
    cell_first_firm = np.concatenate(([0], np.cumsum(firms_per_cell))).astype(np.int64)
    n_firms = int(cell_first_firm[-1])
    firm_cell = np.repeat(np.arange(n_cells), firms_per_cell)

    # scarce in some cells (vacancies run out), plentiful in others (the matching chance binds)
    most_per_firm = np.array([60, 150, 4, 0, 150, 0, 0, 40])
    vacancies = g.integers(0, np.repeat(most_per_firm, firms_per_cell) + 1).astype(np.int64)
    layoff = np.where(g.random(n_firms) < 0.3, g.uniform(0.0, 0.4, n_firms), 0.0)
    layoff[g.integers(n_firms)] = 1.0  # one firm sheds everyone
    retention = g.uniform(0.7, 1.3, n_firms)

    cols = {name: np.zeros(n_persons, dtype=dtype) for name, dtype in COLUMNS.items()}
    status = g.choice([Status.EMPLOYED, Status.UNEMPLOYED, Status.INACTIVE, Status.PUPIL, Status.STUDENT,
                       Status.BBL, Status.RETIRED, Status.EXITED], n_persons,
                      p=[0.55, 0.12, 0.1, 0.05, 0.06, 0.04, 0.05, 0.03])
    employed = status == Status.EMPLOYED
    employer = np.full(n_persons, -1)
    employer[employed] = g.integers(0, n_firms, employed.sum())
    bbl = status == Status.BBL
    employer[bbl] = g.integers(0, n_firms, bbl.sum())
    working = employed | bbl
    landsdeel = g.integers(0, N_LANDSDELEN, n_persons)
    sector = g.integers(0, N_SECTORS, n_persons)
    landsdeel[working] = firm_cell[employer[working]] // N_SECTORS
    sector[working] = firm_cell[employer[working]] % N_SECTORS
    no_field = (status == Status.PUPIL) | ((status == Status.INACTIVE) & (g.random(n_persons) < 0.3))
    sector[no_field] = -1
    technical = np.where(sector >= 0, g.random(n_persons) < np.where(SECTOR_TECHNICAL[sector], 0.7, 0.2),
                         g.random(n_persons) < 0.3)
    flags = np.zeros(n_persons, dtype=np.int64)
    flags[(status == Status.UNEMPLOYED) & (g.random(n_persons) < 0.35)] |= Flag.FRESH_GRADUATE
    flags[employed & (sector == EDUCATION) & (g.random(n_persons) < 0.5)] |= Flag.TEACHER
    flags[g.random(n_persons) < 0.05] |= TEMPORARY_BIT

    cols.update(status=status, sector=sector, landsdeel=landsdeel, technical=technical, employer=employer,
                months=g.integers(1, 200, n_persons), flags=flags, age_months=0)
    cols = {name: np.asarray(cols[name], dtype=COLUMNS[name]) for name in COLUMNS}

    indptr = np.concatenate(([0], np.cumsum([len(NETWORK[s]) for s in range(N_SECTORS)]))).astype(np.int64)
    indices = np.concatenate([NETWORK[s] for s in range(N_SECTORS)]).astype(np.int64)
    weights = g.uniform(0.05, 1.0, len(indices))
    for s in range(N_SECTORS):
        weights[indptr[s]:indptr[s + 1]] /= weights[indptr[s]:indptr[s + 1]].sum()

    staff = np.bincount(cols["employer"][employed], minlength=n_firms).astype(np.int64)
    return World(
        status=cols["status"], sector=cols["sector"], landsdeel=cols["landsdeel"], technical=cols["technical"],
        employer=cols["employer"], months=cols["months"], flags=cols["flags"],
        key=(g.permutation(n_persons) * 3 + 7).astype(np.int64), firm_staff=staff, firm_vacancies=vacancies, firm_layoff=layoff, firm_separation=retention,
        cell_first_firm=cell_first_firm, search_indptr=indptr, search_indices=indices,
        search_weights=weights.astype(np.float64), sector_technical=SECTOR_TECHNICAL.copy(),
        landsdeel_levers=np.array([guarantee, side_entry, reentry], dtype=np.float64),
        cell_efficiency=g.uniform(0.5, 1.5, n_cells), cell_attraction=g.uniform(*attraction, n_cells),
        params=params_array(**params),
        seed=np.uint64(seed * 7919 + 1), month=np.int64(1),
        counts=np.zeros((N_EVENTS, N_LANDSDELEN, N_SECTORS), dtype=np.int64))


SETTINGS = {
    "busy": {},
    "model_defaults": dict(separation_to_unemployment=0.006, separation_to_inactivity=0.003,
                           unemployed_to_inactive=0.02, inactive_to_search=0.05, on_the_job_search=0.025,
                           cross_landsdeel=0.1, match_efficiency=0.3, match_elasticity=0.5, side_entry_fit=0.35),
    "no_cross_landsdeel": dict(cross_landsdeel=0.0),
    "always_cross_landsdeel": dict(cross_landsdeel=1.0),
    "no_side_entry": dict(side_entry_fit=0.0),
    "full_side_entry": dict(side_entry_fit=1.0),
    "high_match_efficiency": dict(match_efficiency=5.0, on_the_job_search=0.4),
    "low_match_efficiency": dict(match_efficiency=0.03),
    "elasticity_0_and_1": dict(match_elasticity=0.0, match_efficiency=0.5),
    "linear_elasticity": dict(match_elasticity=1.0, match_efficiency=2.0),
    "graduates_search_everywhere": dict(graduate_open_search=1.0),
    "full_guarantee": dict(guarantee=(1.0, 1.0)),
    "no_levers": dict(guarantee=(0.0, 0.0), side_entry=(1.0, 1.0), reentry=(1.0, 1.0), attraction=(1.0, 1.0)),
    "strong_wage_signal": dict(reentry=(3.0, 0.0), attraction=(0.05, 8.0)),
}


# --- kernel == reference ------------------------------------------------------------------------
@pytest.mark.parametrize("setting", list(SETTINGS))
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_kernel_matches_reference_on_synthetic_world(seed, setting):
    kernel = synthetic_world(seed, **SETTINGS[setting])
    reference = kernel.copy()
    hires = 0
    for month in range(2):
        kernel.run_kernel()
        reference.run_reference()
        assert_same(kernel, reference, f"month {month + 1}: ")
        hires += kernel.counts[HIRES].sum()
    assert kernel.counts[SEPARATIONS].sum() > 0
    if setting != "low_match_efficiency":
        assert hires > 0  # the comparison exercised matching


@pytest.fixture(scope="module")
def real_model():
    from abm.model import TechLabourModel

    return TechLabourModel(scale=2000, seed=3)


def test_kernel_matches_reference_on_model_data(real_model):
    m, pop, book = real_model, real_model.population, real_model.firms_book
    world = World(
        pop.status.copy(), pop.sector.copy(), pop.landsdeel.copy(), pop.technical.copy(), pop.employer.copy(),
        pop.months.copy(), pop.flags.copy(), pop.key.copy(), book.staff.copy(), book.vacancies.copy(), book.layoff.copy(),
        np.ones(len(book.staff)), book.cell_first_firm.copy(), *(a.copy() for a in m.search),
        m.sector_technical.copy(), np.stack([np.full(5, 0.5), np.ones(5), np.full(5, 1.2)]),
        m.cell_efficiency.copy(), np.linspace(0.8, 1.25, len(m.cell_efficiency)), m.kernel_params.copy(),
        np.uint64(20230101), np.int64(1), np.zeros_like(m.counts))
    kernel, reference = world, world.copy()
    for month in range(2):
        kernel.run_kernel()
        reference.run_reference()
        assert_same(kernel, reference, f"month {month + 1}: ")
    assert kernel.counts[HIRES].sum() > 0 and kernel.counts[APPLICATIONS].sum() > 0


# --- behaviour of the kernel --------------------------------------------------------------------
def _status_counts(world: World) -> np.ndarray:
    return np.bincount(world.status, minlength=len(Status))


@pytest.mark.parametrize("setting", ["busy", "model_defaults", "high_match_efficiency", "always_cross_landsdeel"])
@pytest.mark.parametrize("seed", [4, 5])
def test_people_and_jobs_are_conserved(seed, setting):
    world = synthetic_world(seed, **SETTINGS[setting])
    assert np.array_equal(world.firm_staff, world.employed_by_firm())
    before = world.copy()
    world.run_kernel()
    after = world

    n_before, n_after = _status_counts(before), _status_counts(after)
    assert n_after.sum() == n_before.sum()
    outside = [s for s in Status if s not in (Status.EMPLOYED, Status.UNEMPLOYED, Status.INACTIVE)]
    assert all(n_after[s] == n_before[s] for s in outside)
    untouched = np.isin(before.status, outside)
    for name in ("status", "sector", "landsdeel", "technical", "employer", "months", "flags"):
        assert np.array_equal(getattr(before, name)[untouched], getattr(after, name)[untouched]), name
    assert np.array_equal(before.technical, after.technical)

    hires, separations = after.counts[HIRES].sum(), after.counts[SEPARATIONS].sum()
    assert n_after[Status.EMPLOYED] - n_before[Status.EMPLOYED] == hires - separations
    assert np.array_equal(after.firm_staff, after.employed_by_firm())
    assert after.firm_staff.sum() == ((after.status == Status.EMPLOYED) & (after.employer >= 0)).sum()
    assert ((after.status == Status.EMPLOYED) == (after.employer >= 0))[~np.isin(after.status, [Status.BBL])].all()

    # vacancies: never negative, filled one per hire in the hiring cell, none where there were none
    assert (after.firm_vacancies >= 0).all()
    hired = (after.status == Status.EMPLOYED) & (after.months == 0)
    assert np.array_equal(before.firm_vacancies - after.firm_vacancies,
                          np.bincount(after.employer[hired], minlength=len(after.firm_staff)))
    filled = (before.cell_vacancies() - after.cell_vacancies()).reshape(N_LANDSDELEN, N_SECTORS)
    assert np.array_equal(filled, after.counts[HIRES])
    no_vacancies = before.cell_vacancies().reshape(N_LANDSDELEN, N_SECTORS) == 0
    assert (after.counts[HIRES][no_vacancies] == 0).all()
    assert (after.counts[APPLICATIONS][no_vacancies] == 0).all()
    assert (after.counts[HIRES] <= after.counts[APPLICATIONS]).all()

    # the hired: employed with months reset, in the cell of their firm, no longer fresh graduates
    assert hired.sum() == hires
    firm_cell = np.repeat(np.arange(N_LANDSDELEN * N_SECTORS), np.diff(after.cell_first_firm))
    cell = firm_cell[after.employer[hired]]
    assert np.array_equal(cell // N_SECTORS, after.landsdeel[hired])
    assert np.array_equal(cell % N_SECTORS, after.sector[hired])
    assert not (after.flags[hired] & Flag.FRESH_GRADUATE).any()
    graduates = hired & ((before.flags & Flag.FRESH_GRADUATE) > 0)
    assert after.counts[GRADUATE_HIRES].sum() == graduates.sum()
    assert after.counts[TECHNICAL_GRADUATE_HIRES].sum() == (graduates & (before.technical == 1)).sum()
    # other flag bits survive; leavers are no longer teachers
    assert np.array_equal(after.flags & TEMPORARY_BIT, before.flags & TEMPORARY_BIT)
    left = (before.status == Status.EMPLOYED) & (after.status != Status.EMPLOYED)
    assert left.any() and not (after.flags[left] & Flag.TEACHER).any()
    assert (after.employer[left] == -1).all() and (after.months[left] == 0).all()
    assert (after.counts[LAYOFFS] <= after.counts[SEPARATIONS]).all()


def test_a_firm_with_layoff_probability_one_sheds_all_its_staff():
    world = synthetic_world(6, guarantee=(0.0, 0.0), on_the_job_search=0.0, match_efficiency=0.0)
    firm = int(np.argmax(world.firm_layoff))
    assert world.firm_layoff[firm] == 1.0 and world.firm_staff[firm] > 0
    staff = int(world.firm_staff[firm])
    cell = int(np.searchsorted(world.cell_first_firm, firm, side="right") - 1)
    workers = (world.status == Status.EMPLOYED) & (world.employer == firm)
    world.run_kernel()
    assert world.firm_staff[firm] == 0
    assert (world.status[workers] == Status.UNEMPLOYED).all()
    assert world.counts[LAYOFFS, cell // N_SECTORS, cell % N_SECTORS] >= staff


def test_no_hires_without_match_efficiency():
    """Without the guarantee's placement offers, which are matches that need no success draw."""
    world = synthetic_world(7, guarantee=(0.0, 0.0), match_efficiency=0.0)
    before = world.copy()
    world.run_kernel()
    assert world.counts[HIRES].sum() == 0 and world.counts[APPLICATIONS].sum() > 0
    assert np.array_equal(world.firm_vacancies, before.firm_vacancies)
    assert not ((world.status == Status.EMPLOYED) & (world.months == 0)).any()


def test_no_hires_without_searchers():
    world = synthetic_world(8, on_the_job_search=0.0, separation_to_unemployment=0.0,
                            separation_to_inactivity=0.0, inactive_to_search=0.0, inactive_job_search=0.0)
    world.firm_layoff[:] = 0.0
    world.status[world.status == Status.UNEMPLOYED] = Status.INACTIVE
    before = world.copy()
    world.run_kernel()
    assert world.counts.sum() == 0
    assert_same(replace(world, month=before.month), before)


@pytest.mark.parametrize("seed", [9, 10])
def test_search_stays_in_landsdeel_without_cross_landsdeel_search(seed):
    world = synthetic_world(seed, cross_landsdeel=0.0, on_the_job_search=0.5, match_efficiency=2.0)
    before = world.copy()
    world.run_kernel()
    assert world.counts[HIRES].sum() > 0
    assert np.array_equal(world.landsdeel, before.landsdeel)
    # and with cross-landsdeel search some hires do cross
    crossing = synthetic_world(seed, cross_landsdeel=1.0, on_the_job_search=0.5, match_efficiency=2.0)
    crossing.run_kernel()
    assert (crossing.landsdeel != before.landsdeel).any()


@pytest.mark.parametrize("seed", [11, 12])
def test_no_side_entry_into_technical_sectors_when_fit_is_zero(seed):
    world = synthetic_world(seed, side_entry_fit=0.0, on_the_job_search=0.5, match_efficiency=2.0)
    world.run_kernel()
    hired = (world.status == Status.EMPLOYED) & (world.months == 0)
    assert hired.any()
    side_entrants = hired & (world.technical == 0) & (SECTOR_TECHNICAL[np.maximum(world.sector, 0)] == 1)
    assert not side_entrants.any()
    assert (hired & (world.technical == 1) & (SECTOR_TECHNICAL[np.maximum(world.sector, 0)] == 1)).any()
    # with full fit side-entrants do get technical jobs
    open_door = synthetic_world(seed, side_entry_fit=1.0, on_the_job_search=0.5, match_efficiency=2.0)
    open_door.run_kernel()
    hired = (open_door.status == Status.EMPLOYED) & (open_door.months == 0)
    assert (hired & (open_door.technical == 0) & (SECTOR_TECHNICAL[np.maximum(open_door.sector, 0)] == 1)).any()


def test_same_seed_same_result_other_seed_other_result():
    first, second = synthetic_world(13), synthetic_world(13)
    other = synthetic_world(13)
    other.seed = np.uint64(99)
    for world in (first, second, other):
        world.run_kernel()
    assert_same(first, second)
    assert not np.array_equal(first.status, other.status) or not np.array_equal(first.employer, other.employer)


def test_a_persons_draws_do_not_depend_on_other_persons():
    """Common random numbers: adding an unemployed person does not change who else leaves a job."""
    world = synthetic_world(14, on_the_job_search=0.0)
    grown = synthetic_world(14, on_the_job_search=0.0)
    inactive = np.flatnonzero(grown.status == Status.INACTIVE)[0]
    grown.status[inactive] = Status.UNEMPLOYED
    employed = world.status == Status.EMPLOYED
    for w in (world, grown):
        mobility.separate(w.status, w.employer, w.months, w.flags, w.key, w.firm_staff, w.firm_layoff, w.firm_separation,
                          w.sector, w.landsdeel, w.landsdeel_levers, w.params, w.seed, w.month, w.counts)
    assert np.array_equal(world.status[employed], grown.status[employed])


def test_a_job_change_can_stay_within_a_firm_row_and_is_counted():
    """A firm row stands for all employers of its size class in a cell: a job-to-job move can land
    in the mover's own row; it is still a job change (new start, counted as a job-to-job move)."""
    world = synthetic_world(15, on_the_job_search=0.6, match_efficiency=3.0, separation_to_unemployment=0.0,
                            separation_to_inactivity=0.0)
    world.firm_layoff[:] = 0.0  # every move is job-to-job
    before = world.copy()
    world.run_kernel()
    movers = (before.status == Status.EMPLOYED) & (world.status == Status.EMPLOYED) & (world.months == 0)
    within = movers & (world.employer == before.employer)
    assert within.any() and (movers & ~within).any()
    assert world.counts[JOB_TO_JOB].sum() == movers.sum()


def test_guarantee_places_unemployed_technicians_in_technical_work_and_narrows_no_search():
    settings = dict(on_the_job_search=0.6, match_efficiency=0.3, graduate_open_search=0.0)
    placed, unplaced = synthetic_world(16, guarantee=(1.0, 1.0), **settings), synthetic_world(16, guarantee=(0.0, 0.0),
                                                                                             **settings)
    before = placed.copy()
    placed.run_kernel()
    unplaced.run_kernel()
    eligible = (before.status == Status.UNEMPLOYED) & (before.technical == 1) \
        & (SECTOR_TECHNICAL[np.maximum(before.sector, 0)] == 1)
    hired = (placed.status == Status.EMPLOYED) & (placed.months == 0)
    hired_without = (unplaced.status == Status.EMPLOYED) & (unplaced.months == 0)
    assert (hired & eligible).sum() > 2 * (hired_without & eligible).sum()  # faster re-placement
    assert (SECTOR_TECHNICAL[placed.sector[hired & eligible]] == 1).all()  # into technical work
    assert (placed.landsdeel[hired & eligible] == before.landsdeel[hired & eligible]).all()  # of her own landsdeel
    on_the_job = hired & (before.status == Status.EMPLOYED) & (before.technical == 1) \
        & (SECTOR_TECHNICAL[np.maximum(before.sector, 0)] == 1)
    assert (SECTOR_TECHNICAL[placed.sector[on_the_job]] == 0).any()  # others still go where they choose


def test_kernel_codes_match_abm_codes():
    assert (mobility.EMPLOYED, mobility.UNEMPLOYED, mobility.INACTIVE) == (
        Status.EMPLOYED, Status.UNEMPLOYED, Status.INACTIVE)
    assert (mobility.FRESH_GRADUATE, mobility.TEACHER) == (Flag.FRESH_GRADUATE, Flag.TEACHER)


def test_a_better_paying_cell_draws_more_applications():
    even = synthetic_world(21, attraction=(1.0, 1.0))
    even.run_kernel()
    pulled = synthetic_world(21, attraction=(1.0, 1.0))
    pulled.cell_attraction[0] = 3.0  # landsdeel 0, sector 0 pays more
    pulled.run_kernel()
    assert pulled.counts[APPLICATIONS, 0, 0] > even.counts[APPLICATIONS, 0, 0]
    assert pulled.counts[APPLICATIONS, 0, 1:].sum() < even.counts[APPLICATIONS, 0, 1:].sum()


def test_the_reentry_lever_scales_the_return_of_the_inactive():
    def returned(reentry: tuple[float, float]) -> int:
        world = synthetic_world(22, reentry=reentry, on_the_job_search=0.0, match_efficiency=0.0)
        inactive = (world.status == Status.INACTIVE) & (world.sector >= 0)
        world.run_kernel()
        return int((inactive & (world.status == Status.UNEMPLOYED)).sum())
    assert returned((0.0, 0.0)) == 0
    assert returned((1.0, 1.0)) < returned((2.0, 2.0))


def test_the_inactive_take_jobs_straight_from_inactivity_only_when_they_search():
    """Passive search: an inactive person with a last job can be hired without passing through
    unemployment; with ``inactive_job_search`` 0 (and no return to search) nobody is."""
    def hired_from_inactivity(rate: float) -> int:
        world = synthetic_world(24, inactive_job_search=rate, inactive_to_search=0.0)
        inactive = (world.status == Status.INACTIVE) & (world.sector >= 0)
        world.run_kernel()
        return int((inactive & (world.status == Status.EMPLOYED)).sum())
    assert hired_from_inactivity(0.0) == 0
    assert 0 < hired_from_inactivity(0.3) < hired_from_inactivity(1.0)


def test_draws_follow_the_person_key_not_the_position_in_the_arrays():
    """A person keeps her draws when others are inserted before her (interventions add people)."""
    world = synthetic_world(23)
    order = np.random.default_rng(0).permutation(len(world.status))
    moved = world.copy()
    for name in ("status", "sector", "landsdeel", "technical", "employer", "months", "flags", "key"):
        setattr(moved, name, getattr(world, name)[order].copy())
    world.run_kernel()
    moved.run_kernel()
    separated = world.status != synthetic_world(23).status
    assert separated.any()
    np.testing.assert_array_equal(moved.status, world.status[order])


# Small counts: the expected hires of a cell are the matching function's -------------------------

CELLS = [(1, 3, 0.4), (2, 5, 0.3), (3, 4, 0.9), (5, 40, 0.12), (1, 1, 0.7), (4, 2, 0.5), (10, 60, 0.2), (7, 9, 1.0)]


@pytest.mark.parametrize(("vacancies", "applicants", "chance"), CELLS)
def test_expected_hires_is_the_mean_of_min_vacancies_successes(vacancies, applicants, chance):
    successes = np.arange(applicants + 1)
    exact = float((np.minimum(successes, vacancies) * reference_mobility.binom.pmf(successes, applicants, chance)).sum())
    assert mobility.expected_hires(vacancies, applicants, chance) == pytest.approx(exact, rel=1e-12, abs=1e-12)
    drawn = np.minimum(np.random.default_rng(1).binomial(applicants, chance, 400_000), vacancies).mean()
    assert drawn == pytest.approx(exact, abs=0.01)


@pytest.mark.parametrize(("vacancies", "applicants", "chance"), CELLS)
def test_served_chance_restores_the_hires_the_matching_function_promises(vacancies, applicants, chance):
    served = mobility.served_chance(vacancies, applicants, chance)
    promised = min(vacancies, applicants * chance)
    assert chance <= served <= 1.0
    assert mobility.expected_hires(vacancies, applicants, served) == pytest.approx(promised, rel=1e-9, abs=1e-9)
    if applicants <= vacancies:
        assert served == chance  # vacancies cannot run out: nothing to undo
    assert served / chance == pytest.approx(reference_mobility.served_factor(vacancies, applicants, chance), rel=1e-9)


def test_one_vacancy_and_a_few_applicants_are_hired_at_the_promised_rate():
    """Serving applicants while the one vacancy lasts, with the raised chance, hires as often as
    independent applications would (0.4 x 3 = 1.2 capped at 1 is not reachable: 3 x 0.3 = 0.9)."""
    served = mobility.served_chance(1, 3, 0.3)
    hired = (np.random.default_rng(2).random((300_000, 3)) < served).any(axis=1).mean()
    assert hired == pytest.approx(0.9, abs=0.005)
    assert (np.random.default_rng(2).random((300_000, 3)) < 0.3).any(axis=1).mean() < 0.66  # uncorrected: 1 - 0.7^3
