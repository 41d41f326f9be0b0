"""The skill-relatedness network: the formula, the shipped network, and a user's own files."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

from regions.network import (NetworkDataError, default_network, load_network_csv, skill_relatedness,
                             stay_rates)
from regions.sectors import SECTOR_CODES, SECTORS, sector_of_division


def test_skill_relatedness_matches_hand_computation():
    flows = np.array([[50, 10, 0], [4, 30, 6], [2, 8, 20]], dtype=float)
    # Off-diagonal: row sums 10, 10, 10; column sums 6, 18, 6; total 30.
    # SR_01 = 10 / (10*18/30) = 5/3, SR_10 = 4 / (10*6/30) = 2  -> s = 11/6 -> (5/6)/(17/6) = 5/17
    # SR_02 = 0 -> SR_20 = 2 / (10*6/30) = 1 -> s = 1/2 -> -1/3
    # SR_12 = 6 / 2 = 3, SR_21 = 8 / 6 = 4/3 -> s = 13/6 -> (7/6)/(19/6) = 7/19
    expected = np.array([[0, 5 / 17, -1 / 3], [5 / 17, 0, 7 / 19], [-1 / 3, 7 / 19, 0]])
    np.testing.assert_allclose(skill_relatedness(flows), expected)
    np.testing.assert_allclose(stay_rates(flows), [50 / 60, 30 / 40, 20 / 30])


def test_shipped_network_is_symmetric_bounded_and_connected():
    network = default_network()
    related = network.relatedness
    assert related.shape == (len(SECTORS), len(SECTORS))
    np.testing.assert_array_equal(related, related.T)
    assert related.min() >= -1 and related.max() <= 1
    assert np.all(np.diag(related) == 0)
    graph = network.graph
    assert set(graph.nodes) == set(SECTOR_CODES)
    assert nx.is_connected(graph)
    assert all(0 < w <= 1 for _, _, w in graph.edges(data="weight"))
    assert np.all((network.stay_rate > 0) & (network.stay_rate < 1))


def test_csr_arrays_list_the_graph_edges():
    network = default_network()
    indptr, indices, weights = network.csr()
    graph = network.graph
    assert indptr[0] == 0 and indptr[-1] == len(indices) == 2 * graph.number_of_edges()
    for i, code in enumerate(SECTOR_CODES):
        neighbours = {SECTOR_CODES[j]: w for j, w in zip(indices[indptr[i]:indptr[i + 1]],
                                                          weights[indptr[i]:indptr[i + 1]])}
        assert neighbours == {n: graph[code][n]["weight"] for n in graph[code]}


def test_related_technical_sectors_are_linked():
    graph = default_network().graph
    assert graph.has_edge("metal_machinery", "other_manufacturing")
    assert graph.has_edge("chemicals", "energy_mining")
    assert not graph.has_edge("care", "metal_machinery")


def test_every_sbi_division_belongs_to_one_group():
    divisions = [d for s in SECTORS for d in s.sbi_divisions]
    assert len(divisions) == len(set(divisions))
    assert sector_of_division(42) == "construction" and sector_of_division(62) == "ict"
    assert sum(s.plan_2022 for s in SECTORS) == 6 and len(SECTORS) >= 12


def _write(tmp_path, text: str):
    path = tmp_path / "network.csv"
    path.write_text(text)
    return path


def _ring(column: str, value: str) -> str:
    codes = SECTOR_CODES
    return "\n".join([f"source,target,{column}"] +
                     [f"{codes[i]},{codes[(i + 1) % len(codes)]},{value}" for i in range(len(codes))])


def test_user_weight_file_loads(tmp_path):
    network = load_network_csv(_write(tmp_path, _ring("weight", "0.5")))
    assert nx.is_connected(network.graph)
    assert network.graph.number_of_edges() == len(SECTOR_CODES)


def test_user_count_file_computes_relatedness(tmp_path):
    network = load_network_csv(_write(tmp_path, _ring("count", "10") + "\nict,ict,90"))
    assert network.relatedness.max() > 0
    assert network.stay_rate[SECTOR_CODES.index("ict")] == pytest.approx(0.9)


@pytest.mark.parametrize(("line", "message"), [
    ("plumbing,ict,3", "network.csv row 15: unknown sector 'plumbing' (allowed: energy_mining, food,"),
    ("ict,care,-4", "network.csv row 15: count must be >= 0, got -4"),
    ("ict,care,nan", "network.csv row 15: count is nan, need a finite number"),
    ("ict,care,", "network.csv row 15: count is empty, need a finite number"),
    ("ict,care,many", "network.csv row 15: count 'many' is not a number"),
    ("energy_mining,food,2", "network.csv row 15: duplicate edge energy_mining-food (first given in row 1)"),
])
def test_bad_count_rows_name_row_and_problem(tmp_path, line, message):
    with pytest.raises(NetworkDataError) as error:
        load_network_csv(_write(tmp_path, _ring("count", "10") + "\n" + line))
    assert str(error.value).startswith(message)


def test_duplicate_undirected_weight_edge(tmp_path):
    with pytest.raises(NetworkDataError, match=r"row 15: duplicate edge food-energy_mining \(first given in row 1\)"):
        load_network_csv(_write(tmp_path, _ring("weight", "0.2") + "\nfood,energy_mining,0.3"))


def test_weight_out_of_range(tmp_path):
    with pytest.raises(NetworkDataError, match=r"row 1: weight must be in \[-1, 1\], got 1.5"):
        load_network_csv(_write(tmp_path, "source,target,weight\nfood,ict,1.5"))


def test_sector_without_edges(tmp_path):
    text = "\n".join(line for line in _ring("weight", "0.4").splitlines() if "care" not in line)
    with pytest.raises(NetworkDataError, match="sector 'care' has no edges to other sectors"):
        load_network_csv(_write(tmp_path, text))


def test_bad_header(tmp_path):
    with pytest.raises(NetworkDataError, match="header must be 'source,target,weight' or 'source,target,count', got 'from,to,n'"):
        load_network_csv(_write(tmp_path, "from,to,n\nfood,ict,1"))
