"""Group commit for reports filed by many clients at once (the API's intake): the reports
of concurrent requests are stored in one transaction (`services.group_commit`), and each
request is answered only after that commit.

A report refused on its own (unknown source, a conflict on its Idempotency-Key) fails
alone; if the batch's transaction fails, each report is tried again alone.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Future

from ceasefire.domain.reports import Report
from ceasefire.services.database import Database, pending_first_write
from ceasefire.services.group_commit import MAX_BATCH, GroupCommit
from ceasefire.services.reports import FiledReport, Filing, file_reports

__all__ = ["MAX_BATCH", "ReportFiler"]


class ReportFiler:
    """One thread storing queued reports in shared transactions; `submit` from any thread.
    The thread starts on the first submit (with `autostart=False`, on `start`) and ends
    with `stop`."""

    def __init__(
        self,
        db: Database,
        *,
        max_batch: int = MAX_BATCH,
        on_stored: Callable[[], None] | None = None,
        autostart: bool = True,
    ) -> None:
        self._db = db
        self._on_stored = on_stored
        self._group: GroupCommit[Filing, FiledReport] = GroupCommit(
            self._file, name="ceasefire-report-filer", max_batch=max_batch, autostart=autostart
        )

    @property
    def batches(self) -> int:
        """Transactions committed so far (for tests and benchmarks)."""
        return self._group.batches

    @property
    def filed(self) -> int:
        """Reports handled in them (stored, or found on file)."""
        return self._group.done

    def submit(self, report: Report, actor: str) -> Future[FiledReport]:
        """Queue a validated report for filing by `actor`; the future holds the result once
        it is committed (or the error that refused it). An Idempotency-Key being handled
        in the caller's context is claimed in the same transaction."""
        return self._group.submit(Filing(report, actor, pending_first_write()))

    def start(self) -> None:
        """Start the thread (once)."""
        self._group.start()

    def stop(self, timeout: float = 30.0) -> None:
        """File what is queued, then end the thread."""
        self._group.stop(timeout)

    def _file(self, filings: Sequence[Filing]) -> Sequence[FiledReport | Exception]:
        results = file_reports(db=self._db, filings=filings)
        stored = any(isinstance(r, FiledReport) and not r.duplicate for r in results)
        if stored and self._on_stored is not None:
            self._on_stored()
        return results
