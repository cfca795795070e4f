"""Group commit for reports filed by many clients at once (the API's intake).

Each filing waits for the disk once (SQLite with synchronous=FULL, PostgreSQL's WAL flush):
about 2 ms here, and SQLite lets one writer in at a time, so reports filed one transaction
each cannot pass about 400 a second whatever the server does. `ReportFiler` takes the
reports of concurrent requests from a queue and stores everything waiting in one transaction
(`services.reports.file_reports`): one commit for the lot. Every caller's future resolves
only after that commit, so a report is durable when its request is answered, as before.

A report refused on its own (unknown source, a conflict on its Idempotency-Key) fails
alone. If the batch's transaction fails, each report is tried again alone, so one report
the database refuses cannot fail the others.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass

from ceasefire.domain.reports import Report
from ceasefire.services.database import Database, pending_first_write
from ceasefire.services.reports import FiledReport, Filing, file_reports

__all__ = ["MAX_BATCH", "ReportFiler"]

MAX_BATCH = 500
"""Most reports stored in one transaction."""

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class _Job:
    filing: Filing
    future: Future[FiledReport]


class ReportFiler:
    """One thread storing queued reports in shared transactions; `submit` from any thread.
    The thread starts on the first submit and ends with `stop`."""

    def __init__(
        self,
        db: Database,
        *,
        max_batch: int = MAX_BATCH,
        on_stored: Callable[[], None] | None = None,
    ) -> None:
        self._db = db
        self._max_batch = max_batch
        self._on_stored = on_stored
        self._queue: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self.batches = 0
        """Transactions committed so far (for tests and benchmarks)."""
        self.filed = 0
        """Reports handled in them (stored, or found on file)."""

    def submit(self, report: Report, actor: str) -> Future[FiledReport]:
        """Queue a validated report for filing by `actor`; the future holds the result once
        it is committed (or the error that refused it). An Idempotency-Key being handled
        in the caller's context is claimed in the same transaction."""
        job = _Job(Filing(report, actor, pending_first_write()), Future())
        self._start()
        self._queue.put(job)
        return job.future

    def stop(self, timeout: float = 30.0) -> None:
        """File what is queued, then end the thread."""
        with self._lock:
            thread, self._thread = self._thread, None
        if thread is not None:
            self._queue.put(None)
            thread.join(timeout)
            log.info("filed %d reports in %d transactions", self.filed, self.batches)

    def _start(self) -> None:
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="ceasefire-report-filer", daemon=True
                )
                self._thread.start()

    def _run(self) -> None:
        while True:
            job = self._queue.get()
            if job is None:
                return
            batch = [job]
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
            # A request given up before its report was taken is not filed (nobody waits
            # for it); once taken, the request can no longer be cancelled.
            taken = [j for j in batch if j.future.set_running_or_notify_cancel()]
            if taken:
                self._file(taken)
            if stop:
                return

    def _file(self, batch: Sequence[_Job]) -> None:
        try:
            self._file_batch(batch)
        except BaseException as exc:  # never leave a request waiting, never end the thread
            log.exception("filing a batch of %d reports failed", len(batch))
            for job in batch:
                if not job.future.done():
                    job.future.set_exception(exc)

    def _file_batch(self, batch: Sequence[_Job]) -> None:
        try:
            results = file_reports(db=self._db, filings=[job.filing for job in batch])
        except Exception as exc:
            if len(batch) > 1:
                log.warning("a batch of %d reports failed (%s); filing each alone", len(batch), exc)
                for job in batch:
                    self._file_batch([job])
            else:
                batch[0].future.set_exception(exc)
            return
        self.batches += 1
        self.filed += len(batch)
        stored = False
        for job, result in zip(batch, results, strict=True):
            if isinstance(result, Exception):
                job.future.set_exception(result)
            else:
                stored = stored or not result.duplicate
                job.future.set_result(result)
        if stored and self._on_stored is not None:
            self._on_stored()
