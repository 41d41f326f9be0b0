"""Indicators mean what their sources mean: open vacancies are all open vacancies (the plan's
'circa 60.000'), hard-to-fill ones those open three months or more; old names still read."""

from __future__ import annotations

import pandas as pd
import pytest

from abm.model import TechLabourModel
from experiments.outcomes import INDICATORS, RENAMED, Keep


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    model = TechLabourModel(scale=500, seed=3)
    for _ in range(6):
        model.step()
    return model.indicators()


def _nl(frame: pd.DataFrame, indicator: str, sector: str) -> pd.Series:
    rows = frame[(frame.indicator == indicator) & (frame.landsdeel == "NL") & (frame.sector == sector)]
    return rows.set_index("date").value


def test_open_vacancies_start_at_the_plans_sixty_thousand_and_hard_to_fill_are_a_part(frame):
    assert _nl(frame, "vacancies", "plan_2022").iloc[0] == pytest.approx(60_000, rel=0.05)
    assert (_nl(frame, "hard_to_fill_vacancies", "plan_2022") < _nl(frame, "vacancies", "plan_2022")).all()
    assert (_nl(frame, "hard_to_fill_vacancies", "plan_2022") > 0).all()


def test_the_first_month_keeps_the_vacancy_stock(frame):
    """Replacement vacancies are posted in the month a worker leaves and the start's vacancy ages
    follow the model's own fill rate, so the stock does not fall away in month one."""
    plan = _nl(frame, "vacancies", "plan_2022")
    assert plan.iloc[1] / plan.iloc[0] > 0.85


def test_an_old_indicator_name_is_read_as_the_new_one_with_a_note(capsys):
    keep = Keep(indicators=("unfilled_vacancies", "employed"))
    assert keep.indicators == ("hard_to_fill_vacancies", "employed")
    note = capsys.readouterr().err.strip()
    assert note == "note: indicator 'unfilled_vacancies' is now called 'hard_to_fill_vacancies' (read as the new name)"
    assert set(RENAMED.values()) <= set(INDICATORS) and not set(RENAMED) & set(INDICATORS)
