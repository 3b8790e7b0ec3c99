"""The DataFrame: shape, columns and values worked out by hand."""

import math

import pandas as pd
import pytest

import concord_sim

METRICS = [
    "tvl", "apr", "staked_tokens", "stakers", "retention", "emitted_tokens", "emissions_value",
    "sell_pressure", "treasury_value", "treasury_runway_days", "participation", "gini", "nakamoto",
    "sybil_vote_share", "rejected_commands", "price_GOV", "price_ALLY",
]


def at(df, subset, run, timestep, column):
    row = df[(df.subset == subset) & (df.run == run) & (df.timestep == timestep)]
    assert len(row) == 1
    return row[column].iloc[0]


def test_shape_and_columns_in_cadcads_long_format(hand):
    df = concord_sim.run(hand)
    # 2 subsets × 2 runs × (10 days + day 0).
    assert df.shape == (44, 4 + len(METRICS))
    assert list(df.columns) == ["simulation", "subset", "run", "timestep", *METRICS]
    assert [str(t) for t in df.dtypes[:4]] == ["int64"] * 4
    assert (df.simulation == 0).all()
    assert df.subset.tolist() == [0] * 22 + [1] * 22
    assert df.run.tolist() == ([1] * 11 + [2] * 11) * 2
    assert df.timestep.tolist() == list(range(11)) * 4


def test_values_by_hand(hand):
    df = concord_sim.run(hand)
    for run in (1, 2):
        assert at(df, 0, run, 0, "staked_tokens") == 25_000.0
        assert at(df, 0, run, 0, "stakers") == 25.0
        assert at(df, 0, run, 1, "staked_tokens") == 15_000.0
        assert at(df, 0, run, 10, "retention") == 0.6
        assert at(df, 1, run, 1, "staked_tokens") == 20_000.0
        assert at(df, 1, run, 10, "retention") == 0.8
        assert at(df, 1, run, 10, "stakers") == 20.0
    # The stream: ⌊70e18 / 604800⌋ a second for a year, over 25,000 staked.
    per_year = (70 * 10**18 // 604_800) / 1e18 * 365 * 86_400
    assert at(df, 0, 1, 0, "apr") == pytest.approx(per_year / 25_000, rel=1e-12)
    assert at(df, 0, 1, 1, "apr") == pytest.approx(per_year / 15_000, rel=1e-12)
    # Constant prices; no governance, so its metrics are undefined (NaN).
    assert (df.price_GOV == 1.0).all() and (df.price_ALLY == 1.0).all()
    assert df.participation.isna().all()
    assert (df.rejected_commands == 0.0).all()
    # A run's rows do not depend on its number when nothing is random.
    metrics = df[METRICS]
    assert metrics[(df.subset == 0) & (df.run == 1)].reset_index(drop=True).equals(
        metrics[(df.subset == 0) & (df.run == 2)].reset_index(drop=True)
    )


def test_params_table_joins_on_subset(hand):
    p = concord_sim.params(hand)
    assert p.to_dict("records") == [
        {"subset": 0, "emission.per_week": 70},
        {"subset": 1, "emission.per_week": 140},
    ]
    df = concord_sim.run(hand).merge(p, on="subset")
    assert df[df.timestep == 10].groupby("emission.per_week").retention.first().to_dict() == {70: 0.6, 140: 0.8}


def test_subsets_and_shards_select_items(hand):
    only = concord_sim.run(hand, subsets=[1])
    assert only.shape[0] == 22 and set(only.subset) == {1}
    whole = concord_sim.run(hand)
    halves = [concord_sim.run(hand, shard=(i, 2)) for i in (1, 2)]
    assert pd.concat(halves, ignore_index=True).equals(whole)


def test_runs_override_and_verdicts(hand):
    res = concord_sim.simulate(hand, runs=1)
    assert res.frame.shape[0] == 22
    v = res.verdicts
    assert v.subset.tolist() == [0, 1]
    # retention < 0.7 at the end: every run of subset 0 (0.6), none of subset 1 (0.8).
    assert v.runs.tolist() == [1, 0] and v.of.tolist() == [1, 1]
    assert v.passed.tolist() == [False, True]
    assert v.text[0] == "retention < 0.7 at the end in 100% of runs (1 of 1)"
    assert res.summary["results"][0]["bands"]["retention"]["p50"][10] == 0.6
    # The same verdicts from the frame alone.
    again = concord_sim.verdicts(summary_doc=concord_sim.summary(hand, runs=1, results=res.frame))
    assert again.equals(v)


def test_same_seed_same_frame_other_seed_differs(random_scenario):
    a = concord_sim.run(random_scenario, seed=5)
    b = concord_sim.run(random_scenario, seed=5, threads=1)
    assert a.to_csv().encode() == b.to_csv().encode()
    c = concord_sim.run(random_scenario, seed=6)
    assert a.shape == c.shape
    assert not a.price_GOV.equals(c.price_GOV)
    assert not math.isclose(a.price_GOV.iloc[-1], c.price_GOV.iloc[-1])


def test_builtins_are_listed_and_run_by_name():
    names = [n for n, _ in concord_sim.list_scenarios()]
    assert names == ["token-shock", "rewards-end", "emission-sell-pressure", "sybil-governance", "member-exit"]
    df = concord_sim.run("emission-sell-pressure", runs=1)
    # 4 emission rates × 1 run × (180 days + day 0).
    assert df.shape[0] == 4 * 181
    assert concord_sim.params("emission-sell-pressure")["emission.per_week"].tolist() == [25000, 50000, 100000, 200000]


def test_csv_and_parquet_round_trip(hand, tmp_path):
    df = concord_sim.run(hand, runs=1)
    concord_sim.to_csv(df, tmp_path / "results.csv")
    back = pd.read_csv(tmp_path / "results.csv")
    assert back.shape == df.shape and back.retention.tolist() == df.retention.tolist()
    concord_sim.to_parquet(df, tmp_path / "results.parquet")
    assert pd.read_parquet(tmp_path / "results.parquet").equals(df)


def test_a_scenario_file_by_path(hand, tmp_path):
    path = tmp_path / "hand.toml"
    path.write_text(hand)
    assert concord_sim.run(path, runs=1).equals(concord_sim.run(hand, runs=1))
