"""Incidents and the reports linked to them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, select

from ceasefire.domain.incidents import Incident, VerificationStatus
from ceasefire.errors import NotFoundError
from ceasefire.storage.repositories.located import casualties_from, located_from, located_values
from ceasefire.storage.schema import incident_reports, incidents

__all__ = ["IncidentFilter", "add", "count", "get", "incident_of_report", "list_incidents"]


@dataclass(frozen=True, slots=True)
class IncidentFilter:
    """Which incidents to list; None means no restriction."""

    since: datetime | None = None
    until: datetime | None = None
    status: VerificationStatus | None = None
    limit: int = 100


def add(conn: Connection, incident: Incident, *, now: datetime) -> None:
    """Insert an incident and link its reports."""
    conn.execute(
        incidents.insert().values(
            id=incident.id,
            **located_values(
                incident.occurred,
                incident.location,
                incident.event_type,
                incident.sub_event_type,
                incident.casualties,
            ),
            status=incident.status.value,
            confidence=incident.confidence,
            attributed_party_id=incident.attributed_party_id,
            provision_ids=list(incident.provision_ids),
            attribution_confidence=incident.attribution_confidence,
            report_count=len(incident.report_ids),
            zone_ids=list(incident.zone_ids),
            assessment=incident.assessment or None,
            created_at=now,
            updated_at=now,
        )
    )
    conn.execute(
        incident_reports.insert(),
        [{"incident_id": incident.id, "report_id": r} for r in incident.report_ids],
    )


def get(conn: Connection, incident_id: str) -> Incident:
    """The incident with this id, or NotFoundError."""
    rows = _select(conn, incidents.c.id == incident_id, limit=1)
    if not rows:
        raise NotFoundError("incident", incident_id)
    return rows[0]


def list_incidents(conn: Connection, flt: IncidentFilter) -> list[Incident]:
    """Incidents matching the filter, newest first."""
    conds = []
    if flt.since is not None:
        conds.append(incidents.c.occurred_start >= flt.since)
    if flt.until is not None:
        conds.append(incidents.c.occurred_start <= flt.until)
    if flt.status is not None:
        conds.append(incidents.c.status == flt.status.value)
    return _select(conn, *conds, limit=flt.limit)


def _select(conn: Connection, *conds: Any, limit: int) -> list[Incident]:
    rows = conn.execute(
        select(incidents)
        .where(*conds)
        .order_by(incidents.c.occurred_start.desc(), incidents.c.id)
        .limit(limit)
    ).all()
    if not rows:
        return []
    ids = [r.id for r in rows]
    links: dict[str, list[str]] = {}
    for link in conn.execute(
        select(incident_reports.c.incident_id, incident_reports.c.report_id)
        .where(incident_reports.c.incident_id.in_(ids))
        .order_by(incident_reports.c.report_id)
    ):
        links.setdefault(link.incident_id, []).append(link.report_id)
    return [_incident(r._mapping, tuple(links.get(r.id, ()))) for r in rows]


def count(conn: Connection) -> int:
    """How many incidents are stored."""
    return int(conn.execute(select(func.count()).select_from(incidents)).scalar_one())


def _incident(row: Any, report_ids: tuple[str, ...]) -> Incident:
    occurred, location = located_from(row)
    return Incident(
        id=row["id"],
        report_ids=report_ids,
        occurred=occurred,
        location=location,
        event_type=row["event_type"],
        sub_event_type=row["sub_event_type"],
        casualties=casualties_from(row["casualties"]),
        status=VerificationStatus(row["status"]),
        confidence=row["confidence"],
        attributed_party_id=row["attributed_party_id"],
        provision_ids=tuple(row["provision_ids"]),
        attribution_confidence=row["attribution_confidence"],
        zone_ids=tuple(row["zone_ids"] or ()),
        assessment=row["assessment"] or {},
    )


def incident_of_report(conn: Connection, report_id: str) -> str:
    """The id of the incident a report belongs to."""
    found = conn.execute(
        select(incident_reports.c.incident_id).where(incident_reports.c.report_id == report_id)
    ).scalar_one_or_none()
    if found is None:
        raise NotFoundError("incident for report", report_id)
    return str(found)
