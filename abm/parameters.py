"""Behavioural parameters of the model, each with its unit and its source or calibration target.

One frozen pydantic model, so a scenario can override any of them with validation, and the
documentation's parameter table is generated from these definitions rather than typed twice.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from pydantic.fields import FieldInfo


def parameter(default: float, unit: str, source: str, ge: float = 0.0, le: float | None = 1.0) -> Any:
    """A documented model parameter with its admissible range."""
    return Field(default, ge=ge, le=le, description=source, json_schema_extra={"unit": unit})


class Parameters(BaseModel):
    """Monthly rates and elasticities of the persons', firms' and schools' behaviour."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    # Mobility (abm.kernels.mobility)
    separation_to_unemployment: float = parameter(
        0.006, "per month", "CBS flow statistics: ~7 % of employees a year move into unemployment "
        "(del Rio-Chanona et al. 2021 use 0.016 for all separations per step)")
    separation_to_inactivity: float = parameter(
        0.003, "per month", "CBS flow statistics: ~3-4 % of employees a year leave the labour force "
        "before the pension age")
    unemployed_to_inactive: float = parameter(
        0.02, "per month", "CBS labour-market flows: ~2 % of the unemployed leave the labour force monthly")
    inactive_to_search: float = parameter(
        0.0, "per month", "calibrated at start so that flows in and out of inactivity balance "
        "(0 = derive from the start state)")
    on_the_job_search: float = parameter(
        0.025, "per month", "share of employed searching in a month; gives job-to-job moves of "
        "~7 %/yr as in CBS baanwisselaars")
    cross_landsdeel_search: float = parameter(
        0.10, "share", "2017 accord (PBL): most mobility stays inside the region; ~10 % of job "
        "changes cross a landsdeel border")
    match_efficiency: float = parameter(
        1.0, "factor", "multiplier on the per-cell matching efficiencies calibrated to a stationary start "
        "(abm.matching); 1 = calibrated", le=5.0)
    match_elasticity: float = parameter(
        0.5, "elasticity", "Petrongolo & Pissarides 2001 (J. Econ. Lit.): vacancy elasticity 0.3-0.5")
    side_entry_fit: float = parameter(
        0.35, "relative chance", "assumption: a side-entrant without technical training is hired "
        "into a technical job about a third as often (Techniekpact: 575k non-technically educated "
        "in technical jobs vs 844k technically educated, CBS 2016)")
    graduate_open_search: float = parameter(
        0.35, "share", "share of fresh graduates who search the whole market rather than near their "
        "field; calibrated so ~70 % of technical graduates start in technical work (SEOR: 30 % of young "
        "technical graduates do not work in a technical job)")
    layoff_speed: float = parameter(
        0.25, "per month", "assumption: firms above their labour demand shed a quarter of the excess a month")

    # Firms' demand (abm.firms)
    plan_sector_demand_growth: float = parameter(
        0.0119, "per year", "Aanvalsplan 2022 (SEO): ~150,000 extra jobs to 2030 on 1.5 million = "
        "+10 % in 8 years", ge=-0.1, le=0.1)
    ict_demand_growth: float = parameter(
        0.02, "per year", "Techniekpact monitor: ICT occupations grew fastest within technology", ge=-0.1, le=0.1)
    other_demand_growth: float = parameter(
        0.008, "per year", "CPB: growth 1.2 %/yr 2026-2030 with labour supply 9.5 to 9.9 million "
        "(Aanvalsplan 2022)", ge=-0.1, le=0.1)
    productivity_growth: float = parameter(
        0.0, "per year", "extra labour productivity growth beyond the trend already in the demand "
        "growth rates (Productiviteitsoffensief adds to it)", ge=-0.05, le=0.1)
    cycle_persistence: float = parameter(
        0.97, "per month", "AR(1) business cycle with a half-life of ~2 years")
    cycle_volatility: float = parameter(
        0.003, "per month", "s.d. of monthly cycle shocks: gives +-4 % demand swings as in CBS "
        "employment cycles", le=0.05)
    public_demand_volatility: float = parameter(
        0.004, "per month", "extra lumpiness of public demand for construction and energy "
        "(Aanvalsplan 2022: projects instead of programmes)", le=0.05)

    # Education (abm.schools)
    technical_choice_quality_elasticity: float = parameter(
        0.5, "elasticity", "assumption: technical choice falls with the teacher shortage "
        "(Nationaal Techniekpact: Focus en Versnellen 2018)", le=5.0)
    technical_choice_prospects_elasticity: float = parameter(
        0.2, "elasticity", "assumption: visible job prospects (technical vacancy rate) raise choice", le=5.0)
    dropout_rate: float = parameter(
        0.05, "per year", "DUO: ~5 % of mbo/hbo/wo students leave education without a diploma each "
        "year (switchers between programmes excluded)")
    dropout_shortage_elasticity: float = parameter(
        1.0, "elasticity", "assumption: dropout of technical students rises with the teacher shortage", le=5.0)
    teacher_supply: float = parameter(
        1.0, "factor", "monthly supply of new technical teachers relative to the one that keeps the "
        "2023 shortage stationary (teacher training and side-entry; Techniekpact monitor: intake in "
        "teacher training is falling)", le=5.0)
    bbl_share: float = parameter(
        0.28, "share", "OCW/DUO 2022: 136,700 BBL of 484,200 mbo students")
    training_places_per_employee: float = parameter(
        0.0258, "per employee", "calibrated: 31,994 BBL places in the plan's sectors (regions/data/targets.csv) "
        "per 1.241 million employees the start state gives them (CBS jobs mix, abm/start_state.py)")
    job_before_diploma: float = parameter(
        0.5, "share", "assumption: share of school-based graduates who search in their final year and "
        "start work as they leave school (where their field's cells have vacancies). CBS/ROA find a mean "
        "entry unemployment of 0.6-2 months for mbo bol graduates (2018, onderwijsincijfers.nl, "
        "Arbeidsmarktpositie ROA); with the model's job finding of fresh graduates (~0.3 a month) a mean "
        "of about 1 month means about half start work at once")


def bounds(field: FieldInfo) -> tuple[float | None, float | None]:
    """The admissible range ``(ge, le)`` of a parameter field (None where open)."""
    ge = next((m.ge for m in field.metadata if hasattr(m, "ge")), None)
    le = next((m.le for m in field.metadata if hasattr(m, "le")), None)
    return ge, le


def unit(field: FieldInfo) -> str:
    """The unit of a parameter field ('' if it has none)."""
    return (field.json_schema_extra or {}).get("unit", "") if isinstance(field.json_schema_extra, dict) else ""
