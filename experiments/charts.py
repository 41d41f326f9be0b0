"""PNG charts of experiment results (matplotlib's Agg canvas: no display, no global pyplot state).

The charts know nothing of indicators or languages: callers pass panels with titles already
written, and a number formatter for the axes.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

Formatter = Callable[[float], str]
COLOURS = ("#4d4d4d", "#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d")
"""Baseline grey, then a colour-blind-friendly qualitative palette (ColorBrewer Dark2)."""


def _figure(panels: int, columns: int, title: str, panel_height: float = 3.4) -> tuple[Figure, list]:
    rows = int(np.ceil(panels / columns))
    figure = Figure(figsize=(5.2 * columns, panel_height * rows + 0.8), layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.subplots(rows, columns, squeeze=False).ravel()
    for unused in axes[panels:]:
        unused.set_visible(False)
    figure.suptitle(title, fontsize=13, fontweight="bold")
    return figure, list(axes[:panels])


def _title(axis, text: str) -> None:
    axis.set_title(textwrap.fill(text, 48), fontsize=10, loc="left")


def effect_chart(panels: Sequence[tuple[str, pd.DataFrame]], title: str, path: Path, fmt: Formatter) -> None:
    """One panel per indicator: each scenario's mean effect (dot) and 90 % interval (bar); the
    frames have columns ``scenario, mean, p05, p95``."""
    figure, axes = _figure(len(panels), 2, title, panel_height=1.4 + 0.45 * max(len(f) for _, f in panels))
    for axis, (text, frame) in zip(axes, panels, strict=True):
        y = np.arange(len(frame))[::-1]
        lower = (frame["mean"] - frame["p05"]).clip(lower=0).fillna(0)
        upper = (frame["p95"] - frame["mean"]).clip(lower=0).fillna(0)
        axis.axvline(0, color="#999999", linewidth=0.8)
        for i, (row, position) in enumerate(zip(frame.itertuples(), y, strict=True)):
            colour = COLOURS[1 + i % (len(COLOURS) - 1)]
            axis.errorbar(row.mean, position, xerr=[[lower.iloc[i]], [upper.iloc[i]]], fmt="o", color=colour,
                          elinewidth=2.5, capsize=4, markersize=6)
        axis.set_yticks(y, frame["scenario"])
        axis.xaxis.set_major_formatter(FuncFormatter(lambda value, _: fmt(value)))
        axis.grid(axis="x", alpha=0.3)
        _title(axis, text)
    figure.savefig(path, dpi=120)


def band_chart(panels: Sequence[tuple[str, pd.DataFrame]], title: str, path: Path, fmt: Formatter) -> None:
    """One panel per indicator: per scenario the mean over replications (line) and the 5-95 %
    band; the frames have columns ``scenario, date, mean, p05, p95``."""
    figure, axes = _figure(len(panels), 2, title)
    for axis, (text, frame) in zip(axes, panels, strict=True):
        for i, (scenario, lines) in enumerate(frame.groupby("scenario", sort=False)):
            colour = COLOURS[i % len(COLOURS)]
            axis.fill_between(lines["date"], lines["p05"], lines["p95"], color=colour, alpha=0.18, linewidth=0)
            axis.plot(lines["date"], lines["mean"], color=colour, linewidth=1.6, label=scenario)
        axis.yaxis.set_major_formatter(FuncFormatter(lambda value, _: fmt(value)))
        locator = AutoDateLocator()
        axis.xaxis.set_major_locator(locator)
        axis.xaxis.set_major_formatter(ConciseDateFormatter(locator))
        axis.grid(alpha=0.3)
        _title(axis, text)
    axes[0].legend(fontsize=8, frameon=False)
    figure.savefig(path, dpi=120)


def screening_chart(result: pd.DataFrame, title: str, path: Path) -> None:
    """Morris screening: mu* with its confidence interval per parameter (left, most influential on
    top) and mu* against sigma (right: far right = influential, high = non-linear or interacting)."""
    figure, (bars, scatter) = _figure(2, 2, title)
    ordered = result.sort_values("mu_star")
    bars.barh(ordered["parameter"], ordered["mu_star"], xerr=ordered["mu_star_conf"], color=COLOURS[1],
              ecolor="#555555", capsize=2)
    bars.tick_params(axis="y", labelsize=7)
    bars.set_xlabel("mu* (mean absolute elementary effect)")
    scatter.scatter(result["mu_star"], result["sigma"], color=COLOURS[2])
    for _, row in result.nlargest(6, "mu_star").iterrows():
        scatter.annotate(row["parameter"], (row["mu_star"], row["sigma"]), fontsize=7, xytext=(3, 3),
                         textcoords="offset points")
    scatter.set_xlabel("mu*")
    scatter.set_ylabel("sigma (spread of elementary effects)")
    for axis in (bars, scatter):
        axis.grid(alpha=0.3)
    figure.set_size_inches(12, max(4.5, 0.28 * len(result) + 1.5))
    figure.savefig(path, dpi=120)
