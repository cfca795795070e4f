"""Incidents and the reports linked to them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Connection, case, exists, func, or_, select

from ceasefire.domain.access import Viewer
from ceasefire.domain.incidents import Incident, VerificationStatus
from ceasefire.domain.sources import SourceKind
from ceasefire.errors import NotFoundError
from ceasefire.storage.repositories.located import casualties_from, located_from, located_values
from ceasefire.storage.repositories.reports import in_zone
from ceasefire.storage.repositories.visibility import incident_scope
from ceasefire.storage.schema import incident_reports, incidents, reports, sources

__all__ = [
    "IncidentFilter",
    "IncidentOrder",
    "add",
    "by_ids",
    "count",
    "count_matching",
    "get",
    "incident_from_row",
    "incident_of_report",
    "list_incidents",
    "ordered",
    "span",
]


class IncidentOrder(StrEnum):
    """What a table of incidents is sorted by (ties by id)."""

    TIME = "time"
    STATUS = "status"
    CONFIDENCE = "confidence"
    REPORTS = "reports"


# Statuses sort by how far verification went, not alphabetically.
_STATUS_RANK = case(
    {s.value: rank for rank, s in enumerate(VerificationStatus)}, value=incidents.c.status
)
_ORDER_COLUMNS: dict[IncidentOrder, Any] = {
    IncidentOrder.TIME: incidents.c.occurred_start,
    IncidentOrder.STATUS: _STATUS_RANK,
    IncidentOrder.CONFIDENCE: incidents.c.confidence,
    IncidentOrder.REPORTS: incidents.c.report_count,
}


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
    event_type: str | None = None
    source_kind: SourceKind | None = None
    """At least one of its reports comes from a source of this kind."""


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
    conds = _conditions(conn, flt, viewer)
    if flt.after is not None:
        start, incident_id = flt.after
        conds += [
            incidents.c.occurred_start <= start,
            or_(incidents.c.occurred_start < start, incidents.c.id > incident_id),
        ]
    return _select(conn, *conds, limit=flt.limit)


def ordered(
    conn: Connection,
    flt: IncidentFilter,
    viewer: Viewer,
    *,
    order: IncidentOrder,
    descending: bool,
    offset: int,
) -> list[Incident]:
    """A slice of the matching incidents `viewer` may read, sorted by `order` (ties by id):
    `flt.limit` of them from `offset` on (`flt.after` is not used)."""
    column = _ORDER_COLUMNS[order]
    key = column.desc() if descending else column.asc()
    conds = _conditions(conn, flt, viewer)
    return _select(conn, *conds, limit=flt.limit, order_by=(key, incidents.c.id), offset=offset)


def count_matching(conn: Connection, flt: IncidentFilter, viewer: Viewer) -> int:
    """How many incidents `viewer` may read match the filter (`limit` and `after` aside)."""
    conds = _conditions(conn, flt, viewer)
    found = conn.execute(select(func.count()).select_from(incidents).where(*conds))
    return int(found.scalar_one())


def span(conn: Connection, viewer: Viewer) -> tuple[datetime, datetime] | None:
    """When the earliest and the latest incident `viewer` may read began; None without any."""
    first, last = conn.execute(
        select(func.min(incidents.c.occurred_start), func.max(incidents.c.occurred_start))
        .where(incident_scope(viewer))
    ).one()  # fmt: skip
    if first is None or last is None:
        return None
    return first, last


def _conditions(conn: Connection, flt: IncidentFilter, viewer: Viewer | None) -> list[Any]:
    """The filter as conditions on `incidents` (paging aside)."""
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
    if flt.event_type is not None:
        conds.append(incidents.c.event_type == flt.event_type)
    if flt.source_kind is not None:
        conds.append(_reported_by(flt.source_kind))
    return conds


def _reported_by(kind: SourceKind) -> Any:
    """A report of the incident comes from a source of `kind`. A condition on `incidents`:
    who may read the incident may filter by it (its page explains each source's part)."""
    return exists(
        select(incident_reports.c.report_id)
        .join(reports, reports.c.id == incident_reports.c.report_id)
        .join(sources, sources.c.id == reports.c.source_id)
        .where(
            incident_reports.c.incident_id == incidents.c.id,
            sources.c.kind == SourceKind(kind).value,
        )
        .correlate(incidents)
    )


def by_ids(conn: Connection, incident_ids: Sequence[str]) -> list[Incident]:
    """The incidents with these ids (those that exist), newest first."""
    if not incident_ids:
        return []
    return _select(conn, incidents.c.id.in_(list(incident_ids)), limit=len(incident_ids))


_NEWEST_FIRST = (incidents.c.occurred_start.desc(), incidents.c.id)


def _select(
    conn: Connection,
    *conds: Any,
    limit: int,
    order_by: tuple[Any, ...] = _NEWEST_FIRST,
    offset: int = 0,
) -> list[Incident]:
    rows = conn.execute(
        select(incidents).where(*conds).order_by(*order_by).limit(limit).offset(offset)
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
    return [incident_from_row(r._mapping, tuple(links.get(r.id, ()))) for r in rows]


def count(conn: Connection) -> int:
    """How many incidents are stored."""
    return int(conn.execute(select(func.count()).select_from(incidents)).scalar_one())


def incident_from_row(row: Any, report_ids: tuple[str, ...]) -> Incident:
    """An incident from its stored row and the ids of its reports."""
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
