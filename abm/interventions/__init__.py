"""The interventions of the Dutch policy documents, one class per measure.

``INTERVENTIONS`` maps each ``kind`` to its class; ``AnyIntervention`` is the tagged union a
scenario's ``interventions`` list is validated against.
"""

from __future__ import annotations

from typing import Annotated, Union

from pydantic import Field

from abm.interventions.base import Intervention
from abm.interventions.hybrid_teachers import HybridTeachers
from abm.interventions.international_talent import InternationalTalent
from abm.interventions.lifelong_learning import LifelongLearning
from abm.interventions.modern_employership import ModernEmployership
from abm.interventions.non_eu_workers import NonEuWorkers
from abm.interventions.productivity_offensive import ProductivityOffensive
from abm.interventions.programmatic_procurement import ProgrammaticProcurement
from abm.interventions.refugees import Refugees
from abm.interventions.technology_centres import TechnologyCentres
from abm.interventions.technology_promotion import TechnologyPromotion
from abm.interventions.work_guarantee import WorkGuarantee

CLASSES = (HybridTeachers, WorkGuarantee, ProgrammaticProcurement, TechnologyCentres, ProductivityOffensive,
           ModernEmployership, TechnologyPromotion, LifelongLearning, Refugees, NonEuWorkers, InternationalTalent)
INTERVENTIONS: dict[str, type[Intervention]] = {cls.model_fields["kind"].default: cls for cls in CLASSES}
AnyIntervention = Annotated[Union[CLASSES], Field(discriminator="kind")]  # noqa: UP007

__all__ = ["INTERVENTIONS", "AnyIntervention", "Intervention", *[cls.__name__ for cls in CLASSES]]
