"""The browser view: a live scenario studio for workshops (``techniekpact ui``, or
``python -m solara run viz.app``).

Every change of the scenario re-runs the whole horizon in the background and redraws; the
baseline is always drawn. Everything is served by this server (plotly.js from the ``plotly``
package, Solara's front-end from ``solara-assets``) and nothing is sent elsewhere: Solara's
telemetry and its check frame to solara.dev are switched off here, whoever starts the server.
"""

from __future__ import annotations

import html
import sys

import pandas as pd
import solara
import solara.checks
import solara.server.settings
import solara.settings

from abm.scenario import BASELINE
from viz import runs
from viz.charts import ChartGrid, CompareBar, DifferenceTable
from viz.controls import ScenarioPanel
from viz.figures import Style
from viz.i18n import LANGUAGES, tr
from viz.landsdeel_map import LandsdeelMap, ViewBar
from viz.monitor import Runs
from viz.play import PlayControls, use_playback
from viz.plotly_view import PLOTLY_JS_DIRECTORY
from viz.results import Shown, digest, use_band, use_run
from viz.share import LinkSync, ShareAndKeep
from viz.state import Link, Studio, read_link, use_studio

solara.server.settings.telemetry.mixpanel_enable = False
solara.checks.should_perform_solara_check = lambda: False  # its iframe to solara.dev (shown without --production)
solara.settings.assets.cdn = "http://127.0.0.1:9/"  # a file missing from solara-assets fails here, not at jsdelivr
solara.server.settings.theme.show_banner = False
solara.server.settings.theme.title = "Techniekpact"
if str(PLOTLY_JS_DIRECTORY) not in solara.server.settings.assets.extra_locations:
    solara.server.settings.assets.extra_locations.append(str(PLOTLY_JS_DIRECTORY))


def served_by_solara_command() -> bool:
    """Whether ``python -m solara run`` imported this module: then the worker processes start
    with the server (anywhere else, a script or a notebook, they start with the first page)."""
    main = sys.modules.get("__main__")
    return getattr(getattr(main, "__spec__", None), "name", None) == "solara.__main__"


if served_by_solara_command():
    runs.RUNNER.run_ahead()

CSS = """
.tp-root { font-size: 15px; }
.tp-header { background: #e9f0f7; border-bottom: 3px solid #0b3d6b; padding: 6px 16px; align-items: center; }
.tp-header > * { background: transparent !important; }
.tp-title { font-size: 1.5em; font-weight: 500; color: #0b3d6b; }
.tp-subtitle { opacity: 0.85; }
.tp-layout { display: grid; grid-template-columns: minmax(330px, 380px) 1fr; gap: 12px; padding: 12px; }
.tp-scenario-panel { max-height: calc(100vh - 90px); overflow-y: auto; padding-right: 6px; position: sticky; top: 8px; }
.tp-main { min-width: 0; display: flex; flex-direction: column; gap: 12px; }
.tp-top { display: grid; grid-template-columns: minmax(320px, 5fr) 6fr; gap: 12px; }
.tp-chart-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(440px, 1fr)); gap: 12px; }
.tp-chart-card, .tp-map-card, .tp-table-card { padding: 6px; }
.tp-intervention { border-bottom: 1px solid #e4e4e4; padding-bottom: 4px; }
.tp-intervention .v-input--switch { margin-top: 4px; }
.tp-source, .tp-hint { font-size: 0.82em; color: #555; }
.tp-panel-title, .tp-card-title { font-weight: 600; font-size: 1.05em; margin-top: 6px; }
.tp-number-label { font-size: 0.9em; }
.tp-number-input input { text-align: right; }
.tp-difference-table { border-collapse: collapse; width: 100%; font-size: 0.92em; }
.tp-difference-table th, .tp-difference-table td { padding: 3px 8px; border-bottom: 1px solid #eee; text-align: right; }
.tp-difference-table th:first-child { text-align: left; font-weight: 500; }
.tp-difference-table td:last-child { font-weight: 600; }
.tp-unit { color: #777; font-weight: 400; }
.tp-message { padding: 6px 16px; }
.tp-busy { height: 4px; }
.tp-presenter { font-size: 21px; }
.tp-presenter .v-btn, .tp-presenter .v-selection-control .v-label, .tp-presenter input { font-size: 19px !important; }
.tp-presenter .tp-layout { grid-template-columns: minmax(380px, 440px) 1fr; }
.tp-presenter .tp-top { grid-template-columns: 1fr; }
.tp-presenter .tp-difference-table, .tp-presenter .tp-card-title { font-size: 20px; }
.tp-presenter .tp-chart-grid { grid-template-columns: repeat(auto-fill, minmax(620px, 1fr)); }
@media (max-width: 1100px) {
  .tp-layout, .tp-top { grid-template-columns: 1fr; }
  .tp-scenario-panel { max-height: none; position: static; }
}
"""


@solara.component
def Header(studio: Studio) -> None:
    """Title, language, presenter layout and play mode."""
    lang = studio.lang.value
    with solara.Row(classes=["tp-header"], style={"flex-wrap": "wrap", "gap": "16px"}):
        with solara.Column(gap="0px"):
            solara.Text(tr(lang, "app.title"), classes=["tp-title"])
            solara.Text(tr(lang, "app.subtitle"), classes=["tp-subtitle"])
        solara.v.Spacer()
        solara.ToggleButtonsSingle(value=studio.lang, values=list(LANGUAGES), dense=True, classes=["tp-language"])
        solara.Switch(label=tr(lang, "presenter"), value=studio.presenter, classes=["tp-presenter-switch"])
        solara.Switch(label=tr(lang, "play.mode"), value=studio.play_mode, classes=["tp-play-mode"])


@solara.component
def MessageBar(studio: Studio) -> None:
    """The one-line error or notice, if any."""
    message = studio.message.value
    if message is None:
        return
    kind = "error" if message.error else "info"
    with solara.Row(classes=["tp-message", f"tp-{kind}"], style={"align-items": "center"}):
        solara.v.Alert(type=kind, density="compact", variant="tonal", class_="ma-0 tp-message-text",
                       children=[message.text])
        solara.Button(tr(studio.lang.value, "error.close"), text=True, size="small", classes=["tp-message-close"],
                      on_click=lambda: studio.message.set(None))


def chosen_month(months: pd.DatetimeIndex, index: int) -> pd.Timestamp:
    """The month the map and the key figures show (the last one unless another is chosen)."""
    if not len(months):
        return pd.Timestamp(runs.START)
    return months[index] if 0 <= index < len(months) else months[-1]


def line_names(studio: Studio, lang: str) -> dict[str, str]:
    """What the lines are called in legends and the key-figures table (names escaped: they come
    from people)."""
    scenario, pinned = studio.scenario.value, studio.pinned.value
    if pinned is None:
        return {"baseline": tr(lang, "baseline"), "pinned": "",
                "scenario": f"{tr(lang, 'table.scenario')}: {html.escape(scenario.name)}"}
    return {"baseline": tr(lang, "baseline"), "pinned": f"{tr(lang, 'compare.pinned')}: {html.escape(pinned.name)}",
            "scenario": f"{tr(lang, 'compare.current')}: {html.escape(scenario.name)}"}


@solara.component
def StudioResults(studio: Studio) -> None:
    """Everything drawn from runs: the view bar, play controls, map, key figures, downloads and
    charts. Its own component, so that a run finishing re-renders this part only."""
    lang, presenter = studio.lang.value, studio.presenter.value
    scale, seed = studio.scale.value, studio.seed.value
    pinned_scenario = studio.pinned.value
    current, busy, failed = use_run(studio.scenario.value, scale, seed)
    baseline, _, baseline_failed = use_run(BASELINE, scale, seed)
    pinned, _, _ = use_run(pinned_scenario, scale, seed)
    band = use_band(scale)
    failure = failed or baseline_failed
    solara.use_effect(lambda: studio.fail(failure) if failure else None, [failure])
    playback = use_playback(studio)
    shown_run = playback.run if studio.play_mode.value else current
    if pinned_scenario is None:
        pinned = None

    months = baseline.wide.index if baseline is not None else pd.DatetimeIndex([])
    date = playback.date or chosen_month(months, studio.month.value)
    names = line_names(studio, lang)
    digests = [run.digest if run is not None else "-" for run in (baseline, shown_run, pinned)]
    key = "|".join([*digests, "band" if band else "-", studio.focus.value, studio.group.value, f"{date:%Y-%m}",
                    lang, str(presenter), ",".join(names.values())])

    def make_shown() -> Shown:
        frames = Runs(baseline=baseline.wide if baseline else None, band=band,
                      scenario=shown_run.wide if shown_run else None, pinned=pinned.wide if pinned else None)
        return Shown(key, frames, studio.group.value, studio.focus.value, date, names, Style(lang, presenter))

    shown = solara.use_memo(make_shown, [key])
    with solara.Div(classes=["tp-main"]):
        with solara.Div(classes=["tp-busy"]):
            if busy and not studio.play_mode.value:
                solara.ProgressLinear(True)
        solara.HTML(tag="div", classes=["tp-status"], style="display: none",
                    attributes={"data-band": "yes" if band else "no", "data-shown": digests[1],
                                "data-wanted": digest(studio.scenario.value, scale, seed)})
        ViewBar(studio, months, playback.date)
        if studio.play_mode.value:
            PlayControls(studio, playback)
        CompareBar(studio)
        with solara.Div(classes=["tp-top"]):
            LandsdeelMap(shown, studio)
            with solara.Column(gap="12px"):
                DifferenceTable(shown, studio)
                ShareAndKeep(studio, shown)
        ChartGrid(shown, studio)


@solara.component
def ScenarioStudio(link: Link) -> None:
    """The page of one browser session: its own state, the scenario panel and the results."""
    studio = use_studio(link)
    lang, presenter = studio.lang.value, studio.presenter.value
    solara.Style(CSS)
    solara.Title(tr(lang, "app.title"))
    LinkSync(studio)
    with solara.Column(classes=["tp-root", "tp-presenter" if presenter else "tp-normal"], gap="0px"):
        Header(studio)
        MessageBar(studio)
        with solara.Div(classes=["tp-layout"]):
            ScenarioPanel(studio)
            StudioResults(studio)


@solara.component
def Page() -> None:
    """Solara's entry point: the session's state starts from the link it was opened with."""
    router = solara.use_router()
    link = solara.use_memo(lambda: read_link(router.search), [])
    solara.use_effect(runs.RUNNER.run_ahead, [])
    ScenarioStudio(link)


@solara.component
def Layout(children: list = []) -> None:  # noqa: B006 (Solara's signature)
    """No app bar or sidebar around the page: the studio lays itself out."""
    solara.Column(children=children, gap="0px", style={"padding": "0", "margin": "0"})
