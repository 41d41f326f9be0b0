"""Techniekcentra: public-private regional training hubs."""

from __future__ import annotations

from typing import ClassVar, Literal

import numpy as np

from abm.interventions.base import Intervention, cell_mask
from abm.parameters import parameter


class TechnologyCentres(Intervention):
    """Hybrid learning hubs in every region offer training capacity to students, side-entrants
    and workers.

    Mechanism: each hub adds ``places_per_hub`` work-based training places (BBL) in the
    technical firms of its landsdeel (spread by staff) and retrains ``retrainees_per_hub``
    side-entrants a year (unemployed or working outside technology) into technicians.

    Source: Aanvalsplan Arbeidsmarktkrapte Techniek, Bouw en Energie (2022): hybrid training hubs
    in every region within five years; Nationaal Techniekpact 2020 (2013): regional centres.
    """

    kind: Literal["technology_centres"] = "technology_centres"
    title: ClassVar[str] = "Technology centres"
    title_nl: ClassVar[str] = "Techniekcentra (hybride leeromgevingen)"
    source: ClassVar[str] = "Aanvalsplan 2022: a hybrid training hub in every region within 5 years"

    hubs_per_landsdeel: float = parameter(1, "hubs", "hubs per landsdeel", le=20)
    places_per_hub: float = parameter(500, "places", "extra BBL/training places per hub", le=10_000)
    retrainees_per_hub: float = parameter(200, "persons per year", "side-entrants retrained per hub", le=10_000)
    cost_per_hub: float = parameter(5e6, "euro per year", "running a hub (assumption)", le=1e9)

    def apply(self, model, scope: np.ndarray) -> None:
        technical = model.sector_technical.astype(bool)
        staff = np.where(cell_mask(scope, technical), model.employment(), 0.0)
        per_landsdeel = staff.sum(axis=1, keepdims=True)
        share = np.divide(staff, per_landsdeel, out=np.zeros_like(staff), where=per_landsdeel > 0)
        model.levers.extra_training_places += self.hubs_per_landsdeel * self.places_per_hub * share
        model.newcomers.retrain_side_entrants(self.hubs_per_landsdeel * self.retrainees_per_hub / 12 * scope)
        model.levers.add_cost(self.kind, self.cost_per_hub * self.hubs_per_landsdeel * scope.sum(), scope)
