"""Stored spot reports: insert, read one, list, and store a new version or the sending."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, exists, select

from ceasefire.domain.incidents import VerificationStatus
from ceasefire.domain.period_report import VIOLENT_EVENT_TYPES
from ceasefire.domain.spot_reports import SpotReport, SpotReportStatus
from ceasefire.errors import NotFoundError
from ceasefire.storage.repositories.reports import in_zone
from ceasefire.storage.schema import incident_reports, incidents, spot_reports

__all__ = [
    "add",
    "get",
    "incidents_of_reports",
    "list_spot_reports",
    "update",
    "violations_between",
]


def add(conn: Connection, report: SpotReport) -> None:
    """Insert a new spot report."""
    conn.execute(spot_reports.insert().values(id=report.id, **_values(report)))


def update(conn: Connection, report: SpotReport) -> None:
    """Store a spot report's current version and status over the row with its id."""
    conn.execute(
        spot_reports.update().where(spot_reports.c.id == report.id).values(**_values(report))
    )


def get(conn: Connection, key: str, *, for_update: bool = False) -> SpotReport:
    """The spot report with this id (or the id of its alert), or NotFoundError."""
    query = select(spot_reports).where(
        (spot_reports.c.id == key) | (spot_reports.c.alert_id == key)
    )
    row = conn.execute(query.with_for_update() if for_update else query).first()
    if row is None:
        raise NotFoundError("spot report", key)
    return _spot_report(row._mapping)


def list_spot_reports(
    conn: Connection, status: SpotReportStatus | None = None, limit: int | None = None
) -> list[SpotReport]:
    """Spot reports (of one status, when given), newest first."""
    query = select(spot_reports).order_by(spot_reports.c.created_at.desc(), spot_reports.c.id)
    if status is not None:
        query = query.where(spot_reports.c.status == status.value)
    if limit is not None:
        query = query.limit(limit)
    return [_spot_report(r._mapping) for r in conn.execute(query)]


def incidents_of_reports(conn: Connection, report_ids: Sequence[str]) -> list[str]:
    """The ids of the incidents these reports are in, sorted."""
    found = conn.execute(
        select(incident_reports.c.incident_id)
        .where(incident_reports.c.report_id.in_([str(r) for r in report_ids]))
        .distinct()
    ).scalars()
    return sorted(found)


def violations_between(
    conn: Connection, since: datetime, until: datetime, zone_id: str | None, limit: int
) -> list[str]:
    """The ids of up to `limit` violations (incidents of a violent type, not rejected, with
    their reports) that began in [since, until), in a zone when one is given."""
    conds = [
        incidents.c.occurred_start >= since,
        incidents.c.occurred_start < until,
        incidents.c.event_type.in_(VIOLENT_EVENT_TYPES),
        incidents.c.status != VerificationStatus.REJECTED.value,
        exists(select(incident_reports.c.report_id).where(
            incident_reports.c.incident_id == incidents.c.id
        )),
    ]  # fmt: skip
    if zone_id is not None:
        conds.append(in_zone(conn, incidents.c.zone_ids, zone_id))
    query = select(incidents.c.id).where(*conds).order_by(incidents.c.id).limit(limit)
    return list(conn.execute(query).scalars())


def _values(r: SpotReport) -> dict[str, Any]:
    return {
        "alert_id": r.alert_id,
        "title": r.title,
        "text": r.text,
        "status": r.status.value,
        "incident_ids": list(r.incident_ids),
        "version": r.version,
        "created_at": r.created_at,
        "updated_at": r.updated_at,
        "edited_by": r.edited_by,
        "sent_by": r.sent_by,
        "sent_at": r.sent_at,
        "sent_to": r.sent_to,
    }


def _spot_report(row: Any) -> SpotReport:
    return SpotReport(
        id=row["id"],
        alert_id=row["alert_id"],
        title=row["title"],
        text=row["text"],
        incident_ids=tuple(row["incident_ids"] or ()),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        status=SpotReportStatus(row["status"]),
        version=row["version"],
        edited_by=row["edited_by"],
        sent_by=row["sent_by"],
        sent_at=row["sent_at"],
        sent_to=row["sent_to"],
    )
