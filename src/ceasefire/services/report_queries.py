"""Reports as a reader may see them: pages of filtered reports, one report by id, and
filing one on a reader's behalf (the API's intake)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from ceasefire.domain.access import Viewer
from ceasefire.domain.event_types import EVENT_TYPES
from ceasefire.errors import ConflictError, NotFoundError, ValidationError
from ceasefire.services.database import Database
from ceasefire.services.reports import FiledReport, file_report
from ceasefire.storage.repositories import reports
from ceasefire.storage.repositories.reports import ReportQuery, StoredReport

__all__ = [
    "ReportPage",
    "ReportQuery",
    "file_report_for",
    "get_report",
    "list_reports",
]

MAX_PAGE = 500


@dataclass(frozen=True, slots=True)
class ReportPage:
    """One page of reports and the position (occurred_start, id) the next page starts
    after; None on the last page."""

    items: list[StoredReport]
    next_after: tuple[datetime, str] | None


def list_reports(*, db: Database, viewer: Viewer, query: ReportQuery) -> ReportPage:
    """The reports `viewer` may read that match `query`, oldest first: staff read every
    report, a monitor the reports they filed, liaisons and the public the reports of
    published incidents. One indexed query per page (one row more than the page tells
    whether another page follows)."""
    _check(query)
    with db.read() as conn:
        rows = reports.page(conn, viewer, replace(query, limit=query.limit + 1))
    items = rows[: query.limit]
    more = len(rows) > query.limit
    last = items[-1].report if items else None
    return ReportPage(items, (last.occurred.start, last.id) if more and last else None)


def get_report(*, db: Database, viewer: Viewer, report_id: str) -> StoredReport:
    """One report as stored, or NotFoundError (also when `viewer` may not read it, so ids
    cannot be probed)."""
    with db.read() as conn:
        found = reports.find_stored(conn, report_id, viewer)
    if found is None:
        raise NotFoundError("report", report_id)
    return found


def file_report_for(
    *, db: Database, data: Mapping[str, Any], viewer: Viewer, actor: str, link: bool = True
) -> FiledReport:
    """File a report as `actor` (see `file_report`; `link=False` queues it for the linking
    worker). A report already on file under the same external id is returned only to a
    reader who may read it; anyone else is told the external id is taken (409), never
    shown the other report."""
    filed = file_report(db=db, data=data, actor=actor, link=link)
    if filed.duplicate:
        with db.read() as conn:
            visible = reports.find_stored(conn, filed.report.id, viewer) is not None
        if not visible:
            raise ConflictError(
                f"external_id: {filed.report.external_id!r} is already on file for a report"
                " you cannot read; use the sender's id of this report"
            )
    return filed


def _check(query: ReportQuery) -> None:
    if not 1 <= query.limit <= MAX_PAGE:
        raise ValidationError("limit", query.limit, f"must be from 1 to {MAX_PAGE}")
    if query.since is not None and query.until is not None and query.until < query.since:
        raise ValidationError("until", query.until.isoformat(), "is before since")
    if query.event_type is not None and query.event_type not in EVENT_TYPES:
        raise ValidationError(
            "event_type", query.event_type, f"must be one of: {'; '.join(EVENT_TYPES)}"
        )
    box = query.bbox
    if box is not None and box.min_lat > box.max_lat:
        raise ValidationError("bbox", box, "min_lat is above max_lat")
