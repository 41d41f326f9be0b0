"""Everything drawn from runs: the status lines, the view bar, play controls, map, key figures,
downloads and charts, as one component, so that a run finishing re-renders this part only.

Numbers are always shown under the name of the scenario they are of: while a new scenario is
being computed the previous numbers stay, greyed, with a line naming both.
"""

from __future__ import annotations

import html

import pandas as pd
import solara

from abm.scenario import BASELINE
from viz import runs
from viz.changes import label
from viz.charts import ChartGrid, CompareBar, DifferenceTable
from viz.figures import Style
from viz.i18n import number, tr
from viz.landsdeel_map import LandsdeelMap, ViewBar
from viz.monitor import NATIONAL, Runs, band_of
from viz.play import PlayControls, use_playback
from viz.results import Fetched, Run, Shown, digest, use_runs
from viz.share import ShareAndKeep
from viz.state import Studio, write_link


def chosen_month(months: pd.DatetimeIndex, index: int) -> pd.Timestamp:
    """The month the map and the key figures show (the last one unless another is chosen)."""
    if not len(months):
        return pd.Timestamp(runs.START)
    return months[index] if 0 <= index < len(months) else months[-1]


def line_names(shown: Run | None, pinned: Run | None, origin: str, lang: str) -> dict[str, str]:
    """What the lines are called in legends and the key-figures table: the names of the scenarios
    whose numbers they are (escaped: they come from people)."""
    def name(run: Run | None) -> str:
        return html.escape(label(run.scenario, origin, lang)) if run is not None else ""

    if pinned is None:
        return {"baseline": tr(lang, "baseline"), "pinned": "", "scenario": f"{tr(lang, 'table.scenario')}: {name(shown)}"}
    return {"baseline": tr(lang, "baseline"), "pinned": f"{tr(lang, 'compare.pinned')}: {name(pinned)}",
            "scenario": f"{tr(lang, 'compare.current')}: {name(shown)}"}


@solara.component
def StatusLines(studio: Studio, current: Fetched, baseline: Fetched, playing: bool) -> None:
    """Starting up, computing, and what the band is; plus a warning where the scale makes
    regional figures noise."""
    lang = studio.lang.value
    with solara.Div(classes=["tp-busy"]):
        if (current.busy or not current.replications) and not playing:
            solara.ProgressLinear(True)
    if baseline.run is None:
        solara.Text(tr(lang, "status.starting"), classes=["tp-status-line", "tp-starting"])
    elif current.busy and not playing and current.run is not None:
        solara.Text(tr(lang, "status.computing", wanted=label(studio.scenario.value, studio.origin.value, lang),
                       shown=label(current.run.scenario, studio.origin.value, lang)),
                    classes=["tp-status-line", "tp-computing"])
    reps = studio.replications.value
    solara.Text(tr(lang, "band.explained", n=reps) if reps > 1 else tr(lang, "band.none"),
                classes=["tp-hint", "tp-band-explained"])
    scale = studio.scale.value
    if scale >= runs.NOISY_SCALE and studio.focus.value != NATIONAL:
        solara.Text(tr(lang, "noise.warning", scale=number(scale, lang, 0)), classes=["tp-noise-warning"])


@solara.component
def StudioResults(studio: Studio) -> None:
    """The runs of the baseline, the scenario and the pinned one, and everything drawn from them."""
    lang, presenter = studio.lang.value, studio.presenter.value
    scale, seed, reps = studio.scale.value, studio.seed.value, studio.replications.value
    current = use_runs(studio.scenario.value, scale, seed, reps)
    baseline = use_runs(BASELINE, scale, seed, reps)
    pinned = use_runs(studio.pinned.value, scale, seed, reps)
    failure = current.error or baseline.error
    solara.use_effect(lambda: studio.fail(failure) if failure else None, [failure])
    playback = use_playback(studio)
    playing = studio.play_mode.value
    shown_run = playback.run if playing else current.run
    pinned_run = pinned.run if studio.pinned.value is not None else None

    months = baseline.run.wide.index if baseline.run is not None else pd.DatetimeIndex([])
    date = playback.date or chosen_month(months, studio.month.value)
    names = line_names(shown_run, pinned_run, studio.origin.value, lang)
    digests = [run.digest if run is not None else "-" for run in (baseline.run, shown_run, pinned_run)]
    counts = [len(f.replications) for f in (baseline, current, pinned)]
    key = "|".join([*digests, *map(str, counts), str(playing), studio.focus.value, studio.group.value,
                    f"{date:%Y-%m}", lang, str(presenter), ",".join(names.values())])

    def make_shown() -> Shown:
        scenario_reps = () if playing else current.replications
        frames = Runs(baseline=baseline.run.wide if baseline.run else None, band=band_of(baseline.replications),
                      scenario=shown_run.wide if shown_run else None, pinned=pinned_run.wide if pinned_run else None,
                      scenario_band=band_of(scenario_reps),
                      replications={"baseline": baseline.replications, "scenario": scenario_reps,
                                    "pinned": pinned.replications if pinned_run else ()})
        return Shown(key, frames, studio.group.value, studio.focus.value, date, names, Style(lang, presenter),
                     playing)

    shown = solara.use_memo(make_shown, [key])
    pinning = studio.pinned.value is not None
    stale = (current.busy and not playing) or baseline.busy or (pinning and pinned.busy)
    complete = bool(current.replications and baseline.replications and (pinned.replications or not pinning))
    with solara.Div(classes=["tp-main", "tp-stale" if stale else "tp-fresh"]):
        StatusLines(studio, current, baseline, playing)
        solara.HTML(tag="div", classes=["tp-status"], style="display: none",
                    attributes={"data-band": "yes" if baseline.replications else "no",
                                "data-complete": "yes" if complete else "no",
                                "data-shown": digests[1], "data-wanted": digest(studio.scenario.value, scale, seed),
                                "data-key": shown.key, "data-link": write_link(studio.snapshot())})
        ViewBar(studio, months, playback.date)
        with solara.Div(classes=["tp-play-slot"]):  # always there, so that the charts after it are never rebuilt
            if playing:
                PlayControls(studio, playback)
        CompareBar(studio)
        with solara.Div(classes=["tp-top"]):
            LandsdeelMap(shown, studio)
            with solara.Column(gap="12px"):
                DifferenceTable(shown, studio)
                ShareAndKeep(studio, shown)
        ChartGrid(shown, studio)
