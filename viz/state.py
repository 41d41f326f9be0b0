"""One browser session's state, and the share link that carries it.

:func:`use_studio` creates the state with ``solara.use_reactive`` inside the page, so every browser
page (Solara kernel) has its own: two people at two laptops never share a scenario. Nothing in
``viz`` keeps a model or a scenario at module level; only runs are shared (``viz.runs``), which
are pure functions of what produced them.

The link holds the scenario (``s``, see ``scenario_io.scenario_to_token``), the language and the
focused landsdeel; a bad link keeps the defaults and says what was wrong in one line.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlencode

import solara

from abm.interventions.base import ALL_LANDSDELEN
from abm.scenario import BASELINE, Scenario
from experiments.scenarios import ScenarioError
from viz.i18n import DEFAULT_LANGUAGE, LANGUAGES
from viz.monitor import LEVELS, NATIONAL, SECTOR_GROUPS
from viz.runs import DEFAULT_SCALE, DEFAULT_SEED
from viz.scenario_io import scenario_from_token, scenario_to_token

FOCUS = (NATIONAL, *ALL_LANDSDELEN)


@dataclass(frozen=True)
class Link:
    """What a share link restores, and what in it could not be used."""

    scenario: Scenario = BASELINE
    lang: str = DEFAULT_LANGUAGE
    focus: str = NATIONAL
    errors: tuple[str, ...] = field(default_factory=tuple)


def read_link(search: str | None) -> Link:
    """The state a URL's query string (``a=1&b=2``, no ``?``) holds; unknown keys are ignored."""
    query = {key: values[-1] for key, values in parse_qs(search or "", keep_blank_values=True).items()}
    errors: list[str] = []
    scenario = BASELINE
    if "s" in query:
        try:
            scenario = scenario_from_token(query["s"])
        except ScenarioError as error:
            errors.append(str(error))
    lang = _choice(query, "lang", LANGUAGES, DEFAULT_LANGUAGE, errors)
    focus = _choice(query, "focus", FOCUS, NATIONAL, errors)
    return Link(scenario, lang, focus, tuple(errors))


def _choice(query: dict[str, str], key: str, allowed: tuple[str, ...], default: str, errors: list[str]) -> str:
    value = query.get(key, default)
    if value in allowed:
        return value
    errors.append(f"link: {key}: must be one of {', '.join(allowed)}, got {value!r}")
    return default


def write_link(scenario: Scenario, lang: str, focus: str) -> str:
    """The query string for this state (defaults left out, so the baseline's link is empty)."""
    query = {}
    if scenario != BASELINE:
        query["s"] = scenario_to_token(scenario)
    if lang != DEFAULT_LANGUAGE:
        query["lang"] = lang
    if focus != NATIONAL:
        query["focus"] = focus
    return urlencode(query)


@dataclass(frozen=True)
class Message:
    """A one-line notice at the top of the page: an error (bad input) or information."""

    text: str
    error: bool = True


@dataclass(frozen=True, eq=False)
class Studio:
    """The session's state: the scenario and what is being looked at."""

    scenario: solara.Reactive[Scenario]
    pinned: solara.Reactive[Scenario | None]
    lang: solara.Reactive[str]
    presenter: solara.Reactive[bool]
    focus: solara.Reactive[str]
    group: solara.Reactive[str]
    level: solara.Reactive[str]
    map_measure: solara.Reactive[str]
    map_difference: solara.Reactive[bool]
    month: solara.Reactive[int]
    scale: solara.Reactive[float]
    seed: solara.Reactive[int]
    play_mode: solara.Reactive[bool]
    message: solara.Reactive[Message | None]

    def fail(self, text: str) -> None:
        self.message.set(Message(text))

    def tell(self, text: str) -> None:
        self.message.set(Message(text, error=False))

    def change_scenario(self, scenario: Scenario) -> None:
        """A new scenario from a control: clear an earlier error, keep everything else."""
        self.scenario.set(scenario)
        if self.message.value is not None and self.message.value.error:
            self.message.set(None)

    def edit(self, change: Callable[[Scenario], Scenario]) -> None:
        """Apply an edit to the scenario; if it is invalid, say why and keep the scenario."""
        try:
            self.change_scenario(change(self.scenario.value))
        except ScenarioError as error:
            self.fail(str(error))


LAST_MONTH = -1
"""``month`` when the view shows the last month of the horizon (the default)."""


def use_studio(link: Link) -> Studio:
    """The session's state, starting from ``link`` (a hook: call it in the page only). The same
    :class:`Studio` object on every render, so components given it re-render only for what they read."""
    studio = Studio(
        scenario=solara.use_reactive(link.scenario),
        pinned=solara.use_reactive(None),
        lang=solara.use_reactive(link.lang),
        presenter=solara.use_reactive(False),
        focus=solara.use_reactive(link.focus),
        group=solara.use_reactive(SECTOR_GROUPS[0]),
        level=solara.use_reactive(LEVELS[0]),
        map_measure=solara.use_reactive("vacancies"),
        map_difference=solara.use_reactive(False),
        month=solara.use_reactive(LAST_MONTH),
        scale=solara.use_reactive(float(DEFAULT_SCALE)),
        seed=solara.use_reactive(DEFAULT_SEED),
        play_mode=solara.use_reactive(False),
        message=solara.use_reactive(Message("; ".join(link.errors)) if link.errors else None),
    )
    return solara.use_memo(lambda: studio, [])
