"""One browser session's state.

:func:`use_studio` creates the state with ``solara.use_reactive`` inside the page, so every browser
page (Solara kernel) has its own: two people at two laptops never share a scenario. Nothing in
``viz`` keeps a model or a scenario at module level; only runs are shared (``viz.runs``), which
are pure functions of what produced them. :meth:`Studio.snapshot` is everything the share link
holds (``viz.link``) and :meth:`Studio.restore` puts such a state back (a link, Back/Forward).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields

import solara

from abm.scenario import Scenario
from experiments.scenarios import ScenarioError
from viz.i18n import tr
from viz.link import FOCUS, LAST_MONTH, Link, read_link, write_link
from viz.presets import preset_named

__all__ = ["FOCUS", "LAST_MONTH", "Link", "Message", "Studio", "read_link", "use_studio", "write_link"]

HISTORY = 50
"""Scenario edits kept for undo."""


@dataclass(frozen=True)
class Message:
    """A one-line notice at the top of the page: an error (bad input) or information."""

    text: str
    error: bool = True


@dataclass(frozen=True, eq=False)
class Studio:
    """The session's state: the scenario, where it came from, and what is being looked at. The
    reactive fields carry the names of :class:`viz.link.Link`'s fields."""

    scenario: solara.Reactive[Scenario]
    origin: solara.Reactive[str]
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
    replications: solara.Reactive[int]
    play_mode: solara.Reactive[bool]
    message: solara.Reactive[Message | None]
    undo_stack: solara.Reactive[tuple[Scenario, ...]]
    redo_stack: solara.Reactive[tuple[Scenario, ...]]
    fullscreen: solara.Reactive[str | None]
    command: solara.Reactive[tuple[str, int] | None]
    """The last play shortcut (``play`` or ``step``, and a count so that a repeat is new)."""

    def fail(self, text: str) -> None:
        self.message.set(Message(text))

    def tell(self, text: str) -> None:
        self.message.set(Message(text, error=False))

    def change_scenario(self, scenario: Scenario) -> None:
        """A new scenario from a control: kept for undo, an earlier error cleared."""
        current = self.scenario.value
        if scenario != current:
            self.undo_stack.set((*self.undo_stack.value, current)[-HISTORY:])
            self.redo_stack.set(())
            self.scenario.set(scenario)
        if self.message.value is not None and self.message.value.error:
            self.message.set(None)

    def edit(self, change: Callable[[Scenario], Scenario]) -> None:
        """Apply an edit to the scenario; if it is invalid, say why and keep the scenario."""
        try:
            self.change_scenario(change(self.scenario.value))
        except ScenarioError as error:
            self.fail(str(error))

    def choose_preset(self, name: str) -> None:
        """Start from a preset: it becomes what "reset" returns to and what changes are told against."""
        preset = preset_named(name)
        if preset is not None:
            self.origin.set(name)
            self.change_scenario(preset)

    def reset(self) -> None:
        """Back to the chosen preset (an undoable edit)."""
        self.change_scenario(preset_named(self.origin.value))

    def undo(self) -> None:
        if self.undo_stack.value:
            *rest, previous = self.undo_stack.value
            self.redo_stack.set((self.scenario.value, *self.redo_stack.value))
            self.undo_stack.set(tuple(rest))
            self.scenario.set(previous)

    def redo(self) -> None:
        if self.redo_stack.value:
            following, *rest = self.redo_stack.value
            self.undo_stack.set((*self.undo_stack.value, self.scenario.value))
            self.redo_stack.set(tuple(rest))
            self.scenario.set(following)

    def snapshot(self) -> Link:
        """What the share link holds of this state."""
        return Link(**{item.name: getattr(self, item.name).value for item in fields(Link)
                       if item.name not in ("errors", "notes")})

    def restore(self, link: Link) -> None:
        """Show the state a link holds (a fresh page, or Back and Forward in the browser)."""
        if link.scenario != self.scenario.value:
            self.change_scenario(link.scenario)
        for item in fields(Link):
            if item.name not in ("errors", "notes", "scenario"):
                getattr(self, item.name).set(getattr(link, item.name))


def link_message(link: Link) -> Message | None:
    """What the page first says about its link: what could not be used, else a note (an old link)."""
    if link.errors:
        return Message("; ".join(link.errors))
    if link.notes:
        return Message(" ".join(tr(link.lang, note) for note in link.notes), error=False)
    return None


def use_studio(link: Link) -> Studio:
    """The session's state, starting from ``link`` (a hook: call it in the page only). The same
    :class:`Studio` object on every render, so components given it re-render only for what they read."""
    start = {item.name: solara.use_reactive(getattr(link, item.name)) for item in fields(Link)
             if item.name not in ("errors", "notes")}
    studio = Studio(**start, play_mode=solara.use_reactive(False),
                    message=solara.use_reactive(link_message(link)),
                    undo_stack=solara.use_reactive(()), redo_stack=solara.use_reactive(()),
                    fullscreen=solara.use_reactive(None), command=solara.use_reactive(None))
    return solara.use_memo(lambda: studio, [])
