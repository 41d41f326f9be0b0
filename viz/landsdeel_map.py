"""The map of the five landsdelen and the view's focus, sector group and month."""

from __future__ import annotations

import pandas as pd
import solara

from abm.interventions.base import ALL_LANDSDELEN
from viz.figures import landsdeel_map
from viz.i18n import tr
from viz.monitor import MEASURES, NATIONAL, SECTOR_GROUPS
from viz.plotly_view import PlotlyView, figure_json
from viz.results import Shown
from viz.slider import ReleasedSlider
from viz.state import FOCUS, LAST_MONTH, Studio


def map_values(shown: Shown, measure_key: str, difference: bool) -> dict[str, float]:
    """Each landsdeel's value of the measure at the shown month (minus the baseline's if asked)."""
    measure = MEASURES[measure_key]
    runs = shown.runs
    if runs.scenario is None:
        return {}
    values = {name: measure.at(runs.scenario, shown.group, name, shown.date) for name in ALL_LANDSDELEN}
    if difference and runs.baseline is not None:
        values = {name: value - measure.at(runs.baseline, shown.group, name, shown.date)
                  for name, value in values.items()}
    return values


@solara.component
def LandsdeelMap(shown: Shown, studio: Studio) -> None:
    """The COROP regions coloured by their landsdeel's value, grouped as the scenario's model groups
    them; clicking a landsdeel focuses every chart on it (clicking it again goes back to the whole country)."""
    lang = shown.style.lang
    measure_key = studio.map_measure.value
    difference = studio.map_difference.value
    measure = MEASURES[measure_key]
    grouping = studio.scenario.value.geography

    def build() -> str:
        title = f"{measure.title(lang)}, {shown.date:%m-%Y}"
        if difference:
            title = f"{tr(lang, 'map.difference.title')}: {title}"
        return figure_json(landsdeel_map(map_values(shown, measure_key, difference), shown.focus, title,
                                         tr(lang, measure.unit), measure.digits, difference, shown.style, grouping))

    figure = solara.use_memo(build, [shown, measure_key, difference, grouping])

    def clicked(event: dict) -> None:
        name = event.get("value")
        if name in ALL_LANDSDELEN:
            studio.focus.set(NATIONAL if name == studio.focus.value else name)

    items = [{"title": MEASURES[key].title(lang), "value": key} for key in MEASURES]
    with solara.Card(classes=["tp-map-card"], margin=0):
        with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}):
            solara.v.Select(label=tr(lang, "map.measure"), items=items, v_model=measure_key, density="compact",
                            hide_details=True, on_v_model=studio.map_measure.set, class_="tp-map-measure",
                            style_="max-width: 340px")
            solara.Switch(label=tr(lang, "map.difference"), value=studio.map_difference, classes=["tp-map-difference"])
        PlotlyView.element(name="map", figure=figure, key=f"{shown.key}|{measure_key}|{difference}", on_clicked=clicked)
        solara.Text(tr(lang, "map.hint"), classes=["tp-hint"])
        solara.Text(tr(lang, f"map.attribution.{grouping}"), classes=["tp-hint", "tp-map-attribution"])


@solara.component
def ViewBar(studio: Studio, months: pd.DatetimeIndex, playing_date: pd.Timestamp | None) -> None:
    """Which landsdeel, sector group and month the charts, the map and the table show."""
    lang = studio.lang.value
    with solara.Row(classes=["tp-view-bar"], style={"align-items": "center", "flex-wrap": "wrap", "gap": "12px"}):
        with solara.v.BtnToggle(v_model=FOCUS.index(studio.focus.value), mandatory=True, density="compact",
                                variant="outlined", on_v_model=lambda index: studio.focus.set(FOCUS[index]),
                                class_="tp-focus"):
            for name in FOCUS:
                solara.v.Btn(children=[tr(lang, name) if name == NATIONAL else name], size="small",
                             class_=f"tp-focus-{name}")
        solara.v.Select(label=tr(lang, "sector_group"), v_model=studio.group.value, density="compact",
                        hide_details=True, items=[{"title": tr(lang, f"group.{g}"), "value": g} for g in SECTOR_GROUPS],
                        on_v_model=studio.group.set, class_="tp-group", style_="max-width: 260px")
        if playing_date is None and len(months):
            index = studio.month.value if 0 <= studio.month.value < len(months) else len(months) - 1
            with solara.Row(classes=["tp-month"], style={"align-items": "center", "min-width": "300px", "flex": "1"}):
                solara.Text(f"{tr(lang, 'date')}: {months[index]:%m-%Y}", classes=["tp-month-label"])
                ReleasedSlider(index, 0, len(months) - 1, 1, class_="tp-month-slider",
                               on_value=lambda i: studio.month.set(LAST_MONTH if i == len(months) - 1 else int(i)))
        elif playing_date is not None:
            solara.Text(f"{tr(lang, 'date')}: {playing_date:%m-%Y}", classes=["tp-month-label", "tp-play-date"])
