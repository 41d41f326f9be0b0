"""A scenario: a name, a description, model settings and (from the interventions issue on) the
interventions switched on. Validated by pydantic so bad input fails with the field named."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from abm.interventions import AnyIntervention
from abm.parameters import Parameters
from abm.shocks import DemandShock


class Scenario(BaseModel):
    """What to simulate: behavioural parameters (defaults = the calibrated baseline) and the
    interventions switched on, each with its own parameters, dates and regional scope."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field("baseline", min_length=1, max_length=80)
    description: str = "No new policy: the calibrated start state run forward."
    parameters: Parameters = Parameters()
    interventions: tuple[AnyIntervention, ...] = ()
    shocks: tuple[DemandShock, ...] = ()
    """Recessions or booms imposed on the run (stress tests); empty in every policy preset."""
    geography: Literal["accord", "provinces"] = "accord"
    """How the landsdelen are drawn (``regions.corop``): ``accord`` = from COROP regions as the 2017
    accord draws them (West-Brabant in Zuidwest); ``provinces`` = whole provinces (Noord-Brabant
    wholly in Zuidoost)."""


BASELINE = Scenario()
