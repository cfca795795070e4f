"""Incidents and the reports linked to them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, or_, select

from ceasefire.domain.access import Viewer
from ceasefire.domain.incidents import Incident, VerificationStatus
from ceasefire.errors import NotFoundError
from ceasefire.storage.repositories.located import casualties_from, located_from, located_values
from ceasefire.storage.repositories.reports import in_zone
from ceasefire.storage.repositories.visibility import incident_scope
from ceasefire.storage.schema import incident_reports, incidents

__all__ = [
    "IncidentFilter",
    "add",
    "by_ids",
    "count",
    "get",
    "incident_of_report",
    "list_incidents",
]


@dataclass(frozen=True, slots=True)
class IncidentFilter:
    """Which incidents to list; None means no restriction. `after` is the position
    (occurred_start, id) of the last incident of the previous page, newest first."""

    since: datetime | None = None
    until: datetime | None = None
    status: VerificationStatus | None = None
    limit: int = 100
    zone_id: str | None = None
    party_id: str | None = None
    """Attributed to this party."""
    after: tuple[datetime, str] | None = None


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


def get(conn: Connection, incident_id: str, viewer: Viewer | None = None) -> Incident:
    """The incident with this id (that `viewer` may read, when given), or NotFoundError
    (also when it exists but the viewer may not read it)."""
    conds = [incidents.c.id == incident_id]
    if viewer is not None:
        conds.append(incident_scope(viewer))
    rows = _select(conn, *conds, limit=1)
    if not rows:
        raise NotFoundError("incident", incident_id)
    return rows[0]


def list_incidents(
    conn: Connection, flt: IncidentFilter, viewer: Viewer | None = None
) -> list[Incident]:
    """Incidents matching the filter (and that `viewer` may read, when given), newest
    first (ties by id)."""
    conds: list[Any] = []
    if viewer is not None:
        conds.append(incident_scope(viewer))
    if flt.since is not None:
        conds.append(incidents.c.occurred_start >= flt.since)
    if flt.until is not None:
        conds.append(incidents.c.occurred_start <= flt.until)
    if flt.status is not None:
        conds.append(incidents.c.status == flt.status.value)
    if flt.zone_id is not None:
        conds.append(in_zone(conn, incidents.c.zone_ids, flt.zone_id))
    if flt.party_id is not None:
        conds.append(incidents.c.attributed_party_id == flt.party_id)
    if flt.after is not None:
        start, incident_id = flt.after
        conds += [
            incidents.c.occurred_start <= start,
            or_(incidents.c.occurred_start < start, incidents.c.id > incident_id),
        ]
    return _select(conn, *conds, limit=flt.limit)


def by_ids(conn: Connection, incident_ids: Sequence[str]) -> list[Incident]:
    """The incidents with these ids (those that exist), newest first."""
    if not incident_ids:
        return []
    return _select(conn, incidents.c.id.in_(list(incident_ids)), limit=len(incident_ids))


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
