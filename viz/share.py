"""Share and keep: the link in the address bar, the scenario as a TOML file (download and
upload) and the shown numbers as CSV. Charts export as PNG from each chart's camera button."""

from __future__ import annotations

import re
import threading

import solara

from experiments.run import package_version
from experiments.scenarios import MAX_FILE_BYTES, ScenarioError, to_toml
from viz.charts import CHARTS
from viz.file_buttons import DownloadButton, UploadButton
from viz.i18n import tr
from viz.monitor import LEVELS, shown_table
from viz.results import Shown
from viz.runs import LAST_YEAR
from viz.scenario_io import scenario_from_upload
from viz.state import FOCUS, Studio, read_link, write_link


def slug(name: str) -> str:
    """A file name from a scenario name."""
    return re.sub(r"[^A-Za-z0-9_-]+", "-", name).strip("-").lower() or "scenario"


@solara.component
def ShareAndKeep(studio: Studio, shown: Shown) -> None:
    """Downloads (scenario TOML, shown numbers CSV) and the scenario upload."""
    lang = studio.lang.value
    scenario = studio.scenario.value

    def load(filename: str, content: bytes | None, size: int) -> None:
        try:
            loaded = scenario_from_upload(filename, content, size, LAST_YEAR)
        except ScenarioError as error:
            studio.fail(str(error))
            return
        studio.change_scenario(loaded)
        studio.tell(tr(lang, "upload.loaded", name=loaded.name, file=filename))

    def csv() -> str:
        keys = tuple(dict.fromkeys(key for chart in CHARTS for lvl in LEVELS for key in chart.measure_keys(lvl)))
        table = shown_table(keys, shown.runs, shown.group, FOCUS, lang)
        provenance = {"scenario_name": scenario.name, "scale": f"{studio.scale.value:g}", "seed": studio.seed.value,
                      "replications": studio.replications.value, "version": package_version()}
        for column, value in provenance.items():
            table[column] = value
        return table.to_csv(index=False)

    with solara.Row(classes=["tp-share"], style={"align-items": "center", "flex-wrap": "wrap"}, gap="8px"):
        DownloadButton(tr(lang, "download.toml"), f"{slug(scenario.name)}.toml", "application/toml",
                       lambda: to_toml(scenario), classes="tp-download-toml")
        DownloadButton(tr(lang, "download.csv"), f"techniekpact-{slug(scenario.name)}.csv", "text/csv",
                       csv, classes="tp-download-csv")
        UploadButton(tr(lang, "upload.toml"), ".toml,text/plain,application/toml", MAX_FILE_BYTES, load,
                     classes="tp-upload-toml")
    solara.Text(f"{tr(lang, 'share.hint')} {tr(lang, 'export.png')}", classes=["tp-hint"])


@solara.component
def LinkSync(studio: Studio) -> None:
    """Keeps the address bar's query string equal to the session's state (every change is a
    history entry), and shows the state of the address when Back or Forward changed it."""
    router = solara.use_router()
    wanted = write_link(studio.snapshot())
    seen = solara.use_ref(router.search or "")
    current = router.search or ""

    def push() -> None:
        if current != wanted:
            seen.current = wanted
            router.push(f"{router.path}?{wanted}" if wanted else router.path)

    def navigated(_cancel: threading.Event) -> None:
        """Back or Forward (a change of the address that is not ours): show its state. Done in a
        thread of its own, as a run's result is, so that the page's update is sent at once."""
        if current != seen.current and current != wanted:
            seen.current = current
            studio.restore(read_link(current).view())

    solara.use_thread(navigated, [current], intrusive_cancel=False)
    solara.use_effect(push, [wanted])
