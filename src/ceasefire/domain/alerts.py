"""Alerts: something a person must look at now, with its evidence, acknowledged once by name.

An alert is raised by a detector (escalation, corridor blocked, deadlines, heavy weapons,
casualties, complaints overdue) and identified by a `key` built from what it is about, so
raising the same alert twice is a no-op. A named person acknowledges it once, with an
optional note; the acknowledgement is final.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from ceasefire.domain.access import Role, Viewer
from ceasefire.domain.validation import check_aware, check_non_empty
from ceasefire.errors import AccessDeniedError, ConflictError, ValidationError

__all__ = [
    "MAX_NOTE",
    "Alert",
    "AlertKind",
    "AlertStatus",
    "Severity",
    "check_may_acknowledge",
    "check_may_read",
]

MAX_NOTE = 2000


class AlertKind(StrEnum):
    """What an alert is about."""

    ESCALATION = "escalation"
    CORRIDOR_BLOCKED = "corridor_blocked"
    DEADLINE_DUE = "deadline_due"
    DEADLINE_MISSED = "deadline_missed"
    HEAVY_WEAPONS = "heavy_weapons"
    CASUALTIES = "casualties"
    COMPLAINT_OVERDUE = "complaint_overdue"


class Severity(StrEnum):
    """How urgent: info (know it), warning (look today), critical (look now)."""

    INFO = "info"
    WARNING = "warning"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        """0 for info, 1 for warning, 2 for critical.

        >>> max([Severity.WARNING, Severity.CRITICAL, Severity.INFO], key=lambda s: s.rank)
        <Severity.CRITICAL: 'critical'>
        """
        return list(Severity).index(self)


class AlertStatus(StrEnum):
    """open -> acknowledged (once, by a named person)."""

    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"


@dataclass(frozen=True, slots=True)
class Alert:
    """One alert. `evidence` is plain data (numbers, strings, lists) and carries a one-line
    `summary` for listings; `window_start`/`window_end` are the days it is about."""

    key: str
    kind: AlertKind
    severity: Severity
    title: str
    window_start: date | None
    window_end: date | None
    zone_id: str | None
    evidence: Mapping[str, Any] = field(default_factory=dict)
    id: str = ""
    raised_at: datetime | None = None
    status: AlertStatus = AlertStatus.OPEN
    acknowledged_by: str | None = None
    acknowledged_at: datetime | None = None
    note: str | None = None

    @property
    def summary(self) -> str:
        """The evidence in one line, as listings show it."""
        return str(self.evidence.get("summary", ""))

    def raised(self, *, alert_id: str, now: datetime) -> Alert:
        """This alert as stored: with its id and the instant it was raised."""
        check_aware(now, "now")
        return replace(self, id=alert_id, raised_at=now)

    def acknowledged(self, *, actor: str, note: str | None, now: datetime) -> Alert:
        """This alert acknowledged by `actor`; an alert is acknowledged once only."""
        who = check_non_empty(actor, "actor")
        check_aware(now, "now")
        if self.status is AlertStatus.ACKNOWLEDGED:
            raise ConflictError(
                f"alert {self.id} was already acknowledged by {self.acknowledged_by}"
                f" at {self.acknowledged_at.isoformat() if self.acknowledged_at else '?'}"
            )
        text = None
        if note is not None:
            text = check_non_empty(note, "note")
            if len(text) > MAX_NOTE:
                raise ValidationError(
                    "note", text[:40] + "...", f"must be at most {MAX_NOTE} chars"
                )
        return replace(
            self,
            status=AlertStatus.ACKNOWLEDGED,
            acknowledged_by=who,
            acknowledged_at=now,
            note=text,
        )


def check_may_read(viewer: Viewer) -> None:
    """Alerts are the mission's internal material: monitors, staff and admins read them."""
    if not (viewer.is_staff or viewer.role is Role.MONITOR):
        raise AccessDeniedError(
            "as",
            viewer.role.value,
            "alerts are internal to the mission: read as monitor, analyst, head_of_mission"
            " or admin",
        )


def check_may_acknowledge(viewer: Viewer) -> None:
    """Only the mission's staff (analyst and above) acknowledge alerts."""
    if not viewer.is_staff:
        raise AccessDeniedError(
            "as",
            viewer.role.value,
            "only an analyst, the head of mission or an admin may acknowledge an alert",
        )
