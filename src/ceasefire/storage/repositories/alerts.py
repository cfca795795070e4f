"""Stored alerts: insert once per key, list with filters, read one, record an acknowledgement."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Connection, and_, or_, select
from sqlalchemy.dialects import postgresql, sqlite

from ceasefire.domain.alerts import Alert, AlertKind, AlertStatus, Severity
from ceasefire.domain.serialise import to_primitive
from ceasefire.errors import NotFoundError
from ceasefire.storage.schema import alerts

__all__ = ["AlertFilter", "acknowledge", "find", "get", "insert_if_new", "list_alerts"]


@dataclass(frozen=True, slots=True)
class AlertFilter:
    """Which alerts to list; None means no restriction."""

    status: AlertStatus | None = None
    kind: AlertKind | None = None
    severity: Severity | None = None
    zone_id: str | None = None
    limit: int | None = None
    after: tuple[date | None, datetime, str] | None = None
    """Only alerts after this (window_end, raised_at, key) in the list's order: a page's
    keyset."""


def insert_if_new(conn: Connection, alert: Alert) -> bool:
    """Insert the alert unless one with its key exists; True when it was inserted.

    ON CONFLICT DO NOTHING, so two runs at once cannot raise the same alert twice.
    """
    values = _values(alert)
    if conn.dialect.name == "postgresql":
        stmt: Any = (
            postgresql.insert(alerts)
            .values(**values)
            .on_conflict_do_nothing(index_elements=["key"])
        )
    else:
        stmt = sqlite.insert(alerts).values(**values).on_conflict_do_nothing(index_elements=["key"])
    return conn.execute(stmt.returning(alerts.c.id)).first() is not None


def find(conn: Connection, alert_id: str, *, for_update: bool = False) -> Alert | None:
    """The alert with this id, or None."""
    query = select(alerts).where(alerts.c.id == alert_id)
    row = conn.execute(query.with_for_update() if for_update else query).first()
    return None if row is None else _alert(row._mapping)


def get(conn: Connection, alert_id: str, *, for_update: bool = False) -> Alert:
    """The alert with this id, or NotFoundError."""
    found = find(conn, alert_id, for_update=for_update)
    if found is None:
        raise NotFoundError("alert", alert_id)
    return found


def list_alerts(conn: Connection, flt: AlertFilter) -> list[Alert]:
    """Alerts matching the filter, newest window first (alerts about no window last)."""
    query = select(alerts).order_by(
        alerts.c.window_end.desc().nulls_last(), alerts.c.raised_at.desc(), alerts.c.key
    )
    if flt.status is not None:
        query = query.where(alerts.c.status == flt.status.value)
    if flt.kind is not None:
        query = query.where(alerts.c.kind == flt.kind.value)
    if flt.severity is not None:
        query = query.where(alerts.c.severity == flt.severity.value)
    if flt.zone_id is not None:
        query = query.where(alerts.c.zone_id == flt.zone_id)
    if flt.after is not None:
        query = query.where(_after(*flt.after))
    if flt.limit is not None:
        query = query.limit(flt.limit)
    return [_alert(r._mapping) for r in conn.execute(query)]


def _after(window_end: date | None, raised_at: datetime, key: str) -> ColumnElement[bool]:
    """Alerts that come after (window_end, raised_at, key) in the listing's order."""
    c = alerts.c
    later_in_window = or_(c.raised_at < raised_at, and_(c.raised_at == raised_at, c.key > key))
    if window_end is None:
        return and_(c.window_end.is_(None), later_in_window)
    return or_(
        c.window_end < window_end,
        c.window_end.is_(None),
        and_(c.window_end == window_end, later_in_window),
    )


def acknowledge(conn: Connection, alert: Alert) -> None:
    """Store an alert's acknowledgement (status, who, when, note)."""
    conn.execute(
        alerts.update()
        .where(alerts.c.id == alert.id)
        .values(
            status=alert.status.value,
            acknowledged_by=alert.acknowledged_by,
            acknowledged_at=alert.acknowledged_at,
            note=alert.note,
        )
    )


def _values(a: Alert) -> dict[str, Any]:
    return {
        "id": a.id,
        "key": a.key,
        "kind": a.kind.value,
        "severity": a.severity.value,
        "title": a.title,
        "raised_at": a.raised_at,
        "window_start": a.window_start,
        "window_end": a.window_end,
        "zone_id": a.zone_id,
        "evidence": to_primitive(dict(a.evidence)),
        "status": a.status.value,
        "acknowledged_by": a.acknowledged_by,
        "acknowledged_at": a.acknowledged_at,
        "note": a.note,
    }


def _alert(row: Any) -> Alert:
    return Alert(
        id=row["id"],
        key=row["key"],
        kind=AlertKind(row["kind"]),
        severity=Severity(row["severity"]),
        title=row["title"],
        raised_at=row["raised_at"],
        window_start=row["window_start"],
        window_end=row["window_end"],
        zone_id=row["zone_id"],
        evidence=row["evidence"],
        status=AlertStatus(row["status"]),
        acknowledged_by=row["acknowledged_by"],
        acknowledged_at=row["acknowledged_at"],
        note=row["note"],
    )
