"""Concord's alliance simulator from Python.

Every run goes through the real engine (Rust); results come back as pandas
DataFrames in cadCAD's long format: one row per (subset, run, timestep) with
columns ``simulation, subset, run, timestep, <metrics...>``.

    import concord_sim
    df = concord_sim.run("scenario.toml", runs=1000)
    df = concord_sim.run("token-shock", runs=200, backend="ray")
    res = concord_sim.simulate("emission-sell-pressure")   # frame, params, summary, verdicts

A ``scenario`` is a built-in scenario's name (``list_scenarios()``), TOML
text (anything with a line break), or a path to a scenario file, tried in
that order.
"""

from ._native import ScenarioError, __version__
from .api import (
    Result,
    list_scenarios,
    params,
    plan,
    run,
    run_arrow,
    simulate,
    summary,
    to_csv,
    to_parquet,
    verdicts,
)

__all__ = [
    "Result",
    "ScenarioError",
    "__version__",
    "list_scenarios",
    "params",
    "plan",
    "run",
    "run_arrow",
    "simulate",
    "summary",
    "to_csv",
    "to_parquet",
    "verdicts",
]
