"""Ray and Dask local clusters of 2 workers give the local run's rows,
byte for byte, whatever the block size."""

import pytest

import concord_sim

ray = pytest.importorskip("ray")
distributed = pytest.importorskip("dask.distributed")


@pytest.fixture(scope="module")
def ray_cluster():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


@pytest.fixture(scope="module")
def dask_client():
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0")
    client = distributed.Client(cluster)
    yield client
    client.close()
    cluster.close()


def csv_bytes(df):
    return df.to_csv(index=False).encode()


def test_ray_matches_local(random_scenario, ray_cluster):
    local = concord_sim.run(random_scenario, threads=1)
    # 6 items in blocks of 1 and of 2 runs (blocks never cross a subset).
    for block_runs in (1, 2):
        distributed_df = concord_sim.run(random_scenario, backend="ray", block_runs=block_runs)
        assert csv_bytes(distributed_df) == csv_bytes(local)
    assert concord_sim.run(random_scenario, backend="ray", subsets=[1]).equals(
        concord_sim.run(random_scenario, subsets=[1])
    )


def test_dask_matches_local(random_scenario, dask_client):
    local = concord_sim.run(random_scenario)
    got = concord_sim.run(random_scenario, backend="dask", client=dask_client, block_runs=2)
    assert csv_bytes(got) == csv_bytes(local)
    assert got.shape == (2 * 3 * 22, 4 + 15 + 2)


def test_dask_starts_its_own_local_cluster(random_scenario):
    local = concord_sim.run(random_scenario, runs=1)
    assert csv_bytes(concord_sim.run(random_scenario, runs=1, backend="dask")) == csv_bytes(local)


def test_distributed_verdicts_equal_local(random_scenario, dask_client):
    local = concord_sim.simulate(random_scenario)
    remote = concord_sim.simulate(random_scenario, backend="dask", client=dask_client)
    assert remote.summary == local.summary
