"""Plotly figures as plain dicts (drawn by ``viz.plotly_view`` with the local plotly.js).

``timeseries`` draws a chart's measures for one landsdeel: the baseline's band and line always,
then the scenario; in compare mode two panels side by side (pinned | current) on one y-axis.
``landsdeel_map`` draws the 40 COROP regions from ``regions`` as filled shapes on plain axes, each
coloured by the value of the landsdeel the model puts it in (so West-Brabant shows with Zuidwest
under the 2017 accord's grouping): no map tiles and no geo base map, so nothing is fetched.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from functools import cache

import pandas as pd
from plotly.colors import get_colorscale, sample_colorscale

import regions
from viz.i18n import number, tr
from viz.monitor import MEASURES, Chart, Runs, lines
from viz.runs import END_MONTH, START

COLOURS = {"scenario": "#1764ab", "pinned": "#d9730d", "baseline": "#4d4d4d"}
BAND_FILL = "rgba(110, 110, 110, 0.18)"
SCENARIO_BAND_FILL = "rgba(23, 100, 171, 0.16)"
SEX_DASH = {"women": "solid", "men": "dash"}
LEGEND_ROWS = 2
"""Legend rows a chart of normal height has room for; each further one makes it taller."""
LEGEND_WIDTH = 380
LETTER_WIDTH = 0.55
"""A legend row's width and a letter's width per point of font size (for the legend's rows)."""
END = END_MONTH + pd.DateOffset(days=15)
"""The right edge of the time axis: the middle of the last month shown (December 2035)."""
MAP_LATITUDE = 52.2
"""Map aspect: one degree of longitude is cos(latitude) as long as one of latitude."""


@dataclass(frozen=True)
class Style:
    """How large to draw: normal or presenter (projector) layout, and the language."""

    lang: str
    presenter: bool = False

    @property
    def font(self) -> int:
        return 20 if self.presenter else 13

    @property
    def height(self) -> int:
        return 430 if self.presenter else 300

    def base_layout(self) -> dict:
        return {"font": {"size": self.font, "family": "Roboto, Arial, sans-serif"},
                "separators": ",." if self.lang == "nl" else ".,",
                "paper_bgcolor": "white", "plot_bgcolor": "white"}


def landsdeel_label(landsdeel: str, lang: str) -> str:
    return tr(lang, "NL") if landsdeel == "NL" else landsdeel


def _line_name(role: str, measure_key: str, several: bool, names: dict[str, str], style: Style) -> str:
    name = names.get(role, role)
    return f"{name}, {tr(style.lang, measure_key.rsplit('_', 1)[1])}" if several else name


def _band_traces(common: dict, low: pd.Series, high: pd.Series, prefix: str, fill: str, name: str,
                 legend: bool) -> list[dict]:
    """A band as two lines without width, the upper one filled down to the lower one."""
    band = {**common, "mode": "lines", "line": {"width": 0}, "hoverinfo": "skip", "hovertemplate": None,
            "legendgroup": prefix}
    return [{**band, "x": _dates(low), "y": low.tolist(), "showlegend": False, "name": f"{prefix}_low",
             "meta": f"{prefix}_low"},
            {**band, "x": _dates(high), "y": high.tolist(), "fill": "tonexty", "fillcolor": fill,
             "meta": f"{prefix}_high", "name": name, "showlegend": legend}]


def _panel_traces(chart_keys: tuple[str, ...], runs: Runs, roles: tuple[str, ...], group: str, landsdeel: str,
                  names: dict[str, str], style: Style, axis: str, baseline_legend: bool) -> list[dict]:
    """The traces of one panel: band and baseline (in the legend once per chart, as
    ``baseline_legend`` says), then the lines of ``roles``."""
    traces: list[dict] = []
    several = len(chart_keys) > 1
    for key in chart_keys:
        measure = MEASURES[key]
        drawn = lines(measure, runs, group, landsdeel)
        dash = SEX_DASH[key.rsplit("_", 1)[1]] if several else "solid"
        mode = "lines+markers" if measure.september else "lines"
        common = {"type": "scatter", "xaxis": f"x{axis}", "yaxis": f"y{axis}", "mode": mode,
                  "hovertemplate": f"%{{y:,.{measure.digits}f}}", "xhoverformat": "%m-%Y"}
        replications = len(runs.replications.get("baseline", ()))
        if "band_low" in drawn:
            traces += _band_traces(common, drawn["band_low"].dropna(), drawn["band_high"].dropna(), "band", BAND_FILL,
                                   tr(style.lang, "band", n=replications), baseline_legend and key == chart_keys[0])
        if "scenario" in roles and "scenario_low" in drawn:
            traces += _band_traces(common, drawn["scenario_low"].dropna(), drawn["scenario_high"].dropna(), "scenario",
                                   SCENARIO_BAND_FILL, tr(style.lang, "band.scenario", n=replications),
                                   key == chart_keys[0])
        for role in ("baseline", *roles):
            if role not in drawn:
                continue
            series = drawn[role].dropna()
            width = 1.6 if role == "baseline" else 3
            line_dash = "dot" if role == "baseline" and not several else dash
            traces.append({**common, "x": _dates(series), "y": series.tolist(),
                           "name": _line_name(role, key, several, names, style),
                           "line": {"color": COLOURS[role], "width": width, "dash": line_dash},
                           "showlegend": baseline_legend or role != "baseline", "legendgroup": f"{role}-{key}",
                           "meta": role})
    return traces


def _dates(series: pd.Series) -> list[str]:
    return series.index.strftime("%Y-%m-%d").tolist()


def timeseries(chart: Chart, chart_keys: tuple[str, ...], runs: Runs, group: str, landsdeel: str, date: pd.Timestamp,
               names: dict[str, str], style: Style, full: bool = False) -> dict:
    """A chart of the monitor for one landsdeel; two panels (pinned | current) when a run is
    pinned; ``full``: as high as the screen (the plot follows its box's height)."""
    unit = tr(style.lang, MEASURES[chart_keys[0]].unit)
    compare = runs.pinned is not None
    panels = (("pinned",), ("scenario",)) if compare else (("scenario",),)
    traces = []
    layout = {**style.base_layout(), "height": style.height, "hovermode": "x unified", "uirevision": chart.key,
              "title": {"text": f"{chart.title(style.lang)}, {landsdeel_label(landsdeel, style.lang)}",
                        "x": 0.01, "xanchor": "left", "font": {"size": style.font + 3}},
              "margin": {"l": 70, "r": 16, "t": 46 + (22 if compare else 0), "b": 30},
              "legend": {"orientation": "h", "y": -0.1, "yanchor": "top", "x": 0, "font": {"size": style.font - 1}},
              "shapes": [], "annotations": []}
    gap = 0.04
    width = (1 - gap * (len(panels) - 1)) / len(panels)
    for index, roles in enumerate(panels):
        axis = "" if index == 0 else str(index + 1)
        traces += _panel_traces(chart_keys, runs, roles, group, landsdeel, names, style, axis,
                                baseline_legend=index == len(panels) - 1)
        left = index * (width + gap)
        layout[f"xaxis{axis}"] = {"type": "date", "domain": [left, left + width], "tickformat": "%Y",
                                  "range": [f"{START:%Y-%m-%d}", f"{END:%Y-%m-%d}"], "showgrid": True,
                                  "gridcolor": "#eee", "anchor": f"y{axis}"}
        layout[f"yaxis{axis}"] = {"title": {"text": unit} if index == 0 else None, "rangemode": "tozero",
                                  "gridcolor": "#eee", "automargin": True, "anchor": f"x{axis}", "tickformat": ",~r",
                                  **({"matches": "y", "showticklabels": False} if index else {})}
        layout["shapes"].append({"type": "line", "xref": f"x{axis}", "yref": "paper", "y0": 0, "y1": 1,
                                 "x0": f"{date:%Y-%m-%d}", "x1": f"{date:%Y-%m-%d}",
                                 "line": {"color": "#999", "width": 1, "dash": "dot"}})
        if compare:
            layout["annotations"].append({"text": f"<b>{names[roles[0]]}</b>", "xref": "paper", "yref": "paper",
                                          "x": left, "y": 1.02, "xanchor": "left", "yanchor": "bottom",
                                          "showarrow": False, "font": {"color": COLOURS[roles[0]]}})
    legend = sum(len(trace["name"]) + 6 for trace in traces if trace.get("showlegend"))
    rows = math.ceil(legend * style.font * LETTER_WIDTH / LEGEND_WIDTH)  # the legend wraps: room for every row
    layout["height"] += max(0, rows - LEGEND_ROWS) * round(style.font * 1.8)
    if full:
        del layout["height"]
        layout["autosize"] = True
    return {"data": traces, "layout": layout}


# The map -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Shape:
    """One COROP region's outline as x (longitude) and y (latitude) with None between rings."""

    region: str
    landsdeel: str
    x: tuple[float | None, ...]
    y: tuple[float | None, ...]


@cache
def shapes(grouping: str = "accord") -> tuple[tuple[Shape, ...], dict[str, tuple[float, float]]]:
    """The COROP outlines (each with the landsdeel the model puts it in) and each landsdeel's
    centre (area-weighted over its regions)."""
    found, moments = [], {}
    for feature in regions.load(grouping).corop_map()["features"]:
        geometry, properties = feature["geometry"], feature["properties"]
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        xs: list[float | None] = []
        ys: list[float | None] = []
        landsdeel = properties["landsdeel"]
        for polygon in polygons:
            for ring in polygon:
                xs += [point[0] for point in ring] + [None]
                ys += [point[1] for point in ring] + [None]
            area, cx, cy = _ring_moments(polygon[0])
            total = moments.setdefault(landsdeel, [0.0, 0.0, 0.0])
            total[0] += area
            total[1] += cx
            total[2] += cy
        found.append(Shape(properties["statnaam"], landsdeel, tuple(xs[:-1]), tuple(ys[:-1])))
    centres = {name: (cx / area, cy / area) for name, (area, cx, cy) in moments.items()}
    return tuple(found), centres


def _ring_moments(ring: list[list[float]]) -> tuple[float, float, float]:
    """Area and first moments of a polygon ring (shoelace formula), for its centroid."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in itertools.pairwise(ring):
        cross = x0 * y1 - x1 * y0
        area += cross / 2
        cx += (x0 + x1) * cross / 6
        cy += (y0 + y1) * cross / 6
    return area, cx, cy


LIGHTEST_BLUE = 0.2
"""Where the map's blues start: a light blue that stands out from the white page and borders."""


@cache
def _colour_scale(difference: bool) -> list[list]:
    """Blues from light (never white) for values, red-blue around zero for differences (as plotly
    colour-scale lists)."""
    if difference:
        return get_colorscale("RdBu_r")
    blues = get_colorscale("Blues")
    steps = [i / 10 for i in range(11)]
    colours = sample_colorscale(blues, [LIGHTEST_BLUE + (1 - LIGHTEST_BLUE) * step for step in steps])
    return [[step, colour] for step, colour in zip(steps, colours, strict=True)]


def _colour_range(values: dict[str, float], difference: bool) -> tuple[float, float]:
    """Values from 0 (so the colours compare sizes), differences symmetric around 0."""
    finite = [v for v in values.values() if not math.isnan(v)] or [0.0]
    if difference:
        limit = max(abs(v) for v in finite) or 1.0
        return -limit, limit
    low, high = min(0.0, min(finite)), max(finite)
    return low, high if high > low else low + 1.0


def landsdeel_map(values: dict[str, float], focus: str, title: str, unit: str, digits: int, difference: bool,
                  style: Style, grouping: str = "accord") -> dict:
    """The COROP regions coloured by their landsdeel's value; the focused landsdeel outlined."""
    outlines, centres = shapes(grouping)
    scale = _colour_scale(difference)
    low, high = _colour_range(values, difference)

    def colour(value: float) -> str:
        return "#dddddd" if math.isnan(value) else sample_colorscale(scale, [(value - low) / (high - low)])[0]

    def label(name: str) -> str:
        value = values.get(name, float("nan"))
        if math.isnan(value):
            return f"{name}: -"
        return f"{name}: {'+' if difference and value > 0 else ''}{number(value, style.lang, digits)}"

    traces = [{"type": "scatter", "x": list(s.x), "y": list(s.y), "mode": "lines", "fill": "toself",
               "fillcolor": colour(values.get(s.landsdeel, float("nan"))), "line": {"color": "white", "width": 1},
               "hoveron": "fills", "text": f"{s.region} ({label(s.landsdeel)})", "hoverinfo": "text",
               "meta": s.landsdeel, "showlegend": False, "name": s.region} for s in outlines]
    traces += [{"type": "scatter", "x": list(s.x), "y": list(s.y), "mode": "lines", "hoverinfo": "skip",
                "line": {"color": "#111", "width": 3}, "showlegend": False, "name": "focus"}
               for s in outlines if s.landsdeel == focus]
    names = list(centres)
    traces.append({"type": "scatter", "mode": "markers", "x": [centres[n][0] for n in names],
                   "y": [centres[n][1] for n in names], "customdata": names, "name": "landsdelen",
                   "hoverinfo": "text", "hovertext": [label(n) for n in names], "showlegend": False,
                   "marker": {"size": 56 if style.presenter else 44, "color": "rgba(255,255,255,0.01)"}})
    annotations = [{"x": centres[n][0], "y": centres[n][1], "text": f"<b>{n}</b><br>{label(n).split(': ', 1)[1]}",
                    "showarrow": False, "bgcolor": "rgba(255,255,255,0.8)", "borderpad": 2,
                    "font": {"size": style.font - 1, "color": "#111"}} for n in names]
    traces.append({"type": "scatter", "mode": "markers", "x": [centres[names[0]][0]], "y": [centres[names[0]][1]],
                   "hoverinfo": "skip", "showlegend": False, "name": "scale",
                   "marker": {"size": 0.1, "opacity": 0, "color": [low, high], "colorscale": scale, "cmin": low,
                              "cmax": high, "showscale": True,
                              "colorbar": {"title": {"text": unit, "side": "right"}, "thickness": 12,
                                           "tickformat": ",~r", "len": 0.8}}})
    aspect = 1 / math.cos(math.radians(MAP_LATITUDE))
    return {"data": traces, "layout": {
        **style.base_layout(), "height": 330 if style.presenter else 380, "dragmode": False, "hovermode": "closest",
        "title": {"text": title, "x": 0.01, "xanchor": "left", "font": {"size": style.font + 2}},
        "margin": {"l": 4, "r": 4, "t": 40, "b": 4}, "uirevision": "map", "annotations": annotations,
        "xaxis": {"visible": False, "fixedrange": True},
        "yaxis": {"visible": False, "fixedrange": True, "scaleanchor": "x", "scaleratio": aspect}}}
