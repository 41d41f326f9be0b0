"""Firm counts and sizes per landsdeel x sector group x size class, so firms can be individual agents.

Sources (provenance in ``data/nl/cbs_81588NED/``, ``cbs_81589NED/`` and ``cbs_81578NED/``):

- CBS 81588NED *Bedrijven; bedrijfsgrootte en rechtsvorm*, 2024Q2, national, by SBI section:
  all businesses, 1 person, < 50, < 250 and 250-499 persons employed (werkzame personen).
  These give the classes 1, 2-49, 50-249 and 250+ of each section (``data``/``derived``).
- CBS 81589NED *Bedrijven; bedrijfstak*: the finer classes 2, 3-4, 5-9, 10-19, 20-49 for a few
  aggregates; their ratio of 2-9 to 2-49 splits 2-49 of each section (``estimate``).
- CBS 81578NED *Vestigingen van bedrijven; bedrijfstak, regio*, all establishments per COROP
  region on 1 January 2024: each landsdeel's share of firms.
- CBS 83582NED jobs of employees (``regions.employment``): the landsdeel x sector mix that seeds
  the regional split, and the sector employment that anchors the size of the largest class.

CBS publishes no size class by region and sector, so the landsdeel x sector x class table is an
estimate (``status = estimate`` in every row): firms per landsdeel x sector are fitted by
iterative proportional fitting to the national firms per sector (columns) and the landsdeel's
share of all establishments (rows), seeded with jobs of employees; each sector's national size
distribution then holds in every landsdeel. Workers per firm: 1 in class ``1``; in classes 2-9,
10-49 and 50-249 the class's geometric mid-point times one factor fitted so that the mkb (< 250)
holds ``MKB_EMPLOYMENT_SHARE`` of the workers of the business-economy groups; class 250+ takes
the rest of the sector's workers (employee jobs + one-person businesses), at least 250 a firm.
Bad files stop loading with one line naming the file, the row and the field.
"""

from __future__ import annotations

from functools import cache
from itertools import pairwise
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

import numpy as np
import pandas as pd

from regions.corop import LANDSDELEN, PROVINCE_OF_COROP, check_grouping, corop_regions
from regions.csvrows import read_rows
from regions.employment import SECTION_YEAR, jobs_by_sector, national_splits
from regions.rounding import split
from regions.sectors import SECTOR_CODES

DATA = Path(__file__).parent / "data" / "nl"
SIZE_CSV = DATA / "cbs_81588NED" / "businesses_by_size_2024.csv"
SMALL_CSV = DATA / "cbs_81589NED" / "businesses_small_classes.csv"
ESTABLISHMENTS_CSV = DATA / "cbs_81578NED" / "establishments_corop_2015_2025.csv"
ESTABLISHMENT_YEAR = 2024
PERIOD = "2024Q2"
SIZE_CLASSES: tuple[str, ...] = ("1", "2-9", "10-49", "50-249", "250+")
MKB_CLASSES: tuple[str, ...] = SIZE_CLASSES[:4]
MKB_EMPLOYMENT_SHARE = 64.2
"""Percent of persons employed in the business economy working in the mkb (< 250), 2018: CBS,
'Het Nederlandse midden- en kleinbedrijf Europees vergeleken' (2021), table 3.1
https://www.cbs.nl/nl-nl/longread/diversen/2021/het-nederlandse-midden-en-kleinbedrijf-europees-vergeleken/3-relatief-weinig-personen-werkzaam-binnen-nederlandse-mkb"""
BUSINESS_ECONOMY: tuple[str, ...] = tuple(s for s in SECTOR_CODES
                                          if s not in ("agriculture", "public_other", "education", "care"))
"""Sector groups inside CBS's business economy (B-N); business services also holds K here."""
MID_SIZE: Mapping[str, float] = MappingProxyType({"2-9": (2 * 9) ** 0.5, "10-49": (10 * 49) ** 0.5,
                                                  "50-249": (50 * 249) ** 0.5})
BOUNDS: Mapping[str, tuple[int, int]] = MappingProxyType({"2-9": (2, 9), "10-49": (10, 49), "50-249": (50, 249)})
SIZE_COLUMNS = ("sbi", "name", "period", "total", "size_1", "size_250_499", "size_lt50", "size_lt250", "page")
SMALL_COLUMNS = ("sbi", "name", "period", "total", "size_1", "size_2", "size_3_4", "size_5_9", "size_10_19",
                 "size_20_49", "size_50_99", "page")
SMALL_RATIO_ROW: Mapping[str, tuple[str, str]] = MappingProxyType({
    "A": ("A", "2025Q1"), "B-E": ("B-E", "2020Q3"), "BE_BN": ("BE_BN", "2025Q1"), "A-U": ("A-U", "2025Q1")})
"""Which 81589NED row splits 2-49 into 2-9 and 10-49 for a group of sections (the nearest published)."""
NOT_PUBLISHED = "."
STATUS_ORDER = ("data", "derived", "estimate")
SOURCE = "CBS StatLine 81588NED Bedrijven; bedrijfsgrootte en rechtsvorm, 2024Q2 (persons employed)"


class FirmDataError(ValueError):
    """A firm file that cannot be used; the message is one line naming the file, row and field."""


# ---------------------------------------------------------------- loading and checking the files

def _rows(path: Path, header: tuple[str, ...]) -> list[list[str]]:
    return read_rows(path, header, FirmDataError)


def _count(cell: str, path: Path, number: int, field: str, missing_ok: bool = False) -> float:
    cell = cell.strip()
    if missing_ok and cell == NOT_PUBLISHED:
        return float("nan")
    try:
        value = float(cell)
    except ValueError:
        raise FirmDataError(f"{path.name}: row {number}: {field}: not a count: '{cell}'") from None
    if not np.isfinite(value) or value < 0 or value != int(value):
        raise FirmDataError(f"{path.name}: row {number}: {field}: must be a whole number >= 0, got {cell}")
    return value


@cache
def load_sizes(path: Path = SIZE_CSV) -> pd.DataFrame:
    """The 81588NED rows (``sbi`` index; counts; ``nan`` where the stored page did not show a cell),
    checked: counts whole and >= 0, 1 person <= < 50 <= < 250 <= total, 250-499 <= 250+."""
    path = Path(path)
    records, seen = [], set()
    for number, row in enumerate(_rows(path, SIZE_COLUMNS), start=2):
        sbi, name, period = (c.strip() for c in row[:3])
        if not sbi or sbi in seen:
            raise FirmDataError(f"{path.name}: row {number}: sbi: {'blank' if not sbi else f'duplicate {sbi}'}")
        seen.add(sbi)
        values = {field: _count(cell, path, number, field, missing_ok=field == "size_lt250")
                  for field, cell in zip(SIZE_COLUMNS[3:8], row[3:8])}
        chain = [values[f] for f in ("size_1", "size_lt50", "size_lt250", "total") if not np.isnan(values[f])]
        if any(a > b for a, b in pairwise(chain)):
            raise FirmDataError(f"{path.name}: row {number}: size classes: 1 person <= < 50 <= < 250 <= total "
                                f"does not hold for {sbi}")
        if not np.isnan(values["size_lt250"]) and values["size_250_499"] > values["total"] - values["size_lt250"]:
            raise FirmDataError(f"{path.name}: row {number}: size_250_499: more than the 250+ firms of {sbi}")
        records.append({"sbi": sbi, "name": name, "period": period, **values})
    return pd.DataFrame(records).set_index("sbi")


@cache
def load_small_classes(path: Path = SMALL_CSV) -> pd.DataFrame:
    """The 81589NED rows with the finer classes (index ``sbi, period``), checked like :func:`load_sizes`."""
    path = Path(path)
    records, seen = [], set()
    for number, row in enumerate(_rows(path, SMALL_COLUMNS), start=2):
        sbi, name, period = (c.strip() for c in row[:3])
        if (sbi, period) in seen:
            raise FirmDataError(f"{path.name}: row {number}: sbi: duplicate {sbi} {period}")
        seen.add((sbi, period))
        values = {f: _count(c, path, number, f) for f, c in zip(SMALL_COLUMNS[3:11], row[3:11])}
        if sum(v for f, v in values.items() if f != "total") > values["total"]:
            raise FirmDataError(f"{path.name}: row {number}: total: smaller than its size classes for {sbi}")
        records.append({"sbi": sbi, "period": period, "name": name, **values})
    return pd.DataFrame(records).set_index(["sbi", "period"])


@cache
def load_establishments(path: Path = ESTABLISHMENTS_CSV) -> pd.DataFrame:
    """81578NED establishments ``zone_id, year, establishments`` per COROP region (every region, every
    year of the file), checked row by row."""
    path = Path(path)
    records, seen = [], set()
    for number, row in enumerate(_rows(path, ("zone_id", "target_year", "stock")), start=2):
        zone, year, stock = (c.strip() for c in row)
        if zone not in PROVINCE_OF_COROP:
            raise FirmDataError(f"{path.name}: row {number}: zone_id: unknown COROP region '{zone}' "
                                f"(allowed: CR01..CR40)")
        if not year.isdigit() or not 1990 <= int(year) <= 2100:
            raise FirmDataError(f"{path.name}: row {number}: target_year: must be a year, got '{year}'")
        if (zone, year) in seen:
            raise FirmDataError(f"{path.name}: row {number}: duplicate {zone} {year}")
        seen.add((zone, year))
        records.append((zone, int(year), _count(stock, path, number, "stock")))
    table = pd.DataFrame(records, columns=["zone_id", "year", "establishments"])
    for year in sorted(table.year.unique()):
        missing = set(PROVINCE_OF_COROP) - set(table.zone_id[table.year == year])
        if missing:
            raise FirmDataError(f"{path.name}: zone_id: missing COROP region {min(missing)} for {year} "
                                f"(every region needs every year)")
    return table


def establishments_by_landsdeel(grouping: str = "accord", year: int = ESTABLISHMENT_YEAR) -> pd.Series:
    """Establishments (all activities, 1 January of ``year``) per landsdeel: sums of COROP regions."""
    landsdeel = {c.code: c.landsdeel for c in corop_regions(check_grouping(grouping))}
    table = load_establishments()
    table = table[table.year == year]
    if table.empty:
        raise FirmDataError(f"{ESTABLISHMENTS_CSV.name}: target_year: no rows for {year}")
    return table.assign(landsdeel=table.zone_id.map(landsdeel)).groupby("landsdeel").establishments.sum() \
        .reindex(list(LANDSDELEN))


# ---------------------------------------------------------------- national firms per sector x class

def _classes(row: pd.Series) -> dict[str, float]:
    """1, 2-49, 50-249, 250+ of one 81588NED row."""
    return {"1": row.size_1, "2-49": row.size_lt50 - row.size_1, "50-249": row.size_lt250 - row.size_lt50,
            "250+": row.total - row.size_lt250}


def _small_ratio(key: str) -> float:
    """Share of 2-9 among 2-49 in the 81589NED row named by ``SMALL_RATIO_ROW[key]``."""
    row = load_small_classes().loc[SMALL_RATIO_ROW[key]]
    small = row.size_2 + row.size_3_4 + row.size_5_9
    return small / (small + row.size_10_19 + row.size_20_49)


def _piece(classes: Mapping[str, float], ratio_key: str, status: str, note: str) -> dict[str, object]:
    """Five size classes from 1 / 2-49 / 50-249 / 250+ (2-49 split by the ratio of ``ratio_key``)."""
    twenty = int(classes["2-49"])
    small = split(twenty, [_small_ratio(ratio_key), 1 - _small_ratio(ratio_key)])
    values = dict(zip(SIZE_CLASSES, (classes["1"], small[0], small[1], classes["50-249"], classes["250+"])))
    derived = max(status, "derived", key=STATUS_ORDER.index)  # a difference of two published cells
    statuses = {"1": status, "2-9": "estimate", "10-49": "estimate", "50-249": derived, "250+": derived}
    return {"values": values, "status": statuses, "note": note}


def _sum(*pieces: dict[str, object]) -> dict[str, object]:
    values = {k: sum(p["values"][k] for p in pieces) for k in SIZE_CLASSES}
    status = {k: max((p["status"][k] for p in pieces), key=STATUS_ORDER.index) for k in SIZE_CLASSES}
    if len(pieces) > 1:
        status = {k: "derived" if s == "data" else s for k, s in status.items()}
    return {"values": values, "status": status, "note": " + ".join(p["note"] for p in pieces)}


def _shares(piece: dict[str, object], weights: Mapping[str, float], note: str) -> dict[str, dict[str, object]]:
    """``piece`` split over sector groups by ``weights``, class by class (largest remainder)."""
    parts = {k: split(piece["values"][k], list(weights.values())) for k in SIZE_CLASSES}
    return {sector: {"values": {k: parts[k][i] for k in SIZE_CLASSES}, "status": dict.fromkeys(SIZE_CLASSES, "estimate"),
                     "note": f"{piece['note']} x {note}"}
            for i, sector in enumerate(weights)}


@cache
def _national_pieces() -> dict[str, dict[str, object]]:
    sizes = load_sizes()
    c = {sbi: _classes(sizes.loc[sbi]) for sbi in sizes.index if sbi != "O"}
    rest = {k: c["A-U"][k] - sum(c[s][k] for s in ("A", "B-E", "F", "G-I", "J", "K", "L", "M-N", "O-Q"))
            for k in c["A-U"]}
    o = sizes.loc["O"]
    large_per_250_499 = c["A-U"]["250+"] / sizes.loc["A-U"].size_250_499
    o_large = max(o.size_250_499, round(o.size_250_499 * large_per_250_499))
    o_classes = {"1": o.size_1, "2-49": o.size_lt50 - o.size_1, "50-249": o.total - o.size_lt50 - o_large,
                 "250+": o_large}
    pq = {k: c["O-Q"][k] - o_classes[k] for k in o_classes}
    j_rest = {k: c["J"][k] - c["62-63"][k] for k in c["J"]}
    be = "BE_BN"
    pieces = {
        "agriculture": _piece(c["A"], "A", "data", "A"),
        "energy_mining": _sum(*(_piece(c[s], "B-E", "data", s) for s in ("B", "D", "E"))),
        "construction": _piece(c["F"], be, "data", "F"),
        "trade_logistics": _sum(_piece(c["G"], be, "data", "G"), _piece(c["H"], be, "data", "H")),
        "hospitality": _piece(c["I"], be, "data", "I"),
        "ict": _piece(c["62-63"], be, "data", "62-63 (2024Q4)"),
        "business_services": _sum(_piece(j_rest, be, "estimate", "J - 62-63 (2024Q2 - 2024Q4)"),
                                  _piece(c["K"], "A-U", "data", "K"), _piece(c["L"], be, "data", "L"),
                                  _piece(c["M-N"], be, "data", "M-N")),
        "public_other": _sum(_piece(o_classes, "A-U", "estimate",
                                    f"O (its 250+ = 250-499 x {large_per_250_499:.3f}, the A-U ratio)"),
                             _piece(rest, "A-U", "derived", "R-U (= A-U minus the other sections)")),
    }
    manufacturing = _piece(c["C"], "B-E", "data", "C")
    splits = national_splits()
    c_shares = {r.sector: r.share for r in splits[splits.group == "C"].itertuples()}
    pieces |= _shares(manufacturing, c_shares, "the group's share of C jobs (data/nl/national_splits.csv)")
    jobs = _national_jobs()
    pq_piece = _piece(pq, "A-U", "estimate", "O-Q minus O")
    pieces |= _shares(pq_piece, {"education": jobs["education"], "care": jobs["care"]},
                      f"P : Q by jobs of employees, December {SECTION_YEAR} (CBS 83582NED)")
    return {s: pieces[s] for s in SECTOR_CODES}


@cache
def _national_jobs() -> pd.Series:
    table = jobs_by_sector("accord")
    return table[table.year == SECTION_YEAR].groupby("sector").jobs.sum()


def national_firms() -> pd.DataFrame:
    """Businesses per ``sector, size_class`` in the Netherlands (2024Q2), with ``status`` and ``source``;
    the sum over every row equals CBS's A-U total."""
    rows = []
    for sector, piece in _national_pieces().items():
        for k in SIZE_CLASSES:
            rows.append({"sector": sector, "size_class": k, "firms": int(piece["values"][k]),
                         "status": piece["status"][k], "source": f"{SOURCE}: {piece['note']}"})
    return pd.DataFrame(rows)


# ---------------------------------------------------------------- regional split and workers

def _ipf(seed: np.ndarray, rows: np.ndarray, columns: np.ndarray, steps: int = 200) -> np.ndarray:
    fitted = seed.astype(float).copy()
    for _ in range(steps):
        fitted *= (rows / fitted.sum(axis=1))[:, None]
        fitted *= (columns / fitted.sum(axis=0))[None, :]
    return fitted


def _mean_sizes(factor: float, large: Mapping[str, float]) -> dict[str, dict[str, float]]:
    """Workers per firm by sector and class for a mid-size ``factor`` (class means kept in bounds)."""
    means = {k: min(max(factor * MID_SIZE[k], BOUNDS[k][0]), BOUNDS[k][1]) for k in MID_SIZE}
    return {s: {"1": 1.0, **means, "250+": large[s]} for s in SECTOR_CODES}


def _large_means(factor: float) -> dict[str, float]:
    """Workers per 250+ firm: the sector's employee jobs + one-person businesses, less the mkb classes,
    over its 250+ firms; at least 250."""
    firms = national_firms().pivot(index="sector", columns="size_class", values="firms")
    jobs = _national_jobs()
    small = {k: min(max(factor * MID_SIZE[k], BOUNDS[k][0]), BOUNDS[k][1]) for k in MID_SIZE}
    out = {}
    for s in SECTOR_CODES:
        workers = jobs[s] + firms.loc[s, "1"]
        mkb = firms.loc[s, "1"] + sum(firms.loc[s, k] * m for k, m in small.items())
        out[s] = max(250.0, (workers - mkb) / max(firms.loc[s, "250+"], 1))
    return out


def _share(factor: float) -> float:
    means = _mean_sizes(factor, _large_means(factor))
    firms = national_firms()
    firms = firms[firms.sector.isin(BUSINESS_ECONOMY)]
    workers = firms.firms * [means[s][k] for s, k in zip(firms.sector, firms.size_class)]
    return 100 * workers[firms.size_class.isin(MKB_CLASSES)].sum() / workers.sum()


@cache
def mid_size_factor() -> float:
    """The factor on the class mid-points that gives the mkb ``MKB_EMPLOYMENT_SHARE`` (bisection)."""
    low = max(BOUNDS[k][0] / MID_SIZE[k] for k in MID_SIZE)
    high = min(BOUNDS[k][1] / MID_SIZE[k] for k in MID_SIZE)
    if not _share(low) <= MKB_EMPLOYMENT_SHARE <= _share(high):
        raise FirmDataError(f"{SIZE_CSV.name}: size classes: no mid-size factor in [{low:.2f}, {high:.2f}] "
                            f"gives an mkb share of {MKB_EMPLOYMENT_SHARE} %")
    for _ in range(60):
        middle = (low + high) / 2
        low, high = (middle, high) if _share(middle) < MKB_EMPLOYMENT_SHARE else (low, middle)
    return (low + high) / 2


def mean_workers() -> pd.DataFrame:
    """Workers per firm by ``sector, size_class`` (the same in every landsdeel and at every scale)."""
    factor = mid_size_factor()
    means = _mean_sizes(factor, _large_means(factor))
    return pd.DataFrame([{"sector": s, "size_class": k, "workers_per_firm": means[s][k]}
                         for s in SECTOR_CODES for k in SIZE_CLASSES])


@cache
def _distribution(grouping: str) -> pd.DataFrame:
    national = national_firms()
    per_sector = national.groupby("sector").firms.sum().reindex(list(SECTOR_CODES)).to_numpy(float)
    jobs = jobs_by_sector(grouping)
    jobs = jobs[jobs.year == SECTION_YEAR].pivot(index="landsdeel", columns="sector", values="jobs") \
        .reindex(index=list(LANDSDELEN), columns=list(SECTOR_CODES))
    places = establishments_by_landsdeel(grouping).to_numpy(float)
    fitted = _ipf(jobs.to_numpy(), per_sector.sum() * places / places.sum(), per_sector)
    means = mean_workers().set_index(["sector", "size_class"]).workers_per_firm
    rows = []
    for s, sector in enumerate(SECTOR_CODES):
        for row in national[national.sector == sector].itertuples(index=False):
            for landsdeel, firms in zip(LANDSDELEN, split(row.firms, fitted[:, s])):
                rows.append({"landsdeel": landsdeel, "sector": sector, "size_class": row.size_class, "firms": firms,
                             "workers": round(firms * means[sector, row.size_class]), "status": "estimate",
                             "source": f"ESTIMATE: national {row.status} count ({row.source}) split over landsdelen by "
                                       f"IPF of CBS 83582NED jobs {SECTION_YEAR} to the sector totals and the "
                                       f"landsdelen's shares of CBS 81578NED establishments 1-1-{ESTABLISHMENT_YEAR}"})
    return pd.DataFrame(rows)


def firm_size_distribution(grouping: str = "accord") -> pd.DataFrame:
    """Firms and workers per ``landsdeel, sector, size_class`` (2024Q2), every row ``status = estimate``
    with its rule in ``source``; national sums per sector x class equal :func:`national_firms`."""
    return _distribution(check_grouping(grouping)).copy()


def mkb_employment_share(table: pd.DataFrame, sectors: tuple[str, ...] = BUSINESS_ECONOMY) -> float:
    """Percent of the workers of ``sectors`` in firms below 250 in a :func:`firm_size_distribution` table."""
    rows = table[table.sector.isin(sectors)]
    return 100 * rows.workers[rows.size_class.isin(MKB_CLASSES)].sum() / rows.workers.sum()
