"""The browser view in a real browser: Debian's chromium (``/usr/bin/chromium``) through
Playwright, against ``python -m solara run viz.app`` started once for this file.

If chromium is missing these tests fail (``tests/browser.py`` raises); they never skip.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import pytest
from browser import CHARTS, MONTHS_PLAYED, StudioPage, foreign
from playwright.sync_api import Browser

from experiments.scenarios import MAX_FILE_BYTES, load_scenario, parse_scenario

ALL_REQUESTS: list[str] = []
"""Every request any page of this file made, checked by the last test."""


@pytest.fixture
def studio(server: str, browser: Browser) -> Iterator[StudioPage]:
    """A fresh page (its own browser context, so its own Solara session) on the studio."""
    page = StudioPage(browser, server)
    yield page
    ALL_REQUESTS.extend(page.requests)
    page.close()


def test_page_loads_with_every_chart_and_no_console_errors(studio: StudioPage) -> None:
    studio.open()
    assert studio.page.inner_text(".tp-title") == "Techniekpact scenariostudio"  # Dutch by default
    for chart in CHARTS:
        roles = {trace["meta"] for trace in studio.figure(chart)["data"]}
        assert {"baseline", "scenario"} <= roles, chart
    studio.wait_band()
    studio.page.wait_for_function("() => document.querySelector('[data-chart=\"employed\"] .js-plotly-plot')"
                                  ".data.some(trace => trace.meta === 'band_low')")
    assert studio.errors == []


def test_moving_a_slider_redraws_the_charts(studio: StudioPage) -> None:
    studio.open()
    previous = studio.wanted()
    studio.switch("hybrid_teachers")
    studio.wait_shown(previous, chart="teacher_shortage")
    before, baseline = studio.line("teacher_shortage"), studio.line("teacher_shortage", "baseline")
    previous = studio.wanted()
    studio.slider("hybrid_teachers", "count").focus()
    studio.page.keyboard.press("End")  # the slider's maximum, 5,000 hybrid teachers
    studio.wait_shown(previous, chart="teacher_shortage")
    assert studio.number_box("hybrid_teachers", "count").input_value() == "5.000"
    after = studio.line("teacher_shortage")
    assert after != before and sum(after) < sum(before)
    assert studio.line("teacher_shortage", "baseline") == baseline
    assert studio.errors == []


def test_a_typed_value_beyond_the_limit_names_the_field_and_keeps_the_scenario(studio: StudioPage) -> None:
    studio.open()
    previous = studio.wanted()
    studio.switch("refugees")
    studio.wait_shown(previous)
    current = studio.wanted()
    box = studio.number_box("refugees", "per_year")
    box.fill("60000")
    box.press("Enter")
    assert studio.message() == "refugees.per_year: moet ≤ 50000 zijn, ingevuld: 60000"  # in the page's language
    assert studio.wanted() == current
    box.fill("12.500")  # beyond the slider's 5,000, within the model's limit
    box.press("Enter")
    studio.wait_shown(current)
    assert box.input_value() == "12.500"


def test_a_preset_switches_its_interventions_on(studio: StudioPage) -> None:
    studio.open()
    studio.apply_preset("aanvalsplan-2022")
    preset = load_scenario("aanvalsplan-2022")
    for item in preset.interventions:
        assert studio.page.is_checked(f".tp-switch-{item.kind} input"), item.kind
    assert not studio.page.is_checked(".tp-switch-technology_promotion input")
    assert studio.page.input_value(".tp-name input") == "aanvalsplan-2022"
    assert max(studio.line("cost")) > 100  # EUR million per year
    assert studio.errors == []


def test_clicking_a_landsdeel_focuses_every_chart(studio: StudioPage) -> None:
    studio.open()
    old = studio.key("employed")
    studio.click_landsdeel("Noord")
    studio.wait_key_change("employed", old)
    for chart in CHARTS:
        studio.page.wait_for_function("(chart) => document.querySelector(`[data-chart=\"${chart}\"] .js-plotly-plot`)"
                                      ".layout.title.text.endsWith(', Noord')", arg=chart)
    assert "focus=Noord" in studio.page.url
    assert "Noord" in studio.page.inner_text(".tp-card-title")
    old = studio.key("employed")
    studio.click_landsdeel("Noord")  # again: back to the whole country
    studio.wait_key_change("employed", old)
    assert studio.figure("employed")["layout"]["title"].endswith(", Nederland")


def test_a_share_link_restores_the_scenario_in_a_fresh_page(studio: StudioPage, server: str, browser: Browser) -> None:
    studio.open()
    studio.apply_preset("techniekpact-2013")
    studio.page.click(".tp-language button:has-text('en')")
    studio.page.wait_for_function("() => location.search.includes('lang=en')")
    link = studio.page.url.split("?", 1)[1]
    fresh = StudioPage(browser, server)
    try:
        fresh.open(link)
        assert fresh.page.input_value(".tp-name input") == "techniekpact-2013"
        assert fresh.page.inner_text(".tp-title") == "Techniekpact scenario studio"
        for item in load_scenario("techniekpact-2013").interventions:
            assert fresh.page.is_checked(f".tp-switch-{item.kind} input"), item.kind
        fresh.wait_shown("")
        assert fresh.line("hard_to_fill_vacancies") == studio.line("hard_to_fill_vacancies")
        assert fresh.errors == []
    finally:
        ALL_REQUESTS.extend(fresh.requests)
        fresh.close()


def test_two_pages_at_once_keep_their_own_scenarios(studio: StudioPage, server: str, browser: Browser) -> None:
    other = StudioPage(browser, server)
    try:
        studio.open()
        other.open()
        untouched = other.wanted()
        previous = studio.wanted()
        studio.switch("refugees")
        studio.wait_shown(previous)
        other.page.wait_for_timeout(500)
        assert other.wanted() == untouched
        assert not other.page.is_checked(".tp-switch-refugees input")
        previous = other.wanted()
        other.switch("lifelong_learning")
        other.wait_shown(previous)
        assert not studio.page.is_checked(".tp-switch-lifelong_learning input")
        assert studio.page.is_checked(".tp-switch-refugees input")
    finally:
        ALL_REQUESTS.extend(other.requests)
        other.close()


def test_the_csv_export_holds_the_numbers_shown(studio: StudioPage) -> None:
    studio.open()
    studio.wait_band()
    studio.apply_preset("work-guarantee")
    name, content = studio.download(".tp-download-csv")
    assert name == "techniekpact-work-guarantee.csv"
    rows = [row for row in csv.DictReader(io.StringIO(content.decode("utf-8"))) if row["landsdeel"] == "NL"]
    for chart in ("hard_to_fill_vacancies", "teacher_shortage", "cost"):
        measure = [row for row in rows if row["measure"] == chart]
        for role in ("scenario", "baseline", "band_low", "band_high"):
            exported = [float(row[role]) for row in measure if row[role]]
            assert exported == pytest.approx(studio.line(chart, role)), (chart, role)


def test_the_scenario_downloads_as_toml_that_reads_back(studio: StudioPage) -> None:
    studio.open()
    studio.apply_preset("aanvalsplan-2022-pillar-1")
    name, content = studio.download(".tp-download-toml")
    assert name == "aanvalsplan-2022-pillar-1.toml"
    assert parse_scenario(content.decode("utf-8")) == load_scenario("aanvalsplan-2022-pillar-1")


def test_a_bad_toml_upload_shows_the_error_and_keeps_the_scenario(studio: StudioPage) -> None:
    studio.open()
    studio.apply_preset("refugees")
    current = studio.wanted()
    studio.upload("bad.toml", b"[parameters]\nmatch_elasticity = 7\n")
    assert studio.message() == "bad.toml: parameters.match_elasticity: moet ≤ 1 zijn, ingevuld: 7"
    studio.upload("huge.toml", b"#" * (MAX_FILE_BYTES + 1))
    studio.page.wait_for_function("() => document.querySelector('.tp-message-text').innerText.includes('te groot')")
    assert studio.wanted() == current and studio.page.input_value(".tp-name input") == "refugees"
    good = b'name = "mine"\n\n[[interventions]]\nkind = "international_talent"\nstay_rate = 0.6\n'
    studio.upload("mine.toml", good)
    studio.wait_shown(current)
    assert studio.page.input_value(".tp-name input") == "mine"
    assert "mine.toml" in studio.message()


def test_a_bad_link_says_what_is_wrong_and_shows_the_baseline(studio: StudioPage) -> None:
    studio.open("s=not-a-scenario&focus=Utrecht")
    assert studio.message() == ("link: s: geen scenariolink (beschadigd of afgekapt); link: focus: moet een van deze "
                                "zijn: NL, Noord, Noordwest, Oost, Zuidoost, Zuidwest; ingevuld: 'Utrecht'")
    assert studio.page.input_value(".tp-name input") == "baseline"


def test_compare_mode_shows_pinned_and_current_side_by_side(studio: StudioPage) -> None:
    studio.open()
    studio.apply_preset("techniekpact-2013")
    studio.page.click(".tp-pin")
    studio.apply_preset("aanvalsplan-2022")
    figure = studio.figure("hard_to_fill_vacancies")
    assert figure["layout"]["axes"] == ["xaxis", "xaxis2"]
    assert {"pinned", "scenario"} <= {trace["meta"] for trace in figure["data"]}
    header = studio.page.inner_text(".tp-difference-table thead")
    assert "Vastgezet: techniekpact-2013" in header and "Huidig: aanvalsplan-2022" in header
    studio.page.click(".tp-unpin")
    studio.page.wait_for_function("() => !document.querySelector('.tp-difference-table thead')"
                                  ".innerText.includes('Vastgezet')")


def test_play_mode_steps_month_by_month(studio: StudioPage) -> None:
    studio.open()
    studio.page.click(".tp-play-mode input")
    label = studio.page.locator(".tp-play-date")
    label.filter(has_text="01-2023").wait_for()
    studio.page.locator(".tp-step:not([disabled])").click()
    label.filter(has_text="02-2023").wait_for()
    studio.page.click(".tp-play")
    studio.page.wait_for_function(MONTHS_PLAYED + " >= 3", timeout=20_000)
    studio.page.click(".tp-pause")
    studio.page.locator(".tp-play").wait_for()
    studio.page.wait_for_timeout(500)  # a month being drawn when paused still lands
    stopped = label.inner_text()
    studio.page.wait_for_timeout(1000)
    assert label.inner_text() == stopped
    scenario = studio.line("hard_to_fill_vacancies")
    assert 3 <= len(scenario) < 40 and len(studio.line("hard_to_fill_vacancies", "baseline")) == 156
    studio.page.click(".tp-reset")
    label.filter(has_text="01-2023").wait_for()
    assert studio.errors == []


def test_english_and_presenter_layout(studio: StudioPage) -> None:
    studio.open()
    studio.page.click(".tp-language button:has-text('en')")
    studio.page.locator(".tp-title", has_text="Techniekpact scenario studio").wait_for()
    studio.page.click(".tp-presenter-switch input")
    studio.page.locator(".tp-root.tp-presenter").wait_for()
    studio.page.wait_for_function("() => document.querySelector('[data-chart=\"employed\"] .js-plotly-plot')"
                                  ".layout.font.size >= 20")


def test_a_chart_exports_as_png(studio: StudioPage) -> None:
    studio.open()
    studio.page.hover('[data-chart="cost"] .js-plotly-plot')
    with studio.page.expect_download(timeout=30_000) as info:
        studio.page.click('[data-chart="cost"] .modebar-btn[data-title="Download plot as a PNG"]')
    assert info.value.suggested_filename == "cost.png"
    with open(info.value.path(), "rb") as image:
        assert image.read(8) == b"\x89PNG\r\n\x1a\n"


def test_no_request_leaves_this_machine(studio: StudioPage) -> None:
    studio.open()
    studio.apply_preset("international-talent")
    studio.click_landsdeel("Zuidwest")
    studio.page.wait_for_timeout(500)
    requests = [*ALL_REQUESTS, *studio.requests]
    assert len(requests) > 20 and any(url.endswith("/static/assets/plotly.min.js") for url in requests)
    assert foreign(requests) == []
