"""SLURM without a hand-kept scheduler: the sweep starts a dask-jobqueue ``SLURMCluster`` itself
(``techniekpact sweep --slurm``), submitting worker jobs and stopping them when it ends.

Each job runs ``cores`` single-threaded worker processes (a model run is single-threaded numba,
so a process per core is the fastest); worker processes get the project's venv Python, a
writable numba cache in the job's temporary folder and the worker settings of the embedded
cluster (no statistical profiler). Options not given here come from dask-jobqueue's own
configuration (``jobqueue.slurm`` in ``~/.config/dask/jobqueue.yaml``), e.g. ``interface``.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from typing import Any

MEMORY = re.compile(r"[1-9][0-9]*(\.[0-9]+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)")
WALLTIME = re.compile(r"([0-9]+-)?[0-9]{1,2}:[0-5][0-9]:[0-5][0-9]")
PROLOGUE = (
    'export NUMBA_CACHE_DIR="${TMPDIR:-/tmp}/numba-$USER"',
    "export DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED=False",
)
"""Shell lines run in every worker job before the workers start."""


class SlurmError(ValueError):
    """A SLURM option that cannot be used; the message is one line naming it."""


@dataclass(frozen=True)
class SlurmOptions:
    """What the worker jobs ask SLURM for."""

    cores: int = 32
    memory: str = "64GB"
    walltime: str = "08:00:00"
    jobs: int = 1
    partition: str | None = None
    account: str | None = None
    directives: tuple[str, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        if not 1 <= self.cores <= 4096:
            raise SlurmError(f"--slurm-cores: must be 1..4096 cores per job, got {self.cores}")
        if not 1 <= self.jobs <= 10_000:
            raise SlurmError(f"--slurm-jobs: must be 1..10000 jobs, got {self.jobs}")
        if not MEMORY.fullmatch(self.memory):
            raise SlurmError(f"--slurm-memory: must be an amount like 64GB or 500MiB, got {self.memory!r}")
        if not WALLTIME.fullmatch(self.walltime):
            raise SlurmError(f"--slurm-walltime: must be HH:MM:SS or D-HH:MM:SS, got {self.walltime!r}")
        for directive in self.directives:
            if not directive.startswith("--") or "\n" in directive:
                raise SlurmError(f"--slurm-directive: must be an sbatch option such as --qos=short, got {directive!r}")

    def cluster_kwargs(self) -> dict[str, Any]:
        """The keyword arguments of ``dask_jobqueue.SLURMCluster``."""
        return {
            "cores": self.cores, "processes": self.cores, "memory": self.memory, "walltime": self.walltime,
            "queue": self.partition, "account": self.account, "python": sys.executable,
            "job_script_prologue": list(PROLOGUE), "job_extra_directives": list(self.directives),
            "job_name": "techniekpact-worker", "scheduler_options": {"dashboard_address": "127.0.0.1:0"},
        }


def cluster(options: SlurmOptions) -> Any:
    """A started ``SLURMCluster`` asking for ``options.jobs`` worker jobs."""
    from dask_jobqueue import SLURMCluster

    started = SLURMCluster(**options.cluster_kwargs())
    started.scale(jobs=options.jobs)
    return started


def job_script(options: SlurmOptions) -> str:
    """The batch script each worker job would be submitted with (for ``--dry-run`` and tests)."""
    from dask_jobqueue import SLURMCluster

    with SLURMCluster(**options.cluster_kwargs()) as probe:
        return probe.job_script()
