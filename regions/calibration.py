"""The start-state table for the model's start year (2023): landsdeel x sector figures with sources.

Built from ``data/nl/calibration_candidates.csv`` (published Dutch figures, one per row), the CBS
jobs by COROP region and sector (``regions.employment``) and the rules stated here. These rows are
the ``role = calibrate`` stock rows of the one target table (``regions.targets``, which writes
``data/targets.csv``). The table is long: ``landsdeel, sector, indicator, value, unit, period,
status, source``. ``status`` is ``data`` (a published figure copied), ``derived`` (arithmetic on
published figures) or ``estimate`` (a national figure spread with a stated rule, or a figure from
outside the candidates file). Every derived/estimate ``source`` starts with ``DERIVED:``/``ESTIMATE:``
and states the rule and its inputs. National values are sums over the five landsdelen.
"""

from __future__ import annotations

from typing import Iterable, Sequence

import numpy as np
import pandas as pd

from regions.corop import LANDSDELEN, check_grouping
from regions.employment import SECTION_YEAR, national_splits, sector_mix
from regions.geography import CANDIDATES, Landsdeel, load_landsdelen, load_provinces
from regions.rounding import split
from regions.sectors import SECTOR_CODES, SECTORS

COLUMNS: tuple[str, ...] = ("landsdeel", "sector", "indicator", "value", "unit", "period", "status", "source")
STATUSES: tuple[str, ...] = ("data", "derived", "estimate")
MIX_SOURCE = (f"the landsdeel's sector mix of jobs of employees, December {SECTION_YEAR} (CBS 83582NED by COROP "
              f"region: A10 groups, its SBI sections C, G, H, I, O, P, Q, national shares within C and J; "
              f"regions/employment.py)")

J_OPEN_VACANCIES = 21_200
"""Open vacancies in SBI J (information and communication), 2023Q2, seasonally adjusted: CBS StatLine
80474ned 'Vacatures; seizoengecorrigeerd, SBI2008' https://www.cbs.nl/nl-nl/cijfers/detail/80474ned."""
BBL_STARTS_ALL_SECTORS = 47_000
"""All-sector BBL starts 2022, quoted (MBO Raad via mbo-today.nl) in the candidates row
``mbo_BBL_starts_techniek_gebouwde_omgeving``."""
MBO_STUDENTS_PER_TEACHER_FTE = 14.8
"""Benchmark mbo 2018 (MBO Raad) via mbo-today.nl 'Aantal docenten in mbo stijgt verder door'."""
VO_BETA_SHARE_OF_TEACHER_FTE = 0.25
"""ASSUMPTION: a quarter of vo teacher fte teaches maths, science, technology, informatica or vmbo
technical profile subjects. Anchor: maths alone is ~11 % (Centerdata Oct 2023 via OCW in cijfers:
502 fte shortage at 6.7 % = ~7,500 fte of ~65,500)."""

VO_SHORTAGE_FTE = 3_800
"""vo teacher shortage in fte, Centerdata Oct 2023, quoted in the unit of candidates row
``vo_teacher_shortage_all_subjects`` (5.8 %, ~3,800 fte)."""

INTAKE_SHARES: tuple[tuple[str, str, str], ...] = (
    ("vmbo", "vmbo_bb_kb_gl_share_technical_profile", "2023/24"), ("vmbo_bb", "vmbo_bb_share_technical", "2022/23"),
    ("vmbo_kb", "vmbo_kb_share_technical", "2022/23"), ("vmbo_gl", "vmbo_gl_share_technical", "2022/23"),
    ("havo", "havo_share_N_profile", "2022/23"), ("vwo", "vwo_share_N_profile", "2022/23"),
    ("mbo", "mbo_share_technical_in_intake", "2023/24"),
    *((f"mbo{n}", f"mbo_share_technical_in_intake_level_{n}", "2021/22") for n in range(1, 5)),
    ("women_mbo", "mbo_share_technical_in_intake_women", "2021/22"),
    ("hbo", "hbo_share_beta_technical_in_intake", "2021/22"), ("wo", "wo_share_beta_technical_in_intake", "2021/22"),
    ("women_ho", "ho_share_beta_technical_in_intake_women", "2021/22"),
    ("men_ho", "ho_share_beta_technical_in_intake_men", "2021/22"),
)
"""``technical_intake_share_<level>`` -> national candidates figure and its year (percent of the
level's intake; vmbo: pupils in a technical profile; havo/vwo: pupils with an N profile)."""

SOURCE_85268 = "CBS 85268NED 2023Q2"


def build_calibration(grouping: str = "accord") -> pd.DataFrame:
    """The start-state rows for ``grouping`` (pure; the same output on every call)."""
    cand = pd.read_csv(CANDIDATES, dtype={"year": str})
    areas = load_landsdelen(load_provinces(), check_grouping(grouping))
    employed = employed_grid(areas, sector_mix(grouping))
    rows = (_employed(areas, employed) + _vacancies(cand, areas, employed)
            + _unemployment(cand, areas) + _education(cand, areas)
            + _teachers(cand, areas) + _training_places(cand, areas, employed))
    table = pd.DataFrame(rows, columns=list(COLUMNS))
    return table.sort_values("indicator", kind="stable").reset_index(drop=True)


def check_table(table: pd.DataFrame, origin: str, areas: Sequence[str] = LANDSDELEN) -> pd.DataFrame:
    """``table`` with numeric values; raises ValueError naming every problem with its status,
    landsdeel or sector values, sources or values."""
    table = table.copy()
    table["value"] = pd.to_numeric(table.value, errors="coerce")
    problems = [f"{column} values {bad} not in {list(allowed)}" for column, allowed in (
        ("status", STATUSES), ("landsdeel", areas), ("sector", (*SECTOR_CODES, "all")))
        if (bad := sorted(set(table[column]) - set(allowed)))]
    if table.value.isna().any() or (table.value < 0).any():
        problems.append("value column has missing, non-numeric or negative entries")
    if (table.source.str.strip() == "").any():
        problems.append("empty source")
    if problems:
        raise ValueError(f"{origin}: " + "; ".join(problems))
    return table


def national(table: pd.DataFrame, indicator: str, sectors: Iterable[str] | None = None) -> float:
    """Sum of ``indicator`` over the landsdelen (and over ``sectors``, all if None)."""
    rows = table[table.indicator == indicator]
    if sectors is not None:
        rows = rows[rows.sector.isin(list(sectors))]
    return float(rows.value.sum())


def employed_grid(areas: Sequence[Landsdeel], mix: np.ndarray) -> pd.DataFrame:
    """Employed persons per landsdeel (rows) x sector (columns): each landsdeel's CBS 85268NED employed
    split by its own sector mix (largest remainder, so rows sum exactly to the landsdeel)."""
    return pd.DataFrame([split(area.employed, shares) for area, shares in zip(areas, mix)],
                        index=[a.name for a in areas], columns=list(SECTOR_CODES), dtype=float)


def _lookup(cand: pd.DataFrame, indicator: str, year: str, region: str = "NL") -> pd.Series:
    rows = cand[(cand.indicator == indicator) & (cand.year == year) & (cand.region == region)]
    if len(rows) != 1:
        raise ValueError(f"{CANDIDATES.name}: expected one '{indicator}' row for {region} {year}, found {len(rows)}")
    return rows.iloc[0]


def _fig(cand: pd.DataFrame, indicator: str, year: str, region: str = "NL") -> float:
    return float(_lookup(cand, indicator, year, region).value)


def _cite(cand: pd.DataFrame, indicator: str, year: str) -> str:
    """The publication a national candidates figure comes from (its source without the URL)."""
    return _lookup(cand, indicator, year).source.split(" http")[0]


def _by_employment(total: float, codes: Sequence[str], employed: pd.DataFrame) -> dict[str, float]:
    """``total`` split over the sector ``codes`` in proportion to their national employment."""
    national_by_sector = employed.sum(axis=0)
    weight = sum(national_by_sector[code] for code in codes)
    return {code: total * national_by_sector[code] / weight for code in codes}


def _row(landsdeel: str, sector: str, indicator: str, value: float, unit: str, period: str,
         status: str, source: str) -> dict[str, object]:
    return dict(zip(COLUMNS, (landsdeel, sector, indicator, float(value), unit, period, status, source)))


def _spread(indicator: str, total: float, areas: Sequence[Landsdeel], weight: str, unit: str,
            period: str, rule: str, sector: str = "all") -> list[dict[str, object]]:
    """A national count split over the landsdelen by their share of ``weight`` (employed or population)."""
    weights = [getattr(a, weight) for a in areas]
    label = {"employed": f"employed ({SOURCE_85268})", "population": "population (CBS 70072ned 2024-01-01)"}[weight]
    return [_row(a.name, sector, indicator, v, unit, period, "estimate",
                 f"ESTIMATE: {rule}; split over landsdelen by share of {label}: {w:,} / {sum(weights):,}")
            for a, v, w in zip(areas, split(total, weights), weights)]


def _spread_by_sector(indicator: str, total: float, sector: str, employed: pd.DataFrame, unit: str, period: str,
                      rule: str) -> list[dict[str, object]]:
    """A national count of one sector split over the landsdelen by their employment in that sector."""
    weights = employed[sector]
    return [_row(name, sector, indicator, v, unit, period, "estimate",
                 f"ESTIMATE: {rule}; split over landsdelen by their employment in {sector}: {w:,.0f} / "
                 f"{weights.sum():,.0f} ({MIX_SOURCE})")
            for name, v, w in zip(weights.index, split(total, weights.to_numpy()), weights)]


def _same(indicator: str, value: float, unit: str, period: str, rule: str) -> list[dict[str, object]]:
    """A national rate applied unchanged to every landsdeel (no regional figure published)."""
    return [_row(name, "all", indicator, round(value, 1), unit, period, "estimate",
                 f"ESTIMATE: NL {value:.1f} {unit} applied to every landsdeel (no regional figure); {rule}")
            for name in LANDSDELEN]


def _employed(areas: Sequence[Landsdeel], employed: pd.DataFrame) -> list[dict[str, object]]:
    """Employed persons per landsdeel x sector: CBS employed persons x the landsdeel's own sector mix."""
    return [_row(area.name, code, "employed", employed.loc[area.name, code], "persons", "2023Q2", "estimate",
                 f"ESTIMATE: landsdeel employed {area.employed:,} ({SOURCE_85268}; {area.rule}) x its share "
                 f"{employed.loc[area.name, code] / area.employed:.4f} of jobs in {code}, {MIX_SOURCE}; "
                 f"largest-remainder rounding to the landsdeel total; the mix of jobs of employees stands "
                 f"for the mix of employed persons (self-employed not counted separately)")
            for area in areas for code in SECTOR_CODES]


def _vacancies(cand: pd.DataFrame, areas: Sequence[Landsdeel], employed: pd.DataFrame) -> list[dict[str, object]]:
    """Open vacancies per sector: CBS 80472NED 2023 sections for the plan-2022 groups scaled to the
    Aanvalsplan's 60,000; ICT occupations for ICT; the rest of all sectors split by employment.
    Each sector's national count is spread over the landsdelen by their employment in it (no
    regional vacancy figure by sector is published)."""
    b_f, c, d, f = (_fig(cand, f"open_vacancies_sector_{k}", "2023") for k in (
        "B-F_industry_energy_construction", "C_manufacturing", "D_energy_supply", "F_construction"))
    target = _fig(cand, "unfilled_vacancies_techniek_bouw_energie", "2022-11")
    total = _fig(cand, "open_vacancies_all_sectors", "2023")
    in_c = [s.code for s in SECTORS if all(10 <= div <= 33 for div in s.sbi_divisions)]
    rest = [s.code for s in SECTORS if not s.technical]
    scaled = f"x {target:,.0f} open vacancies ('onvervulde vacatures', Aanvalsplan 2022) / B-F {b_f:,.0f}"
    nl = {code: v * target / b_f for code, v in _by_employment(c, in_c, employed).items()}
    rules = dict.fromkeys(in_c, f"CBS 80472NED 2023 C manufacturing {c:,.0f} split over {'/'.join(in_c)} "
                                f"by employment, {scaled}")
    nl["energy_mining"] = (b_f - c - f) * target / b_f
    rules["energy_mining"] = (f"CBS 80472NED 2023 D {d:,.0f} + B+E (B-F {b_f:,.0f} - C {c:,.0f} - D {d:,.0f} "
                              f"- F {f:,.0f}), {scaled}")
    nl["construction"] = f * target / b_f
    rules["construction"] = f"CBS 80472NED 2023 F construction {f:,.0f}, {scaled}"
    ict_share = national_splits().query("group == 'J' and sector == 'ict'").share.iloc[0]
    ict = nl["ict"] = J_OPEN_VACANCIES * ict_share
    rules["ict"] = (f"CBS 80474ned 2023Q2 J information and communication {J_OPEN_VACANCIES:,} x ICT services' "
                    f"share {ict_share:.3f} of J jobs (data/nl/national_splits.csv)")
    nl.update(_by_employment(total - b_f - ict, rest, employed))
    rules.update(dict.fromkeys(rest, f"CBS 80472NED 2023 all sectors {total:,.0f} - B-F {b_f:,.0f} - ICT "
                                     f"{ict:,.0f}, split over the non-technical groups by employment"))
    return [r for code in SECTOR_CODES
            for r in _spread_by_sector("vacancies", nl[code], code, employed, "vacancies", "2023",
                                       f"{rules[code]} -> NL {nl[code]:,.0f}")]


def _unemployment(cand: pd.DataFrame, areas: Sequence[Landsdeel]) -> list[dict[str, object]]:
    """CBS unemployed per landsdeel, and unemployed persons with a technical education: the
    landsdeel's unemployment rate x the national ratio of the technically educated's rate to the
    overall rate (Techniekpact monitor 2022) x the technically educated labour force (CBS 2016)."""
    tech_lf = sum(_fig(cand, k, "2016") for k in ("technically_educated_in_technical_job",
                                                  "technically_educated_in_non_technical_job",
                                                  "technically_educated_unemployed"))
    technical_rate = _lookup(cand, "unemployment_rate_technically_educated", "2022")
    overall = float(technical_rate.unit.split("total labour force ")[1].rstrip(")"))
    ratio = technical_rate.value / overall
    lf_nl = sum(a.labour_force for a in areas)
    rows = []
    for a in areas:
        status = "derived" if all(f == 1.0 for _, f in a.parts) else "estimate"
        rows.append(_row(a.name, "all", "unemployed", a.unemployed, "persons", "2023Q2", status,
                         f"{status.upper()}: {a.rule} ({SOURCE_85268} unemployed)"))
        rate = 100 * a.unemployed / a.labour_force * ratio
        rows.append(_row(a.name, "all", "unemployed_technical", round(rate / 100 * tech_lf * a.labour_force / lf_nl),
                         "persons", "2023Q2", "estimate",
                         f"ESTIMATE: rate {rate:.2f}% = landsdeel unemployment rate {a.unemployed:,} / "
                         f"{a.labour_force:,} ({SOURCE_85268}) x {technical_rate.value} / {overall} (technically "
                         f"educated vs everyone, NL 2022, Techniekpact monitor) x technically educated labour force "
                         f"{tech_lf:,.0f} (CBS 2016, ages 15-65: in technical job + in non-technical job + "
                         f"unemployed; kept at its 2016 level) x landsdeel labour force {a.labour_force:,} / {lf_nl:,}"))
    return rows


def _education(cand: pd.DataFrame, areas: Sequence[Landsdeel]) -> list[dict[str, object]]:
    """Technical intake shares (same in every landsdeel), student numbers and yearly intake per level."""
    rows = [r for level, name, year in INTAKE_SHARES
            for r in _same(f"technical_intake_share_{level}", _fig(cand, name, year), "percent", year,
                           f"candidates {name} {year}: {_cite(cand, name, year)}")]
    bbl_tech = _fig(cand, "mbo_BBL_starts_techniek_gebouwde_omgeving", "2022")
    rows += _same("technical_intake_share_mbo_bbl", 100 * bbl_tech / BBL_STARTS_ALL_SECTORS, "percent", "2022",
                  f"BBL starts techniek & gebouwde omgeving {bbl_tech:,.0f} / all sectors "
                  f"{BBL_STARTS_ALL_SECTORS:,} (MBO Raad via mbo-today.nl)")
    for indicator, value, unit, period, rule in _education_counts(cand):
        rows += _spread(indicator, value, areas, "population", unit, period, f"{rule} -> NL {value:,.0f}")
    return rows


def _education_counts(cand: pd.DataFrame) -> list[tuple[str, float, str, str, str]]:
    """National students and yearly intake per level: (indicator, value, unit, period, rule)."""
    bol, bbl = _fig(cand, "mbo_students_BOL_all_sectors", "2022"), _fig(cand, "mbo_students_BBL_all_sectors", "2022")
    tech = _fig(cand, "mbo_technical_new_entrants", "2023/24")
    share = _fig(cand, "mbo_share_technical_in_intake", "2023/24")
    counts = [
        ("students_mbo", bol + bbl, "students", "2022", f"mbo students BOL {bol:,.0f} + BBL {bbl:,.0f} (DUO)"),
        ("students_mbo_bbl", bbl, "students", "2022", f"mbo BBL students {bbl:,.0f} (DUO)"),
        ("intake_mbo", tech / share * 100, "students per year", "2023/24",
         f"mbo technical new entrants {tech:,.0f} / technical share {share:.0f}% (Techniekpact/DUO)"),
        ("intake_mbo_bbl", BBL_STARTS_ALL_SECTORS, "students per year", "2022",
         f"all-sector BBL starts {BBL_STARTS_ALL_SECTORS:,} (MBO Raad via mbo-today.nl)")]
    ho = _fig(cand, "ho_beta_technical_new_entrants_hbo_plus_wo", "2021/22")
    parts = {level: _fig(cand, f"{level}_beta_technical_new_entrants", "2017/18") for level in ("hbo", "wo")}
    for level, part in parts.items():
        share = _fig(cand, f"{level}_share_beta_technical_in_intake", "2021/22")
        counts.append((f"intake_{level}", ho * part / sum(parts.values()) / share * 100, "students per year",
                       "2021/22", f"hbo+wo beta-technical new entrants {ho:,.0f} (2021/22) x {level} part "
                       f"{part:,.0f} / {sum(parts.values()):,.0f} (2017/18) / {level} technical share {share:.0f}% "
                       f"(Techniekpact Monitor/DUO)"))
    return counts


def _teachers(cand: pd.DataFrame, areas: Sequence[Landsdeel]) -> list[dict[str, object]]:
    """Technical teacher fte and their shortage (vo beta/technical, mbo technical); hybrid teachers.

    The beta/technical shortage rate is the vo all-subject rate x 51/42 (hard-to-fill maths vs all
    education vacancies): about 7 %, close to the mean of Centerdata's Oct 2023 rates for maths,
    physics, chemistry, biology, NaSk, technology and informatica (7.1 % against 5.5 % overall)."""
    vo_rate = _fig(cand, "vo_teacher_shortage_all_subjects", "2023")
    maths = _fig(cand, "share_hard_to_fill_math_teacher_vacancies", "2019")
    education = _fig(cand, "share_hard_to_fill_education_vacancies", "2018")
    rate = vo_rate * maths / education
    vo_fte = VO_SHORTAGE_FTE / (vo_rate / 100) * VO_BETA_SHARE_OF_TEACHER_FTE
    students = _fig(cand, "mbo_students_BOL_all_sectors", "2022") + _fig(cand, "mbo_students_BBL_all_sectors", "2022")
    share = _fig(cand, "mbo_share_technical_in_intake", "2023/24")
    mbo_fte = students * share / 100 / MBO_STUDENTS_PER_TEACHER_FTE
    vo_rule = (f"vo teacher fte = shortage {VO_SHORTAGE_FTE:,} fte / {vo_rate}% (Centerdata tekortmeting 2023) "
               f"x beta/technical share {VO_BETA_SHARE_OF_TEACHER_FTE:.0%} (assumption, regions/calibration.py)")
    mbo_rule = (f"mbo students {students:,.0f} (2022, DUO) x technical intake share {share:.0f}% (2023/24) / "
                f"{MBO_STUDENTS_PER_TEACHER_FTE} students per teacher fte (Benchmark mbo 2018, MBO Raad)")
    short = (f"x shortage rate {rate:.1f}% = vo all-subject rate {vo_rate}% x hard-to-fill maths teacher "
             f"vacancies {maths:.0f}% / hard-to-fill education vacancies {education:.0f}% (UWV)")
    hybrid = _lookup(cand, "hybrid_teachers_from_technical_sector_est", "2023")
    return (
        _spread("technical_teachers_vo", vo_fte, areas, "population", "fte", "2023", f"{vo_rule} -> NL {vo_fte:,.0f}")
        + _spread("technical_teachers_mbo", mbo_fte, areas, "population", "fte", "2022",
                  f"{mbo_rule} -> NL {mbo_fte:,.0f}")
        + _spread("teacher_shortage_fte_vo", vo_fte * rate / 100, areas, "population", "fte", "2023",
                  f"{vo_rule} {short} -> NL {vo_fte * rate / 100:,.0f}")
        + _spread("teacher_shortage_fte_mbo", mbo_fte * rate / 100, areas, "population", "fte", "2022",
                  f"{mbo_rule} {short} (no mbo measurement: vo beta rate assumed) -> NL {mbo_fte * rate / 100:,.0f}")
        + _spread("hybrid_teachers", hybrid.value, areas, "employed", "persons", "2023",
                  f"NL {hybrid.value:,.0f} hybrid teachers from technical sectors (candidates "
                  f"hybrid_teachers_from_technical_sector_est, {hybrid.source.removeprefix('ESTIMATE: ')})"))


def _training_places(cand: pd.DataFrame, areas: Sequence[Landsdeel], employed: pd.DataFrame) -> list[dict[str, object]]:
    """BBL work places (leerbanen) in the plan-2022 sectors: BBL students x technical share of BBL starts."""
    bbl = _fig(cand, "mbo_students_BBL_all_sectors", "2022")
    tech = _fig(cand, "mbo_BBL_starts_techniek_gebouwde_omgeving", "2022")
    total = bbl * tech / BBL_STARTS_ALL_SECTORS
    rule = (f"BBL students {bbl:,.0f} (2022, DUO) x technical share of BBL starts {tech:,.0f} / "
            f"{BBL_STARTS_ALL_SECTORS:,} (techniek & gebouwde omgeving, MBO Raad) = {total:,.0f} places (one per "
            f"BBL student; BOL internships not counted), split over plan-2022 sectors by employment")
    plan = [s.code for s in SECTORS if s.plan_2022]
    return [r for code, value in _by_employment(total, plan, employed).items()
            for r in _spread_by_sector("training_places", value, code, employed, "places", "2022",
                                       f"{rule} -> NL {value:,.0f}")]

