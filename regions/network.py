"""The skill-relatedness network of sector groups ("regionaal DNA").

Workers move mostly between sectors whose work asks for the same skills (Neffke & Henning 2013,
*Strategic Management Journal* 34(3)); the Nationaal Akkoord Leren, Werken en Groeien (2017)
builds its regional policy on that idea. The default network is measured from observed job
moves between UK 4-digit SIC 2007 industries (ASHE 2009-2018, Alan Turing Institute
KnowledgeFlows), the closest public proxy for Dutch flows; researchers with CBS Remote Access
can load their own flows or weights with :func:`load_network_csv`.

Choices, in order:

1. 4-digit codes are aggregated to the model's sector groups through their SBI/SIC division.
2. ``stay_rate[i]`` is the share of job moves that start in group ``i`` and end in it (moves
   between 4-digit industries of one group count as staying).
3. Skill relatedness uses the off-diagonal flows only: ``SR_ij = F_ij / (F_i. F_.j / F..)``.
4. It is symmetrised by averaging both directions, then mapped to [-1, 1]:
   ``SR_sym = (s - 1) / (s + 1)`` with ``s = (SR_ij + SR_ji) / 2``. Suppressed (absent) cells
   give ``SR = 0`` and hence ``-1``: "fewer moves than expected", not "impossible".
5. Edges of the network are the pairs with ``SR_sym > 0`` (more moves than expected); the edge
   weight is ``SR_sym``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd

from regions.sectors import SECTOR_CODES, sector_of_division

DATA = Path(__file__).parent / "data" / "skill_relatedness"
UK_FLOWS = DATA / "uk_ashe_industry_job_moves_2009_2018.csv"


class NetworkDataError(ValueError):
    """A network file that cannot be used; the message names the row and the problem."""


@dataclass(frozen=True)
class SkillNetwork:
    """Sector skill-relatedness as a graph and as the CSR arrays the numba kernels read.

    ``relatedness`` is the full symmetric ``SR_sym`` matrix (diagonal 0). The CSR arrays
    (``indptr``, ``indices``, ``weights``) list, for each sector in ``sectors`` order, its
    neighbours with ``SR_sym > 0`` and their weights.
    """

    sectors: tuple[str, ...]
    relatedness: np.ndarray
    stay_rate: np.ndarray
    source: str

    def __post_init__(self) -> None:
        for array in (self.relatedness, self.stay_rate):
            array.setflags(write=False)

    @property
    def graph(self) -> nx.Graph:
        """Undirected weighted graph of the positive-relatedness edges, with stay rates on nodes."""
        graph = nx.Graph()
        for i, code in enumerate(self.sectors):
            graph.add_node(code, stay_rate=float(self.stay_rate[i]))
        rows, cols = np.nonzero(np.triu(self.relatedness > 0, k=1))
        for i, j in zip(rows, cols, strict=True):
            graph.add_edge(self.sectors[i], self.sectors[j], weight=float(self.relatedness[i, j]))
        return graph

    def csr(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(indptr, indices, weights)`` of the positive edges, int64/int64/float64."""
        mask = self.relatedness > 0
        indptr = np.concatenate(([0], np.cumsum(mask.sum(axis=1)))).astype(np.int64)
        rows, cols = np.nonzero(mask)
        return indptr, cols.astype(np.int64), self.relatedness[rows, cols].astype(np.float64)


def skill_relatedness(flows: np.ndarray) -> np.ndarray:
    """Symmetrised Neffke-Henning skill relatedness in [-1, 1] of a square flow matrix.

    ``flows[i, j]`` counts moves from ``i`` to ``j``; the diagonal (stayers) is ignored.
    """
    off = np.array(flows, dtype=float)
    np.fill_diagonal(off, 0.0)
    expected = np.outer(off.sum(axis=1), off.sum(axis=0)) / off.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(expected > 0, off / expected, 0.0)
    mean = (ratio + ratio.T) / 2
    related = (mean - 1) / (mean + 1)
    np.fill_diagonal(related, 0.0)
    return related


def stay_rates(flows: np.ndarray) -> np.ndarray:
    """Share of the moves starting in each sector that end in the same sector."""
    out = flows.sum(axis=1)
    return np.divide(np.diag(flows), out, out=np.zeros(len(flows)), where=out > 0)


def network_from_flows(flows: np.ndarray, sectors: tuple[str, ...], source: str) -> SkillNetwork:
    """Build the network from a sector-by-sector flow matrix (stayers on the diagonal)."""
    return SkillNetwork(sectors, skill_relatedness(flows), stay_rates(flows), source)


def uk_flow_matrix(sectors: tuple[str, ...] = SECTOR_CODES) -> np.ndarray:
    """UK ASHE job moves 2009-2018 aggregated from 4-digit SIC 2007 codes to sector groups."""
    moves = pd.read_csv(UK_FLOWS, dtype={"StartIndst": int, "FinalIndst": int, "Counts": float})
    index = {code: i for i, code in enumerate(sectors)}
    start = moves["StartIndst"].floordiv(100).map(sector_of_division).map(index)
    final = moves["FinalIndst"].floordiv(100).map(sector_of_division).map(index)
    flows = np.zeros((len(sectors), len(sectors)))
    np.add.at(flows, (start.to_numpy(int), final.to_numpy(int)), moves["Counts"].to_numpy())
    return flows


def default_network() -> SkillNetwork:
    """The shipped network: UK job moves, aggregated to the model's sector groups."""
    return network_from_flows(uk_flow_matrix(), SECTOR_CODES, source=str(UK_FLOWS.name))


def load_network_csv(path: str | Path, sectors: tuple[str, ...] = SECTOR_CODES) -> SkillNetwork:
    """Load a user's network: ``source,target,weight`` (SR_sym in [-1, 1], undirected) or
    ``source,target,count`` (directed job moves, stayers as ``source == target``). A weight
    file carries no stay rates: those of the shipped UK flows are used.

    Raises :class:`NetworkDataError` with a one-line message naming the row (1 = first data
    row after the header) and the problem.
    """
    path = Path(path)
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        raise NetworkDataError(f"{path.name}: cannot read as CSV ({error})") from None
    columns = [c.strip() for c in table.columns]
    if columns[:2] != ["source", "target"] or len(columns) != 3 or columns[2] not in ("weight", "count"):
        raise NetworkDataError(
            f"{path.name}: header must be 'source,target,weight' or 'source,target,count', "
            f"got '{','.join(columns)}'")
    kind = columns[2]
    index = {code: i for i, code in enumerate(sectors)}
    matrix = np.zeros((len(sectors), len(sectors)))
    seen: dict[tuple[int, int], int] = {}
    for row, (source, target, raw) in enumerate(table.itertuples(index=False, name=None), start=1):
        i, j = (_sector_index(path, row, name.strip(), index) for name in (source, target))
        value = _number(path, row, kind, raw)
        key = (i, j) if kind == "count" else (min(i, j), max(i, j))
        if key in seen:
            raise NetworkDataError(
                f"{path.name} row {row}: duplicate edge {source.strip()}-{target.strip()} "
                f"(first given in row {seen[key]})")
        seen[key] = row
        if kind == "count":
            matrix[i, j] = value
        elif i != j:
            matrix[i, j] = matrix[j, i] = value
    lonely = [sectors[k] for k in range(len(sectors))
              if not any(a != b and k in (a, b) for a, b in seen)]
    if lonely:
        raise NetworkDataError(f"{path.name}: sector '{lonely[0]}' has no edges to other sectors")
    if kind == "count":
        return network_from_flows(matrix, sectors, source=path.name)
    return SkillNetwork(sectors, matrix, stay_rates(uk_flow_matrix(sectors)), source=path.name)


def _sector_index(path: Path, row: int, name: str, index: dict[str, int]) -> int:
    if name not in index:
        raise NetworkDataError(
            f"{path.name} row {row}: unknown sector '{name}' (allowed: {', '.join(index)})")
    return index[name]


def _number(path: Path, row: int, kind: str, raw: str) -> float:
    if not raw.strip():
        raise NetworkDataError(f"{path.name} row {row}: {kind} is empty, need a finite number")
    try:
        value = float(raw)
    except ValueError:
        raise NetworkDataError(f"{path.name} row {row}: {kind} '{raw}' is not a number") from None
    if not math.isfinite(value):
        raise NetworkDataError(f"{path.name} row {row}: {kind} is {raw.strip()}, need a finite number")
    if kind == "count" and value < 0:
        raise NetworkDataError(f"{path.name} row {row}: count must be >= 0, got {raw.strip()}")
    if kind == "weight" and not -1 <= value <= 1:
        raise NetworkDataError(f"{path.name} row {row}: weight must be in [-1, 1], got {raw.strip()}")
    return value
