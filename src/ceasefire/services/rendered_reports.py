"""Rendered period reports kept while the store does not change, so a dashboard that shows
the daily report to many readers builds it (every query, three figures, the layout) once
per change rather than on every view.

A rendering is reused only for the same period, audience, reader and format, and only
while the newest entry of the audit log is the one it was built after: every change to the
store is an audit entry (DESIGN.md), so a new entry means the report may differ."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from ceasefire.domain.access import Viewer
from ceasefire.domain.report_periods import Audience, ReportPeriod
from ceasefire.publishing.render import ReportFormat, render_report
from ceasefire.services.database import Database
from ceasefire.services.period_reports import build_period_report
from ceasefire.storage.repositories import audit

__all__ = ["RenderedReport", "RenderedReports"]

_Key = tuple[ReportPeriod, Audience, Viewer, ReportFormat, int]


@dataclass(frozen=True, slots=True)
class RenderedReport:
    """A report's bytes in one format, and when they were made."""

    data: bytes
    generated_at: datetime


class RenderedReports:
    """The last `capacity` renderings (the least recently read is dropped first)."""

    def __init__(
        self,
        capacity: int = 32,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC).replace(microsecond=0),
    ) -> None:
        self.capacity = capacity
        self._clock = clock
        self._kept: OrderedDict[_Key, RenderedReport] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._kept)

    def rendered(
        self,
        *,
        db: Database,
        period: ReportPeriod,
        audience: Audience,
        viewer: Viewer,
        fmt: ReportFormat,
    ) -> RenderedReport:
        """The report of `period` for `audience` as `viewer` may read it, in `fmt`: the
        kept rendering when nothing was written since it was made, else a new one (access
        is checked by `build_period_report` before anything is kept, and a reader's key
        holds the whole viewer, so one reader never gets another's rendering)."""
        with db.read() as conn:
            key = (period, audience, viewer, fmt, audit.latest_seq(conn))
        with self._lock:
            kept = self._kept.get(key)
            if kept is not None:
                self._kept.move_to_end(key)
                return kept
        report = build_period_report(db=db, period=period, audience=audience, viewer=viewer)
        generated_at = self._clock()
        made = RenderedReport(render_report(report, fmt, generated_at=generated_at), generated_at)
        with self._lock:
            self._kept[key] = made
            self._kept.move_to_end(key)
            while len(self._kept) > self.capacity:
                self._kept.popitem(last=False)
        return made
