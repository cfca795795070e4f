"""Spot reports: drafted in the transaction that raises an alert, then edited by an analyst
(each edit a new version and an audit entry) and marked sent once. Staff only."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, time, timedelta

from sqlalchemy import Connection

from ceasefire.domain.access import Role, Viewer
from ceasefire.domain.alerts import Alert, AlertKind
from ceasefire.domain.incidents import Incident
from ceasefire.domain.period_report import incidents_of_note
from ceasefire.domain.spot_reports import (
    MAX_INCIDENTS,
    SpotReport,
    SpotReportStatus,
    check_may_handle,
    draft_spot_report,
)
from ceasefire.services.clock import utc_now
from ceasefire.services.database import Database
from ceasefire.storage.repositories import audit
from ceasefire.storage.repositories import incidents as incident_repo
from ceasefire.storage.repositories import scenarios as scenario_repo
from ceasefire.storage.repositories import spot_reports as repo
from ceasefire.storage.repositories.audit import Change

__all__ = [
    "draft_for_alerts",
    "edit_spot_report",
    "list_spot_reports",
    "send_spot_report",
    "show_spot_report",
]

_ADMIN = Viewer(Role.ADMIN)
_AREA_KINDS = (AlertKind.ESCALATION, AlertKind.CORRIDOR_BLOCKED)
"""Alerts about a zone and days rather than named incidents: their incidents are the
violations in the zone (or the whole area) on those days."""
_AREA_LIMIT = 1_000


def draft_for_alerts(
    conn: Connection, alerts: Sequence[Alert], *, actor: str, now: datetime
) -> list[SpotReport]:
    """Draft and store a spot report for each alert just raised, in the caller's
    transaction, each with an audit entry."""
    if not alerts:
        return []
    names = {z.id: z.name for z in scenario_repo.list_zones(conn)}
    drafted = []
    for alert in alerts:
        concerned = _incidents_concerned(conn, alert)
        title, text = draft_spot_report(alert, concerned, names.get(alert.zone_id or ""))
        report = SpotReport(
            id=str(uuid.uuid4()), alert_id=alert.id, title=title, text=text,
            incident_ids=tuple(i.id for i in concerned[:MAX_INCIDENTS]),
            created_at=now, updated_at=now,
        )  # fmt: skip
        repo.add(conn, report)
        drafted.append(report)
    audit.append_many(
        conn,
        [
            Change(actor, "spot_report.draft", "spot_report", r.id, None,
                   {"alert_id": r.alert_id, "title": r.title, "version": r.version}, now)
            for r in drafted
        ],
    )  # fmt: skip
    return drafted


def _incidents_concerned(conn: Connection, alert: Alert) -> list[Incident]:
    """The incidents an alert rests on, most notable first: the one it names, those of the
    reports it names, or for an escalation or blocked corridor the violations in its zone
    (the whole area without one) on its days."""
    evidence = alert.evidence
    if isinstance(evidence.get("incident_id"), str):
        ids = [evidence["incident_id"]]
    elif isinstance(evidence.get("report_ids"), list) and evidence["report_ids"]:
        ids = repo.incidents_of_reports(conn, evidence["report_ids"])
    elif alert.kind in _AREA_KINDS and alert.window_start is not None:
        last = alert.window_end or alert.window_start
        ids = repo.violations_between(
            conn,
            datetime.combine(alert.window_start, time(0), tzinfo=UTC),
            datetime.combine(last + timedelta(days=1), time(0), tzinfo=UTC),
            alert.zone_id,
            _AREA_LIMIT,
        )
    else:
        return []
    return incidents_of_note(incident_repo.by_ids(conn, ids), limit=_AREA_LIMIT)


def list_spot_reports(
    *,
    db: Database,
    status: SpotReportStatus | None = None,
    limit: int | None = None,
    viewer: Viewer = _ADMIN,
) -> list[SpotReport]:
    """Spot reports, newest first (staff only)."""
    check_may_handle(viewer)
    with db.read() as conn:
        return repo.list_spot_reports(conn, status, limit)


def show_spot_report(*, db: Database, key: str, viewer: Viewer = _ADMIN) -> SpotReport:
    """One spot report by its id or its alert's id (staff only)."""
    check_may_handle(viewer)
    with db.read() as conn:
        return repo.get(conn, key)


def edit_spot_report(
    *,
    db: Database,
    key: str,
    actor: str,
    title: str | None = None,
    text: str | None = None,
    now: datetime | None = None,
    viewer: Viewer = _ADMIN,
) -> SpotReport:
    """A new version of a draft's title and/or text; audited with the text before and
    after. A sent report cannot be edited."""
    check_may_handle(viewer)
    when = utc_now(now)
    with db.transaction() as conn:
        before = repo.get(conn, key, for_update=True)
        after = before.edited(title=title, text=text, actor=actor, now=when)
        repo.update(conn, after)
        audit.append(
            conn, actor=actor, action="spot_report.edit", entity="spot_report",
            entity_id=after.id,
            before={"version": before.version, "title": before.title, "text": before.text},
            after={"version": after.version, "title": after.title, "text": after.text},
            at=when,
        )  # fmt: skip
    return after


def send_spot_report(
    *,
    db: Database,
    key: str,
    actor: str,
    to: str | None = None,
    now: datetime | None = None,
    viewer: Viewer = _ADMIN,
) -> SpotReport:
    """Mark a spot report sent (to `to`, when named); once only, audited."""
    check_may_handle(viewer)
    when = utc_now(now)
    with db.transaction() as conn:
        before = repo.get(conn, key, for_update=True)
        after = before.sent(actor=actor, to=to, now=when)
        repo.update(conn, after)
        audit.append(
            conn, actor=actor, action="spot_report.send", entity="spot_report",
            entity_id=after.id, before={"status": before.status.value},
            after={"status": after.status.value, "version": after.version,
                   "sent_to": after.sent_to},
            at=when,
        )  # fmt: skip
    return after
