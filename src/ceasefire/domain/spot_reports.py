"""Spot reports: a short report drafted the moment an alert fires (what, where, when, the
evidence behind the alert, the incidents concerned), for an analyst to edit and send.

A draft may be edited any number of times (each edit is a new version and an audit entry;
nothing is voided); once sent it is final.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from ceasefire.domain.access import Viewer
from ceasefire.domain.alerts import Alert
from ceasefire.domain.incidents import Incident
from ceasefire.domain.period_report import killed_range, range_phrase
from ceasefire.domain.validation import check_aware, check_non_empty
from ceasefire.errors import AccessDeniedError, ConflictError, ValidationError

__all__ = [
    "MAX_TEXT",
    "SpotReport",
    "SpotReportStatus",
    "check_may_handle",
    "draft_spot_report",
]

MAX_TEXT = 20_000
MAX_INCIDENTS = 10
"""At most this many incidents are named in a draft (the most notable first)."""


class SpotReportStatus(StrEnum):
    """draft -> sent (once)."""

    DRAFT = "draft"
    SENT = "sent"


@dataclass(frozen=True, slots=True)
class SpotReport:
    """One spot report about one alert, at its current version."""

    id: str
    alert_id: str
    title: str
    text: str
    incident_ids: tuple[str, ...]
    created_at: datetime
    updated_at: datetime
    status: SpotReportStatus = SpotReportStatus.DRAFT
    version: int = 1
    edited_by: str | None = None
    sent_by: str | None = None
    sent_at: datetime | None = None
    sent_to: str | None = None

    def edited(
        self, *, title: str | None, text: str | None, actor: str, now: datetime
    ) -> SpotReport:
        """This draft with a new title and/or text, one version later; a sent report is
        final."""
        who = check_non_empty(actor, "actor")
        check_aware(now, "now")
        if self.status is SpotReportStatus.SENT:
            raise ConflictError(
                f"spot report {self.id} was sent by {self.sent_by} at"
                f" {self.sent_at.isoformat() if self.sent_at else '?'}; it can no longer be edited"
            )
        if title is None and text is None:
            raise ValidationError("text", None, "give a new --title, --text or --file")
        new_title = self.title if title is None else _checked(title, "title", 300)
        new_text = self.text if text is None else _checked(text, "text", MAX_TEXT)
        return replace(self, title=new_title, text=new_text, version=self.version + 1,
                       edited_by=who, updated_at=now)  # fmt: skip

    def sent(self, *, actor: str, to: str | None, now: datetime) -> SpotReport:
        """This report marked sent by `actor` (to `to`, when named); once only."""
        who = check_non_empty(actor, "actor")
        check_aware(now, "now")
        if self.status is SpotReportStatus.SENT:
            raise ConflictError(
                f"spot report {self.id} was already sent by {self.sent_by} at"
                f" {self.sent_at.isoformat() if self.sent_at else '?'}"
            )
        recipients = None if to is None else _checked(to, "to", 500)
        return replace(self, status=SpotReportStatus.SENT, sent_by=who, sent_at=now,
                       sent_to=recipients, updated_at=now)  # fmt: skip


def _checked(value: str, field: str, limit: int) -> str:
    text = check_non_empty(value, field)
    if len(text) > limit:
        raise ValidationError(field, text[:40] + "...", f"must be at most {limit:,} characters")
    return text


def check_may_handle(viewer: Viewer) -> None:
    """Spot reports are the mission's staff's work: analysts, the head of mission, admins."""
    if not viewer.is_staff:
        raise AccessDeniedError(
            "as",
            viewer.role.value,
            "spot reports are handled by the mission's staff: read as analyst,"
            " head_of_mission or admin",
        )


def draft_spot_report(
    alert: Alert, incidents: Sequence[Incident], zone_name: str | None
) -> tuple[str, str]:
    """The title and text of the draft about `alert`, naming `incidents` (already chosen
    and ordered by the caller; at most `MAX_INCIDENTS` are listed)."""
    where = zone_name or (alert.zone_id or "the whole mission area")
    lines = [
        f"What: {alert.title} ({alert.kind.value.replace('_', ' ')}, {alert.severity.value}).",
        f"Where: {where}{_places(incidents)}.",
        f"When: {_window(alert)}; alert raised {_time(alert.raised_at)}.",
        f"Evidence: {alert.summary or 'see the alert'}.",
        "",
    ]
    if incidents:
        lines.append("Incidents concerned:")
        lines += [f"- {_incident_line(i)}" for i in incidents[:MAX_INCIDENTS]]
        if len(incidents) > MAX_INCIDENTS:
            lines.append(f"- and {len(incidents) - MAX_INCIDENTS} more")
    else:
        lines.append("Incidents concerned: none linked to this alert.")
    lines += ["", "Assessment: (to be completed by the analyst before sending)."]
    return f"Spot report: {alert.title}", "\n".join(lines)


def _places(incidents: Sequence[Incident]) -> str:
    names = sorted({i.location.place_name for i in incidents if i.location.place_name})
    if not names:
        return ""
    shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
    return f" ({shown})"


def _window(alert: Alert) -> str:
    if alert.window_start is None:
        return "no particular day"
    if alert.window_end is None or alert.window_end == alert.window_start:
        return alert.window_start.isoformat()
    return f"{alert.window_start.isoformat()} to {alert.window_end.isoformat()}"


def _time(when: datetime | None) -> str:
    return "-" if when is None else when.strftime("%Y-%m-%d %H:%M UTC")


def _incident_line(i: Incident) -> str:
    killed = killed_range(i)
    dead = f", {range_phrase(killed)} killed" if killed.known else ""
    event = i.sub_event_type or i.event_type
    return (
        f"{i.id[:8]} {_time(i.occurred.start)}, {i.location.place_name or 'no place name'}:"
        f" {event}, {i.status.value}, confidence {i.confidence:.0%},"
        f" {len(i.report_ids)} report(s){dead}"
    )
