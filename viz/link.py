"""The share link: everything that decides what the page shows, as a query string.

A link holds the scenario (``s``, see ``scenario_io.scenario_to_token``), the preset it was made
from (``from``), the pinned comparison (``pin``), the run settings (``scale``, ``seed``,
``reps``) and the view (``lang``, ``focus``, ``group``, ``level``, ``map``, ``diff``, ``month``,
``present``), so that the recipient sees the same numbers under the same names. Defaults are left
out, so the baseline's link is empty. ``v`` is the link format's version: a link without it was
made by an earlier studio, which kept only the scenario, language and landsdeel; it opens with a
note saying so. A bad value keeps that value's default and says what was wrong in one line.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from urllib.parse import parse_qs, urlencode

import pandas as pd

from abm.interventions.base import ALL_LANDSDELEN
from abm.scenario import Scenario
from experiments.scenarios import ScenarioError
from viz.i18n import DEFAULT_LANGUAGE, LANGUAGES
from viz.monitor import LEVELS, MEASURES, NATIONAL, SECTOR_GROUPS
from viz.presets import preset_named
from viz.runs import (
    DEFAULT_REPLICATIONS,
    DEFAULT_SCALE,
    DEFAULT_SEED,
    END_MONTH,
    REPLICATIONS,
    SCALES,
    START,
)
from viz.scenario_io import scenario_from_token, scenario_to_token

VERSION = 2
FOCUS = (NATIONAL, *ALL_LANDSDELEN)
LAST_MONTH = -1
"""``month`` when the view shows the last month of the horizon (the default)."""
MONTHS = pd.date_range(START, END_MONTH, freq="MS")
KEYS = ("v", "s", "from", "pin", "lang", "focus", "group", "level", "map", "diff", "month", "scale", "seed", "reps",
        "present")


@dataclass(frozen=True)
class Link:
    """What a share link restores; ``errors`` are what in it could not be used, ``notes`` what
    the reader should know (an old link)."""

    scenario: Scenario = field(default_factory=lambda: preset_named("baseline"))
    origin: str = "baseline"
    pinned: Scenario | None = None
    lang: str = DEFAULT_LANGUAGE
    focus: str = NATIONAL
    group: str = SECTOR_GROUPS[0]
    level: str = LEVELS[0]
    map_measure: str = "vacancies"
    map_difference: bool = False
    month: int = LAST_MONTH
    scale: float = float(DEFAULT_SCALE)
    seed: int = DEFAULT_SEED
    replications: int = DEFAULT_REPLICATIONS
    presenter: bool = False
    errors: tuple[str, ...] = field(default_factory=tuple)
    notes: tuple[str, ...] = field(default_factory=tuple)

    def view(self) -> Link:
        """The same link without its errors and notes (what is compared to find a change)."""
        return replace(self, errors=(), notes=())


DEFAULT = Link()


def month_text(index: int) -> str:
    return f"{MONTHS[index]:%Y-%m}"


def month_index(text: str) -> int:
    """The index of a ``YYYY-MM`` month within the horizon; ValueError outside it."""
    stamp = pd.Timestamp(f"{text}-01") if len(text) == 7 else None
    if stamp is None or stamp not in MONTHS:
        raise ValueError(text)
    return int(MONTHS.get_loc(stamp))


class _Reader:
    """Reads one query, collecting a one-line error per bad value."""

    def __init__(self, search: str | None) -> None:
        self.query = {key: values[-1] for key, values in parse_qs(search or "", keep_blank_values=True).items()}
        self.errors: list[str] = []

    def choice(self, key: str, allowed: tuple[str, ...], default: str) -> str:
        value = self.query.get(key, default)
        if value in allowed:
            return value
        self.errors.append(f"link: {key}: must be one of {', '.join(allowed)}, got {value!r}")
        return default

    def scenario(self, key: str) -> Scenario | None:
        if key not in self.query:
            return None
        try:
            return scenario_from_token(self.query[key])
        except ScenarioError as error:
            self.errors.append(str(error).replace("link: s:", f"link: {key}:", 1) if key != "s" else str(error))
            return None

    def whole(self, key: str, allowed: tuple[int, ...] | None, default: int, low: int = 0) -> int:
        text = self.query.get(key)
        if text is None:
            return default
        if text.isdigit() and int(text) >= low and (allowed is None or int(text) in allowed):
            return int(text)
        rule = f"one of {', '.join(map(str, allowed))}" if allowed else f"a whole number ≥ {low}"
        self.errors.append(f"link: {key}: must be {rule}, got {text!r}")
        return default

    def month(self) -> int:
        text = self.query.get("month")
        if text is None:
            return LAST_MONTH
        try:
            return month_index(text)
        except ValueError:
            self.errors.append(f"link: month: must be a month from {month_text(0)} to {month_text(-1)}, got {text!r}")
            return LAST_MONTH


def read_link(search: str | None) -> Link:
    """The state a URL's query string (``a=1&b=2``, no ``?``) holds; unknown keys are ignored."""
    reader = _Reader(search)
    query = reader.query
    notes: list[str] = []
    version = query.get("v")
    if version is None and any(key in query for key in ("s", "lang", "focus")):
        notes.append("link.old")
    elif version is not None and version != str(VERSION):
        notes.append("link.newer")
    origin = query.get("from", "baseline")
    if preset_named(origin) is None:
        reader.errors.append(f"link: from: not a preset, got {origin!r}")
        origin = "baseline"
    scenario = reader.scenario("s") or DEFAULT.scenario
    link = Link(
        scenario=scenario, origin=origin, pinned=reader.scenario("pin"),
        lang=reader.choice("lang", LANGUAGES, DEFAULT_LANGUAGE),
        focus=reader.choice("focus", FOCUS, NATIONAL),
        group=reader.choice("group", SECTOR_GROUPS, DEFAULT.group),
        level=reader.choice("level", LEVELS, DEFAULT.level),
        map_measure=reader.choice("map", tuple(MEASURES), DEFAULT.map_measure),
        map_difference=reader.choice("diff", ("0", "1"), "0") == "1",
        month=reader.month(),
        scale=float(reader.whole("scale", SCALES, DEFAULT_SCALE)),
        seed=reader.whole("seed", None, DEFAULT_SEED),
        replications=reader.whole("reps", REPLICATIONS, DEFAULT_REPLICATIONS),
        presenter=reader.choice("present", ("0", "1"), "0") == "1",
    )
    return replace(link, errors=tuple(reader.errors), notes=tuple(notes))


def write_link(link: Link) -> str:
    """The query string for this state (defaults left out, so the baseline's link is empty)."""
    query: dict[str, str] = {}
    for item in fields(Link):
        value, default = getattr(link, item.name), getattr(DEFAULT, item.name)
        if item.name in ("errors", "notes") or value == default:
            continue
        query.update(_encoded(item.name, value))
    return urlencode({"v": str(VERSION), **query}) if query else ""


def _encoded(name: str, value: object) -> dict[str, str]:
    """One field of a link as its query key and text."""
    if name == "scenario":
        return {"s": scenario_to_token(value)}
    if name == "pinned":
        return {"pin": scenario_to_token(value)}
    if name == "month":
        return {"month": month_text(value)}
    if isinstance(value, bool):
        return {_KEY[name]: "1" if value else "0"}
    if isinstance(value, float):
        return {_KEY[name]: f"{value:g}"}
    return {_KEY[name]: str(value)}


_KEY = {"origin": "from", "lang": "lang", "focus": "focus", "group": "group", "level": "level", "map_measure": "map",
        "map_difference": "diff", "scale": "scale", "seed": "seed", "replications": "reps", "presenter": "present"}
