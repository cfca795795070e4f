"""Bodies of alerts and their acknowledgement, and the cursor of the alert list."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from ceasefire.api.schemas.common import PlainText, decode_cursor, encode_cursor
from ceasefire.domain.alerts import MAX_NOTE, Alert, AlertKind, AlertStatus, Severity
from ceasefire.errors import ValidationError

__all__ = ["AcknowledgeIn", "AlertOut", "alert_cursor", "alert_keyset"]

Note = Annotated[PlainText, StringConstraints(min_length=1, max_length=MAX_NOTE)]


class AcknowledgeIn(BaseModel):
    """Who looked at the alert is the caller; the note says what was done about it."""

    model_config = ConfigDict(extra="forbid")
    note: Note | None = Field(
        default=None, examples=["Patrol sent to the Lachin checkpoint; traffic resumed 14:20."]
    )


class AlertOut(BaseModel):
    """An alert with its evidence (plain data; `summary` is its one-line gist)."""

    id: str
    key: str = Field(examples=["corridor_blocked:lachin-corridor:2020-11-19"])
    kind: AlertKind
    severity: Severity
    title: str
    summary: str
    window_start: date | None
    window_end: date | None
    zone_id: str | None
    evidence: dict[str, Any]
    raised_at: datetime | None
    status: AlertStatus
    acknowledged_by: str | None
    acknowledged_at: datetime | None
    note: str | None

    @classmethod
    def of(cls, a: Alert) -> AlertOut:
        """The body for an alert."""
        return cls(
            id=a.id,
            key=a.key,
            kind=a.kind,
            severity=a.severity,
            title=a.title,
            summary=a.summary,
            window_start=a.window_start,
            window_end=a.window_end,
            zone_id=a.zone_id,
            evidence=dict(a.evidence),
            raised_at=a.raised_at,
            status=a.status,
            acknowledged_by=a.acknowledged_by,
            acknowledged_at=a.acknowledged_at,
            note=a.note,
        )


def alert_cursor(a: Alert) -> str:
    """The cursor of the page after `a`: its place in the list's order."""
    return encode_cursor(a.window_end, a.raised_at, a.key)


def alert_keyset(cursor: str | None) -> tuple[date | None, datetime, str] | None:
    """The (window_end, raised_at, key) an `alert_cursor` points after; None: first page."""
    if cursor is None:
        return None
    window_end, raised_at, key = decode_cursor(cursor, 3)
    try:
        end = None if window_end is None else date.fromisoformat(str(window_end))
        at = datetime.fromisoformat(str(raised_at))
    except ValueError:
        at = None
    if at is None or at.tzinfo is None:
        raise ValidationError("cursor", cursor, "is not a cursor this list gave out")
    return end, at, str(key)
