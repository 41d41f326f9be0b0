"""The 40 COROP regions: their province, their Techniekpact landsdeel, and their boundaries.

The landsdelen are built from COROP regions because the *Nationaal Akkoord Leren, Werken en
Groeien* (2017) draws them across a province line: West-Brabant (COROP West-Noord-Brabant, CR33)
belongs to Zuidwest, the rest of Noord-Brabant to Zuidoost. Two groupings are offered:

- ``accord`` (the default): the landsdelen exactly as the 2017 accord draws them;
- ``provinces``: whole provinces, Noord-Brabant wholly in Zuidoost (how a province-level
  source such as CBS 85268NED can be compared without any split).

Boundaries: ``data/nl/coropgebied_2026.topojson`` ("COROP boundaries: CBS/PDOK
gebiedsindelingen, simplified by cartomap/nl"), decoded here to GeoJSON.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

DATA = Path(__file__).parent / "data" / "nl"
COROP_MAP = DATA / "coropgebied_2026.topojson"
GROUPINGS: tuple[str, ...] = ("accord", "provinces")
LANDSDELEN: tuple[str, ...] = ("Noord", "Noordwest", "Oost", "Zuidoost", "Zuidwest")
UNASSIGNED = "CR99"
"""CBS's zone for jobs it cannot place in a region; counted nationally, in no landsdeel."""

PROVINCE_OF_COROP: Mapping[str, str] = MappingProxyType({
    **dict.fromkeys(("CR01", "CR02", "CR03"), "Groningen"), **dict.fromkeys(("CR04", "CR05", "CR06"), "Fryslân"),
    **dict.fromkeys(("CR07", "CR08", "CR09"), "Drenthe"), **dict.fromkeys(("CR10", "CR11", "CR12"), "Overijssel"),
    **dict.fromkeys(("CR13", "CR14", "CR15", "CR16"), "Gelderland"), "CR17": "Utrecht",
    **dict.fromkeys((f"CR{n}" for n in range(18, 25)), "Noord-Holland"),
    **dict.fromkeys((f"CR{n}" for n in range(25, 31)), "Zuid-Holland"),
    **dict.fromkeys(("CR31", "CR32"), "Zeeland"), **dict.fromkeys(("CR33", "CR34", "CR35", "CR36"), "Noord-Brabant"),
    **dict.fromkeys(("CR37", "CR38", "CR39"), "Limburg"), "CR40": "Flevoland",
})
"""COROP region -> province (CBS gebiedsindelingen: every COROP region lies in one province)."""

LANDSDEEL_OF_PROVINCE: Mapping[str, str] = MappingProxyType({
    "Groningen": "Noord", "Fryslân": "Noord", "Drenthe": "Noord",
    "Noord-Holland": "Noordwest", "Flevoland": "Noordwest", "Utrecht": "Noordwest",
    "Overijssel": "Oost", "Gelderland": "Oost",
    "Noord-Brabant": "Zuidoost", "Limburg": "Zuidoost",
    "Zuid-Holland": "Zuidwest", "Zeeland": "Zuidwest",
})
ACCORD_EXCEPTIONS: Mapping[str, str] = MappingProxyType({"CR33": "Zuidwest"})
"""COROP regions the 2017 accord places outside their province's landsdeel (West-Brabant)."""


@dataclass(frozen=True, slots=True)
class Corop:
    """One COROP region and the landsdeel it belongs to under a grouping."""

    code: str
    name: str
    province: str
    landsdeel: str


def check_grouping(grouping: str) -> str:
    if grouping not in GROUPINGS:
        raise ValueError(f"geography: unknown grouping '{grouping}' (allowed: {', '.join(GROUPINGS)})")
    return grouping


def landsdeel_of_corop(code: str, grouping: str = "accord") -> str:
    """The landsdeel of COROP region ``code`` under ``grouping``."""
    if code not in PROVINCE_OF_COROP:
        raise KeyError(f"unknown COROP region '{code}' (allowed: CR01..CR40)")
    if check_grouping(grouping) == "accord" and code in ACCORD_EXCEPTIONS:
        return ACCORD_EXCEPTIONS[code]
    return LANDSDEEL_OF_PROVINCE[PROVINCE_OF_COROP[code]]


@cache
def corop_regions(grouping: str = "accord") -> tuple[Corop, ...]:
    """The 40 COROP regions in code order, named as in the boundary file."""
    names = {g["properties"]["statcode"]: g["properties"]["statnaam"] for g in _topology_object()["geometries"]}
    return tuple(Corop(code, names[code], PROVINCE_OF_COROP[code], landsdeel_of_corop(code, grouping))
                 for code in sorted(PROVINCE_OF_COROP))


def corop_map(grouping: str = "accord") -> dict[str, Any]:
    """The COROP boundaries as GeoJSON (WGS84), each feature with ``statcode``, ``statnaam``,
    ``province`` and ``landsdeel`` (under ``grouping``); a fresh copy each call."""
    regions = {c.code: c for c in corop_regions(grouping)}
    features = []
    for feature in _geojson_features():
        corop = regions[feature["properties"]["statcode"]]
        properties = {"statcode": corop.code, "statnaam": corop.name, "province": corop.province,
                      "landsdeel": corop.landsdeel}
        features.append({"type": "Feature", "properties": properties, "geometry": json.loads(feature["geometry"])})
    return {"type": "FeatureCollection", "features": features,
            "attribution": "COROP boundaries: CBS/PDOK gebiedsindelingen, simplified by cartomap/nl"}


@cache
def _topology() -> dict[str, Any]:
    return json.loads(COROP_MAP.read_text(encoding="utf-8"))


def _topology_object() -> dict[str, Any]:
    return _topology()["objects"]["coropgebied_2026"]


@cache
def _geojson_features() -> tuple[dict[str, Any], ...]:
    """Features with their geometry as JSON text (immutable, decoded once)."""
    arcs = _decoded_arcs()
    return tuple({"properties": g["properties"], "geometry": json.dumps(_geometry(g, arcs))}
                 for g in _topology_object()["geometries"])


def _decoded_arcs() -> list[list[list[float]]]:
    """TopoJSON arcs: delta-encoded quantised positions -> absolute longitude/latitude."""
    topology = _topology()
    (kx, ky), (dx, dy) = topology["transform"]["scale"], topology["transform"]["translate"]
    decoded = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for px, py in arc:
            x, y = x + px, y + py
            points.append([round(x * kx + dx, 6), round(y * ky + dy, 6)])
        decoded.append(points)
    return decoded


def _ring(indices: list[int], arcs: list[list[list[float]]]) -> list[list[float]]:
    """A closed ring from arc indices (a negative index ~i means arc i reversed)."""
    ring: list[list[float]] = []
    for index in indices:
        points = arcs[index] if index >= 0 else arcs[~index][::-1]
        ring.extend(points if not ring else points[1:])
    return ring


def _geometry(geometry: dict[str, Any], arcs: list[list[list[float]]]) -> dict[str, Any]:
    if geometry["type"] == "Polygon":
        return {"type": "Polygon", "coordinates": [_ring(r, arcs) for r in geometry["arcs"]]}
    return {"type": "MultiPolygon", "coordinates": [[_ring(r, arcs) for r in p] for p in geometry["arcs"]]}
