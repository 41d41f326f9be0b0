"""Keeps the parameter tables of ``docs/odd.md`` true to the code.

The tables between ``<!-- generated:NAME -->`` and ``<!-- /generated:NAME -->`` markers are
written from the code's own definitions (``abm.parameters.Parameters``, the intervention
classes, the files in ``regions/data``), never typed by hand. ``python -m experiments.odd``
rewrites them; a test fails when the document and the code disagree.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from abm.interventions import INTERVENTIONS
from abm.parameters import Parameters, bounds, unit
from abm.shocks import DemandShock

ODD = Path(__file__).parent.parent / "docs" / "odd.md"
DATA = Path(__file__).parent.parent / "regions" / "data"
COMMON_FIELDS = ("kind", "start", "end", "landsdelen")


def _range(field) -> str:
    low, high = bounds(field)
    return f"{low:g} .. {high:g}" if low is not None and high is not None else ""


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def parameter_table(model_class=Parameters, skip: tuple[str, ...] = ()) -> str:
    """Markdown table of a pydantic model's documented fields: value, unit, range, source."""
    rows = ["| parameter | value | unit | range | source or calibration target |", "|---|---:|---|---|---|"]
    for name, field in model_class.model_fields.items():
        if name not in skip:
            rows.append(f"| `{name}` | {field.default:g} | {unit(field)} | {_range(field)} | {_cell(field.description)} |"
                        if isinstance(field.default, (int, float)) else
                        f"| `{name}` | {field.default} | {unit(field)} | {_range(field)} | {_cell(field.description)} |")
    return "\n".join(rows)


def intervention_tables() -> str:
    """One table per intervention, headed by its measure and source."""
    parts = []
    for kind, cls in INTERVENTIONS.items():
        parts += [f"#### `{kind}`: {cls.title_nl}", "", f"Source: {cls.source}.", "",
                  parameter_table(cls, skip=COMMON_FIELDS), ""]
    return "\n".join(parts).rstrip()


def shock_table() -> str:
    rows = ["| setting | default | range | meaning |", "|---|---|---|---|"]
    for name, field in DemandShock.model_fields.items():
        rows.append(f"| `{name}` | {field.default} | {_range(field)} | {_cell(field.description)} |")
    return "\n".join(rows)


def data_table() -> str:
    """Every input file in ``regions/data`` and the provenance note that describes it."""
    rows = ["| file | described in |", "|---|---|"]
    for path in sorted(DATA.rglob("*")):
        if path.is_file() and path.name != "PROVENANCE.md":
            note = next((p for p in (path.parent / "PROVENANCE.md", DATA / "PROVENANCE.md")
                         if p.exists() and path.name in p.read_text(encoding="utf-8")), None)
            rows.append(f"| `regions/data/{path.relative_to(DATA)}` | "
                        f"{f'`regions/data/{note.relative_to(DATA)}`' if note else '**missing**'} |")
    return "\n".join(rows)


SECTIONS: dict[str, Callable[[], str]] = {
    "parameters": parameter_table, "interventions": intervention_tables, "shocks": shock_table, "data": data_table,
}


def render(text: str) -> str:
    """``text`` with every generated section replaced by its current content."""
    for name, make in SECTIONS.items():
        pattern = re.compile(rf"(<!-- generated:{name} -->\n).*?(<!-- /generated:{name} -->)", re.S)
        if not pattern.search(text):
            raise ValueError(f"{ODD.name}: missing the markers of generated section '{name}'")
        text = pattern.sub(lambda m, make=make: m.group(1) + make() + "\n" + m.group(2), text)
    return text


def main() -> None:
    ODD.write_text(render(ODD.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"Updated {ODD}")


if __name__ == "__main__":
    main()
