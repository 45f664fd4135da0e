"""The flow on a local Dask cluster of 2 workers gives the same events as the default task runner."""
from __future__ import annotations

import duckdb
import pytest


def _events(db):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT event_id, value, status, mention_count, source_count FROM events "
                           "ORDER BY event_id").fetchall(), \
            con.execute("SELECT mention_id, event_id FROM event_links ORDER BY mention_id").fetchall()
    finally:
        con.close()


def test_task_runner_options():
    from prefect_dask import DaskTaskRunner

    from flows.dask_runner import make_task_runner
    remote = make_task_runner("tcp://10.0.0.5:8786")
    assert isinstance(remote, DaskTaskRunner) and remote.address == "tcp://10.0.0.5:8786"
    local = make_task_runner(n_workers=2)
    assert local.address is None and local.cluster_kwargs["n_workers"] == 2


@pytest.mark.flow
def test_dask_cluster_of_two_workers_gives_the_same_events(prefect_harness, seeds_copy, tmp_path):
    from flows.dask_runner import with_task_runner
    from flows.pipeline import run_pipeline
    plain = run_pipeline(paths=[str(seeds_copy)], db=str(tmp_path / "plain.duckdb"), quiet=True)
    on_dask = with_task_runner(run_pipeline, n_workers=2)(paths=[str(seeds_copy)],
                                                          db=str(tmp_path / "dask.duckdb"), quiet=True)
    assert on_dask.loaded == plain.loaded == 5
    assert on_dask.events == plain.events > 0
    assert _events(tmp_path / "dask.duckdb") == _events(tmp_path / "plain.duckdb")
