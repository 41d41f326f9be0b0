"""The model exposed to the EMA Workbench: uncertainties, levers and outcomes, run for a handful
of experiments as its users would (SequentialEvaluator, tiny scale)."""

from __future__ import annotations

import numpy as np
from ema_workbench import SequentialEvaluator

from abm.parameters import unit
from experiments.design import behavioural_ranges, variables
from experiments.ema import experiment, model
from experiments.outcomes import KEY_INDICATORS
from experiments.scenarios import load_scenario


def test_model_has_uncertainties_levers_and_outcomes():
    ema = model()
    uncertainties = {u.name: u for u in ema.uncertainties}
    assert set(uncertainties) == set(behavioural_ranges(0.5))
    assert uncertainties["match_efficiency"].variable_name == ["parameters.match_efficiency"]
    kinds = {i.kind for i in load_scenario("aanvalsplan-2022").interventions}
    lever_paths = {lever.variable_name[0] for lever in ema.levers}
    assert {path.split(".")[1] for path in lever_paths} == kinds
    fields = variables(load_scenario("aanvalsplan-2022"))
    assert not any("euro" in unit(fields[path]) for path in lever_paths)  # cost assumptions are not levers
    assert "interventions.hybrid_teachers.count" in lever_paths
    assert [o.name for o in ema.outcomes] == [k.key for k in KEY_INDICATORS]


def test_a_handful_of_experiments_run_with_the_workbench():
    ema = model(years=1, scale=20000, seed=3)
    with SequentialEvaluator(ema) as evaluator:
        experiments, outcomes = evaluator.perform_experiments(scenarios=3, policies=2)
    assert len(experiments) == 6 and {"hybrid_teachers_count", "match_efficiency"} <= set(experiments.columns)
    assert set(outcomes) == {k.key for k in KEY_INDICATORS}
    assert all(np.isfinite(values).all() and len(values) == 6 for values in outcomes.values())
    assert len(np.unique(outcomes["cost"])) > 1  # the levers act
    first = experiments.iloc[0]
    paths = {p.variable_name[0]: first[p.name] for p in [*ema.uncertainties, *ema.levers]}
    again = experiment("aanvalsplan-2022", 1, 20000, 3, **paths)
    assert again == {key: outcomes[key][0] for key in again}  # the same inputs give the same outcomes
