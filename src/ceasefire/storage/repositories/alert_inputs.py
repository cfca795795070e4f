"""Read-only queries the alert detectors run: incident counts, weapons, casualties, crossings,
open complaints. Rejected incidents (and the reports in them) never count."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import Connection, func, or_, select

from ceasefire.analytics.alerting import ALL_ZONES, CheckpointTraffic
from ceasefire.analytics.signals import (
    HEAVY_WEAPONS,
    OPEN_COMPLAINT_STATUSES,
    SMALL_ARMS,
    CasualtyIncident,
    OpenComplaint,
    WeaponSighting,
)
from ceasefire.storage.schema import (
    checkpoints,
    complaints,
    crossings,
    incident_reports,
    incidents,
    reports,
    zones,
)

__all__ = [
    "casualty_incidents",
    "checkpoint_traffic",
    "incident_counts",
    "open_complaints",
    "weapon_sightings",
    "zone_names",
]

REJECTED = "rejected"
_BATCH = 5000


def _from(start: date) -> datetime:
    return datetime.combine(start, time(0), tzinfo=UTC)


def incident_counts(conn: Connection, start: date, until: datetime) -> dict[str, Counter[date]]:
    """Incidents a day (UTC) per zone from `start` to the instant `until`, plus the mission-wide
    series under `ALL_ZONES`; an incident in two zones counts in both."""
    query = select(incidents.c.occurred_start, incidents.c.zone_ids).where(
        incidents.c.status != REJECTED,
        incidents.c.occurred_start >= _from(start),
        incidents.c.occurred_start <= until,
    )
    counts: dict[str, Counter[date]] = defaultdict(Counter)
    for occurred, zone_ids in conn.execute(query).yield_per(_BATCH):
        day = occurred.astimezone(UTC).date()
        counts[ALL_ZONES][day] += 1
        for zone_id in set(zone_ids or ()):
            counts[str(zone_id)][day] += 1
    return dict(counts)


def weapon_sightings(conn: Connection, start: date, until: datetime) -> list[WeaponSighting]:
    """Small arms and heavy weapons seen per report, zone and day (reports without a zone,
    or in a rejected incident, are left out)."""
    query = (
        select(reports.c.id, reports.c.occurred_start, reports.c.zone_ids, reports.c.weapons)
        .select_from(
            reports.outerjoin(
                incident_reports, incident_reports.c.report_id == reports.c.id
            ).outerjoin(incidents, incidents.c.id == incident_reports.c.incident_id)
        )
        .where(
            reports.c.occurred_start >= _from(start),
            reports.c.occurred_start <= until,
            or_(incidents.c.status.is_(None), incidents.c.status != REJECTED),
        )
    )
    watched = SMALL_ARMS | HEAVY_WEAPONS
    found: list[WeaponSighting] = []
    for report_id, occurred, zone_ids, weapons in conn.execute(query).yield_per(_BATCH):
        seen = frozenset(str(w) for w in weapons or ()) & watched
        if not seen:
            continue
        day = occurred.astimezone(UTC).date()
        found.extend(
            WeaponSighting(day, str(z), seen, report_id) for z in sorted(set(zone_ids or ()))
        )
    return found


def casualty_incidents(conn: Connection, start: date, until: datetime) -> list[CasualtyIncident]:
    """Incidents (not rejected) from `start` up to `until` with a killed figure above zero."""
    query = select(
        incidents.c.id,
        incidents.c.occurred_start,
        incidents.c.zone_ids,
        incidents.c.place_name,
        incidents.c.status,
        incidents.c.casualties,
    ).where(
        incidents.c.status != REJECTED,
        incidents.c.occurred_start >= _from(start),
        incidents.c.occurred_start <= until,
    )
    found = []
    for row in conn.execute(query).yield_per(_BATCH):
        low_k, best_k, high_k = _killed(row.casualties or {})
        if best_k > 0:
            found.append(
                CasualtyIncident(
                    incident_id=row.id,
                    day=row.occurred_start.astimezone(UTC).date(),
                    zone_ids=tuple(str(z) for z in row.zone_ids or ()),
                    place_name=row.place_name,
                    status=row.status,
                    killed_low=low_k,
                    killed_best=best_k,
                    killed_high=high_k,
                )
            )
    return found


def _killed(doc: dict[str, Any]) -> tuple[int, int, int]:
    """Killed low / best / high summed over military, civilian and unknown; a missing best
    falls back to low, then high (and a missing low or high to best)."""
    low = best = high = 0
    for name in ("killed_military", "killed_civilian", "killed_unknown"):
        r = doc.get(name) or {}
        b = r.get("best")
        b = b if b is not None else r.get("low") if r.get("low") is not None else r.get("high")
        if b is None:
            continue
        best += int(b)
        low += int(r["low"]) if r.get("low") is not None else int(b)
        high += int(r["high"]) if r.get("high") is not None else int(b)
    return low, best, high


def checkpoint_traffic(conn: Connection, start: date, until: datetime) -> list[CheckpointTraffic]:
    """Each checkpoint's daily totals (both directions) from `start` to the instant `until`."""
    totals = (
        select(
            crossings.c.checkpoint_id,
            crossings.c.day,
            func.sum(crossings.c.people),
            func.sum(crossings.c.vehicles),
            func.sum(crossings.c.goods_tonnes),
        )
        .where(crossings.c.day >= start, crossings.c.day <= until.date())
        .group_by(crossings.c.checkpoint_id, crossings.c.day)
    )
    days: dict[str, dict[date, tuple[int, int, float]]] = defaultdict(dict)
    for checkpoint_id, day, people, vehicles, tonnes in conn.execute(totals):
        days[checkpoint_id][day] = (int(people or 0), int(vehicles or 0), float(tonnes or 0))
    rows = conn.execute(select(checkpoints).order_by(checkpoints.c.id))
    return [
        CheckpointTraffic(r.id, r.name, r.zone_id, r.provision_id, days.get(r.id, {}))
        for r in rows
        if r.id in days
    ]


def open_complaints(conn: Connection) -> list[OpenComplaint]:
    """Complaints not yet concluded (received, acknowledged, under investigation)."""
    c = complaints.c
    query = (
        select(
            c.id, c.reference, c.party_id, c.status, c.received_at, c.acknowledge_by, c.finding_by
        )
        .where(c.status.in_(OPEN_COMPLAINT_STATUSES))
        .order_by(c.reference)
    )
    return [OpenComplaint(*row) for row in conn.execute(query)]


def zone_names(conn: Connection) -> dict[str, str]:
    """Zone id -> name."""
    return {r.id: r.name for r in conn.execute(select(zones.c.id, zones.c.name))}
