"""Behavioural parameters of the model, each with its unit and its source or calibration target.

One frozen pydantic model, so a scenario can override any of them with validation, and the
documentation's parameter table is generated from these definitions rather than typed twice.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from pydantic.fields import FieldInfo


CALIBRATED_JSON = Path(__file__).parent / "calibrated.json"
CALIBRATED: dict[str, float] = json.loads(CALIBRATED_JSON.read_text(encoding="utf-8"))["parameters"]
"""Values written by ``techniekpact calibrate`` (``experiments.calibrate``); they are the defaults
of the parameters they name."""


def parameter(default: float, unit: str, source: str, ge: float = 0.0, le: float | None = 1.0) -> Any:
    """A documented model parameter with its admissible range."""
    return Field(default, ge=ge, le=le, description=source, json_schema_extra={"unit": unit})


class Parameters(BaseModel):
    """Monthly rates and elasticities of the persons', firms' and schools' behaviour."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    # Mobility (abm.kernels.mobility)
    separation_to_unemployment: float = parameter(
        CALIBRATED["separation_to_unemployment"], "per month", "calibrated (techniekpact calibrate): quits and ends of contracts into "
        "unemployment, to CBS 82848NED's 1.18 % of the employed unemployed three months later")
    separation_to_inactivity: float = parameter(
        CALIBRATED["separation_to_inactivity"], "per month", "calibrated: to CBS 82848NED's 2.13 % of the employed out of the labour "
        "force three months later (early retirement from 60 comes on top, abm.demography)")
    unemployed_to_inactive: float = parameter(
        CALIBRATED["unemployed_to_inactive"], "per month", "calibrated: to CBS 82848NED's 24.5 % of the unemployed out of the labour force three months later")
    inactive_to_search: float = parameter(
        CALIBRATED["inactive_to_search"], "per month", "calibrated: the inactive (with a last job or field) "
        "return to search at this rate; it sets where unemployment settles, so it is fitted to keep CBS "
        "85268NED's 2023 unemployment rate of 3.4 % over the first year with the business cycle off")
    inactive_job_search: float = parameter(
        CALIBRATED["inactive_job_search"], "per month", "calibrated: share of the inactive (with a last job or field) who "
        "take a job if they find one this month without first registering as searching, to CBS 82848NED's 178 thousand "
        "persons a quarter from outside the labour force straight into work (1.81 % of the employed)")
    on_the_job_search: float = parameter(
        CALIBRATED["on_the_job_search"], "per month", "calibrated: share of the employed searching in a month, to CBS's 14 % of "
        "employees with another employer a year later (2021)")
    cross_landsdeel_search: float = parameter(
        0.10, "share", "2017 accord (PBL): most mobility stays inside the region; ~10 % of job "
        "changes cross a landsdeel border")
    match_efficiency: float = parameter(
        CALIBRATED["match_efficiency"], "factor", "calibrated: multiplier on the per-cell matching efficiencies that make the start "
        "stationary (abm.matching), to CBS 82848NED's 38.9 % of the unemployed employed three months later", le=5.0)
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
    layoff_rate: float = parameter(
        0.001, "per month", "dismissals of an ordinary month (1.2 %/yr of employees), part of CBS 82848NED's "
        "employed-to-unemployed 1.18 % a quarter; assumption for the split between dismissals and quits")
    layoff_cycle_sensitivity: float = parameter(
        30.0, "semi-elasticity", "assumption: dismissals rise by exp(30 x the cell's cyclical demand gap), "
        "four-and-a-half-fold at the depth of a -5 % recession: job destruction is countercyclical (Davis & "
        "Haltiwanger 1992, QJE 107); no Dutch elasticity was found, the value is set so that a 5 % fall in "
        "demand at least triples dismissals over the recession", le=100.0)

    registered_vacancy_share: float = parameter(
        CALIBRATED["registered_vacancy_share"], "share", "calibrated: share of firms' open positions that CBS's vacancy survey counts, to "
        "CBS 80472NED's 1,432,000 vacancies created in 2023 (the other hires, about 2.4 million a year in CBS "
        "82848NED flows, go without a registered vacancy); indicators report registered vacancies", ge=0.05)

    # Firms' demand (abm.firms)
    plan_sector_demand_growth: float = parameter(
        0.0119, "per year", "Aanvalsplan 2022 (SEO): ~150,000 extra jobs to 2030 on 1.5 million = "
        "+10 % in 8 years", ge=-0.1, le=0.1)
    ict_demand_growth: float = parameter(
        0.02, "per year", "Techniekpact monitor: ICT occupations grew fastest within technology", ge=-0.1, le=0.1)
    other_demand_growth: float = parameter(
        0.0024, "per year", "to 2030 employment grows as in CPB's projection quoted in the Aanvalsplan 2022: labour "
        "supply 9.5 to 9.9 million with unemployment 4.4 % (2022-2025) rising to 5.3 % (2026-2030), so employment "
        "9.08 to 9.38 million, +0.40 %/yr; that growth of all jobs minus the plan sectors' (13.8 % of jobs) and ICT's "
        "(1.8 %), over the other sectors (84.4 %)", ge=-0.1, le=0.1)
    demand_growth_after_2030: float = parameter(
        0.002, "per year", "assumption: all sectors after 2030 (no projection in the sources; CBS population "
        "projections have the working-age population about flat)", ge=-0.1, le=0.1)
    regional_trend_weight: float = parameter(
        1.0, "share", "share of each landsdeel x sector's deviation from its national sector trend in CBS "
        "83582NED jobs 2015-2024 that continues to 2030 (1 = the observed regional pattern)")
    expansion_speed: float = parameter(
        0.1, "per month", "assumption: firms close a tenth of the gap to a higher labour demand a month "
        "(recruitment effort and vacancy costs), cuts at once: recovery from a recession takes years")
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

    # Demography (abm.demography)
    net_migration: float = parameter(
        98_000, "persons per year", "CBS: mean net migration 2014-2023 (35,000 to 224,000 a year; EMU-enquete "
        "2023 dossier asiel, migratie en integratie)", le=500_000)
    migrant_labour_share: float = parameter(
        0.45, "share", "assumption: share of net migrants who enter the labour market as job seekers (the rest "
        "are children, students, the elderly or inactive); not fitted: no calibration target pins it yet "
        "(CPB's labour supply of 9.9 million in 2030 is a validation row)")

    # Wages (abm.wages)
    wage_curve_elasticity: float = parameter(
        0.1, "elasticity", "Blanchflower & Oswald 1994 (The Wage Curve): pay falls with local unemployment "
        "with an elasticity of about -0.1, Holland among the countries; applied to landsdeel unemployment "
        "and sector vacancy rate relative to 2023")
    wage_adjustment: float = parameter(
        0.083, "per month", "assumption: wages close 1/12 of the gap to the wage curve a month (collective "
        "agreements are renegotiated about yearly)")
    labour_demand_elasticity: float = parameter(
        0.4, "elasticity", "Lichter, Peichl & Siegloch 2015 (Eur. Econ. Rev. 80): own-wage elasticities of "
        "labour demand cluster around -0.4", le=3.0)
    search_wage_elasticity: float = parameter(
        1.0, "elasticity", "assumption: applications to a cell rise in proportion to its relative wage", le=10.0)
    participation_wage_elasticity: float = parameter(
        0.5, "elasticity", "assumption: the inactive return to search faster where pay rises (a "
        "participation response; fitted by techniekpact calibrate where its target allows)", le=10.0)

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
    teacher_recruitment_shortage_elasticity: float = parameter(
        1.0, "elasticity", "assumption: recruits per technical teacher rise in proportion to the share of "
        "teaching posts open relative to 2023 (a fixed monthly fill rate per open post, about 0.2 at the 2023 "
        "shortage: some five months to fill one); short schools recruit harder through side-entry and hybrid routes",
        le=5.0)
    teacher_pay_elasticity: float = parameter(
        0.7, "elasticity", "Falch 2017 (ILR Review 70(2), Norwegian teachers): recruitment and separations are "
        "equally wage-elastic in absolute value, together a labour supply elasticity to schools of about 1.4; "
        "recruits rise and quits to industry fall with teachers' pay relative to the technical sectors", le=5.0)
    teacher_availability_elasticity: float = parameter(
        0.5, "elasticity", "recruits rise with the unemployed technicians of the landsdeel relative to their "
        "usual (one-year average) number with the job-seeker elasticity of a matching function, 1 - 0.5 "
        "(Petrongolo & Pissarides 2001)")
    teacher_quit_to_industry: float = parameter(
        0.02, "per year", "assumption: technical teachers leaving education for a technical firm at 2023 "
        "relative pay, besides the ordinary separations, job moves and retirement of the mobility kernel")


def bounds(field: FieldInfo) -> tuple[float | None, float | None]:
    """The admissible range ``(ge, le)`` of a parameter field (None where open)."""
    ge = next((m.ge for m in field.metadata if hasattr(m, "ge")), None)
    le = next((m.le for m in field.metadata if hasattr(m, "le")), None)
    return ge, le


def unit(field: FieldInfo) -> str:
    """The unit of a parameter field ('' if it has none)."""
    return (field.json_schema_extra or {}).get("unit", "") if isinstance(field.json_schema_extra, dict) else ""
