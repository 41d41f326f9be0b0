"""The model as an EMA Workbench ``Model``, for exploratory modelling and scenario discovery
(PRIM, CART, feature scoring) with the Workbench's own tools.

- uncertainties: the behavioural parameters (``abm.parameters.Parameters``) over their default
  +- ``band``, clipped to their bounds (as in ``techniekpact sensitivity``);
- levers: the intensities of the interventions in the base scenario (every numeric field that
  is not a cost assumption, i.e. not in euros) over their admissible ranges;
- outcomes: the key indicators nationally in the run's last full year
  (``experiments.outcomes.KEY_INDICATORS``), with the direction that is better;
- constants: the base scenario, years, scale and seed (one seed for every experiment: common
  random numbers, so differences between experiments come from the inputs).

```python
from ema_workbench import MultiprocessingEvaluator
from ema_workbench.analysis import prim
from experiments.ema import model

with MultiprocessingEvaluator(model(scale=1000)) as evaluator:
    experiments, outcomes = evaluator.perform_experiments(scenarios=200, policies=4)
box = prim.Prim(experiments[model().uncertainties.keys()], outcomes["hard_to_fill_vacancies"] > 60_000,
                threshold=0.8).find_box()
```
"""

from __future__ import annotations

from typing import Any

from ema_workbench import Constant, IntegerParameter, Model, RealParameter, ScalarOutcome

from abm.parameters import bounds, unit
from experiments.design import apply, behavioural_ranges, variables
from experiments.outcomes import KEY_INDICATORS, key_indicators, last_full_year
from experiments.run import simulate
from experiments.scenarios import load_scenario


def model(base: str = "aanvalsplan-2022", years: int = 8, scale: float = 1000, seed: int = 0, band: float = 0.5,
          name: str = "techniekpact") -> Model:
    """An EMA Workbench model of ``base`` (a preset or scenario file) run for ``years`` at ``scale``."""
    scenario = load_scenario(base)
    ema = Model(name, function=experiment)
    ema.uncertainties = [RealParameter(field, low, high, variable_name=f"parameters.{field}")
                         for field, (low, high) in behavioural_ranges(band).items()]
    ema.levers = levers(scenario)
    ema.constants = [Constant("base", base), Constant("years", years), Constant("scale", scale),
                     Constant("seed", seed)]
    ema.outcomes = [ScalarOutcome(k.key, kind=ScalarOutcome.MINIMIZE if k.better == "lower" else ScalarOutcome.MAXIMIZE)
                    for k in KEY_INDICATORS]
    return ema


def levers(scenario: Any) -> list[RealParameter | IntegerParameter]:
    """The interventions' intensities: numeric fields not in euros, over their admissible ranges."""
    out: list[RealParameter | IntegerParameter] = []
    for path, info in variables(scenario).items():
        low, high = bounds(info)
        if (not path.startswith("interventions.") or info.annotation not in (float, int) or "euro" in unit(info)
                or low is None or high is None):
            continue
        _, kind, field = path.split(".")
        kind_class = IntegerParameter if info.annotation is int else RealParameter
        out.append(kind_class(f"{kind}_{field}", info.annotation(low), info.annotation(high), variable_name=path))
    return out


def experiment(base: str, years: int, scale: float, seed: int, **values: Any) -> dict[str, float]:
    """One experiment: the base scenario with the sampled values (keyed by path), its key
    indicators nationally in the last full year."""
    frame = simulate(apply(load_scenario(base), values), years, scale, seed)
    national = key_indicators(frame[frame.landsdeel == "NL"], last_full_year(years))
    return dict(zip(national.key, national.value, strict=True))
