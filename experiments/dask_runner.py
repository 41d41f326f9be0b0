"""How runs are carried out: on Dask distributed, in an embedded ``LocalCluster`` (one worker
process per core, one thread each) or on any running scheduler (a workstation, or a SLURM
cluster started with dask-jobqueue), with the same code and the same results.

Each worker loads the regional data and the compiled numba kernels once, when it starts
(:class:`Warmup`), not once per run: ``regions.load()`` is cached per process and a tiny model
run loads every kernel from numba's on-disk cache.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import dask
from distributed import Client, LocalCluster, as_completed
from distributed.diagnostics.plugin import WorkerPlugin

WARM_SCALE = 20_000
"""Persons per agent of the warm-up run: ~700 agents, a fraction of a second."""
LOCAL_CONFIG = {
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
    "distributed.worker.profile.enabled": False,
}
"""Two Dask defaults that cost a model run in a worker ~20 % against a plain process
(benchmarks/bench_sweep.py): glibc made to hand freed memory back to the OS eagerly (a run
allocates and frees large arrays every month; workers keep no data between runs, so glibc's own
adaptive threshold is fine) and the statistical profiler sampling the task thread's stack every
10 ms (it feeds the dashboard's profile page only). The embedded cluster turns both off; for a
cluster of your own see docs/experiments.md."""


def warm() -> None:
    """Load the regional data and every compiled kernel into this process."""
    from abm.model import TechLabourModel

    model = TechLabourModel(scale=WARM_SCALE, seed=0)
    for _ in range(12):
        model.step()


class Warmup(WorkerPlugin):
    """Warms each worker up as it joins (also workers added later, e.g. by an adaptive cluster)."""

    name = "techniekpact-warmup"

    def setup(self, worker: Any) -> None:
        warm()


@contextmanager
def connect(workers: int | None = None, scheduler: str | None = None, processes: bool = True) -> Iterator[Client]:
    """A client on ``scheduler`` (an address), or on a new LocalCluster of ``workers`` single-threaded
    workers (default: one per core; ``processes=False`` runs them as threads, for quick tests)."""
    if workers is not None and scheduler is not None:
        raise ValueError("give workers or a scheduler address, not both")
    if scheduler is not None:
        with Client(scheduler) as client:
            client.register_plugin(Warmup())
            yield client
        return
    with dask.config.set(LOCAL_CONFIG), LocalCluster(
            n_workers=workers or os.cpu_count() or 1, threads_per_worker=1, processes=processes,
            dashboard_address=":0", silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
        client.register_plugin(Warmup())
        yield client


def run_all(client: Client, function: Callable[..., Any], items: Sequence[Any], keys: Sequence[str],
            on_result: Callable[[Any, Any], None], **kwargs: Any) -> None:
    """Call ``function(item, **kwargs)`` for every item on the cluster; ``on_result(item, result)``
    as each finishes, in completion order (``result`` is the exception if the task failed, e.g.
    ``KilledWorker`` when its worker died repeatedly). On an interrupt (Ctrl-C) the tasks not yet
    finished are cancelled: only the runs in flight are lost."""
    futures = client.map(function, items, key=list(keys), pure=False, **kwargs)
    item_of = {future.key: item for future, item in zip(futures, items, strict=True)}
    try:
        for future in as_completed(futures):
            try:
                result = future.result()
            except Exception as error:  # noqa: BLE001 - a failed task is a result to record, not a crash
                result = error
            on_result(item_of[future.key], result)
    except BaseException:
        client.cancel([future for future in futures if not future.done()])
        raise
