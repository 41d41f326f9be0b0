"""Stopping a sweep by signal: Ctrl-C (SIGINT), SIGTERM (what SLURM sends at the time limit) and
SIGUSR1 (``sbatch --signal=USR1@120``) all raise :class:`Interrupted` in the main thread, so the
sweep records its session, tidies up and exits with 128 + the signal's number.

While a cluster is being built (:func:`deferred`) a signal waits until the cluster is owned by a
context manager; an interrupt halfway through its construction would leave it unclosable (and
Dask's exit handler would print a traceback). A second signal does not wait.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGUSR1)
_state: dict[str, int | None] = {"deferring": 0, "pending": None}


class Interrupted(KeyboardInterrupt):
    """The sweep was stopped by a signal; the finished runs are kept."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum

    @property
    def signal_name(self) -> str:
        return signal.Signals(self.signum).name


def _stop(signum: int, frame: object) -> None:
    if _state["deferring"] and _state["pending"] is None:
        _state["pending"] = signum
        return
    for other in STOP_SIGNALS:  # the tidy-up after this one is not interrupted again
        signal.signal(other, signal.SIG_IGN)
    raise Interrupted(signum)


@contextmanager
def stop_signals() -> Iterator[None]:
    """SIGINT, SIGTERM and SIGUSR1 raise :class:`Interrupted` (also when the process was started
    with ``&`` or ``nohup`` and inherited an ignored SIGINT); the old handlers come back after."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {signum: signal.getsignal(signum) for signum in STOP_SIGNALS}
    _state.update(deferring=0, pending=None)
    for signum in STOP_SIGNALS:
        signal.signal(signum, _stop)
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


@contextmanager
def deferred() -> Iterator[None]:
    """A stop signal arriving inside waits until the block has ended, then raises."""
    _state["deferring"] = (_state["deferring"] or 0) + 1
    try:
        yield
    finally:
        _state["deferring"] = (_state["deferring"] or 1) - 1
    pending = _state["pending"]
    if pending is not None and not _state["deferring"]:
        _state["pending"] = None
        _stop(pending, None)
