"""The public functions: runs as pandas DataFrames (through Arrow), the
sweep's params table, the summary and its verdicts, CSV and Parquet."""

from __future__ import annotations

import dataclasses
import json
import os
from typing import Any, Iterable, Sequence

import pandas as pd
import pyarrow as pa

from . import _native
from .backends import BACKENDS, run_blocks



def _arg(scenario: Any) -> str:
    """The scenario argument as the native module reads it. A path that
    exists is made absolute, so workers with another working directory
    (Ray, Dask) find the same file."""
    if isinstance(scenario, os.PathLike):
        scenario = os.fspath(scenario)
    if not isinstance(scenario, str):
        raise TypeError(f"scenario: expected a name, TOML text or a path, got {type(scenario).__name__}")
    if "\n" not in scenario and os.path.isfile(scenario):
        return os.path.abspath(scenario)
    return scenario


def list_scenarios() -> list[tuple[str, str]]:
    """``(name, description)`` of every built-in scenario."""
    return list(_native.list_scenarios())


def plan(scenario, runs: int | None = None, seed: int | None = None) -> dict:
    """The batch's plan (``plan.json``): name, seed, runs, metric columns,
    each subset's swept values and the assertions."""
    return json.loads(_native.plan(_arg(scenario), runs, seed))


def params(scenario, runs: int | None = None, seed: int | None = None) -> pd.DataFrame:
    """The sweep's params table: one row per subset, a ``subset`` column and
    one column per swept key (join it to a run's frame on ``subset``)."""
    p = plan(scenario, runs, seed)
    rows = [{"subset": s["subset"], **s["params"]} for s in p["subsets"]]
    return pd.DataFrame(rows).astype({"subset": "int64"})


def _frame(table: pa.Table) -> pd.DataFrame:
    return table.to_pandas()


def _tables(blobs: Iterable[bytes]) -> list[pa.Table]:
    return [pa.ipc.open_stream(b).read_all() for b in blobs]


def _ipc(table: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as w:
        w.write_table(table)
    return sink.getvalue().to_pybytes()


def run_arrow(
    scenario,
    runs: int | None = None,
    seed: int | None = None,
    *,
    threads: int = 0,
    subsets: Sequence[int] | None = None,
    shard: tuple[int, int] | None = None,
    backend: str = "local",
    address: str | None = None,
    client: Any = None,
    block_runs: int | None = None,
) -> pa.Table:
    """Like :func:`run`, as a ``pyarrow.Table``."""
    arg = _arg(scenario)
    if backend not in BACKENDS:
        raise ValueError(f"backend: must be one of {', '.join(BACKENDS)}, got {backend!r}")
    subsets = None if subsets is None else [int(s) for s in subsets]
    if backend == "local":
        blob = _native.run(arg, runs, seed, threads, shard, None, subsets)
        return pa.ipc.open_stream(blob).read_all()
    if shard is not None:
        raise ValueError("shard: for one machine's block; the ray and dask backends split the batch themselves")
    p = plan(arg, runs, seed)
    shape = (len(p["subsets"]), p["runs"])
    blobs = run_blocks(backend, arg, runs, seed, shape, subsets, block_runs, address=address, client=client, threads=threads)
    tables = _tables(blobs)
    if not tables:
        return pa.ipc.open_stream(_native.run(arg, runs, seed, 1, None, (0, 0), None)).read_all()
    return pa.concat_tables(tables)


def run(scenario, runs: int | None = None, seed: int | None = None, **kw) -> pd.DataFrame:
    """Runs a scenario and returns its rows in cadCAD's long format.

    ``runs`` and ``seed`` override the scenario's. Keywords: ``threads``
    (per process, 0: one per core), ``subsets`` (only these sweep points),
    ``shard=(i, n)`` (block i of n, as ``concord simulate --shard``),
    ``backend`` (``"local"``, ``"ray"`` or ``"dask"``), ``address`` (a Ray
    or Dask scheduler to join; default: a local cluster of 2 workers),
    ``client`` (a ``dask.distributed.Client``), ``block_runs`` (runs per
    task). Every backend gives the same rows in (subset, run) order.
    """
    return _frame(run_arrow(scenario, runs, seed, **kw))


@dataclasses.dataclass
class Result:
    """A run with everything ``concord simulate`` writes."""

    frame: pd.DataFrame
    params: pd.DataFrame
    summary: dict
    verdicts: pd.DataFrame


def summary(scenario, runs: int | None = None, seed: int | None = None, *, results=None, **kw) -> dict:
    """``summary.json`` as a dict: per subset its params, p5/p50/p95 of
    every metric at every step, and the verdicts. With ``results`` (a frame
    or table from :func:`run`) it summarises those rows; otherwise it runs."""
    arg = _arg(scenario)
    if results is None:
        if kw.get("backend", "local") == "local":
            subsets = kw.get("subsets")
            subsets = None if subsets is None else [int(s) for s in subsets]
            _, text = _native.run_summary(arg, runs, seed, kw.get("threads", 0), kw.get("shard"), None, subsets)
            return json.loads(text)
        results = run_arrow(arg, runs, seed, **kw)
    table = results if isinstance(results, pa.Table) else pa.Table.from_pandas(results, preserve_index=False)
    return json.loads(_native.summarize(arg, _ipc(table), runs, seed))


def verdicts(scenario=None, runs: int | None = None, seed: int | None = None, *, summary_doc=None, **kw) -> pd.DataFrame:
    """The verdicts (one row per subset and assertion: metric, condition,
    at, runs, of, share, max_share, passed, text) of a scenario run, or of
    a summary already made (``summary_doc=``)."""
    doc = summary_doc if summary_doc is not None else summary(scenario, runs, seed, **kw)
    rows = [{"subset": r["subset"], **v} for r in doc["results"] for v in r["verdicts"]]
    cols = ["subset", "metric", "condition", "at", "runs", "of", "share", "max_share", "passed", "text"]
    return pd.DataFrame(rows, columns=cols)


def simulate(scenario, runs: int | None = None, seed: int | None = None, **kw) -> Result:
    """Runs once and returns the frame, the params table, the summary and
    the verdicts."""
    arg = _arg(scenario)
    if kw.get("backend", "local") == "local":
        subsets = kw.get("subsets")
        subsets = None if subsets is None else [int(s) for s in subsets]
        blob, text = _native.run_summary(arg, runs, seed, kw.get("threads", 0), kw.get("shard"), None, subsets)
        table = pa.ipc.open_stream(blob).read_all()
        doc = json.loads(text)
    else:
        table = run_arrow(arg, runs, seed, **kw)
        doc = json.loads(_native.summarize(arg, _ipc(table), runs, seed))
    return Result(_frame(table), params(arg, runs, seed), doc, verdicts(summary_doc=doc))


def to_csv(frame: pd.DataFrame, path) -> None:
    """Writes a frame as ``results.csv`` (an undefined metric is an empty field)."""
    frame.to_csv(path, index=False)


def to_parquet(frame, path) -> None:
    """Writes a frame or table as Parquet (through pyarrow)."""
    import pyarrow.parquet as pq

    table = frame if isinstance(frame, pa.Table) else pa.Table.from_pandas(frame, preserve_index=False)
    pq.write_table(table, path)
