"""Run the flow's tasks on Dask: `timeline run ... --task-runner dask [--dask-address tcp://host:8786]`.

Without an address, a local cluster of `n_workers` processes (one thread each: spaCy is CPU-bound
and holds the GIL) starts with the flow and stops with it. With an address, the tasks go to that
running cluster, whose workers must have this project installed (`pip install -e .`) and the same
spaCy model. Only submitted tasks (`task.submit`, `task.map`) run on Dask; the flow body runs where
the flow was started.
"""
from __future__ import annotations

import os

DEFAULT_WORKERS = 2


def make_task_runner(address: str | None = None, n_workers: int | None = None):
    """A prefect_dask.DaskTaskRunner for a running scheduler, or for a local cluster started on demand."""
    from prefect_dask import DaskTaskRunner
    if address:
        return DaskTaskRunner(address=address)
    n = n_workers or int(os.environ.get("TIMELINE_DASK_WORKERS", DEFAULT_WORKERS))
    return DaskTaskRunner(cluster_kwargs=dict(n_workers=n, threads_per_worker=1, processes=True,
                                              dashboard_address=None))


def with_task_runner(flow, address: str | None = None, n_workers: int | None = None):
    """The same flow with its tasks on Dask."""
    return flow.with_options(task_runner=make_task_runner(address, n_workers))


def add_arguments(parser) -> None:
    """The two options of `timeline run` (the lead wires them into cli.py)."""
    parser.add_argument("--task-runner", choices=["default", "dask"], default="default",
                        help="where tasks run: threads of this process (default) or a Dask cluster")
    parser.add_argument("--dask-address", metavar="ADDR",
                        help="a running Dask scheduler (tcp://host:8786); default: a local cluster of "
                             f"{DEFAULT_WORKERS} worker processes")


def flow_for(args, flow):
    """The flow to call for parsed `timeline run` arguments."""
    if getattr(args, "task_runner", "default") == "dask" or getattr(args, "dask_address", None):
        return with_task_runner(flow, getattr(args, "dask_address", None))
    return flow
