"""Group commit: the writes of many concurrent requests stored in one transaction.

Each transaction waits for the disk once (SQLite with synchronous=FULL, PostgreSQL's WAL
flush: about 2 ms here), and SQLite lets one writer in at a time, so writes made one
transaction each cannot pass a few hundred a second whatever the server does. A
`GroupCommit` takes jobs from a queue on one thread and hands everything waiting to its
`run_batch` function, which stores the lot in one transaction and gives a result (or the
exception that refused it) per job. Each caller's future resolves only after that commit,
so a write is durable when its request is answered.

When `run_batch` raises (the database refused the transaction as a whole), each job is run
again alone, so one job the database refuses cannot fail the others.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Generic, TypeVar

__all__ = ["MAX_BATCH", "GroupCommit"]

MAX_BATCH = 500
"""Most jobs stored in one transaction."""

J = TypeVar("J")
R = TypeVar("R")

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class _Queued(Generic[J, R]):
    job: J
    future: Future[R]


class GroupCommit(Generic[J, R]):
    """One thread running queued jobs in shared transactions; `submit` from any thread.

    The thread starts on the first submit (or, with `autostart=False`, on `start`: jobs
    queued before then share the first batch) and ends with `stop`."""

    def __init__(
        self,
        run_batch: Callable[[Sequence[J]], Sequence[R | Exception]],
        *,
        name: str,
        max_batch: int = MAX_BATCH,
        autostart: bool = True,
    ) -> None:
        self._run_batch = run_batch
        self._name = name
        self._max_batch = max_batch
        self._autostart = autostart
        self._queue: queue.SimpleQueue[_Queued[J, R] | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self.batches = 0
        """Transactions committed so far (for tests and benchmarks)."""
        self.done = 0
        """Jobs handled in them."""

    def submit(self, job: J) -> Future[R]:
        """Queue `job`; the future holds its result once committed (or the error that
        refused it)."""
        entry: _Queued[J, R] = _Queued(job, Future())
        if self._autostart:
            self.start()
        self._queue.put(entry)
        return entry.future

    def start(self) -> None:
        """Start the thread (once)."""
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
                self._thread.start()

    def stop(self, timeout: float = 30.0) -> None:
        """Run what is queued, then end the thread."""
        with self._lock:
            thread, self._thread = self._thread, None
        if thread is not None:
            self._queue.put(None)
            thread.join(timeout)
            log.info("%s: %d jobs in %d transactions", self._name, self.done, self.batches)

    def _run(self) -> None:
        while True:
            entry = self._queue.get()
            if entry is None:
                return
            batch = [entry]
            stop = False
            while len(batch) < self._max_batch:
                try:
                    more = self._queue.get_nowait()
                except queue.Empty:
                    break
                if more is None:
                    stop = True
                    break
                batch.append(more)
            # A request given up before its job was taken is not run (nobody waits for
            # it); once taken, it can no longer be cancelled.
            taken = [e for e in batch if e.future.set_running_or_notify_cancel()]
            if taken:
                self._run_guarded(taken)
            if stop:
                return

    def _run_guarded(self, batch: Sequence[_Queued[J, R]]) -> None:
        try:
            self._run_together(batch)
        except BaseException as exc:  # never leave a request waiting, never end the thread
            log.exception("%s: a batch of %d failed", self._name, len(batch))
            for entry in batch:
                if not entry.future.done():
                    entry.future.set_exception(exc)

    def _run_together(self, batch: Sequence[_Queued[J, R]]) -> None:
        try:
            results = self._run_batch([entry.job for entry in batch])
        except Exception as exc:
            if len(batch) > 1:
                log.warning("%s: a batch of %d failed (%s); running each alone",
                            self._name, len(batch), exc)  # fmt: skip
                for entry in batch:
                    self._run_together([entry])
            else:
                batch[0].future.set_exception(exc)
            return
        self.batches += 1
        self.done += len(batch)
        for entry, result in zip(batch, results, strict=True):
            if isinstance(result, Exception):
                entry.future.set_exception(result)
            else:
                entry.future.set_result(result)
