"""The alerts pages: monitors and staff read the open alerts first with their evidence;
staff acknowledge them with a note, once, through the same service as the API."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

from markupsafe import escape
from tests.api.conftest import WHO
from tests.api.matrix.row import MONITORS, STAFF
from tests.web.conftest import SITE, Site

from ceasefire.domain.access import Role, Viewer
from ceasefire.domain.alerts import Alert, AlertStatus
from ceasefire.services import alerts
from ceasefire.services.audit import AuditFilter, list_entries
from ceasefire.web.alert_pages import evidence_lines

T0 = datetime(2020, 11, 19, 12, 0, tzinfo=UTC)
READERS = STAFF | MONITORS
ADMIN = Viewer(Role.ADMIN, None, "admin")


def raised(site: Site) -> list[Alert]:
    """Alerts raised by the detectors over the reference scenario (deadlines due)."""
    run = alerts.raise_alerts(db=site.world.db, now=T0, since=T0.date() - timedelta(days=10))
    assert len(run.raised) >= 2, "the scenario's deadlines raise alerts"
    return list(run.raised)


def acknowledge(site: Site, who: str, alert_id: str, note: str, **headers: str) -> Any:
    return site.world.client.post(
        f"/alerts/{alert_id}/acknowledge", data={"note": note},
        headers={**SITE, **site.world.auth(who), **headers}, follow_redirects=False,
    )  # fmt: skip


def test_the_mission_reads_alerts_and_no_one_else(site: Site) -> None:
    first = raised(site)[0]
    for who in WHO:
        listing = site.world.client.get("/alerts", headers=site.world.auth(who))
        one = site.world.client.get(f"/alerts/{first.id}", headers=site.world.auth(who))
        navigation = site.get("/", who)
        if who in READERS:
            assert listing.status_code == one.status_code == 200
            assert first.title in listing.text and f'href="/alerts/{first.id}"' in listing.text
            assert '<a href="/alerts"' in navigation
            assert ('action="/alerts/' in one.text) is (who in STAFF), who
        else:
            expected = 401 if who == "public" else 403
            assert listing.status_code == one.status_code == expected, who
            assert '<a href="/alerts"' not in navigation


def test_open_alerts_come_first_with_their_evidence(site: Site) -> None:
    first, second, *_ = raised(site)
    alerts.acknowledge_alert(db=site.world.db, alert_id=first.id, actor="head", note="Seen.")
    html = site.get("/alerts", "monitor.ru")
    open_part, done_part = html.split('id="acknowledged-title"')
    assert second.title in open_part and first.title not in open_part
    assert first.title in done_part and "head," in done_part
    assert str(escape(second.summary)) in open_part and "Aghdam handover area" in html
    page = site.get(f"/alerts/{second.id}", "analyst")
    assert "Evidence" in page and "Provision id" in page and second.key in page


def test_staff_acknowledge_with_a_note(site: Site) -> None:
    alert = raised(site)[0]
    r = acknowledge(site, "analyst", alert.id, "  Patrol sent to the checkpoint.  ")
    assert r.status_code == 303 and r.headers["location"] == f"/alerts/{alert.id}?done=1"
    done = alerts.show_alert(db=site.world.db, alert_id=alert.id)
    assert done.status is AlertStatus.ACKNOWLEDGED and done.acknowledged_by == "analyst"
    assert done.note == "Patrol sent to the checkpoint."
    page = site.world.client.get(f"/alerts/{alert.id}?done=1", headers=site.world.auth("analyst"))
    assert "You acknowledged this alert." in page.text and 'action="/alerts/' not in page.text
    entries = list_entries(
        db=site.world.db, viewer=ADMIN, flt=AuditFilter(action="alert.acknowledge")
    ).entries
    assert [e.entity_id for e in entries] == [alert.id]


def test_a_refused_acknowledgement_says_why(site: Site) -> None:
    alert = raised(site)[0]
    markup = acknowledge(site, "analyst", alert.id, "<b>seen</b>")
    assert markup.status_code == 422
    assert re.search(r"note: must be plain text", markup.text)
    assert "&lt;b&gt;seen&lt;/b&gt;</textarea>" in markup.text
    assert alerts.show_alert(db=site.world.db, alert_id=alert.id).status is AlertStatus.OPEN
    assert acknowledge(site, "head", alert.id, "").status_code == 303
    again = acknowledge(site, "admin", alert.id, "Me too.")
    assert again.status_code == 409 and "already acknowledged by head" in again.text
    forged = acknowledge(site, "admin", raised_again(site), "x", Origin="https://evil.example")
    assert forged.status_code == 403
    monitor = acknowledge(site, "monitor.ru", alert.id, "x")
    assert monitor.status_code == 403
    missing = acknowledge(site, "analyst", "no-such-alert", "x")
    assert missing.status_code == 404


def raised_again(site: Site) -> str:
    """An open alert."""
    found = alerts.list_alerts(db=site.world.db, flt=alerts.AlertFilter(status=AlertStatus.OPEN))
    return found[0].id


def test_evidence_in_words() -> None:
    lines = evidence_lines({"summary": "s", "days_left": 1, "counts": {"a_b": [1, None]}})
    assert [(x.name, x.text) for x in lines] == [("Days left", "1"), ("Counts", "a b: 1, –")]
