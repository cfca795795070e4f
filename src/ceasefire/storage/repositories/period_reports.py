"""What a daily or weekly report reads, each query limited to what the viewer may read
(`visibility.incident_scope` and `report_scope`): incidents of a period, their reports by
how observed, reports per day, and restrictions of the monitors' movement."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, func, select

from ceasefire.domain.access import Viewer
from ceasefire.domain.incidents import Incident, VerificationStatus
from ceasefire.domain.period_report import (
    MOVEMENT_RESTRICTION,
    VIOLENT_EVENT_TYPES,
    MovementRestriction,
)
from ceasefire.domain.sources import Affiliation
from ceasefire.storage.repositories.incidents import incident_from_row
from ceasefire.storage.repositories.visibility import incident_scope, report_scope
from ceasefire.storage.schema import incident_reports, incidents, reports, sources

__all__ = [
    "how_observed",
    "incidents_between",
    "movement_restrictions",
    "report_count",
    "reports_per_day",
    "violations_per_day",
]

_BATCH = 10_000


def incidents_between(
    conn: Connection, since: datetime, until: datetime, viewer: Viewer
) -> list[Incident]:
    """Incidents `viewer` may read that began in [since, until), newest first, with their
    report ids: two range reads (no list of ids sent back to the database, which costs
    more than the reads on a day of thousands of incidents)."""
    conds = [
        incidents.c.occurred_start >= since,
        incidents.c.occurred_start < until,
        incident_scope(viewer),
    ]
    links: dict[str, list[str]] = {}
    query = (
        select(incident_reports.c.incident_id, incident_reports.c.report_id)
        .join(incidents, incidents.c.id == incident_reports.c.incident_id)
        .where(*conds)
        .order_by(incident_reports.c.report_id)
    )
    for incident_id, report_id in conn.execute(query):
        links.setdefault(incident_id, []).append(report_id)
    rows = conn.execute(
        select(incidents).where(*conds).order_by(incidents.c.occurred_start.desc(), incidents.c.id)
    )
    # An incident always has reports; a row without any cannot be one (left out).
    return [incident_from_row(r._mapping, tuple(links[r.id])) for r in rows if r.id in links]


def how_observed(
    conn: Connection, since: datetime, until: datetime, viewer: Viewer
) -> dict[str, Counter[str]]:
    """For each incident `viewer` may read that began in [since, until): its reports the
    viewer may read, counted by how they were observed."""
    query = (
        select(incident_reports.c.incident_id, reports.c.how_observed, func.count())
        .select_from(
            incidents.join(incident_reports, incident_reports.c.incident_id == incidents.c.id)
            .join(reports, reports.c.id == incident_reports.c.report_id)
        )
        .where(
            incidents.c.occurred_start >= since,
            incidents.c.occurred_start < until,
            incident_scope(viewer),
            report_scope(viewer),
        )
        .group_by(incident_reports.c.incident_id, reports.c.how_observed)
    )  # fmt: skip
    found: dict[str, Counter[str]] = {}
    for incident_id, how, n in conn.execute(query):
        found.setdefault(incident_id, Counter())[how] = int(n)
    return found


def report_count(conn: Connection, since: datetime, until: datetime, viewer: Viewer) -> int:
    """How many reports `viewer` may read occurred in [since, until)."""
    query = (
        select(func.count())
        .select_from(reports)
        .where(
            reports.c.occurred_start >= since,
            reports.c.occurred_start < until,
            report_scope(viewer),
        )
    )
    return int(conn.execute(query).scalar_one())


def reports_per_day(conn: Connection, first: date, last: date, viewer: Viewer) -> Counter[date]:
    """Reports `viewer` may read per day (UTC) from `first` to `last`."""
    query = select(reports.c.occurred_start).where(
        reports.c.occurred_start >= _start(first),
        reports.c.occurred_start < _start(last + timedelta(days=1)),
        report_scope(viewer),
    )
    return _per_day(conn, query)


def violations_per_day(conn: Connection, first: date, last: date, viewer: Viewer) -> Counter[date]:
    """Ceasefire violations (incidents of a violent type, not rejected) `viewer` may read
    per day (UTC) from `first` to `last`."""
    query = select(incidents.c.occurred_start).where(
        incidents.c.occurred_start >= _start(first),
        incidents.c.occurred_start < _start(last + timedelta(days=1)),
        incidents.c.event_type.in_(VIOLENT_EVENT_TYPES),
        incidents.c.status != VerificationStatus.REJECTED.value,
        incident_scope(viewer),
    )
    return _per_day(conn, query)


def movement_restrictions(
    conn: Connection, since: datetime, until: datetime, viewer: Viewer
) -> list[MovementRestriction]:
    """Reports `viewer` may read, filed in [since, until) by the mission's own sources as
    restrictions of the monitors' movement, oldest first."""
    event_type, sub_event_type = MOVEMENT_RESTRICTION
    query = (
        select(
            reports.c.id, reports.c.occurred_start, reports.c.place_name, reports.c.zone_ids,
            sources.c.name, reports.c.text,
        )
        .join(sources, sources.c.id == reports.c.source_id)
        .where(
            reports.c.occurred_start >= since,
            reports.c.occurred_start < until,
            reports.c.event_type == event_type,
            reports.c.sub_event_type == sub_event_type,
            sources.c.affiliation == Affiliation.MONITOR.value,
            report_scope(viewer),
        )
        .order_by(reports.c.occurred_start, reports.c.id)
    )  # fmt: skip
    return [
        MovementRestriction(
            report_id=r.id,
            occurred=r.occurred_start,
            place_name=r.place_name,
            zone_ids=tuple(str(z) for z in r.zone_ids or ()),
            source_name=r.name,
            text=r.text,
        )
        for r in conn.execute(query)
    ]


def _start(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def _per_day(conn: Connection, query: Any) -> Counter[date]:
    counts: Counter[date] = Counter()
    for (occurred,) in conn.execute(query).yield_per(_BATCH):
        counts[occurred.astimezone(UTC).date()] += 1
    return counts
