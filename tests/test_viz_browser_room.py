"""The studio in front of a live room (issue 14): each numbered defect of the issue, the share
link that restores everything shown, Back and Forward, the facilitator's tools and honest
noise, in Debian's chromium through Playwright, against one ``python -m viz.serve`` for this file.

If chromium is missing these tests fail (``tests/browser.py`` raises); they never skip.
"""

from __future__ import annotations

import csv
import io
import time
from collections.abc import Iterator

import pytest
from browser import MONTHS_PLAYED, PLOTS, StudioPage
from playwright.sync_api import Browser

from viz.runs import DEFAULT_SCALE, SCALES


@pytest.fixture
def studio(server: str, browser: Browser) -> Iterator[StudioPage]:
    page = StudioPage(browser, server)
    yield page
    page.close()


def played(studio: StudioPage) -> int:
    return studio.page.evaluate(MONTHS_PLAYED)


def choose(studio: StudioPage, selector: str, title: str) -> None:
    """Pick ``title`` from a Vuetify select."""
    studio.page.click(selector)
    studio.page.locator(".v-overlay-container .v-list-item-title").get_by_text(title, exact=True).first.click()


# 1, 9 and 12: play mode -------------------------------------------------------------------------

def test_1_toggling_and_typing_during_play_keep_the_session_responsive(studio: StudioPage) -> None:
    studio.open()
    studio.page.click(".tp-play-mode input")
    studio.page.locator(".tp-play-date", has_text="01-2023").wait_for()
    for kind in ("lifelong_learning", "refugees"):
        studio.page.click(".tp-play")
        studio.page.wait_for_function(MONTHS_PLAYED + " >= 2", timeout=20_000)
        studio.switch(kind)  # during play: the played model restarts with the new scenario, paused
        studio.page.locator(".tp-play").wait_for(timeout=10_000)
        studio.page.locator(".tp-play-date", has_text="01-2023").wait_for(timeout=10_000)
    studio.page.click(".tp-play")
    studio.page.wait_for_function(MONTHS_PLAYED + " >= 2", timeout=20_000)
    box = studio.number_box("refugees", "per_year")
    box.fill("2.500")
    box.press("Enter")
    studio.page.locator(".tp-play").wait_for(timeout=10_000)
    assert box.input_value() == "2.500"  # a value typed during play is kept
    studio.page.click(".tp-play")
    studio.page.wait_for_function(MONTHS_PLAYED + " >= 1", timeout=20_000)
    studio.page.click(".tp-pause")
    studio.page.locator(".tp-play").wait_for(timeout=10_000)
    studio.page.click(".tp-play-mode input")
    studio.page.locator(".tp-play-controls").wait_for(state="detached", timeout=10_000)
    studio.wait_drawn()
    assert studio.errors == []


def test_9_play_key_figures_compare_the_same_months_and_speed_8_is_faster(studio: StudioPage) -> None:
    studio.open()
    studio.page.click(".tp-play-mode input")
    studio.page.locator(".tp-play-date", has_text="01-2023").wait_for()
    for _ in range(4):
        studio.page.locator(".tp-step:not([disabled])").click()
    studio.page.locator(".tp-play-date", has_text="05-2023").wait_for()
    title = studio.page.inner_text(".tp-card-title")
    assert title.startswith("Kerncijfers 01-2023 t/m 05-2023")
    differences = studio.page.locator(".tp-difference-table tbody tr td:last-child").all_inner_texts()
    assert differences[2] in ("0", "+0", "-0", "−0")  # employed: the baseline's same months, so no difference
    rates = {}
    for speed in (4, 8):
        choose(studio, ".tp-speed", str(speed))
        studio.page.click(".tp-reset")
        studio.page.locator(".tp-play-date", has_text="01-2023").wait_for()
        studio.page.click(".tp-play")
        studio.page.wait_for_function(MONTHS_PLAYED + " >= 1", timeout=20_000)
        began, start = time.perf_counter(), played(studio)
        studio.page.wait_for_timeout(3000)
        rates[speed] = (played(studio) - start) / (time.perf_counter() - began)
        studio.page.click(".tp-pause")
        studio.page.locator(".tp-play").wait_for()
    assert rates[8] > 1.4 * rates[4], rates
    assert studio.errors == []


def test_12_a_png_right_after_leaving_play_mode_shows_the_chart_on_screen(studio: StudioPage) -> None:
    studio.open()

    def png() -> bytes:
        studio.page.hover('[data-chart="cost"] .js-plotly-plot')
        with studio.page.expect_download(timeout=30_000) as info:
            studio.page.click('[data-chart="cost"] .modebar-btn[data-title="Download plot as a PNG"]')
        with open(info.value.path(), "rb") as image:
            return image.read()

    studio.settled()
    normal = png()
    studio.page.click(".tp-play-mode input")
    studio.page.locator(".tp-play-date", has_text="01-2023").wait_for()
    for _ in range(3):
        studio.page.locator(".tp-step:not([disabled])").click()
    studio.page.locator(".tp-play-date", has_text="04-2023").wait_for()
    studio.page.wait_for_timeout(300)
    studio.page.click(".tp-play-mode input")
    right_after = png()
    assert right_after[:8] == b"\x89PNG\r\n\x1a\n" and right_after == normal
    assert studio.errors == []


# 2 and the presentation layout ---------------------------------------------------------------

def test_2_presentation_mode_keeps_every_chart_drawn_and_fits_1280x720(server: str, browser: Browser) -> None:
    studio = StudioPage(browser, server, width=1280, height=720)
    try:
        studio.open()
        studio.page.keyboard.press("p")  # the shortcut
        studio.page.locator(".tp-root.tp-presenter").wait_for()
        studio.page.wait_for_timeout(2500)  # the charts went blank about a second after switching on
        heights = studio.page.evaluate("""(plots) => plots.map(name => document.querySelector(
            `[data-chart="${name}"] .js-plotly-plot`).getBoundingClientRect().height)""", list(PLOTS))
        assert min(heights) > 250, heights
        fits = studio.page.evaluate("""() => {
            const inside = (selector) => { const box = document.querySelector(selector).getBoundingClientRect();
                                           return box.top >= 0 && box.bottom <= 720 && box.right <= 1280; };
            return {wide: document.documentElement.scrollWidth <= 1280, map: inside('[data-chart="map"]'),
                    table: inside('.tp-difference-table'), title: inside('.tp-title')}; }""")
        assert fits == {"wide": True, "map": True, "table": True, "title": True}
        assert studio.page.evaluate("() => parseFloat(getComputedStyle(document.querySelector('.tp-root')).fontSize)") >= 18
        assert studio.errors == []
    finally:
        studio.close()


# 3 and 4: share links, Back and Forward ----------------------------------------------------------

def test_3_a_share_link_restores_everything_shown_in_a_fresh_context(studio: StudioPage, server: str,
                                                                        browser: Browser) -> None:
    studio.open()
    studio.apply_preset("techniekpact-2013")
    studio.page.click(".tp-pin")
    studio.apply_preset("aanvalsplan-2022")
    previous = studio.wanted()
    choose(studio, ".tp-scale", f"{SCALES[-1]:,}".replace(",", ".") + " (regionaal grof)")
    studio.wait_shown(previous)
    previous = studio.wanted()
    studio.page.fill(".tp-seed input", "3")
    studio.page.press(".tp-seed input", "Enter")
    studio.wait_shown(previous)
    choose(studio, ".tp-replications", "3")
    choose(studio, ".tp-group", "Techniek, bouw en energie")
    choose(studio, ".tp-map-measure", "Werkzame technici")
    studio.page.click(".tp-map-difference input")
    studio.page.click(".tp-level-toggle button:has-text('hbo')")
    studio.page.click(".tp-focus-Oost")
    slider = studio.page.locator(".tp-month-slider .v-slider-thumb").first
    slider.focus()
    for _ in range(5):
        slider.press("ArrowLeft")
    studio.page.locator(".tp-month-label", has_text="07-2035").wait_for()
    studio.page.click(".tp-presenter-switch input")
    studio.settled()
    studio.page.wait_for_function("() => location.search.includes('present=1') && location.search.includes('month=')")
    link = studio.page.url.split("?", 1)[1]
    before = studio.shown_hash()
    fresh = StudioPage(browser, server)
    try:
        fresh.open(link)
        fresh.settled()
        assert fresh.shown_hash() == before
        assert fresh.page.locator(".tp-root.tp-presenter").count() == 1
        assert "Vastgezet: techniekpact-2013" in fresh.page.inner_text(".tp-difference-table thead")
        assert fresh.page.locator(".tp-message").count() == 0
        assert fresh.errors == []
    finally:
        fresh.close()


def test_an_old_link_opens_with_a_note(studio: StudioPage) -> None:
    studio.open("lang=en&focus=Noord")
    assert "earlier version of the studio" in studio.message()
    assert studio.figure("employed")["layout"]["title"].endswith(", Noord")


def test_4_back_and_forward_move_the_screen_through_the_address_bar_states(studio: StudioPage) -> None:
    studio.open()
    studio.settled()
    states = [(studio.page.url, studio.shown_hash())]
    studio.apply_preset("refugees")
    studio.settled()
    states.append((studio.page.url, studio.shown_hash()))
    old = studio.key("employed")
    studio.click_landsdeel("Noord")
    studio.wait_key_change("employed", old)
    studio.settled()
    states.append((studio.page.url, studio.shown_hash()))
    for url, shown in reversed(states[:-1]):
        studio.page.go_back()
        studio.page.wait_for_function("(url) => location.href === url", arg=url)
        studio.settled()
        assert studio.shown_hash() == shown
    for url, shown in states[1:]:
        studio.page.go_forward()
        studio.page.wait_for_function("(url) => location.href === url", arg=url)
        studio.settled()
        assert studio.shown_hash() == shown
    assert studio.page.input_value(".tp-name input") == "refugees"


# 5 and 7: uploads and landsdelen -------------------------------------------------------------------

def test_5_uploads_empty_bom_latin1_late_start_and_a_kind_twice(studio: StudioPage) -> None:
    studio.open()
    studio.apply_preset("refugees")
    current = studio.wanted()
    studio.upload("empty.toml", b"")
    assert studio.message() == "empty.toml: het bestand is leeg (verwacht: een TOML-scenario)"
    studio.upload("late.toml", b'name = "late"\n[[interventions]]\nkind = "refugees"\nstart = 2040-01-01\n')
    studio.page.locator(".tp-message-text", has_text="late.toml: interventions[0].start").wait_for()
    assert "2035 of eerder" in studio.message()
    assert studio.wanted() == current
    studio.upload("bom.toml", '\ufeffname = "met bom"\n'.encode())
    studio.page.locator(".tp-message-text", has_text="bom.toml").wait_for()
    assert studio.page.input_value(".tp-name input") == "met bom"
    studio.upload("latin.toml", 'name = "Zuidoost café"\n'.encode("latin-1"))
    studio.page.locator(".tp-message-text", has_text="latin.toml").wait_for()
    assert studio.page.input_value(".tp-name input") == "Zuidoost café"
    twice = (b'name = "twee keer"\n[[interventions]]\nkind = "refugees"\nper_year = 1000\n'
             b'[[interventions]]\nkind = "refugees"\nper_year = 3000\nlandsdelen = ["Noord"]\n')
    studio.upload("twice.toml", twice)
    studio.page.locator(".tp-intervention-refugees-2").wait_for()
    second = studio.number_box("refugees-2", "per_year")
    assert second.input_value() == "3.000"
    previous = studio.wanted()
    second.fill("4000")
    second.press("Enter")
    studio.wait_shown(previous)
    assert second.input_value() == "4.000" and studio.number_box("refugees", "per_year").input_value() == "1.000"
    assert studio.errors == []


def test_7_deselecting_every_landsdeel_says_so_and_keeps_them(studio: StudioPage) -> None:
    studio.open()
    previous = studio.wanted()
    studio.switch("hybrid_teachers")
    studio.wait_shown(previous)
    studio.page.click(".tp-intervention-hybrid_teachers .tp-landsdelen")
    items = studio.page.locator(".v-overlay-container .v-list-item")
    for name in ("Noord", "Noordwest", "Oost", "Zuidoost"):
        previous = studio.wanted()
        items.filter(has_text=name).first.click()
        studio.wait_shown(previous)
    current = studio.wanted()
    items.filter(has_text="Zuidwest").first.click()  # the last one
    studio.page.keyboard.press("Escape")
    assert studio.message() == ("hybrid_teachers.landsdelen: kies minstens één landsdeel "
                                "(Noord, Noordwest, Oost, Zuidoost, Zuidwest)")
    assert studio.wanted() == current
    chips = studio.page.inner_text(".tp-intervention-hybrid_teachers .tp-landsdelen")
    assert "Zuidwest" in chips  # the list shows the landsdelen the scenario still has


# 6: names --------------------------------------------------------------------------------------

def test_6_names_say_edited_and_numbers_keep_the_name_of_their_scenario(studio: StudioPage) -> None:
    studio.open()
    studio.apply_preset("aanvalsplan-2022")
    studio.page.click(".tp-pin")
    previous = studio.wanted()
    studio.switch("technology_promotion")
    studio.page.locator(".tp-computing").wait_for(timeout=10_000)  # a "computing" line while the run is going
    assert "grijze cijfers" in studio.page.inner_text(".tp-computing")
    header = studio.page.inner_text(".tp-difference-table thead")
    assert "Huidig: aanvalsplan-2022" in header and "bewerkt" not in header  # old numbers under their own name
    studio.wait_shown(previous)
    header = studio.page.inner_text(".tp-difference-table thead")
    assert "Vastgezet: aanvalsplan-2022" in header and "Huidig: aanvalsplan-2022 (bewerkt)" in header
    assert "Techniekpromotie in po/vo aangezet" in studio.page.inner_text(".tp-changes")
    assert studio.page.inner_text(".tp-preset") .count("aanvalsplan-2022") >= 1  # the picker names the preset


# 8: key presses and typed numbers ------------------------------------------------------------------

def test_8_fast_key_presses_decimals_and_a_bad_seed(studio: StudioPage) -> None:
    studio.open()
    previous = studio.wanted()
    studio.switch("hybrid_teachers")
    studio.wait_shown(previous)
    previous = studio.wanted()
    slider = studio.slider("hybrid_teachers", "count")
    slider.focus()
    for _ in range(10):
        studio.page.keyboard.press("ArrowRight")
    studio.wait_shown(previous)
    studio.page.wait_for_timeout(800)
    assert studio.number_box("hybrid_teachers", "count").input_value() == "1.200"  # 10 steps of 20
    box = studio.number_box("hybrid_teachers", "count")
    previous = studio.wanted()
    box.fill("1.5")
    box.press("Enter")
    studio.wait_shown(previous)
    assert box.input_value() == "1,5"  # not 15, and what is shown is what runs
    assert "aantal 1.000 → 1,5" in studio.page.inner_text(".tp-changes")
    studio.page.fill(".tp-seed input", "abc")
    studio.page.press(".tp-seed input", "Enter")
    assert studio.message() == "seed: moet een geheel getal ≥ 0 zijn, ingevuld: 'abc'"


# 10 and 11: labels, map and words ------------------------------------------------------------------

def test_10_one_horizon_a_readable_map_and_charts_beside_the_panel(server: str, browser: Browser) -> None:
    studio = StudioPage(browser, server, width=1024, height=768)
    try:
        studio.open()
        assert studio.page.input_value(".tp-preset input") == "baseline"  # not empty on first load
        assert studio.page.inner_text(".tp-month-label") == "Maand: 12-2035"
        assert studio.figure("map")["layout"]["title"].endswith("12-2035")
        assert "2035" in studio.page.inner_text(".tp-card-title")
        fills = studio.page.evaluate("""() => document.querySelector('[data-chart="map"] .js-plotly-plot').data
            .filter(t => t.fill === 'toself').map(t => t.fillcolor)""")
        assert not any(colour.replace(" ", "") in ("rgb(255,255,255)", "#ffffff", "rgb(247,251,255)")
                       for colour in fills)
        colour_bar = studio.page.evaluate("""() => document.querySelector('[data-chart="map"] .js-plotly-plot').data
            .find(t => t.name === 'scale').marker.cmin""")
        assert colour_bar == 0
        studio.page.click(".tp-map-difference input")
        studio.page.wait_for_function("""() => document.querySelector('[data-chart="map"] .js-plotly-plot')
            .layout.title.text.startsWith('Verschil met basispad')""")
        panel = studio.page.locator(".tp-scenario-panel").bounding_box()
        chart = studio.page.locator('[data-chart="vacancies"]').bounding_box()
        assert chart["x"] >= panel["x"] + panel["width"]  # beside the measure cards, not below them
    finally:
        studio.close()


def test_10_compare_legends_are_not_cut_off(studio: StudioPage) -> None:
    studio.open()
    studio.apply_preset("techniekpact-2013")
    studio.page.click(".tp-pin")
    studio.apply_preset("aanvalsplan-2022")
    studio.settled()
    for chart in ("intake", "hard_to_fill_vacancies"):
        inside = studio.page.evaluate("""(chart) => {
            const plot = document.querySelector(`[data-chart="${chart}"] .js-plotly-plot`);
            const legend = plot.querySelector('.legend').getBoundingClientRect();
            const box = plot.getBoundingClientRect();
            return legend.bottom <= box.bottom + 1 && legend.right <= box.right + 1; }""", chart)
        assert inside, chart


def test_11_dutch_mode_shows_dutch_and_english_mode_says_region(studio: StudioPage) -> None:
    studio.open()
    studio.apply_preset("hybrid-teachers")
    source = studio.page.inner_text(".tp-intervention-hybrid_teachers .tp-source")
    assert source == "Bron: Aanvalsplan 2022: 1.000 extra hybride docenten vanaf 2023"
    assert "bedrijven lenen" in studio.page.inner_text(".tp-preset-description").lower()
    assert "vakmensen" in studio.page.inner_text(".tp-explain-hybrid_teachers")
    _, content = studio.download(".tp-download-csv")
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8"))))
    assert {row["unit"] for row in rows} >= {"vacatures", "personen"}
    studio.page.click(".tp-language button:has-text('en')")
    studio.page.locator(".tp-title", has_text="Techniekpact scenario studio").wait_for()
    assert "Landsdeel" not in studio.page.inner_text(".tp-view-bar")
    studio.page.locator(".tp-map-card .tp-hint", has_text="Click a region").wait_for(timeout=20_000)
    assert studio.page.inner_text(".tp-intervention-hybrid_teachers .tp-source").startswith("Source: Aanvalsplan")


# The facilitator's tools --------------------------------------------------------------------------

def test_reset_undo_redo_what_changed_full_screen_and_shortcuts(studio: StudioPage) -> None:
    studio.open()
    studio.apply_preset("work-guarantee")
    assert "gelijk aan voorbeeldscenario 'work-guarantee'" in studio.page.inner_text(".tp-changes")
    previous = studio.wanted()
    studio.switch("refugees")
    studio.wait_shown(previous)
    box = studio.number_box("work_guarantee", "coverage")
    previous = studio.wanted()
    box.fill("0,5")
    box.press("Enter")
    studio.wait_shown(previous)
    changes = studio.page.inner_text(".tp-changes")
    assert changes.startswith("work-guarantee (bewerkt), veranderd ten opzichte van 'work-guarantee'")
    assert "Statushouders aangezet" in changes and "dekking" in changes and "→ 0,5" in changes
    edited = studio.wanted()
    studio.page.click(".tp-undo")
    studio.page.wait_for_function("(d) => document.querySelector('.tp-status').dataset.wanted !== d", arg=edited)
    assert "dekking" not in studio.page.inner_text(".tp-changes")
    studio.page.click(".tp-redo")
    studio.wait_shown(studio.wanted() if studio.wanted() != edited else "")
    assert studio.wanted() == edited
    studio.page.click(".tp-reset-preset")
    studio.page.locator(".tp-changes", has_text="gelijk aan voorbeeldscenario").wait_for()
    studio.page.keyboard.press("Control+z")
    studio.page.wait_for_function("(d) => document.querySelector('.tp-status').dataset.wanted === d", arg=edited)
    studio.page.click(".tp-chart-teacher_shortage .tp-fullscreen")
    card = studio.page.locator(".tp-chart-teacher_shortage.tp-full")
    card.wait_for()
    studio.page.wait_for_timeout(500)
    box = studio.page.locator('[data-chart="teacher_shortage"] .js-plotly-plot').bounding_box()
    assert box["width"] > 1400 and box["height"] > 800
    studio.page.keyboard.press("Escape")
    card.wait_for(state="detached")
    studio.page.keyboard.press("Space")  # play mode on and playing
    studio.page.wait_for_function(MONTHS_PLAYED + " >= 2", timeout=20_000)
    studio.page.keyboard.press("Space")
    studio.page.locator(".tp-play").wait_for()
    stopped = played(studio)
    studio.page.keyboard.press("s")
    studio.page.wait_for_function(MONTHS_PLAYED + f" === {stopped + 1}")
    assert studio.errors == []


def test_every_measure_and_chart_is_explained_in_both_languages() -> None:
    from abm.interventions import INTERVENTIONS
    from viz.explain import CHARTS, MEASURES, PRESETS_NL, SOURCES_NL
    from viz.monitor import CHARTS as SHOWN

    assert set(MEASURES) == set(SOURCES_NL) == set(INTERVENTIONS)
    assert {chart.key for chart in SHOWN} == set(CHARTS)
    assert all(set(texts) == {"nl", "en"} and all(texts.values()) for texts in (*MEASURES.values(), *CHARTS.values()))
    from experiments.scenarios import preset_names
    assert set(PRESETS_NL) == set(preset_names())


def test_one_csv_holds_every_landsdeel_and_level_with_its_provenance(studio: StudioPage) -> None:
    studio.open()
    studio.apply_preset("refugees")
    studio.settled()
    name, content = studio.download(".tp-download-csv")
    assert name == "techniekpact-refugees.csv"
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8"))))
    assert {"scenario_name", "scale", "seed", "replications", "version", "landsdeel", "measure"} <= set(rows[0])
    assert {row["landsdeel"] for row in rows} == {"NL", "Noord", "Noordwest", "Oost", "Zuidoost", "Zuidwest"}
    assert {row["measure"] for row in rows} >= {f"intake_{level}_{sex}" for level in ("mbo", "hbo", "wo")
                                                for sex in ("women", "men")}
    assert {row["scenario_name"] for row in rows} == {"refugees"} and {row["scale"] for row in rows} == {f"{DEFAULT_SCALE:g}"}
    shown = [float(row["scenario"]) for row in rows if row["measure"] == "cost" and row["landsdeel"] == "NL"
             and row["scenario"]]
    assert shown == pytest.approx(studio.line("cost"))


# Honest about noise ---------------------------------------------------------------------------------

def test_intervals_for_scenario_and_difference_and_uncertain_differences_greyed(studio: StudioPage) -> None:
    studio.open()
    studio.apply_preset("refugees")
    studio.settled()
    roles = {trace["meta"] for trace in studio.figure("employed")["data"]}
    assert {"band_low", "band_high", "scenario_low", "scenario_high"} <= roles
    assert "gemiddelde van 5 runs" in studio.page.inner_text(".tp-table-interval")
    cells = studio.page.locator(".tp-difference-table tbody td").all_inner_texts()
    assert sum("±" in text for text in cells) > 10
    assert studio.page.locator(".tp-difference-table td.tp-uncertain").count() >= 1
    assert "laagste en hoogste uitkomst van 5 runs" in studio.page.inner_text(".tp-band-explained")
    studio.page.click(".tp-focus-Oost")
    studio.page.locator(".tp-noise-warning").wait_for()
