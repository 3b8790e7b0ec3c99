"""Distributing a batch: blocks of (subset, run) items, run on Ray or Dask
workers, results returned in block order.

Items are numbered as the simulator numbers them (item k is subset
k // runs, run k % runs + 1), and every run's result depends only on
(seed, subset, run), so blocks run anywhere and concatenated in order are
the local run's rows exactly.
"""

from __future__ import annotations

import math
from typing import Any, Sequence

from . import _native

BACKENDS = ("local", "ray", "dask")

# Workers of the local cluster started when none is given.
LOCAL_WORKERS = 2


def item_blocks(
    subsets: int, runs: int, only: Sequence[int] | None = None, block_runs: int | None = None, workers: int = LOCAL_WORKERS
) -> list[tuple[int, int]]:
    """Blocks ``(start, end)`` of items, in order, each within one subset.
    ``block_runs`` runs per block; by default about four blocks per worker
    over the whole batch (at least one run)."""
    chosen = sorted(set(range(subsets) if only is None else only))
    for s in chosen:
        if not 0 <= s < subsets:
            raise _native.ScenarioError(f"subsets: subset {s} does not exist (the sweep has {subsets}, from 0)")
    if block_runs is None:
        block_runs = max(1, math.ceil(len(chosen) * runs / (4 * workers)))
    if block_runs < 1:
        raise ValueError(f"block_runs: must be at least 1, got {block_runs}")
    out = []
    for s in chosen:
        for a in range(s * runs, (s + 1) * runs, block_runs):
            out.append((a, min(a + block_runs, (s + 1) * runs)))
    return out


def run_block(arg: str, runs: int | None, seed: int | None, start: int, end: int, threads: int = 1) -> bytes:
    """One task: items ``[start, end)`` as an Arrow IPC stream."""
    return _native.run(arg, runs, seed, threads, None, (start, end), None)


def _ray(arg, runs, seed, plan_blocks, address, threads) -> list[bytes]:
    import ray

    if not ray.is_initialized():
        if address:
            ray.init(address=address, log_to_driver=False)
        else:
            ray.init(num_cpus=LOCAL_WORKERS, include_dashboard=False, log_to_driver=False)
    per_task = max(threads, 1)
    blocks = plan_blocks(max(1, int(ray.cluster_resources().get("CPU", LOCAL_WORKERS)) // per_task))
    task = ray.remote(num_cpus=per_task)(run_block)
    refs = [task.remote(arg, runs, seed, a, b, per_task) for a, b in blocks]
    return list(ray.get(refs))


def _dask(arg, runs, seed, plan_blocks, address, client, threads) -> list[bytes]:
    from dask.distributed import Client, LocalCluster

    own = None
    if client is None:
        if address:
            client = own = Client(address)
        else:
            cluster = LocalCluster(n_workers=LOCAL_WORKERS, threads_per_worker=1, processes=True, dashboard_address=":0")
            client = own = Client(cluster)
    try:
        workers = sum(w.get("nthreads", 1) for w in client.scheduler_info()["workers"].values())
        blocks = plan_blocks(max(1, workers))
        futures = [client.submit(run_block, arg, runs, seed, a, b, max(threads, 1), pure=False) for a, b in blocks]
        return list(client.gather(futures))
    finally:
        if own is not None:
            cluster = own.cluster
            own.close()
            if cluster is not None:
                cluster.close()


def run_blocks(
    backend: str,
    arg: str,
    runs,
    seed,
    shape: tuple[int, int],
    only: Sequence[int] | None = None,
    block_runs: int | None = None,
    *,
    address: str | None = None,
    client: Any = None,
    threads: int = 0,
) -> list[bytes]:
    """Runs a batch of ``shape = (subsets, runs)`` on the backend, in blocks
    from :func:`item_blocks` (about four per worker of the cluster unless
    ``block_runs`` is given); results in block order. ``threads`` per task
    (0 means 1: one task per worker CPU)."""

    def plan_blocks(workers: int) -> list[tuple[int, int]]:
        return item_blocks(shape[0], shape[1], only, block_runs, workers)

    plan_blocks(LOCAL_WORKERS)  # a bad selection fails before any cluster starts
    if backend == "ray":
        return _ray(arg, runs, seed, plan_blocks, address, threads)
    if backend == "dask":
        return _dask(arg, runs, seed, plan_blocks, address, client, threads)
    raise ValueError(f"backend: must be one of {', '.join(BACKENDS)}, got {backend!r}")
