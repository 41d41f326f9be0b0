"""Mobility step: plain Mesa agents versus the numba kernel on the same persons.

Both variants start from the same population: the person and firm arrays exactly as
``TechLabourModel.step`` passes them to the kernel in month ``--month`` (default 10, October
2023, so September's fresh graduates are searching) of a model whose scale is chosen to give
about ``--persons`` persons (captured by wrapping ``mobility.mobility_step`` for that one call). Both run the same
three stages of ``abm.kernels.mobility`` for ``--steps`` months:

(a) **Mesa**: one ``mesa.Agent`` per person (status, sector, landsdeel, technical, employer,
    months, flags), small plain firm objects, the stages written per agent in plain Python and
    driven by ``model.agents.shuffle_do(...)``, random numbers from ``model.random``;
(b) **numba**: ``abm.kernels.mobility.mobility_step`` on copies of the arrays it writes to
    (compiled or loaded from the numba cache first, outside the timing), with its keyed random
    numbers (seed, month, person, purpose) and the month advancing by one per step.

Before every month, outside the timing and in both variants alike, each firm's open vacancies
are reset to their value at the snapshot (the firms' demand stage of the model re-posts
vacancies every month; without it hires would dwindle step by step).

Exact equality is not expected (different random streams, and Mesa visits agents in a new random
order in every stage), only the same rules and the same amount of work; the script prints the
mean hires, separations, layoffs and applications per month of both as a check and exits with
status 1 if they differ by more than chance allows. "ns per person-step" divides by all persons
(pupils, students and the retired included), as the kernel loops over all of them.

    .venv/bin/python benchmarks/bench_mobility.py                  # ~100,000 persons, 5 months
    .venv/bin/python benchmarks/bench_mobility.py --persons 20000 --steps 3 --repeat 1
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import inspect
import math
import pathlib
import platform
import time
import tracemalloc
from dataclasses import dataclass

import mesa
import numpy as np

from abm.kernels import mobility
from abm.kernels.mobility import (APPLICATIONS, CROSS_LANDSDEEL, EMPLOYED, FRESH_GRADUATE,
                                  GRADUATE_HIRES, GRADUATE_OPEN_SEARCH, GUARANTEE, HIRES, INACTIVE,
                                  INACTIVE_JOB_SEARCH, INACTIVE_TO_SEARCH, INFLOW_FROM_NON_TECHNICAL, LAYOFFS,
                                  MATCH_EFFICIENCY, MATCH_ELASTICITY, N_EVENTS, ON_THE_JOB_SEARCH,
                                  OUTFLOW_TO_NON_TECHNICAL, REENTRY, SEPARATION_TO_INACTIVITY,
                                  SEPARATION_TO_UNEMPLOYMENT, SEPARATIONS, SIDE_ENTRY, SIDE_ENTRY_FIT,
                                  TEACHER, TECHNICAL_GRADUATE_HIRES, UNEMPLOYED, UNEMPLOYED_TO_INACTIVE)
from abm.model import TechLabourModel

PERSONS_AT_SCALE_1 = 13_890_000
"""Persons in the start state at one agent per person (99,939 at scale 139); used only to pick
the scale that gives about ``--persons`` persons."""
SPEEDUP_TARGET = 100.0
BYTES_TARGET = 64.0
PERSON_FIELDS = ("status", "sector", "landsdeel", "technical", "employer", "months", "flags")
MUTABLE = (*PERSON_FIELDS, "firm_staff", "firm_vacancies", "counts")
"""Kernel arguments it writes to: copied for every timed run."""
REPORTED = (("hires", HIRES), ("separations", SEPARATIONS), ("layoffs", LAYOFFS),
            ("applications", APPLICATIONS), ("graduate hires", GRADUATE_HIRES),
            ("to non-tech", OUTFLOW_TO_NON_TECHNICAL), ("from non-tech", INFLOW_FROM_NON_TECHNICAL))


def source_fingerprint() -> str:
    """Short hashes of the files the figures depend on (the code changes; there may be no git)."""
    root = pathlib.Path(__file__).resolve().parents[1]
    return ", ".join(f"{name} {hashlib.sha256((root / name).read_bytes()).hexdigest()[:10]}"
                     for name in ("abm/kernels/mobility.py", "abm/kernels/rng.py", "abm/model.py"))


# --- the snapshot both variants start from ---------------------------------------------------
@dataclass
class Snapshot:
    args: dict[str, object]  # every argument of mobility_step by name, as the model passed it
    scale: float
    array_bytes_per_person: float

    def __len__(self) -> int:
        return len(self.args["status"])

    def __getattr__(self, name: str):
        try:
            return self.__dict__["args"][name]
        except KeyError:
            raise AttributeError(name) from None

    @property
    def n_landsdelen(self) -> int:
        return self.args["counts"].shape[1]

    @property
    def n_sectors(self) -> int:
        return self.args["counts"].shape[2]


def take_snapshot(persons: int, seed: int, month: int) -> Snapshot:
    """Build the model, run it to ``month`` and capture the kernel's arguments exactly as
    ``TechLabourModel.step`` hands them over in that month (after demography, education and the
    firms' demand stage)."""
    scale = max(1.0, PERSONS_AT_SCALE_1 / persons)
    model = TechLabourModel(scale=scale, seed=seed)
    kernel = mobility.mobility_step
    names = list(inspect.signature(kernel.py_func).parameters)
    captured: dict[str, object] = {}

    def capture(*args):
        captured.update({name: (np.copy(a) if isinstance(a, np.ndarray) else a)
                         for name, a in zip(names, args, strict=True)})
        return kernel(*args)

    for _ in range(month - 1):
        model.step()  # the first call also loads (or compiles) the kernel
    mobility.mobility_step = capture
    try:
        model.step()
    finally:
        mobility.mobility_step = kernel
    if not captured:
        raise RuntimeError("TechLabourModel.step no longer calls abm.kernels.mobility.mobility_step")
    return Snapshot(captured, scale, model.population.nbytes / len(model.population))


# --- (a) plain Mesa ----------------------------------------------------------------------------
class Firm:
    """A plain firm object: one row of the firm book."""

    def __init__(self, index: int, staff: int, vacancies: int, layoff: float, separation: float) -> None:
        self.index, self.staff, self.vacancies = index, staff, vacancies
        self.layoff, self.separation = layoff, separation


class PersonAgent(mesa.Agent):
    """One person; the three mobility stages as methods, written the way a Mesa model would."""

    model: MobilityModel

    def __init__(self, model: MobilityModel, status: int, sector: int, landsdeel: int, technical: int,
                 employer: Firm | None, months: int, flags: int) -> None:
        super().__init__(model)
        self.status, self.sector, self.landsdeel, self.technical = status, sector, landsdeel, technical
        self.employer, self.months, self.flags = employer, months, flags
        self.target = -1  # cell applied to this month, -1 = none
        self.placed = False  # the work guarantee's placement service made the offer (no success draw)
        self.chance = 0.0  # this month's chance that her application succeeds

    def separate(self) -> None:
        """Stage 1: separations and moves between unemployment and inactivity."""
        m = self.model
        s = self.status
        if s == EMPLOYED:
            firm = self.employer
            u = m.random.random()
            layoff = firm.layoff
            to_unemployment = layoff + m.separation_to_unemployment * firm.separation
            if u < to_unemployment + m.separation_to_inactivity * firm.separation:
                self.status = UNEMPLOYED if u < to_unemployment else INACTIVE
                self.employer = None
                self.months = 0
                self.flags &= ~TEACHER
                firm.staff -= 1
                m.counts[SEPARATIONS][self.landsdeel][self.sector] += 1
                if u < layoff:
                    m.counts[LAYOFFS][self.landsdeel][self.sector] += 1
        elif s == UNEMPLOYED:
            if m.random.random() < m.unemployed_to_inactive:
                self.status = INACTIVE
                self.months = 0
        elif s == INACTIVE and self.sector >= 0:
            if m.random.random() < m.inactive_to_search * m.reentry[self.landsdeel]:
                self.status = UNEMPLOYED
                self.months = 0

    def search(self) -> None:
        """Stage 2: the unemployed, some employed and some inactive pick a landsdeel x sector cell
        to apply to."""
        m = self.model
        s = self.status
        if s == UNEMPLOYED or (s == EMPLOYED and m.random.random() < m.on_the_job_search) or (
                s == INACTIVE and self.sector >= 0
                and m.random.random() < m.inactive_job_search * m.reentry[self.landsdeel]):
            cell = -1
            if (s == UNEMPLOYED and self.technical and m.sector_technical[self.sector]
                    and m.random.random() < m.guarantee[self.landsdeel]):
                cell = m.choose_cell(self, placement=True)
            self.placed = cell >= 0
            if cell < 0:
                cell = m.choose_cell(self, placement=False)
            self.target = cell
            if cell >= 0:
                m.applicants[cell] += 1
                m.counts[APPLICATIONS][cell // m.n_sectors][cell % m.n_sectors] += 1
        else:
            self.target = -1

    def weigh(self) -> None:
        """Stage 3a: the chance of this application (the cell's matching probability x side-entry
        fit; 1 for a placement offer), added to its cell's total."""
        cell = self.target
        if cell < 0:
            return
        m = self.model
        l, j = cell // m.n_sectors, cell % m.n_sectors
        fit = 1.0
        if m.sector_technical[j] and not self.technical:
            fit = min(1.0, m.side_entry_fit * m.side_entry_lever[l])
        self.chance = 1.0 if self.placed else min(1.0, m.success[cell] * fit)
        m.total_chance[cell] += self.chance

    def match(self) -> None:
        """Stage 3b: the application succeeds with its chance x the cell's served factor."""
        cell = self.target
        if cell < 0:
            return
        self.target = -1
        m = self.model
        if m.cell_vacancies[cell] == 0:
            return
        n = m.n_sectors
        l, j = cell // n, cell % n
        if not self.placed and m.random.random() >= min(1.0, m.served[cell] * self.chance):
            return
        firm = m.hire_firm(cell)
        if firm is None:
            return
        counts = m.counts
        old_sector, old_landsdeel = self.sector, self.landsdeel
        if self.employer is not None:
            self.employer.staff -= 1
            counts[SEPARATIONS][old_landsdeel][old_sector] += 1
        if self.flags & FRESH_GRADUATE:
            counts[GRADUATE_HIRES][l][j] += 1
            if self.technical:
                counts[TECHNICAL_GRADUATE_HIRES][l][j] += 1
        elif m.sector_technical[old_sector] and not m.sector_technical[j]:
            counts[OUTFLOW_TO_NON_TECHNICAL][old_landsdeel][old_sector] += 1
        elif m.sector_technical[j] and not m.sector_technical[old_sector]:
            counts[INFLOW_FROM_NON_TECHNICAL][l][j] += 1
        self.status = EMPLOYED
        self.sector = j
        self.landsdeel = l
        self.employer = firm
        self.months = 0
        self.flags &= ~FRESH_GRADUATE
        if j != old_sector:
            self.flags &= ~TEACHER
        firm.staff += 1
        firm.vacancies -= 1
        m.cell_vacancies[cell] -= 1
        counts[HIRES][l][j] += 1


class MobilityModel(mesa.Model):
    """The mobility step of ``TechLabourModel`` as a plain Mesa model over ``PersonAgent``s."""

    def __init__(self, snap: Snapshot, seed: int) -> None:
        super().__init__(rng=seed)
        p = snap.params
        self.separation_to_unemployment = float(p[SEPARATION_TO_UNEMPLOYMENT])
        self.separation_to_inactivity = float(p[SEPARATION_TO_INACTIVITY])
        self.unemployed_to_inactive = float(p[UNEMPLOYED_TO_INACTIVE])
        self.inactive_to_search = float(p[INACTIVE_TO_SEARCH])
        self.on_the_job_search = float(p[ON_THE_JOB_SEARCH])
        self.inactive_job_search = float(p[INACTIVE_JOB_SEARCH])
        self.cross_landsdeel = float(p[CROSS_LANDSDEEL])
        self.match_efficiency = float(p[MATCH_EFFICIENCY])
        self.match_elasticity = float(p[MATCH_ELASTICITY])
        self.side_entry_fit = float(p[SIDE_ENTRY_FIT])
        self.graduate_open_search = float(p[GRADUATE_OPEN_SEARCH])
        self.guarantee = [float(x) for x in snap.landsdeel_levers[GUARANTEE]]
        self.side_entry_lever = [float(x) for x in snap.landsdeel_levers[SIDE_ENTRY]]
        self.reentry = [float(x) for x in snap.landsdeel_levers[REENTRY]]
        self.cell_efficiency = [float(x) for x in snap.cell_efficiency]
        self.cell_attraction = [float(x) for x in snap.cell_attraction]
        self.n_landsdelen, self.n_sectors = snap.n_landsdelen, snap.n_sectors
        self.sector_technical = [bool(t) for t in snap.sector_technical]
        indptr, indices, weights = snap.search_indptr, snap.search_indices, snap.search_weights
        self.related = [{int(indices[k]): float(weights[k]) for k in range(indptr[h], indptr[h + 1])}
                        for h in range(len(indptr) - 1)]
        self.firms = [Firm(f, int(snap.firm_staff[f]), int(snap.firm_vacancies[f]), float(snap.firm_layoff[f]),
                           float(snap.firm_separation[f])) for f in range(len(snap.firm_staff))]
        first = snap.cell_first_firm
        self.cell_firms = [self.firms[first[c]:first[c + 1]] for c in range(self.n_landsdelen * self.n_sectors)]
        self.posted = [firm.vacancies for firm in self.firms]
        cols = {name: snap.args[name].tolist() for name in PERSON_FIELDS}
        for status, sector, landsdeel, technical, employer, months, flags in zip(
                *(cols[name] for name in PERSON_FIELDS), strict=True):
            PersonAgent(self, status, sector, landsdeel, technical,
                        self.firms[employer] if employer >= 0 else None, months, flags)
        self.reset_counts()

    def reset_counts(self) -> None:
        self.counts = [[[0] * self.n_sectors for _ in range(self.n_landsdelen)] for _ in range(N_EVENTS)]

    def repost_vacancies(self) -> None:
        for firm, posted in zip(self.firms, self.posted, strict=True):
            firm.vacancies = posted

    def choose_cell(self, person: PersonAgent, placement: bool) -> int:
        """The landsdeel x sector cell a searcher applies to, or -1; with ``placement`` the work
        guarantee's offer (own landsdeel, related technical sectors)."""
        random, n = self.random, self.n_sectors
        home_sector, home_landsdeel = person.sector, person.landsdeel
        target = home_landsdeel
        if not placement and random.random() < self.cross_landsdeel:
            total = self.total_vacancies - self.landsdeel_vacancies[home_landsdeel]
            if total > 0:
                r = random.random() * total
                for l, v in enumerate(self.landsdeel_vacancies):
                    if l != home_landsdeel and v > 0:
                        target = l
                        r -= v
                        if r < 0:
                            break
        open_search = not placement and bool(person.flags & FRESH_GRADUATE) and random.random() < self.graduate_open_search
        related, technical = self.related[home_sector], self.sector_technical
        row = self.cell_vacancies[target * n:(target + 1) * n]
        attraction = self.cell_attraction[target * n:(target + 1) * n]
        weights = [(0.0 if placement and not technical[j] else 1.0 if open_search else related.get(j, 0.0))
                   * attraction[j] for j in range(n)]
        total = 0.0
        for j in range(n):
            total += weights[j] * row[j]
        if total <= 0:
            return -1
        for j in range(n):
            self.expected[target * n + j] += weights[j] * row[j] / total
        r = random.random() * total
        chosen = -1
        for j in range(n):
            w = weights[j] * row[j]
            if w > 0:
                chosen = j
                r -= w
                if r < 0:
                    break
        return target * n + chosen

    def hire_firm(self, cell: int) -> Firm | None:
        """The hiring firm in ``cell``, in proportion to open vacancies (the mover's own firm row
        included: it stands for many employers); or None."""
        firms = self.cell_firms[cell]
        total = sum(f.vacancies for f in firms)
        if total == 0:
            return None
        r = self.random.random() * total
        chosen = None
        for firm in firms:
            if firm.vacancies > 0:
                chosen = firm
                r -= firm.vacancies
                if r < 0:
                    break
        return chosen

    def step(self) -> None:
        """One month: separations, search, matching."""
        self.agents.shuffle_do("separate")
        n = self.n_sectors
        self.cell_vacancies = [sum(f.vacancies for f in firms) for firms in self.cell_firms]
        self.landsdeel_vacancies = [float(sum(self.cell_vacancies[l * n:(l + 1) * n]))
                                    for l in range(self.n_landsdelen)]
        self.total_vacancies = sum(self.landsdeel_vacancies)
        self.applicants = [0] * len(self.cell_vacancies)
        self.expected = [0.0] * len(self.cell_vacancies)
        self.agents.shuffle_do("search")  # a random order, as the kernel's sorted keyed priorities
        a, eff = self.match_elasticity, self.match_efficiency
        self.success = [min(1.0, eff * m * (v / k) ** a) if n > 0 else 0.0
                        for v, k, n, m in zip(self.cell_vacancies, self.expected, self.applicants,
                                              self.cell_efficiency, strict=True)]
        self.total_chance = [0.0] * len(self.cell_vacancies)
        self.agents.do("weigh")
        self.served = [mobility.served_chance(v, n, t / n) / (t / n) if t > 0 else 1.0
                       for v, n, t in zip(self.cell_vacancies, self.applicants, self.total_chance, strict=True)]
        self.agents.shuffle_do("match")

    def totals(self) -> dict[str, int]:
        return {name: sum(map(sum, self.counts[event])) for name, event in REPORTED}


def mesa_bytes_per_agent(snap: Snapshot, seed: int) -> float:
    """Bytes allocated per person while building the Mesa model (agents, their dicts, Mesa's
    registries, the firms), measured with tracemalloc."""
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    model = MobilityModel(snap, seed)
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    del model
    gc.collect()
    return (after - before) / len(snap)


def run_mesa(snap: Snapshot, steps: int, seed: int) -> tuple[float, list[dict[str, int]]]:
    model = MobilityModel(snap, seed)
    per_step, seconds = [], 0.0
    for _ in range(steps):
        model.repost_vacancies()
        model.reset_counts()
        t = time.perf_counter()
        model.step()
        seconds += time.perf_counter() - t
        per_step.append(model.totals())
    return seconds, per_step


# --- (b) the numba kernel ----------------------------------------------------------------------
def run_kernel(snap: Snapshot, steps: int, seed: int) -> tuple[float, list[dict[str, int]]]:
    """``steps`` months of the kernel on fresh copies of the arrays it writes to."""
    args = {name: (np.copy(a) if name in MUTABLE else a) for name, a in snap.args.items()}
    args["seed"] = np.uint64(seed)
    first_month = int(snap.args["month"])
    counts, vacancies = args["counts"], args["firm_vacancies"]
    per_step, seconds = [], 0.0
    for i in range(steps):
        vacancies[:] = snap.firm_vacancies
        counts[:] = 0
        args["month"] = first_month + i
        call = tuple(args.values())
        t = time.perf_counter()
        mobility.mobility_step(*call)
        seconds += time.perf_counter() - t
        per_step.append({name: int(counts[event].sum()) for name, event in REPORTED})
    return seconds, per_step


# --- report ------------------------------------------------------------------------------------
def mean_totals(per_step: list[dict[str, int]]) -> dict[str, float]:
    return {name: sum(s[name] for s in per_step) / len(per_step) for name, _ in REPORTED}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--persons", type=int, default=100_000, help="about this many persons (default 100000)")
    parser.add_argument("--steps", type=int, default=5, help="months per timed run (default 5)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="timed runs per variant from the same snapshot; the fastest counts (default 3)")
    parser.add_argument("--month", type=int, default=10,
                        help="model month whose kernel inputs both variants start from (default 10: "
                             "October 2023, with September's fresh graduates searching)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if args.persons < 1000 or args.steps < 1 or args.repeat < 1 or args.month < 1:
        parser.error("need --persons >= 1000, --steps >= 1, --repeat >= 1, --month >= 1")

    print(f"Python {platform.python_version()}, mesa {mesa.__version__}, numpy {np.__version__}, "
          f"machine {platform.machine()}, {time.strftime('%Y-%m-%d %H:%M')}")
    print(f"code: {source_fingerprint()}")
    t = time.perf_counter()
    snap = take_snapshot(args.persons, args.seed, args.month)
    n = len(snap)
    print(f"snapshot: TechLabourModel(scale={snap.scale:.2f}, seed={args.seed}), kernel inputs of month {args.month}: "
          f"{n:,} persons, {len(snap.firm_staff)} firms, {int(snap.firm_vacancies.sum()):,} vacancies, "
          f"{int((snap.firm_layoff > 0).sum())} firms laying off "
          f"({time.perf_counter() - t:.1f} s)")

    t = time.perf_counter()
    run_kernel(snap, 1, args.seed)  # warm-up: compile or load from the numba cache; not timed
    print(f"kernel warm-up (compile/cache load, not timed): {time.perf_counter() - t:.3f} s")

    mesa_bytes = mesa_bytes_per_agent(snap, args.seed)
    runs = {"mesa": [], "numba": []}
    for r in range(args.repeat):
        runs["mesa"].append(run_mesa(snap, args.steps, args.seed + r))
        runs["numba"].append(run_kernel(snap, args.steps, args.seed + r))
    best = {name: min(results, key=lambda x: x[0]) for name, results in runs.items()}

    print(f"\nmobility step, {args.steps} months per run, best of {args.repeat} run(s):")
    print(f"{'variant':<8} {'persons':>10} {'steps':>6} {'seconds':>10} {'ns/person-step':>15}")
    ns = {}
    for name, (seconds, _) in best.items():
        ns[name] = seconds / (n * args.steps) * 1e9
        print(f"{name:<8} {n:>10,} {args.steps:>6} {seconds:>10.4f} {ns[name]:>15.1f}")
    ratio = ns["mesa"] / ns["numba"]
    print(f"speed-up (Mesa / numba): {ratio:,.0f}x   target >= {SPEEDUP_TARGET:.0f}x: "
          f"{'met' if ratio >= SPEEDUP_TARGET else 'NOT met'}")

    print("\nmemory per person:")
    print(f"  arrays (population.nbytes / persons, all 10 columns): {snap.array_bytes_per_person:.1f} B   "
          f"target <= {BYTES_TARGET:.0f} B: {'met' if snap.array_bytes_per_person <= BYTES_TARGET else 'NOT met'}")
    kernel_columns = sum(snap.args[name].itemsize for name in PERSON_FIELDS)
    print(f"  of which the kernel reads/writes ({', '.join(PERSON_FIELDS)}): {kernel_columns} B "
          f"(+ per-step temporaries for the searchers only)")
    print(f"  Mesa agent (tracemalloc while building the model): {mesa_bytes:.0f} B "
          f"({mesa_bytes / snap.array_bytes_per_person:.0f}x the arrays)")

    print("\nsanity check, mean per month over all runs (same rules, different random streams):")
    print(f"{'':<14} {'mesa':>10} {'numba':>10} {'diff':>8}")
    means = {name: mean_totals([s for _, steps in results for s in steps]) for name, results in runs.items()}
    ok = True
    for name, _ in REPORTED:
        a, b = means["mesa"][name], means["numba"][name]
        # Allow five standard errors of a Poisson count over all months, or 5 %.
        tolerance = max(0.05 * max(a, b), 5 * math.sqrt(max(a + b, 1.0) / (args.steps * args.repeat)))
        same = abs(a - b) <= tolerance
        ok &= same
        print(f"{name:<14} {a:>10.1f} {b:>10.1f} {(a - b) / max(b, 1e-9):>+7.1%} {'' if same else '  <-- differs'}")
    print("aggregates agree" if ok else "WARNING: aggregates differ more than expected")
    if not ok:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
