"""The monitor's charts, the key-figures table and the compare bar."""

from __future__ import annotations

import math

import solara

from viz.figures import timeseries
from viz.i18n import number, tr
from viz.monitor import CHARTS, LEVELS, MEASURES, Chart
from viz.plotly_view import PlotlyView, figure_json
from viz.results import Shown
from viz.runs import LAST_YEAR
from viz.state import Studio


@solara.component
def IndicatorChart(chart: Chart, shown: Shown, studio: Studio) -> None:
    """One chart: baseline (band and line) and scenario; pinned | current side by side when comparing."""
    level = studio.level.value
    keys = chart.measure_keys(level)
    def build() -> str:
        return figure_json(timeseries(chart, keys, shown.runs, shown.group, shown.focus, shown.date, shown.names,
                                      shown.style))

    figure = solara.use_memo(build, [shown, keys])
    with solara.Card(classes=["tp-chart-card", f"tp-chart-{chart.key}"], margin=0):
        if keys != chart.measures:
            with solara.Row(classes=["tp-level"], justify="end"):
                solara.ToggleButtonsSingle(value=studio.level, values=list(LEVELS), dense=True,
                                           classes=["tp-level-toggle"])
        PlotlyView.element(name=chart.key, figure=figure, key=f"{shown.key}|{level}")


@solara.component
def ChartGrid(shown: Shown, studio: Studio) -> None:
    with solara.Div(classes=["tp-chart-grid"]):
        for chart in CHARTS:
            IndicatorChart(chart, shown, studio).key(chart.key)


def table_rows(shown: Shown, level: str, year: int) -> list[tuple[str, str, int, list[float]]]:
    """Per shown measure: its title, unit, decimals and the year's figures in the table's column
    order (baseline, [pinned], scenario, difference)."""
    runs = shown.runs
    columns = [frame for frame in (runs.baseline, runs.pinned, runs.scenario) if frame is not None]
    rows = []
    for chart in CHARTS:
        for key in chart.measure_keys(level):
            measure = MEASURES[key]
            values = [measure.in_year(frame, shown.group, shown.focus, year) for frame in columns]
            rows.append((measure.title(shown.style.lang), tr(shown.style.lang, measure.unit), measure.digits,
                         [*values, values[-1] - values[-2]]))
    return rows


@solara.component
def DifferenceTable(shown: Shown, studio: Studio) -> None:
    """Key figures for the selected year and landsdeel: the difference is scenario minus baseline,
    or current minus pinned when comparing."""
    lang = shown.style.lang
    runs = shown.runs
    year = min(shown.date.year, LAST_YEAR)
    level = studio.level.value
    ready = runs.baseline is not None and runs.scenario is not None
    rows = solara.use_memo(lambda: table_rows(shown, level, year) if ready else [], [shown, level, year])
    if not ready:
        return
    heads = [tr(lang, "table.baseline")]
    if runs.pinned is not None:
        heads.append(shown.names["pinned"])
    heads += [shown.names["scenario"], tr(lang, "table.difference")]

    def cell(value: float, digits: int, signed: bool) -> str:
        if math.isnan(value):
            return "<td>-</td>"
        sign = "+" if signed and value > 0 else ""
        return f"<td>{sign}{number(value, lang, digits)}</td>"

    body = "".join(
        f"<tr><th>{title} <span class='tp-unit'>({unit})</span></th>"
        + "".join(cell(v, digits, i == len(values) - 1) for i, v in enumerate(values)) + "</tr>"
        for title, unit, digits, values in rows)
    head = "".join(f"<th>{h}</th>" for h in [tr(lang, "table.measure"), *heads])
    focus = tr(lang, "NL") if shown.focus == "NL" else shown.focus
    with solara.Card(classes=["tp-table-card"], margin=0):
        solara.Text(tr(lang, "table.title", year=year, focus=focus), classes=["tp-card-title"])
        solara.HTML(tag="table", unsafe_innerHTML=f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody>",
                    classes=["tp-difference-table"])


@solara.component
def CompareBar(studio: Studio) -> None:
    """Pin the current scenario to compare it with the next one; the charts split into two panels."""
    lang = studio.lang.value
    pinned = studio.pinned.value
    with solara.Row(classes=["tp-compare-bar"], style={"align-items": "center"}):
        if pinned is None:
            solara.Button(tr(lang, "compare.pin"), icon_name="mdi-pin", outlined=True, classes=["tp-pin"],
                          on_click=lambda: studio.pinned.set(studio.scenario.value))
        else:
            solara.Button(tr(lang, "compare.unpin"), icon_name="mdi-pin-off", outlined=True, classes=["tp-unpin"],
                          on_click=lambda: studio.pinned.set(None))
            solara.Text(tr(lang, "compare.hint", name=pinned.name), classes=["tp-hint"])
