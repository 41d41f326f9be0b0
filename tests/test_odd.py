"""The model description stays true to the code."""

from __future__ import annotations

from abm.interventions import INTERVENTIONS
from abm.parameters import Parameters
from experiments.odd import ODD, render


def test_documented_tables_match_the_code():
    text = ODD.read_text(encoding="utf-8")
    assert render(text) == text, "docs/odd.md is out of date: run python -m experiments.odd"


def test_every_parameter_and_intervention_is_documented():
    text = ODD.read_text(encoding="utf-8")
    for name, field in Parameters.model_fields.items():
        assert f"| `{name}` | {field.default:g} |" in text
    for kind in INTERVENTIONS:
        assert f"#### `{kind}`" in text


def test_every_data_file_has_provenance():
    assert "**missing**" not in ODD.read_text(encoding="utf-8")
