"""Alerts in the store, on both backends: each rule raises from stored data, runs are
idempotent, acknowledgements are audited, and bad acknowledgements are clear errors."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Connection, select

from ceasefire.domain.access import Role, Viewer
from ceasefire.domain.alerts import AlertKind, AlertStatus, Severity
from ceasefire.errors import ConflictError, NotFoundError, ValidationError
from ceasefire.services.alerts import (
    AlertFilter,
    acknowledge_alert,
    list_alerts,
    raise_alerts,
    show_alert,
)
from ceasefire.services.database import Database
from ceasefire.services.reports import file_report
from ceasefire.services.scenarios import load
from ceasefire.services.sources import add_source
from ceasefire.storage.schema import audit_log, checkpoints, complaints, crossings, incidents
from ceasefire.testing import report_data, sample_source

NOW = datetime(2021, 6, 1, 12, tzinfo=UTC)
TODAY = NOW.date()
ZONE = "district-aghdam"


@pytest.fixture
def ready(db: Database) -> Database:
    load(db=db, name="nagorno-karabakh-2020", actor="tester")
    add_source(db=db, source=sample_source(), actor="tester")
    return db


def add_incident(conn: Connection, day: date, *, status: str = "unverified", n: int = 0) -> None:
    when = datetime.combine(day, datetime.min.time(), tzinfo=UTC) + timedelta(hours=6, minutes=n)
    conn.execute(
        incidents.insert().values(
            id=str(uuid.uuid4()), occurred_start=when, occurred_end=None, time_precision="minute",
            latitude=39.99, longitude=46.93, geo_precision="exact", place_name="Aghdam",
            event_type="Battles", sub_event_type="Armed clash", casualties={}, status=status,
            confidence=0.5, attributed_party_id=None, provision_ids=[], created_at=when,
            updated_at=when, zone_ids=[ZONE],
        )
    )  # fmt: skip


def escalation_history(db: Database, *, burst_status: str = "unverified") -> None:
    with db.transaction() as conn:
        for i in range(120, 0, -1):
            if i % 4 == 0:
                add_incident(conn, TODAY - timedelta(days=i))
        for n in range(12):
            add_incident(conn, TODAY - timedelta(days=1), status=burst_status, n=n)


def kinds(db: Database) -> list[tuple[str, str | None]]:
    return sorted((a.kind.value, a.zone_id) for a in list_alerts(db=db))


def test_escalation_is_raised_from_stored_incidents(ready: Database) -> None:
    escalation_history(ready)
    run = raise_alerts(db=ready, now=NOW, since=TODAY - timedelta(days=7))
    escalations = [a for a in run.raised if a.kind is AlertKind.ESCALATION]
    assert {a.zone_id for a in escalations} == {ZONE, None}  # the zone and the whole area
    alert = next(a for a in escalations if a.zone_id == ZONE)
    assert alert.window_start == TODAY - timedelta(days=1)
    assert alert.severity is Severity.CRITICAL
    assert alert.evidence["alarms"][0]["observed"] >= 12
    assert "expected" in alert.summary


def test_rejected_incidents_do_not_count(ready: Database) -> None:
    escalation_history(ready, burst_status="rejected")
    run = raise_alerts(db=ready, now=NOW, since=TODAY - timedelta(days=7))
    assert [a for a in run.raised if a.kind is AlertKind.ESCALATION] == []


def test_runs_are_idempotent_and_audited(ready: Database) -> None:
    escalation_history(ready)
    first = raise_alerts(db=ready, now=NOW, since=TODAY - timedelta(days=7), actor="cron")
    again = raise_alerts(db=ready, now=NOW, since=TODAY - timedelta(days=7), actor="cron")
    assert first.raised and not again.raised
    assert again.already_raised == len(first.raised)
    with ready.read() as conn:
        entries = conn.execute(
            select(audit_log.c.entity_id, audit_log.c.actor).where(
                audit_log.c.action == "alert.raise"
            )
        ).all()
    assert sorted(e.entity_id for e in entries) == sorted(a.id for a in first.raised)
    assert {e.actor for e in entries} == {"cron"}


def test_heavy_weapons_and_casualties_from_filed_reports(ready: Database) -> None:
    def filed(day: int, weapons: list[str], **extra: Any) -> None:
        when = (NOW - timedelta(days=day)).isoformat()
        file_report(db=ready, data=report_data(occurred_start=when, weapons=weapons, **extra),
                    actor="m", now=NOW)  # fmt: skip

    filed(20, ["small_arms"], text="Bursts of small-arms fire.")
    filed(
        2, ["artillery"], text="Artillery impacts; two soldiers killed.",
        casualties={"killed_military": {"low": 2, "best": 2, "high": 3}},
    )  # fmt: skip
    run = raise_alerts(db=ready, now=NOW, since=TODAY - timedelta(days=7))
    heavy = [a for a in run.raised if a.kind is AlertKind.HEAVY_WEAPONS]
    assert heavy and all(a.evidence["weapons"] == ["artillery"] for a in heavy)
    assert heavy[0].severity is Severity.CRITICAL
    (dead,) = [a for a in run.raised if a.kind is AlertKind.CASUALTIES]
    assert dead.evidence["killed"] == {"low": 2, "best": 2, "high": 3}
    assert dead.severity is Severity.WARNING


def test_corridor_blocked_from_crossing_logs(ready: Database) -> None:
    blockade = TODAY - timedelta(days=4)
    with ready.transaction() as conn:
        conn.execute(checkpoints.insert().values(
            id="lachin-cp", name="Lachin checkpoint", provision_id="tri2020-6-safe-traffic",
            zone_id="lachin-corridor", directions=["to Armenia", "to Stepanakert"],
        ))  # fmt: skip
        for i in range(60, -1, -1):
            day = TODAY - timedelta(days=i)
            for direction in ("to Armenia", "to Stepanakert"):
                vehicles = 200 if day < blockade else 1
                conn.execute(crossings.insert().values(
                    id=str(uuid.uuid4()), checkpoint_id="lachin-cp", day=day,
                    direction=direction, people=vehicles * 3, vehicles=vehicles,
                    goods_tonnes=vehicles * 1.5,
                ))  # fmt: skip
    run = raise_alerts(db=ready, now=NOW, since=TODAY - timedelta(days=7))
    (alert,) = [a for a in run.raised if a.kind is AlertKind.CORRIDOR_BLOCKED]
    assert alert.window_start == blockade and alert.zone_id == "lachin-corridor"
    assert alert.evidence["baseline_per_day"] == 400 and alert.evidence["ongoing"] is True


def test_overdue_complaints_and_deadlines(ready: Database) -> None:
    received = NOW - timedelta(days=10)
    with ready.transaction() as conn:
        conn.execute(complaints.insert().values(
            id="c-1", reference="AM-2021-0001", party_id="AM", agreement_id="trilateral-2020-11-10",
            allegation="confidential text", confidential=True, occurred_start=received,
            place_name="Aghdam", status="received", received_at=received,
            acknowledge_by=received + timedelta(days=2), finding_by=received + timedelta(days=30),
            filed_by="liaison-am", updated_at=received,
        ))  # fmt: skip
    run = raise_alerts(db=ready, now=NOW, since=TODAY - timedelta(days=7))
    (overdue,) = [a for a in run.raised if a.kind is AlertKind.COMPLAINT_OVERDUE]
    assert overdue.key == "complaint_overdue:c-1:acknowledge"
    assert overdue.severity is Severity.CRITICAL  # 8 days late
    assert "confidential" not in str(overdue.evidence)
    due = raise_alerts(db=ready, now=datetime(2020, 11, 19, 12, tzinfo=UTC))
    assert "deadline_due:tri2020-2:2020-11-20" in [a.key for a in due.raised]


def test_acknowledge_is_audited_once_and_clear_errors(ready: Database) -> None:
    escalation_history(ready)
    raise_alerts(db=ready, now=NOW, since=TODAY - timedelta(days=7))
    alert = list_alerts(db=ready, flt=AlertFilter(kind=AlertKind.ESCALATION))[0]
    done = acknowledge_alert(db=ready, alert_id=alert.id, actor="ana", note="patrol sent", now=NOW)
    assert done.status is AlertStatus.ACKNOWLEDGED
    stored = show_alert(db=ready, alert_id=alert.id)
    assert (stored.acknowledged_by, stored.note, stored.acknowledged_at) == (
        "ana",
        "patrol sent",
        NOW,
    )
    with ready.read() as conn:
        (entry,) = conn.execute(
            select(audit_log).where(audit_log.c.action == "alert.acknowledge")
        ).all()
    assert entry.entity_id == alert.id and entry.actor == "ana"
    assert entry.after["note"] == "patrol sent" and entry.before == {"status": "open"}
    with pytest.raises(ConflictError, match="already acknowledged by ana"):
        acknowledge_alert(db=ready, alert_id=alert.id, actor="bob", now=NOW)
    with pytest.raises(NotFoundError, match="alert 'nope' not found"):
        acknowledge_alert(db=ready, alert_id="nope", actor="bob", now=NOW)
    with pytest.raises(ValidationError, match="as"):
        acknowledge_alert(db=ready, alert_id=alert.id, actor="m", viewer=Viewer(Role.MONITOR))
    open_now = list_alerts(db=ready, flt=AlertFilter(status=AlertStatus.OPEN))
    assert alert.id not in [a.id for a in open_now]


def test_party_liaisons_cannot_read_alerts(ready: Database) -> None:
    with pytest.raises(ValidationError, match="internal to the mission"):
        list_alerts(db=ready, viewer=Viewer(Role.PARTY_LIAISON, "AM"))


def test_since_after_now_is_refused(ready: Database) -> None:
    with pytest.raises(ValidationError, match="since"):
        raise_alerts(db=ready, now=NOW, since=TODAY + timedelta(days=1))
    assert list_alerts(db=ready) == []
