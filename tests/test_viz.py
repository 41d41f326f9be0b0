"""The browser view's logic without a browser: controls generated from the schema, scenario files
and links, edits and their errors, the monitor's numbers, the figures and the worker processes.
The page itself is tested in a real browser in ``tests/test_viz_browser.py``."""

from __future__ import annotations

import datetime as dt
import math
import time
from typing import ClassVar, Literal

import pandas as pd
import pytest

from abm.interventions import INTERVENTIONS
from abm.interventions.base import Intervention
from abm.parameters import Parameters, bounds, parameter
from abm.scenario import BASELINE, Scenario
from experiments.scenarios import (
    MAX_FILE_BYTES,
    ScenarioError,
    load_scenario,
    parse_scenario,
    preset_names,
    to_toml,
)
from viz import schema
from viz.controls import parse_number, presets
from viz.figures import Style, landsdeel_map, shapes, timeseries
from viz.i18n import TEXT, number, tr
from viz.link import Link, read_link, write_link
from viz.monitor import CHARTS, MEASURES, SERIES, Runs, lines, shown_table
from viz.runs import Runner, compute, to_wide
from viz.scenario_io import (
    scenario_from_token,
    scenario_from_upload,
    scenario_to_token,
    with_intervention,
    with_intervention_field,
    with_parameter,
)


@pytest.fixture(scope="module")
def wide() -> pd.DataFrame:
    """Two years of the baseline at a coarse scale (fast)."""
    from experiments.run import simulate
    return to_wide(simulate(BASELINE, 2, 5000, 1))


# Controls from the schema -------------------------------------------------------------------------

def test_every_numeric_field_of_every_intervention_gets_a_slider_within_its_limits() -> None:
    specs = {spec.kind: spec for spec in schema.intervention_specs()}
    assert set(specs) == set(INTERVENTIONS)
    for kind, cls in INTERVENTIONS.items():
        numeric = [name for name, field in cls.model_fields.items()
                   if name not in schema.COMMON_FIELDS and field.annotation in (int, float)]
        assert [s.name for s in specs[kind].numbers] == numeric
        for spec in specs[kind].numbers:
            low, high = bounds(cls.model_fields[spec.name])
            assert spec.low <= spec.default <= spec.high, (kind, spec)
            assert (low is None or spec.low >= low) and (high is None or spec.high <= high), (kind, spec)
            assert 0 < spec.step <= max(1.0 if spec.integer else 0.0, (spec.high - spec.low) / 50)
            assert spec.unit, (kind, spec.name)


def test_a_new_intervention_appears_without_ui_code(monkeypatch: pytest.MonkeyPatch) -> None:
    class Apprenticeships(Intervention):
        kind: Literal["apprenticeships"] = "apprenticeships"
        title: ClassVar[str] = "Apprenticeship bonus"
        title_nl: ClassVar[str] = "Leerbaanbonus"
        source: ClassVar[str] = "test"
        bonus: float = parameter(2_000, "euro", "bonus per apprentice", le=1e6)
        months: int = parameter(6, "months", "duration", le=48)

    monkeypatch.setattr(schema, "INTERVENTIONS", {**INTERVENTIONS, "apprenticeships": Apprenticeships})
    spec = schema.intervention_specs.__wrapped__()[-1]
    assert (spec.kind, spec.label("nl"), spec.label("en")) == ("apprenticeships", "Leerbaanbonus",
                                                               "Apprenticeship bonus")
    bonus, months = spec.numbers
    assert (bonus.low, bonus.high, bonus.unit) == (0.0, 10_000, "euro")  # 5x the default, typed values up to 1e6
    assert (months.integer, months.step, months.high) == (True, 1.0, 48)  # 5x the default is past the limit


def test_model_parameters_get_sliders_too() -> None:
    assert [s.name for s in schema.parameter_specs()] == list(Parameters.model_fields)


def test_nice_numbers() -> None:
    assert [schema.nice_ceiling(v) for v in (0.7, 3, 4.2, 2500, 5001)] == [1, 5, 5, 2500, 10_000]
    assert [schema.nice_floor(v) for v in (0.0123, 4.9, 25)] == [0.01, 2, 20]


def test_presets_start_with_the_baseline_and_the_plans() -> None:
    names = [p.name for p in presets()]
    assert names[:3] == ["baseline", "techniekpact-2013", "aanvalsplan-2022"]
    assert sorted(names) == preset_names()


def test_typed_numbers_in_dutch_and_english() -> None:
    assert parse_number("1.234,5", "nl") == 1234.5
    assert parse_number("1,234.5", "en") == 1234.5
    assert parse_number(" 20000 ", "nl") == 20_000
    assert parse_number("12.500", "nl") == 12_500
    assert parse_number("1.5", "nl") == 1.5  # not 15: a dot before fewer than three digits is a decimal mark
    assert parse_number("1,5", "nl") == 1.5
    assert parse_number("1,5", "en") == 1.5
    with pytest.raises(ValueError):
        parse_number("veel", "nl")
    assert number(1234567.891, "nl", 1) == "1.234.567,9"
    assert number(1234567.891, "en", 1) == "1,234,567.9"


def test_every_text_exists_in_both_languages() -> None:
    assert set(TEXT["nl"]) == set(TEXT["en"])
    assert tr("nl", "no.such.key") == "no.such.key"


# Scenarios: edits, files and links ----------------------------------------------------------------

def custom() -> Scenario:
    scenario = with_intervention(with_intervention(BASELINE, "hybrid_teachers", True), "lifelong_learning", True)
    scenario = with_intervention_field(scenario, "hybrid_teachers", "landsdelen", ("Noord", "Oost"))
    scenario = with_intervention_field(scenario, "hybrid_teachers", "end", dt.date(2030, 12, 1))
    scenario = with_intervention_field(scenario, "lifelong_learning", "training_months", 12)
    scenario = with_parameter(scenario, "dropout_rate", 0.04)
    return scenario.model_copy(update={"name": 'workshop "Noord"', "description": "line one\nline two"})


@pytest.mark.parametrize("name", preset_names())
def test_toml_download_reads_back_as_the_same_preset(name: str) -> None:
    scenario = load_scenario(name)
    assert parse_scenario(to_toml(scenario)) == scenario


def test_toml_download_keeps_dates_landsdelen_and_parameters() -> None:
    scenario = custom()
    text = to_toml(scenario)
    assert 'landsdelen = ["Noord", "Oost"]' in text and "end = 2030-12-01" in text and "training_months = 12" in text
    assert parse_scenario(text) == scenario


def test_link_holds_everything_shown_and_is_versioned() -> None:
    shown = Link(scenario=custom(), origin="techniekpact-2013", pinned=load_scenario("refugees"), lang="en",
                 focus="Zuidoost", group="plan_2022", level="wo", map_measure="employed", map_difference=True,
                 month=40, scale=1000.0, seed=7, replications=3, presenter=True)
    query = write_link(shown)
    assert query.startswith("v=2&")
    assert read_link(query) == shown
    assert write_link(Link()) == ""
    plan = load_scenario("aanvalsplan-2022")
    assert scenario_from_token(scenario_to_token(plan)) == plan


def test_an_old_link_opens_with_a_note() -> None:
    old = read_link(f"s={scenario_to_token(custom())}&lang=en")
    assert (old.scenario, old.lang, old.errors, old.notes) == (custom(), "en", (), ("link.old",))
    assert read_link("v=3").notes == ("link.newer",)


@pytest.mark.parametrize(("query", "error"), [
    ("s=garbage", "link: s: not a scenario link (damaged or cut off)"),
    ("s=" + "A" * 5000, "link: s: too long (5000 characters, at most 4000)"),
    ("lang=fr", "link: lang: must be one of nl, en, got 'fr'"),
    ("focus=Utrecht", "link: focus: must be one of NL, Noord, Noordwest, Oost, Zuidoost, Zuidwest, got 'Utrecht'"),
    ("v=2&scale=3", "link: scale: must be one of 500, 1000, 2000, 5000, got '3'"),
    ("v=2&seed=abc", "link: seed: must be a whole number ≥ 0, got 'abc'"),
    ("v=2&month=2040-01", "link: month: must be a month from 2023-01 to 2035-12, got '2040-01'"),
])
def test_a_bad_link_keeps_the_defaults_and_says_why(query: str, error: str) -> None:
    link = read_link(query)
    assert link.errors == (error,)
    assert link.view() == Link()


def test_a_link_with_an_invalid_scenario_names_the_field() -> None:
    raw = '{"interventions":[{"kind":"hybrid_teachers","count":-5}]}'
    import base64
    import zlib
    token = base64.urlsafe_b64encode(zlib.compress(raw.encode())).decode().rstrip("=")
    assert read_link(f"s={token}").errors == ("link: hybrid_teachers.count: must be ≥ 0, got -5",)


@pytest.mark.parametrize(("field", "value", "error"), [
    ("count", 30_000, "hybrid_teachers.count: must be ≤ 20000, got 30000"),
    ("count", "veel",
     "hybrid_teachers.count: input should be a valid number, unable to parse string as a number, got 'veel'"),
    ("landsdelen", (), "hybrid_teachers.landsdelen: tuple should have at least 1 item after validation, not 0, got ()"),
])
def test_a_bad_value_names_the_field(field: str, value: object, error: str) -> None:
    scenario = with_intervention(BASELINE, "hybrid_teachers", True)
    with pytest.raises(ScenarioError) as raised:
        with_intervention_field(scenario, "hybrid_teachers", field, value)
    assert str(raised.value) == error


def test_an_upload_is_checked_for_size_encoding_and_content() -> None:
    good = to_toml(custom()).encode()
    assert scenario_from_upload("mine.toml", good, len(good)) == custom()
    cases = [
        (None, MAX_FILE_BYTES + 1, f"big.toml: file too large ({MAX_FILE_BYTES + 1} bytes, at most {MAX_FILE_BYTES})"),
        (b"\xff\xfe\x00", 3, "big.toml: not a text file (expected TOML in UTF-8 or Latin-1)"),
        (b"  \n", 3, "big.toml: the file is empty (expected a TOML scenario)"),
        (b"name = ", 7, "big.toml: not valid TOML"),
        (b"[parameters]\ndropout_rate = -1\n", 30, "big.toml: parameters.dropout_rate: must be ≥ 0, got -1"),
    ]
    for content, size, error in cases:
        with pytest.raises(ScenarioError) as raised:
            scenario_from_upload("big.toml", content, size)
        assert str(raised.value).startswith(error)


# The monitor's numbers and the figures ------------------------------------------------------------

def test_a_run_keeps_every_series_the_monitor_shows(wide: pd.DataFrame) -> None:
    assert {column[:2] for column in wide.columns} == set(SERIES)
    assert {column[2] for column in wide.columns} == {"NL", "Noord", "Noordwest", "Oost", "Zuidoost", "Zuidwest"}
    assert len(wide) == 25  # January 2023 to January 2025


def test_flows_are_shown_per_year_and_intake_each_september(wide: pd.DataFrame) -> None:
    raw = wide[("outflow_to_non_technical", "technical", "NL")]
    outflow = MEASURES["outflow"].shown(wide, "technical", "NL")
    assert outflow.first_valid_index() == pd.Timestamp("2023-12-01")
    assert outflow[pd.Timestamp("2024-12-01")] == raw["2024-01-01":"2024-12-01"].sum()
    assert MEASURES["outflow"].in_year(wide, "technical", "NL", 2024) == raw["2024"].sum()
    intake = MEASURES["intake_hbo_women"].shown(wide, "technical", "Oost")
    assert set(intake.index.month) <= {9}
    employed = MEASURES["employed"]
    plan, noord = wide[("employed", "plan_2022", "NL")], wide[("employed", "technical", "Noord")]
    assert employed.in_year(wide, "plan_2022", "NL", 2024) == pytest.approx(plan["2024"].mean())
    assert employed.at(wide, "technical", "Noord", pd.Timestamp("2024-06-15")) == noord["2024-06-01"]


def test_the_csv_holds_exactly_the_lines_drawn(wide: pd.DataFrame) -> None:
    runs = Runs(baseline=wide, band=(wide * 0.9, wide * 1.1), scenario=wide * 2)
    keys = tuple(key for chart in CHARTS for key in chart.measure_keys("wo"))
    table = shown_table(keys, runs, "plan_2022", ("Zuidwest",))
    assert list(table.columns) == ["date", "landsdeel", "measure", "indicator", "sector", "unit",
                                   "baseline", "band_low", "band_high", "scenario"]
    drawn = lines(MEASURES["cost"], runs, "plan_2022", "Zuidwest")["scenario"].dropna()
    cost = table[table.measure == "cost"]
    assert cost.scenario.tolist() == drawn.tolist()
    assert cost.date.tolist() == [f"{d:%Y-%m-%d}" for d in drawn.index]


def test_charts_show_baseline_band_and_scenario_and_split_when_comparing(wide: pd.DataFrame) -> None:
    chart = CHARTS[0]
    names = {"baseline": "Basispad", "scenario": "Scenario", "pinned": "Vastgezet"}
    runs = Runs(baseline=wide, band=(wide, wide), scenario=wide)
    figure = timeseries(chart, chart.measures, runs, "technical", "Noord", wide.index[-1], names, Style("nl"))
    assert [t["meta"] for t in figure["data"]] == ["band_low", "band_high", "baseline", "scenario"]
    assert figure["layout"]["title"]["text"] == "Openstaande vacatures, Noord"
    compare = Runs(baseline=wide, scenario=wide, pinned=wide)
    figure = timeseries(chart, chart.measures, compare, "technical", "NL", wide.index[-1], names, Style("en", True))
    assert {t["xaxis"] for t in figure["data"]} == {"x", "x2"} and figure["layout"]["yaxis2"]["matches"] == "y"
    assert figure["layout"]["font"]["size"] > Style("en").font


def test_the_map_draws_the_corop_regions_the_model_groups_into_landsdelen_without_tiles() -> None:
    outlines, centres = shapes()
    assert len(outlines) == 40 and set(centres) == {"Noord", "Noordwest", "Oost", "Zuidoost", "Zuidwest"}
    assert all(3.2 < x < 7.3 and 50.7 < y < 53.6 for x, y in centres.values())
    assert {s.landsdeel for s in outlines if s.region == "West-Noord-Brabant"} == {"Zuidwest"}
    assert {s.landsdeel for s in shapes("provinces")[0] if s.region == "West-Noord-Brabant"} == {"Zuidoost"}
    values = {"Noord": 1.0, "Noordwest": 2.0, "Oost": math.nan, "Zuidoost": 4.0, "Zuidwest": 5.0}
    figure = landsdeel_map(values, "Oost", "title", "persons", 0, False, Style("nl"))
    assert {t["type"] for t in figure["data"]} == {"scatter"}  # plain axes: no geo or mapbox base map
    regions_ = [t for t in figure["data"] if t.get("fill") == "toself"]
    assert len(regions_) == 40 and {t["fillcolor"] for t in regions_ if t["meta"] == "Oost"} == {"#dddddd"}
    assert len([t for t in figure["data"] if t["name"] == "focus"]) == 7  # Oost's seven COROP regions


# The worker processes ---------------------------------------------------------------------------

def test_workers_give_the_same_numbers_share_runs_and_stop_when_cancelled() -> None:
    runner = Runner(workers=1)
    try:
        scenario = with_intervention(BASELINE, "refugees", True)
        first = runner.request(scenario, 5000.0, 3)
        assert first.ticket is not None
        assert runner.request(scenario, 5000.0, 3).future is first.future  # shared while in flight
        result = first.future.result(timeout=120)
        pd.testing.assert_frame_equal(result, compute(scenario, 5000.0, 3))
        cached = runner.request(scenario, 5000.0, 3)
        assert cached.ticket is None and cached.future.result() is result
        slow = runner.request(BASELINE, 500.0, 3)
        time.sleep(0.5)
        began = time.perf_counter()
        runner.cancel(slow)
        with pytest.raises(BaseException):  # noqa: B017 (Cancelled, a BaseException, from the worker)
            slow.future.result(timeout=30)
        assert time.perf_counter() - began < 1.0
    finally:
        runner.shutdown()
