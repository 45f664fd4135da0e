"""Extraction tasks on other task runners give the same events as the flow's own process: a local Dask
cluster of 2 workers, and the default process pool of `timeline run`."""
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
    from prefect.task_runners import ProcessPoolTaskRunner
    from prefect_dask import DaskTaskRunner

    from flows.task_runners import IN_FLIGHT_PER_WORKER, make_task_runner, with_task_runner
    remote = make_task_runner("dask", "tcp://10.0.0.5:8786")
    assert isinstance(remote, DaskTaskRunner) and remote.address == "tcp://10.0.0.5:8786"
    local = make_task_runner("dask", n_workers=2)
    assert local.address is None and local.cluster_kwargs["n_workers"] == 2
    assert isinstance(make_task_runner(n_workers=2), ProcessPoolTaskRunner)
    assert make_task_runner(n_workers=1) is None  # the flow's own process
    marker = object()
    assert with_task_runner(marker, n_workers=1) == (marker, 1)
    from flows.pipeline import run_pipeline
    _, in_flight = with_task_runner(run_pipeline, n_workers=3)
    assert in_flight == 3 * IN_FLIGHT_PER_WORKER


@pytest.mark.flow
def test_dask_and_process_pool_give_the_same_events(prefect_harness, seeds_copy, tmp_path):
    """batch_size=2: three extraction tasks, submitted two per worker, on each runner's 2 workers."""
    from flows.pipeline import run_pipeline
    from flows.task_runners import with_task_runner
    plain = run_pipeline(paths=[str(seeds_copy)], db=str(tmp_path / "plain.duckdb"), quiet=True, batch_size=2)
    assert plain.loaded == 5 and plain.events > 0
    for kind in ("dask", "default"):
        flow, in_flight = with_task_runner(run_pipeline, kind, n_workers=2)
        assert flow is not run_pipeline and in_flight == 4
        db = tmp_path / f"{kind}.duckdb"
        summary = flow(paths=[str(seeds_copy)], db=str(db), quiet=True, batch_size=2, in_flight=in_flight)
        assert (summary.loaded, summary.events) == (5, plain.events), kind
        assert _events(db) == _events(tmp_path / "plain.duckdb"), kind
