"""The browser view: a live scenario studio for workshops (``techniekpact ui``, or
``python -m solara run viz.app``).

Every change of the scenario re-runs the whole horizon in the background and redraws; the
baseline is always drawn. Everything is served by this server (plotly.js from the ``plotly``
package, Solara's front-end from ``solara-assets``) and nothing is sent elsewhere: Solara's
telemetry and its check frame to solara.dev are switched off here, whoever starts the server.
"""

from __future__ import annotations

import sys
from pathlib import Path

import solara
import solara.checks
import solara.server.settings
import solara.settings

from viz import runs
from viz.changes import summary
from viz.controls import ScenarioPanel
from viz.errors import in_language
from viz.i18n import LANGUAGES, tr
from viz.plotly_view import PLOTLY_JS_DIRECTORY
from viz.results_view import StudioResults
from viz.share import LinkSync
from viz.shortcuts import Shortcuts
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
    return getattr(getattr(main, "__spec__", None), "name", None) in ("solara.__main__", "viz.serve")


if served_by_solara_command():
    runs.RUNNER.run_ahead()

CSS = (Path(__file__).parent / "studio.css").read_text()
"""The page's style sheet (normal and presenter layout)."""


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
def ChangesBar(studio: Studio) -> None:
    """The facilitator's line: what the scenario changes against its preset, undo, redo, reset."""
    lang = studio.lang.value
    scenario, origin = studio.scenario.value, studio.origin.value
    with solara.Row(classes=["tp-changes-bar"], style={"align-items": "center", "flex-wrap": "wrap"}, gap="6px"):
        solara.Button(tr(lang, "undo"), icon_name="mdi-undo", text=True, size="small", classes=["tp-undo"],
                      disabled=not studio.undo_stack.value, on_click=studio.undo)
        solara.Button(tr(lang, "redo"), icon_name="mdi-redo", text=True, size="small", classes=["tp-redo"],
                      disabled=not studio.redo_stack.value, on_click=studio.redo)
        solara.Button(tr(lang, "reset.preset", origin=origin), icon_name="mdi-restore", text=True, size="small",
                      classes=["tp-reset-preset"], on_click=studio.reset)
        solara.Text(summary(scenario, origin, lang), classes=["tp-changes"])


@solara.component
def MessageBar(studio: Studio) -> None:
    """The one-line error or notice, if any."""
    message = studio.message.value
    if message is None:
        return
    kind = "error" if message.error else "info"
    with solara.Row(classes=["tp-message", f"tp-{kind}"], style={"align-items": "center"}):
        solara.v.Alert(type=kind, density="compact", variant="tonal", class_="ma-0 tp-message-text",
                       children=[in_language(message.text, studio.lang.value) if message.error else message.text])
        solara.Button(tr(studio.lang.value, "error.close"), text=True, size="small", classes=["tp-message-close"],
                      on_click=lambda: studio.message.set(None))


@solara.component
def ScenarioStudio(link: Link) -> None:
    """The page of one browser session: its own state, the scenario panel and the results."""
    studio = use_studio(link)
    lang, presenter = studio.lang.value, studio.presenter.value
    solara.Style(CSS)
    solara.Title(tr(lang, "app.title"))
    LinkSync(studio)
    Shortcuts(studio)
    with solara.Column(classes=["tp-root", "tp-presenter" if presenter else "tp-normal"], gap="0px"):
        Header(studio)
        MessageBar(studio)
        ChangesBar(studio)
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
