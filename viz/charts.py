"""The monitor's charts, the key-figures table and the compare bar."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd
import solara

from viz.explain import chart_text
from viz.figures import timeseries
from viz.i18n import number, tr
from viz.monitor import CHARTS, LEVELS, MEASURES, Chart, Measure
from viz.noise import Estimate, decimals, estimate, rounded
from viz.plotly_view import PlotlyView, figure_json
from viz.results import Shown
from viz.runs import LAST_YEAR
from viz.state import Studio


@solara.component
def IndicatorChart(chart: Chart, shown: Shown, studio: Studio) -> None:
    """One chart: baseline (band and line) and scenario; pinned | current side by side when
    comparing; a button shows it alone on the whole screen (Escape or the button closes it)."""
    level = studio.level.value
    lang = shown.style.lang
    full = studio.fullscreen.value == chart.key
    keys = chart.measure_keys(level)

    def build() -> str:
        return figure_json(timeseries(chart, keys, shown.runs, shown.group, shown.focus, shown.date, shown.names,
                                      shown.style, full=full))

    figure = solara.use_memo(build, [shown, keys, full])
    classes = ["tp-chart-card", f"tp-chart-{chart.key}", "tp-full" if full else "tp-in-grid"]
    with solara.Card(classes=classes, margin=0):
        with solara.Row(classes=["tp-chart-tools"], justify="end", style={"align-items": "center"}):
            solara.Text(chart_text(chart.key, lang), classes=["tp-explain", "tp-chart-explain"])
            solara.v.Spacer()
            if keys != chart.measures:
                solara.ToggleButtonsSingle(value=studio.level, values=list(LEVELS), dense=True,
                                           classes=["tp-level-toggle"])
            solara.Button(icon_name="mdi-fullscreen-exit" if full else "mdi-fullscreen", icon=True, small=True,
                          classes=["tp-fullscreen"], on_click=lambda: studio.fullscreen.set(None if full else chart.key),
                          attributes={"title": tr(lang, "fullscreen.close" if full else "fullscreen")})
        PlotlyView.element(name=chart.key, figure=figure, key=f"{shown.key}|{level}|{full}")


@solara.component
def ChartGrid(shown: Shown, studio: Studio) -> None:
    with solara.Div(classes=["tp-chart-grid"]):
        for chart in CHARTS:
            IndicatorChart(chart, shown, studio).key(chart.key)


ROLES = ("baseline", "pinned", "scenario")


@dataclass(frozen=True)
class Row:
    """A key figure: its title and unit, the most decimals it is shown with, an estimate per
    column (baseline, [pinned], scenario) and of the difference of the last two columns."""

    title: str
    unit: str
    digits: int
    columns: tuple[Estimate, ...]
    difference: Estimate


def period_values(measure: Measure, frames: tuple[pd.DataFrame, ...], shown: Shown, year: int) -> list[float]:
    """Each replication's figure for the year; in play mode only up to the month played, in every
    column alike (so a part of a year is never set against a whole one)."""
    if shown.playing:
        frames = tuple(frame.loc[:shown.date] for frame in frames)
    return [measure.in_year(frame, shown.group, shown.focus, year) for frame in frames]


def table_rows(shown: Shown, level: str, year: int) -> list[Row]:
    """Per shown measure its row: replications where there are several, paired by seed for the
    difference (a scenario and its reference share their random numbers)."""
    runs = shown.runs
    roles = [role for role in ROLES if getattr(runs, role) is not None]
    rows = []
    for chart in CHARTS:
        for key in chart.measure_keys(level):
            measure = MEASURES[key]
            values = {}
            for role in roles:
                replications = runs.replications.get(role) or ()
                frames = replications if len(replications) > 1 else (getattr(runs, role),)
                values[role] = period_values(measure, frames, shown, year)
            reference, target = values[roles[-2]], values[roles[-1]]
            paired = len(reference) == len(target)
            difference = ([t - r for t, r in zip(target, reference, strict=True)] if paired
                          else [target[0] - reference[0]])
            rows.append(Row(measure.title(shown.style.lang), tr(shown.style.lang, measure.unit), measure.digits,
                            tuple(estimate(values[role]) for role in roles), estimate(difference)))
    return rows


def cell(value: Estimate, digits: int, lang: str, signed: bool = False) -> str:
    """A table cell: the figure rounded to what its interval supports, with the interval; a
    difference whose interval spans zero is greyed and says why."""
    if math.isnan(value.mean):
        return "<td>-</td>"
    shown_digits = decimals(value.half, digits) if value.known else digits
    mean = rounded(value.mean, value.half, digits) if value.known else value.mean
    sign = "+" if signed and mean > 0 else ""
    text = f"{sign}{number(mean, lang, shown_digits)}"
    if value.known and value.half > 0:
        text += f"<span class='tp-interval'> ± {number(rounded(value.half, value.half, digits), lang, shown_digits)}</span>"
    if signed and value.known and value.spans_zero:
        return f"<td class='tp-uncertain' title='{tr(lang, 'table.uncertain')}'>{text}</td>"
    return f"<td class='{'tp-certain' if signed and value.known else ''}'>{text}</td>"


def table_title(shown: Shown, year: int) -> str:
    lang = shown.style.lang
    focus = tr(lang, "NL") if shown.focus == "NL" else shown.focus
    if shown.playing:
        return tr(lang, "table.played", start=f"01-{year}", end=f"{shown.date:%m-%Y}", focus=focus)
    return tr(lang, "table.title", year=year, focus=focus)


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
    body = "".join(
        f"<tr><th>{row.title} <span class='tp-unit'>({row.unit})</span></th>"
        + "".join(cell(value, row.digits, lang) for value in row.columns)
        + cell(row.difference, row.digits, lang, signed=True) + "</tr>"
        for row in rows)
    head = "".join(f"<th>{h}</th>" for h in [tr(lang, "table.measure"), *heads])
    replications = max((row.columns[-1].n for row in rows), default=1)
    with solara.Card(classes=["tp-table-card"], margin=0):
        solara.Text(table_title(shown, year), classes=["tp-card-title"])
        if replications > 1:
            solara.Text(tr(lang, "table.interval", n=replications), classes=["tp-hint", "tp-table-interval"])
        solara.HTML(tag="table", unsafe_innerHTML=f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody>",
                    classes=["tp-difference-table"], attributes={"data-key": shown.key})


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
