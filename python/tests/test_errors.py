"""Bad input: a clear Python exception whose message names the field."""

import pytest

import concord_sim
from concord_sim import ScenarioError

from conftest import HAND


def test_an_unknown_scenario_name_lists_the_builtins():
    with pytest.raises(ScenarioError) as e:
        concord_sim.run("no-such-scenario")
    msg = str(e.value)
    assert msg.startswith("scenario: `no-such-scenario` is neither a built-in scenario (token-shock, ")
    assert isinstance(e.value, ValueError)


def test_malformed_toml_names_the_line():
    with pytest.raises(ScenarioError, match=r"^scenario: not valid TOML \(line 2\)"):
        concord_sim.run('name = "x"\nhorizon_days = = 3\n')


def test_a_mistyped_field_is_named():
    text = HAND.replace("horizon_days = 10", 'horizon_days = "ten"')
    with pytest.raises(ScenarioError, match=r"^horizon_days: "):
        concord_sim.run(text)


def test_an_unknown_field_in_an_agent_is_named():
    text = HAND.replace("apr_threshold = 0.5", "apr_treshold = 0.5")
    with pytest.raises(ScenarioError, match=r"^agents\[1\]\.apr_treshold: unknown field `apr_treshold`"):
        concord_sim.run(text)


def test_a_bad_selection_is_named():
    with pytest.raises(ScenarioError, match=r"^subsets: subset 5 does not exist \(the sweep has 2, from 0\)"):
        concord_sim.run(HAND, subsets=[5])
    with pytest.raises(ScenarioError, match=r"^shard: "):
        concord_sim.run(HAND, shard=(3, 2))
    with pytest.raises(ScenarioError, match=r"^runs: must be at least 1"):
        concord_sim.run(HAND, runs=0)


def test_an_unknown_backend_is_refused():
    with pytest.raises(ValueError, match=r"^backend: must be one of local, ray, dask, got 'spark'"):
        concord_sim.run(HAND, backend="spark")
