"""Landsdelen and provinces: the Techniekpact grouping and CBS head counts."""

from __future__ import annotations

import pytest

from regions.geography import (FIGURES, LANDSDELEN, PROVINCES_OF, landsdeel_of, load_landsdelen,
                               load_provinces, province_map)


def test_five_landsdelen_twelve_provinces():
    provinces = load_provinces()
    assert len(provinces) == 12 and len({p.name for p in provinces}) == 12
    assert LANDSDELEN == ("Noord", "Noordwest", "Oost", "Zuidoost", "Zuidwest")
    assert landsdeel_of("Flevoland") == "Noordwest"  # CBS puts it in Oost; Techniekpact does not
    assert landsdeel_of("Noord-Brabant") == "Zuidoost"


@pytest.mark.parametrize("attribute", list(FIGURES))
def test_landsdeel_figures_are_sums_of_provinces(attribute):
    provinces = load_provinces()
    for landsdeel in load_landsdelen(provinces):
        assert getattr(landsdeel, attribute) == sum(
            getattr(p, attribute) for p in provinces if p.name in PROVINCES_OF[landsdeel.name])
        assert getattr(landsdeel, attribute) > 0


def test_national_totals_match_cbs():
    landsdelen = load_landsdelen(load_provinces())
    assert sum(l.population for l in landsdelen) == 17_947_684
    assert sum(l.employed for l in landsdelen) == pytest.approx(9_731_000, rel=0.002)
    for landsdeel in landsdelen:
        assert landsdeel.employed + landsdeel.unemployed == pytest.approx(landsdeel.labour_force, abs=2000)


def test_map_features_carry_the_same_grouping():
    features = province_map()["features"]
    assert len(features) == 12
    for feature in features:
        props = feature["properties"]
        assert landsdeel_of(props["statnaam"]) == props["landsdeel_techniekpact"]


def test_unknown_province_names_the_allowed_ones():
    with pytest.raises(KeyError, match="unknown province 'Friesland' \\(allowed: Groningen, Fryslân"):
        landsdeel_of("Friesland")
