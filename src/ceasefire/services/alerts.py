"""Early warning: run every alert rule over the store up to an instant, store the new alerts
(idempotent by key), list and show them, and acknowledge them by name (audited)."""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import Connection

from ceasefire.analytics.alerting import corridor_alerts, escalation_alerts
from ceasefire.analytics.corridor import CorridorParams
from ceasefire.analytics.escalation import ChartParams
from ceasefire.analytics.signals import (
    casualty_alerts,
    complaint_alerts,
    deadline_alerts,
    heavy_weapon_alerts,
)
from ceasefire.domain.access import Role, Viewer
from ceasefire.domain.alerts import Alert, check_may_acknowledge, check_may_read
from ceasefire.domain.compliance import evaluate
from ceasefire.domain.validation import check_aware
from ceasefire.errors import ValidationError
from ceasefire.services.clock import utc_now
from ceasefire.services.database import Database
from ceasefire.services.spot_reports import draft_for_alerts
from ceasefire.storage.repositories import alert_inputs as inputs
from ceasefire.storage.repositories import alerts as repo
from ceasefire.storage.repositories import audit, scenarios
from ceasefire.storage.repositories.alerts import AlertFilter

__all__ = [
    "AlertFilter",
    "AlertRules",
    "AlertRun",
    "acknowledge_alert",
    "detect_alerts",
    "list_alerts",
    "raise_alerts",
    "show_alert",
]

DEFAULT_SINCE_DAYS = 30
PER_ALERT_AUDIT_LIMIT = 20
"""Up to this many alerts raised in one run get an audit entry each; more get one summary."""

_ADMIN = Viewer(Role.ADMIN)


@dataclass(frozen=True, slots=True)
class AlertRules:
    """The parameters of every rule (defaults documented in docs/guide.md, "Alerts")."""

    chart: ChartParams = field(default_factory=ChartParams)
    corridor: CorridorParams = field(default_factory=CorridorParams)
    heavy_lookback_days: int = 90
    deadline_due_days: int = 7
    casualties_critical_killed: int = 5
    complaint_critical_days: int = 7
    corridor_history_days: int = 400


@dataclass(frozen=True, slots=True)
class AlertRun:
    """What a run found: the alerts it raised now and how many it found already stored."""

    at: datetime
    since: date
    raised: tuple[Alert, ...]
    already_raised: int
    spot_reports: tuple[str, ...] = ()
    """The ids of the spot reports drafted for the alerts raised now."""

    @property
    def by_kind(self) -> dict[str, int]:
        """Alerts raised now, counted by kind."""
        return dict(Counter(a.kind.value for a in self.raised))


def detect_alerts(
    conn: Connection, *, now: datetime, since: date, rules: AlertRules | None = None
) -> list[Alert]:
    """Every alert the rules find in the store up to `now` about days from `since` on
    (not yet stored, without ids). Reads only."""
    r = rules or AlertRules()
    chart = r.chart
    history = since - timedelta(days=chart.baseline_days + chart.guard_days + 60)
    counts = inputs.incident_counts(conn, history, now)
    found = escalation_alerts(
        counts,
        start=history,
        end=now.date(),
        since=since,
        zone_names=inputs.zone_names(conn),
        params=chart,
    )
    traffic = inputs.checkpoint_traffic(conn, since - timedelta(days=r.corridor_history_days), now)
    found += corridor_alerts(traffic, since=since, params=r.corridor)
    sightings = inputs.weapon_sightings(conn, since - timedelta(days=r.heavy_lookback_days), now)
    found += heavy_weapon_alerts(sightings, since=since, lookback_days=r.heavy_lookback_days)
    found += casualty_alerts(
        inputs.casualty_incidents(conn, since, now),
        since=since,
        critical_killed=r.casualties_critical_killed,
    )
    statuses = evaluate(scenarios.list_agreements(conn), scenarios.list_events(conn), now)
    found += deadline_alerts(statuses, due_within=r.deadline_due_days)
    found += complaint_alerts(
        inputs.open_complaints(conn), now=now, critical_after_days=r.complaint_critical_days
    )
    return found


def raise_alerts(
    *,
    db: Database,
    now: datetime | None = None,
    since: date | None = None,
    actor: str | None = None,
    rules: AlertRules | None = None,
) -> AlertRun:
    """Run every rule over the store up to `now` (default: the clock) about days from `since`
    (default: 30 days before) and store the alerts not raised before; running it twice
    raises nothing new. Every alert raised is audited, and gets a spot report drafted."""
    when = check_aware(utc_now(now), "now")
    start = since if since is not None else when.date() - timedelta(days=DEFAULT_SINCE_DAYS)
    if start > when.date():
        raise ValidationError("since", start.isoformat(), f"is after --at {when.date()}")
    who = actor or db.settings.actor
    with db.transaction() as conn:
        candidates = detect_alerts(conn, now=when, since=start, rules=rules)
        raised = []
        for candidate in candidates:
            alert = candidate.raised(alert_id=str(uuid.uuid4()), now=when)
            if repo.insert_if_new(conn, alert):
                raised.append(alert)
        _audit_raised(conn, who, raised, when)
        drafted = draft_for_alerts(conn, raised, actor=who, now=when)
    return AlertRun(
        when, start, tuple(raised), len(candidates) - len(raised), tuple(d.id for d in drafted)
    )


def _audit_raised(conn: Connection, actor: str, raised: list[Alert], when: datetime) -> None:
    if len(raised) <= PER_ALERT_AUDIT_LIMIT:
        for alert in raised:
            audit.append(
                conn,
                actor=actor,
                action="alert.raise",
                entity="alert",
                entity_id=alert.id,
                after=alert,
                at=when,
            )
        return
    audit.append(
        conn,
        actor=actor,
        action="alert.raise",
        entity="alert",
        entity_id=f"run@{when.isoformat()}",
        after={
            "count": len(raised),
            "alerts": [
                {"id": a.id, "key": a.key, "severity": a.severity, "title": a.title} for a in raised
            ],
        },
        at=when,
    )


def list_alerts(
    *, db: Database, flt: AlertFilter | None = None, viewer: Viewer = _ADMIN
) -> list[Alert]:
    """Alerts matching the filter, newest first (mission staff and monitors only)."""
    check_may_read(viewer)
    with db.read() as conn:
        return repo.list_alerts(conn, flt or AlertFilter())


def show_alert(*, db: Database, alert_id: str, viewer: Viewer = _ADMIN) -> Alert:
    """One alert with its evidence."""
    check_may_read(viewer)
    with db.read() as conn:
        return repo.get(conn, alert_id)


def acknowledge_alert(
    *,
    db: Database,
    alert_id: str,
    actor: str,
    note: str | None = None,
    now: datetime | None = None,
    viewer: Viewer = _ADMIN,
) -> Alert:
    """Acknowledge an open alert by name, with an optional note; once only, audited."""
    check_may_acknowledge(viewer)
    when = utc_now(now)
    with db.transaction() as conn:
        before = repo.get(conn, alert_id, for_update=True)
        after = before.acknowledged(actor=actor, note=note, now=when)
        repo.acknowledge(conn, after)
        audit.append(
            conn,
            actor=actor,
            action="alert.acknowledge",
            entity="alert",
            entity_id=alert_id,
            before={"status": before.status},
            after={
                "status": after.status,
                "acknowledged_by": after.acknowledged_by,
                "acknowledged_at": after.acknowledged_at,
                "note": after.note,
            },
            at=when,
        )
    return after
