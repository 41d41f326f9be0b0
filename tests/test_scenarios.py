"""Scenario files: presets, validation with one-line errors, TOML round trip."""

from __future__ import annotations

import datetime as dt

import pytest

from abm.interventions import INTERVENTIONS, HybridTeachers
from experiments.scenarios import MAX_FILE_BYTES, ScenarioError, load_scenario, parse_scenario, preset_names, to_toml


def test_presets_cover_every_intervention_and_the_plans():
    names = preset_names()
    assert {"baseline", "techniekpact-2013", "aanvalsplan-2022", "aanvalsplan-2022-pillar-1",
            "aanvalsplan-2022-pillar-2", "aanvalsplan-2022-pillar-3"} <= set(names)
    single = {load_scenario(n).interventions[0].kind for n in names if len(load_scenario(n).interventions) == 1}
    assert single == set(INTERVENTIONS)
    plan = {i.kind for i in load_scenario("aanvalsplan-2022").interventions}
    pillars = set()
    for pillar in (1, 2, 3):
        pillars |= {i.kind for i in load_scenario(f"aanvalsplan-2022-pillar-{pillar}").interventions}
    assert plan == pillars


@pytest.mark.parametrize("name", preset_names())
def test_every_preset_round_trips_through_toml(name):
    scenario = load_scenario(name)
    assert parse_scenario(to_toml(scenario)) == scenario


def test_round_trip_keeps_dates_scope_and_parameters():
    scenario = load_scenario("baseline").model_copy(update={"interventions": (
        HybridTeachers(count=250, fte_each=0.4, landsdelen=("Oost", "Noord"), start=dt.date(2025, 3, 1),
                       end=dt.date(2028, 12, 1)),)})
    assert parse_scenario(to_toml(scenario)) == scenario


@pytest.mark.parametrize(("text", "message"), [
    ('[[interventions]]\nkind = "hybrid_teachers"\ncount = -5', "my.toml: hybrid_teachers.count: must be ≥ 0, got -5"),
    ('[[interventions]]\nkind = "hybrid_teachers"\nfte_each = 2', "my.toml: hybrid_teachers.fte_each: must be ≤ 1, got 2"),
    ('[[interventions]]\nkind = "teleport"', "my.toml: interventions[0].kind: unknown intervention 'teleport' "
                                             "(allowed: hybrid_teachers, work_guarantee,"),
    ('[[interventions]]\nkind = "refugees"\nlandsdelen = ["Texel"]',
     "my.toml: refugees.landsdelen.0: must be one of 'Noord', 'Noordwest', 'Oost', 'Zuidoost' or 'Zuidwest', got 'Texel'"),
    ('[[interventions]]\nkind = "refugees"\nstart = 2026-01-01\nend = 2025-01-01',
     "my.toml: refugees: end must be on or after start (2026-01-01), got 2025-01-01"),
    ('[[interventions]]\nkind = "refugees"\nper_jaar = 3', "my.toml: refugees.per_jaar: unknown key"),
    ("[parameters]\nmatch_efficiency = 'high'", "my.toml: parameters.match_efficiency: input should be a valid number"),
    ("colour = 'red'", "my.toml: colour: unknown key"),
    ("name = ", "my.toml: not valid TOML"),
])
def test_bad_scenarios_give_one_line_naming_the_field(text, message):
    with pytest.raises(ScenarioError) as error:
        parse_scenario(text, "my.toml")
    assert str(error.value).startswith(message)
    assert "\n" not in str(error.value)


def test_unknown_preset_and_oversized_file(tmp_path):
    with pytest.raises(ScenarioError, match="unknown preset 'nope' \\(allowed: aanvalsplan-2022"):
        load_scenario("nope")
    big = tmp_path / "big.toml"
    big.write_text("#" * (MAX_FILE_BYTES + 1))
    with pytest.raises(ScenarioError, match="big.toml: file too large"):
        load_scenario(big)


def test_shocks_round_trip():
    scenario = parse_scenario("[[shocks]]\nstart = 2025-01-01\nmonths = 18\nsize = -0.08\nsectors = 'technical'\n")
    assert scenario.shocks[0].size == -0.08 and parse_scenario(to_toml(scenario)) == scenario
