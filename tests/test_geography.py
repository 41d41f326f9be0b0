"""Landsdelen from COROP regions: the 2017 accord's grouping, the whole-province option, CBS head counts."""

from __future__ import annotations

import pytest

import regions
from regions.corop import GROUPINGS, PROVINCE_OF_COROP, corop_map, corop_regions, landsdeel_of_corop
from regions.geography import FIGURES, load_landsdelen, load_provinces, province_fractions

ACCORD = {"Noord": range(1, 10), "Oost": range(10, 17), "Noordwest": [*range(17, 25), 40],
          "Zuidwest": range(25, 34), "Zuidoost": range(34, 40)}
"""The landsdelen of the Nationaal Akkoord Leren, Werken en Groeien (2017) in COROP codes."""


@pytest.mark.parametrize("grouping", GROUPINGS)
def test_forty_corop_regions_each_in_exactly_one_landsdeel(grouping):
    regions_ = corop_regions(grouping)
    assert [c.code for c in regions_] == [f"CR{n:02d}" for n in range(1, 41)]
    landsdelen = regions.load(grouping).landsdelen
    members = [code for l in landsdelen for code in l.corop]
    assert sorted(members) == sorted(c.code for c in regions_)  # each exactly once


def test_accord_grouping_puts_west_brabant_in_zuidwest():
    for landsdeel, numbers in ACCORD.items():
        assert {landsdeel_of_corop(f"CR{n:02d}") for n in numbers} == {landsdeel}
    assert landsdeel_of_corop("CR33", "provinces") == "Zuidoost"
    assert landsdeel_of_corop("CR40") == "Noordwest"  # Flevoland: CBS puts it in Oost, Techniekpact does not
    assert {c.name for c in corop_regions() if c.code == "CR33"} == {"West-Noord-Brabant"}


@pytest.mark.parametrize("grouping", GROUPINGS)
@pytest.mark.parametrize("attribute", list(FIGURES))
def test_landsdeel_figures_add_up_to_the_provinces(grouping, attribute):
    provinces = load_provinces()
    landsdelen = load_landsdelen(provinces, grouping)
    assert sum(getattr(l, attribute) for l in landsdelen) == sum(getattr(p, attribute) for p in provinces)
    whole = {p.name: getattr(p, attribute) for p in provinces}
    noord = next(l for l in landsdelen if l.name == "Noord")
    assert getattr(noord, attribute) == whole["Groningen"] + whole["Fryslân"] + whole["Drenthe"]


def test_noord_brabant_is_split_by_its_corop_regions_jobs():
    fractions = province_fractions("accord")
    assert fractions["Zuidwest"]["Noord-Brabant"] + fractions["Zuidoost"]["Noord-Brabant"] == pytest.approx(1)
    assert 0.15 < fractions["Zuidwest"]["Noord-Brabant"] < 0.35  # West-Brabant is about a quarter
    assert province_fractions("provinces")["Zuidoost"]["Noord-Brabant"] == 1.0
    zuidwest = regions.load().landsdeel("Zuidwest")
    assert "Noord-Brabant" in zuidwest.provinces and "of Noord-Brabant" in zuidwest.rule


def test_national_totals_match_cbs():
    for grouping in GROUPINGS:
        landsdelen = regions.load(grouping).landsdelen
        assert sum(l.population for l in landsdelen) == 17_947_684
        assert sum(l.employed for l in landsdelen) == 9_731_000
        for landsdeel in landsdelen:
            assert landsdeel.employed + landsdeel.unemployed == pytest.approx(landsdeel.labour_force, rel=0.002)


@pytest.mark.parametrize("grouping", GROUPINGS)
def test_the_map_draws_what_the_model_uses(grouping):
    geojson = corop_map(grouping)
    assert "cartomap/nl" in geojson["attribution"]
    features = geojson["features"]
    assert len(features) == 40
    landsdeel = {c.code: c.landsdeel for c in corop_regions(grouping)}
    for feature in features:
        props = feature["properties"]
        assert props["landsdeel"] == landsdeel[props["statcode"]]
        assert props["province"] == PROVINCE_OF_COROP[props["statcode"]]
        polygons = feature["geometry"]["coordinates"]
        rings = [r for p in polygons for r in p] if feature["geometry"]["type"] == "MultiPolygon" else polygons
        for ring in rings:
            assert ring[0] == ring[-1] and len(ring) >= 4
            assert all(3.2 < x < 7.3 and 50.7 < y < 53.6 for x, y in ring)


def test_unknown_codes_and_groupings_name_the_allowed_ones():
    with pytest.raises(KeyError, match="unknown COROP region 'CR41' \\(allowed: CR01..CR40\\)"):
        landsdeel_of_corop("CR41")
    with pytest.raises(ValueError, match="geography: unknown grouping 'nuts2' \\(allowed: accord, provinces\\)"):
        regions.load("nuts2")
