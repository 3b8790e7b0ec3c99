"""How a batch is cut into blocks for Ray and Dask (item k is subset
k // runs, run k % runs + 1)."""

import pytest

from concord_sim import ScenarioError
from concord_sim.backends import item_blocks


def test_about_four_blocks_per_worker_within_subsets():
    # 4 subsets × 10 runs over 2 workers: ⌈40 / 8⌉ = 5 runs a block.
    assert item_blocks(4, 10, workers=2) == [(0, 5), (5, 10), (10, 15), (15, 20), (20, 25), (25, 30), (30, 35), (35, 40)]
    # 3 runs in blocks of 2: a block never crosses into the next subset.
    assert item_blocks(2, 3, block_runs=2) == [(0, 2), (2, 3), (3, 5), (5, 6)]


def test_only_some_subsets():
    assert item_blocks(3, 4, only=[2, 0], block_runs=4) == [(0, 4), (8, 12)]
    assert item_blocks(3, 4, only=[]) == []


def test_bad_selections_are_named():
    with pytest.raises(ScenarioError, match=r"^subsets: subset 3 does not exist \(the sweep has 3, from 0\)"):
        item_blocks(3, 4, only=[3])
    with pytest.raises(ValueError, match=r"^block_runs: must be at least 1, got 0"):
        item_blocks(3, 4, block_runs=0)
