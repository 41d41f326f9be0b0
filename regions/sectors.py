"""Sector groups of the model: SBI 2008 divisions grouped as the Dutch policy documents group them.

The six technical groups are the scope of the *Aanvalsplan Arbeidsmarktkrapte Techniek, Bouw en
Energie* (2022). ICT is outside that plan but inside the *Nationaal Techniekpact 2020* (2013).
The non-technical groups are where outflow from technology goes and where side-entrants
(zij-instromers) come from; education is where (hybrid) teachers work.

SBI 2008 divisions equal UK SIC 2007 and NACE Rev. 2 divisions, so the UK job-move data map
onto these groups division by division.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SectorGroup:
    """A group of SBI 2008 divisions (two-digit codes) treated as one labour market segment."""

    code: str
    name: str
    name_nl: str
    sbi_divisions: tuple[int, ...]
    technical: bool
    plan_2022: bool
    """In the scope of the 2022 Aanvalsplan (techniek, bouw en energie)."""


def _divisions(*ranges: tuple[int, int]) -> tuple[int, ...]:
    return tuple(d for lo, hi in ranges for d in range(lo, hi + 1))


SECTORS: tuple[SectorGroup, ...] = (
    SectorGroup("energy_mining", "Energy, water and mining", "Energie, water en delfstoffen",
                _divisions((5, 9), (35, 39)), technical=True, plan_2022=True),
    SectorGroup("food", "Food and beverages", "Voedingsmiddelenindustrie",
                _divisions((10, 12)), technical=True, plan_2022=True),
    SectorGroup("other_manufacturing", "Other manufacturing", "Overige industrie",
                _divisions((13, 18), (31, 33)), technical=True, plan_2022=True),
    SectorGroup("chemicals", "Chemicals, petroleum, plastics, minerals", "Chemie",
                _divisions((19, 23)), technical=True, plan_2022=True),
    SectorGroup("metal_machinery", "Metal, electrical and machinery", "Metaal en machinebouw",
                _divisions((24, 30)), technical=True, plan_2022=True),
    SectorGroup("construction", "Construction and installation", "Bouw en installatie",
                _divisions((41, 43)), technical=True, plan_2022=True),
    SectorGroup("ict", "ICT services", "ICT-dienstverlening",
                _divisions((62, 63)), technical=True, plan_2022=False),
    SectorGroup("agriculture", "Agriculture and fishing", "Landbouw en visserij",
                _divisions((1, 3)), technical=False, plan_2022=False),
    SectorGroup("trade_logistics", "Trade, transport and logistics", "Handel en logistiek",
                _divisions((45, 47), (49, 53)), technical=False, plan_2022=False),
    SectorGroup("hospitality", "Hospitality", "Horeca",
                _divisions((55, 56)), technical=False, plan_2022=False),
    SectorGroup("business_services", "Business and financial services", "Zakelijke dienstverlening",
                _divisions((58, 61), (64, 66), (68, 75), (77, 82)), technical=False, plan_2022=False),
    SectorGroup("public_other", "Public administration and other services", "Overheid en overige diensten",
                _divisions((84, 84), (90, 99)), technical=False, plan_2022=False),
    SectorGroup("education", "Education", "Onderwijs",
                _divisions((85, 85)), technical=False, plan_2022=False),
    SectorGroup("care", "Health and social care", "Zorg en welzijn",
                _divisions((86, 88)), technical=False, plan_2022=False),
)

SECTOR_CODES: tuple[str, ...] = tuple(s.code for s in SECTORS)


def sector_of_division(division: int) -> str | None:
    """The sector group code of an SBI 2008 division, or None for divisions not in use."""
    return _DIVISION_TO_SECTOR.get(division)


_DIVISION_TO_SECTOR: dict[int, str] = {d: s.code for s in SECTORS for d in s.sbi_divisions}
