"""Progress of a sweep for a person at a terminal (a rich bar) or for a log file (plain lines,
e.g. a SLURM job's output): runs done of all, failed, rate, ETA, workers connected, and what
happens to the cluster (started, dashboard address, workers joining and leaving).

Plain lines come every ``TECHNIEKPACT_PROGRESS_SECONDS`` seconds (default 30) from a background
thread, also while nothing finishes (a cluster starting, long runs), so a log never goes silent.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn


def interval() -> float:
    try:
        return max(0.1, float(os.environ.get("TECHNIEKPACT_PROGRESS_SECONDS", "30")))
    except ValueError:
        return 30.0


class Reporter:
    """Counts runs and tells about them; ``workers`` (if given) is asked for the number of
    connected workers on every plain line, and ``beat`` is called then too (a lock's refresh)."""

    def __init__(self, name: str, total: int, done: int, console: Console | None = None) -> None:
        self.name, self.total, self.done, self.failed, self.started_with = name, total, done, 0, done
        self.console = console or Console(stderr=True)
        self.began = time.monotonic()
        self.workers: Callable[[], int] | None = None
        self.beat: Callable[[], None] = lambda: None
        self._known_workers: int | None = None
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._bar: Progress | None = None
        self._thread: threading.Thread | None = None

    def __enter__(self) -> Reporter:
        if self.console.is_terminal:
            self._bar = Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                                 TextColumn("runs,"), TextColumn("[red]{task.fields[failed]} failed,"),
                                 TextColumn("{task.fields[workers]} workers"), TimeElapsedColumn(), TextColumn("ETA"),
                                 TimeRemainingColumn(), console=self.console)
            self._bar.start()
            self._task = self._bar.add_task(self.name, total=self.total, completed=self.done, failed=0, workers="?")
        self.line()
        self._thread = threading.Thread(target=self._heartbeat, name="sweep-progress", daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        if self._bar is not None:
            self._bar.stop()
        else:
            self.line()

    def event(self, text: str) -> None:
        """Something that happened (cluster started, a worker lost), on its own line."""
        with self._lock:
            self.console.print(f"{self._clock()} {text}", markup=False, highlight=False, soft_wrap=True)

    def advance(self, failed: bool) -> None:
        with self._lock:
            self.done += 1
            self.failed += failed
            if self._bar is not None:
                self._bar.update(self._task, advance=1, failed=self.failed)

    def line(self) -> None:
        """One plain progress line (only when not on a terminal: the bar shows the same there)."""
        workers = self._count_workers()
        if self._bar is not None:
            self._bar.update(self._task, workers="?" if workers is None else workers)
            return
        elapsed = time.monotonic() - self.began
        ran = self.done - self.started_with
        rate = ran / elapsed * 60 if elapsed > 0 else 0.0
        left = self.total - self.done
        eta = f"{_duration(left / ran * elapsed)}" if ran and left else ("0s" if not left else "?")
        seen = "" if workers is None else f", {workers} workers"
        self.event(f"{self.name}: {self.done}/{self.total} runs done, {self.failed} failed, "
                   f"{rate:.1f} runs/min, ETA {eta}{seen}")

    def _count_workers(self) -> int | None:
        if self.workers is None:
            return None
        try:
            count = self.workers()
        except Exception:  # noqa: BLE001 - a scheduler briefly unreachable is no reason to stop counting runs
            return None
        if self._known_workers is not None and count != self._known_workers:
            change = "joined" if count > self._known_workers else "lost"
            self.event(f"worker {change}: {count} connected")
        self._known_workers = count
        return count

    def _heartbeat(self) -> None:
        while not self._stop.wait(interval()):
            self.beat()
            self.line()

    def _clock(self) -> str:
        return time.strftime("%Y-%m-%d %H:%M:%S")


def _duration(seconds: float) -> str:
    minutes, second = divmod(int(seconds), 60)
    hours, minute = divmod(minutes, 60)
    return f"{hours}h{minute:02d}m" if hours else f"{minute}m{second:02d}s" if minute else f"{second}s"
