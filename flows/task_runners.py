"""Where the flow's extraction tasks run: `timeline run ... [--workers N] [--task-runner dask [--dask-address ADDR]]`.

- default: a pool of N worker processes on this machine (N = its cores), each loading the spaCy
  model once; `--workers 1` extracts in the flow's own process (threads, one batch at a time).
- dask: a local Dask cluster of N worker processes (one thread each: spaCy is CPU-bound and holds the
  GIL) started with the flow and stopped with it; or, with an address, a running cluster, whose
  workers must have this project installed (`pip install -e .`) and the same spaCy model.

Only submitted tasks run on the runner; the flow body (reading, storing, merging: the one writer)
runs where the flow was started. The flow keeps about two batches per worker in flight.
"""
from __future__ import annotations

import functools
import os
import threading
import time
from contextlib import contextmanager

IN_FLIGHT_PER_WORKER = 2


def default_workers() -> int:
    """TIMELINE_WORKERS, else the machine's core count."""
    try:
        return max(1, int(os.environ.get("TIMELINE_WORKERS", "") or os.cpu_count() or 1))
    except ValueError:
        return os.cpu_count() or 1


def make_task_runner(kind: str = "default", address: str | None = None, n_workers: int | None = None):
    """A Prefect task runner: a process pool (default), or a prefect_dask.DaskTaskRunner for a running
    scheduler or a local cluster started on demand; None means the flow's own threads."""
    n = n_workers or default_workers()
    if kind == "dask" or address:
        from prefect_dask import DaskTaskRunner
        if address:
            return DaskTaskRunner(address=address)
        return DaskTaskRunner(cluster_kwargs=dict(n_workers=n, threads_per_worker=1, processes=True,
                                                  dashboard_address=None))
    if n <= 1:
        return None
    from prefect.task_runners import ProcessPoolTaskRunner
    return ProcessPoolTaskRunner(max_workers=n, initializer=exit_with_parent)


def exit_with_parent(interval: float = 1.0) -> None:
    """In a pool worker: exit when the flow's process is gone (killed, crashed), instead of lingering
    with a loaded spaCy model; the next run re-does the unstored batches anyway."""
    parent_pid = os.getppid()

    def watch():
        while os.getppid() == parent_pid:
            time.sleep(interval)
        os._exit(1)
    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


@contextmanager
def one_prefect_api():
    """Calls inside share one Prefect API with the processes they start. Without PREFECT_API_URL,
    Prefect starts a temporary server for a flow, and every pool or local Dask worker, a process of
    its own that inherits no API address, started another one (measured: ~220 MB and several CPU
    seconds per worker, several servers on one database). Here the flow's process starts its
    temporary server first and hands its address down through the settings the workers receive."""
    from prefect.settings import PREFECT_API_URL, temporary_settings
    if PREFECT_API_URL.value():
        yield
        return
    from prefect.server.api.server import SubprocessASGIServer
    server = SubprocessASGIServer()  # this process's temporary server, the one a flow call would start
    server.start()
    with temporary_settings({PREFECT_API_URL: server.api_url}):
        yield


def with_task_runner(flow, kind: str = "default", address: str | None = None, n_workers: int | None = None):
    """(the flow with its tasks on the runner, in_flight to pass to it); a flow whose tasks run in
    other processes is called inside one_prefect_api()."""
    n = n_workers or default_workers()
    runner = make_task_runner(kind, address, n)
    if runner is None:
        return flow, 1
    on_runner = flow.with_options(task_runner=runner)

    @functools.wraps(on_runner)
    def call(*args, **kwargs):
        with one_prefect_api():
            return on_runner(*args, **kwargs)
    return call, IN_FLIGHT_PER_WORKER * n


def release_workers() -> None:
    """In a flow, once it submits no more tasks: stop the worker processes of its process pool now,
    not when the flow ends, so that their memory (a spaCy model each) is free for what follows."""
    from prefect.context import FlowRunContext
    from prefect.task_runners import ProcessPoolTaskRunner
    runner = getattr(FlowRunContext.get(), "task_runner", None)
    if isinstance(runner, ProcessPoolTaskRunner):
        runner.cancel_all()  # nothing runs any more: this shuts the pool down and waits for its workers


def add_arguments(parser) -> None:
    """The task-runner options of `timeline run` and `timeline bench`."""
    parser.add_argument("--workers", type=int, metavar="N", default=None,
                        help="extraction processes (default: TIMELINE_WORKERS, else this machine's "
                             f"{os.cpu_count()} cores; 1 = in the flow's own process); with "
                             "--dask-address: the cluster's worker count")
    parser.add_argument("--task-runner", choices=["default", "dask"], default="default",
                        help="where extraction runs: a process pool on this machine (default) or Dask")
    parser.add_argument("--dask-address", metavar="ADDR",
                        help="a running Dask scheduler (tcp://host:8786); default: a local cluster of "
                             "--workers processes")


def flow_for(args, flow):
    """(flow, in_flight) for parsed `timeline run` arguments."""
    return with_task_runner(flow, getattr(args, "task_runner", "default") or "default",
                            getattr(args, "dask_address", None), getattr(args, "workers", None))
