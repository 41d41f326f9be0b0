"""How runs are carried out: on Dask distributed, in an embedded ``LocalCluster`` (one worker
process per core, one thread each), on a running scheduler (by address or scheduler file) or on
worker jobs the sweep submits to SLURM itself (``experiments.slurm``), with the same code and the
same results.

Each worker loads the regional data and the compiled numba kernels once, when it starts
(:class:`Warmup`), not once per run: ``regions.load()`` is cached per process and a tiny model
run loads every kernel from numba's on-disk cache.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import dask
from distributed import Client, LocalCluster, as_completed
from distributed.diagnostics.plugin import WorkerPlugin

from experiments.signals import deferred
from experiments.slurm import SlurmOptions

WARM_SCALE = 20_000
"""Persons per agent of the warm-up run: ~700 agents, a fraction of a second."""
CONNECT_SECONDS = 20.0
"""How long to wait for a scheduler before giving up with one line."""
LOCAL_ATTEMPTS = 3
"""Tries to start the embedded cluster (a worker killed while it starts aborts one try)."""
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


class ClusterError(ValueError):
    """A cluster that cannot be reached or started; the message is one line naming the option."""


@dataclass(frozen=True)
class Cluster:
    """Where the runs go: exactly one of a LocalCluster of ``workers`` (default: one per core the
    process may use), a ``scheduler`` address, a ``scheduler_file`` or ``slurm`` worker jobs."""

    workers: int | None = None
    scheduler: str | None = None
    scheduler_file: Path | None = None
    slurm: SlurmOptions | None = None
    processes: bool = True
    """False runs local workers as threads of this process (quick tests)."""

    def __post_init__(self) -> None:
        given = [name for name, value in (("--workers", self.workers), ("--scheduler", self.scheduler),
                                          ("--scheduler-file", self.scheduler_file), ("--slurm", self.slurm))
                 if value is not None]
        if len(given) > 1:
            raise ClusterError(f"{' and '.join(given)}: give one of them (a LocalCluster of N workers, a "
                               "scheduler's address, its scheduler file, or SLURM worker jobs)")
        if self.scheduler_file is not None and not self.scheduler_file.is_file():
            raise ClusterError(f"--scheduler-file: no file '{self.scheduler_file}'")

    def describe(self) -> str:
        if self.scheduler:
            return self.scheduler
        if self.scheduler_file:
            return f"scheduler file {self.scheduler_file}"
        if self.slurm:
            return f"SLURM: {self.slurm.jobs} jobs x {self.slurm.cores} workers"
        return f"LocalCluster({self.workers or default_workers()} workers)"


def default_workers() -> int:
    """One worker per core this process may run on (a SLURM allocation's, not the node's)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:
        return os.cpu_count() or 1


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
def connect(cluster: Cluster, on_event: Callable[[str], None] = lambda text: None) -> Iterator[Client]:
    """A client on the chosen cluster, its workers warmed up; ``on_event`` hears what happens
    (cluster started, dashboard address). Failing to reach or start it raises :class:`ClusterError`.
    A stop signal while the cluster is being built waits until it can be closed again."""
    with ExitStack() as stack:
        if cluster.scheduler is not None or cluster.scheduler_file is not None:
            client = _remote(stack, cluster, on_event)
        elif cluster.slurm is not None:
            from experiments import slurm

            with deferred():
                jobs = stack.enter_context(slurm.cluster(cluster.slurm))
                client = stack.enter_context(Client(jobs))
            on_event(f"submitted {cluster.slurm.jobs} SLURM worker jobs; scheduler {jobs.scheduler_address}; "
                     f"dashboard {client.dashboard_link}")
        else:
            client = _local(stack, cluster, on_event)
        try:
            client.register_plugin(Warmup())
        except Exception as error:  # noqa: BLE001 - a worker dying while warming up; the scheduler re-runs its tasks
            on_event(f"warming up a worker failed ({type(error).__name__}); its tasks go to the others")
        yield client


def _remote(stack: ExitStack, cluster: Cluster, on_event: Callable[[str], None]) -> Client:
    option = "--scheduler" if cluster.scheduler else "--scheduler-file"
    target = cluster.scheduler or str(cluster.scheduler_file)
    try:
        with deferred():
            client = stack.enter_context(Client(cluster.scheduler, timeout=CONNECT_SECONDS, scheduler_file=str(
                cluster.scheduler_file) if cluster.scheduler_file else None))
    except Exception as error:  # noqa: BLE001 - any failure to connect is one line for the user
        detail = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise ClusterError(f"{option} {target}: cannot connect within {CONNECT_SECONDS:g} s ({detail[:200]})") from None
    on_event(f"connected to {target}; dashboard {client.dashboard_link}")
    return client


def _local(stack: ExitStack, cluster: Cluster, on_event: Callable[[str], None]) -> Client:
    """The embedded cluster; started again if a worker dies while it starts. Dask's own log is
    silenced (its tracebacks of workers lost at shut-down would fill a SLURM log): what matters
    is told through ``on_event`` and the progress lines (workers joining and leaving)."""
    workers = cluster.workers or default_workers()
    for attempt in range(1, LOCAL_ATTEMPTS + 1):
        try:
            with deferred(), dask.config.set(LOCAL_CONFIG):
                local = stack.enter_context(LocalCluster(
                    n_workers=workers, threads_per_worker=1, processes=cluster.processes,
                    dashboard_address="127.0.0.1:0", silence_logs=logging.CRITICAL))
                client = stack.enter_context(Client(local))
            break
        except Exception as error:  # noqa: BLE001 - e.g. a worker process killed during start-up
            if attempt == LOCAL_ATTEMPTS:
                raise ClusterError(f"--workers {workers}: the local cluster did not start in {LOCAL_ATTEMPTS} "
                                   f"tries ({type(error).__name__})") from None
            on_event(f"starting the local cluster failed ({type(error).__name__}); trying again")
    dashboard = local.scheduler.services.get("dashboard")
    on_event(f"local cluster of {workers} workers started" + (
        f"; dashboard http://127.0.0.1:{dashboard.port}/status" if dashboard else ""))
    return client


def run_all(client: Client, function: Callable[..., Any], items: Sequence[Any], keys: Sequence[str],
            on_result: Callable[[Any, Any], None], **kwargs: Any) -> None:
    """Call ``function(item, **kwargs)`` for every item on the cluster; ``on_result(item, result)``
    as each finishes, in completion order (``result`` is the exception if the task failed, e.g.
    ``KilledWorker`` when its worker died repeatedly). On an interrupt (Ctrl-C, SIGTERM) the tasks
    not yet finished are cancelled: only the runs in flight are lost."""
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
