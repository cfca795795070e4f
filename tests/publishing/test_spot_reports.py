"""Spot reports on both backends: drafted when an alert fires (what, where, when, evidence,
incidents concerned), edited (a new version, audited, nothing voided), marked sent once,
and refused to anyone but the mission's staff."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from tests.cli.conftest import cli

from ceasefire.domain.access import Role, Viewer
from ceasefire.domain.spot_reports import SpotReportStatus
from ceasefire.errors import AccessDeniedError, ConflictError, NotFoundError, ValidationError
from ceasefire.services.alerts import list_alerts, raise_alerts
from ceasefire.services.database import Database
from ceasefire.services.reports import file_report
from ceasefire.services.scenarios import load
from ceasefire.services.sources import add_source
from ceasefire.services.spot_reports import (
    edit_spot_report,
    list_spot_reports,
    send_spot_report,
    show_spot_report,
)
from ceasefire.storage.schema import audit_log
from ceasefire.testing import report_data, sample_source

NOW = datetime(2021, 6, 1, 12, tzinfo=UTC)
ANALYST = Viewer(Role.ANALYST, name="analyst")


@pytest.fixture
def alerted(db: Database) -> Database:
    """One report of two soldiers killed near Aghdam, and the alert run that follows."""
    load(db=db, name="nagorno-karabakh-2020", actor="tester")
    add_source(db=db, source=sample_source(), actor="tester")
    file_report(
        db=db,
        data=report_data(
            occurred_start="2021-05-30T04:10:00+00:00", weapons=["mortar"],
            text="Mortar impacts; two soldiers killed.",
            casualties={"killed_military": {"low": 2, "best": 2, "high": 3}},
        ),
        actor="monitor", now=NOW,
    )  # fmt: skip
    raise_alerts(db=db, now=NOW, actor="cron")
    return db


def audit_actions(db: Database, entity_id: str) -> list[tuple[str, str]]:
    with db.read() as conn:
        rows = conn.execute(
            select(audit_log.c.action, audit_log.c.actor)
            .where(audit_log.c.entity_id == entity_id)
            .order_by(audit_log.c.seq)
        ).all()
    return [(r.action, r.actor) for r in rows]


def test_a_spot_report_is_drafted_when_an_alert_fires(alerted: Database) -> None:
    (alert,) = [a for a in list_alerts(db=alerted) if a.kind.value == "casualties"]
    spot = show_spot_report(db=alerted, key=alert.id, viewer=ANALYST)
    assert spot.status is SpotReportStatus.DRAFT and spot.version == 1
    assert spot.title == f"Spot report: {alert.title}"
    assert "What: 2 killed near Aghdam on 2021-05-30" in spot.text
    assert "Where: Aghdam District (Aghdam)." in spot.text
    assert "When: 2021-05-30; alert raised 2021-06-01 12:00 UTC." in spot.text
    assert "Evidence: incident" in spot.text and "2 (range 2–3) killed" in spot.text
    assert spot.incident_ids == (alert.evidence["incident_id"],)
    assert "Incidents concerned:\n- " in spot.text
    assert audit_actions(alerted, spot.id) == [("spot_report.draft", "cron")]
    assert len(list_spot_reports(db=alerted)) == len(list_alerts(db=alerted))


def test_running_alerts_again_drafts_nothing_new(alerted: Database) -> None:
    before = len(list_spot_reports(db=alerted))
    assert raise_alerts(db=alerted, now=NOW, actor="cron").spot_reports == ()
    assert len(list_spot_reports(db=alerted)) == before


def test_edit_is_a_new_version_audited_with_both_texts(alerted: Database) -> None:
    spot = list_spot_reports(db=alerted)[0]
    edited = edit_spot_report(db=alerted, key=spot.id, actor="analyst", viewer=ANALYST,
                              text="Two soldiers killed by mortar fire near Aghdam.")  # fmt: skip
    assert edited.version == 2 and edited.title == spot.title
    assert edited.edited_by == "analyst" and edited.status is SpotReportStatus.DRAFT
    retitled = edit_spot_report(db=alerted, key=spot.id, actor="analyst", title="Aghdam, 30 May")
    assert retitled.version == 3 and retitled.text == edited.text
    assert audit_actions(alerted, spot.id)[1:] == [("spot_report.edit", "analyst")] * 2
    with alerted.read() as conn:
        entry = conn.execute(
            select(audit_log.c.before, audit_log.c.after)
            .where(audit_log.c.entity_id == spot.id, audit_log.c.action == "spot_report.edit")
            .order_by(audit_log.c.seq)
        ).first()
    assert entry is not None
    assert entry.before["text"] == spot.text and entry.after["text"] == edited.text


def test_send_marks_sent_once_and_ends_editing(alerted: Database) -> None:
    spot = list_spot_reports(db=alerted)[0]
    sent = send_spot_report(db=alerted, key=spot.id, actor="head", to="both parties")
    assert sent.status is SpotReportStatus.SENT and sent.sent_by == "head"
    assert sent.sent_to == "both parties" and sent.sent_at is not None
    with pytest.raises(ConflictError, match="already sent"):
        send_spot_report(db=alerted, key=spot.id, actor="head")
    with pytest.raises(ConflictError, match="can no longer be edited"):
        edit_spot_report(db=alerted, key=spot.id, actor="analyst", text="Late change.")
    assert [s.id for s in list_spot_reports(db=alerted, status=SpotReportStatus.SENT)] == [spot.id]
    assert audit_actions(alerted, spot.id)[-1] == ("spot_report.send", "head")


@pytest.mark.parametrize(
    "viewer",
    [Viewer(Role.MONITOR, name="m"), Viewer(Role.PUBLIC), Viewer(Role.PARTY_LIAISON, "AZ")],
)
def test_only_staff_handle_spot_reports(alerted: Database, viewer: Viewer) -> None:
    spot = list_spot_reports(db=alerted)[0]
    with pytest.raises(AccessDeniedError, match="spot reports are handled by the mission's"):
        list_spot_reports(db=alerted, viewer=viewer)
    with pytest.raises(AccessDeniedError):
        show_spot_report(db=alerted, key=spot.id, viewer=viewer)
    with pytest.raises(AccessDeniedError):
        edit_spot_report(db=alerted, key=spot.id, actor="x", text="t", viewer=viewer)
    with pytest.raises(AccessDeniedError):
        send_spot_report(db=alerted, key=spot.id, actor="x", viewer=viewer)


def test_bad_edits(alerted: Database) -> None:
    spot = list_spot_reports(db=alerted)[0]
    with pytest.raises(ValidationError, match="give a new --title, --text or --file"):
        edit_spot_report(db=alerted, key=spot.id, actor="analyst")
    with pytest.raises(ValidationError, match="text: must not be empty"):
        edit_spot_report(db=alerted, key=spot.id, actor="analyst", text="  ")
    with pytest.raises(NotFoundError, match="spot report 'nope' not found"):
        show_spot_report(db=alerted, key="nope")


def test_the_cli(alerted: Database, database_url: str) -> None:
    spot = list_spot_reports(db=alerted)[0]
    code, out, _ = cli(database_url, "spot-reports", "list", "--status", "draft")
    assert code == 0 and spot.id[:8] in out
    code, out, _ = cli(database_url, "spot-reports", "edit", spot.id[:8], "--text", "Checked.",
                       "--as", "analyst")  # fmt: skip
    assert code == 0 and "version 2" in out
    code, out, _ = cli(database_url, "spot-reports", "send", spot.id[:8], "--to", "guarantors")
    assert code == 0 and "marked sent" in out
    code, out, _ = cli(database_url, "spot-reports", "show", spot.id)
    assert code == 0 and "Checked." in out and "sent, version 2" in out
    code, _, err = cli(database_url, "spot-reports", "list", "--as", "monitor")
    assert code == 7 and "spot reports are handled by the mission's staff" in err
