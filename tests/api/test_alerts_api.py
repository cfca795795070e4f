"""Alerts over HTTP on both backends: the mission reads them (staff and monitors, nobody
else), filters and pages through them, and staff acknowledge each once, by name."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from tests.api.conftest import World

from ceasefire.domain.alerts import Alert, AlertKind, Severity
from ceasefire.services.alerts import raise_alerts
from ceasefire.storage.repositories import alerts as alert_repo
from ceasefire.storage.schema import alerts, audit_log

API = "/api/v1"
HTML = "<script>alert(1)</script>"
SQL = "x'); DROP TABLE reports;--"
T0 = datetime(2020, 11, 19, 12, 0, tzinfo=UTC)


def _get(world: World, who: str, path: str, **params: Any) -> Any:
    return world.client.get(API + path, headers=world.auth(who), params=params)


def _count(world: World, table: Any) -> int:
    with world.db.read() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


@pytest.fixture
def raised(world: World) -> World:
    """Deadline alerts of the reference scenario raised at two instants, and two alerts
    about no window (listed last)."""
    raise_alerts(db=world.db, now=T0, since=T0.date() - timedelta(days=10))
    raise_alerts(db=world.db, now=T0 + timedelta(days=20), since=T0.date())
    with world.db.transaction() as conn:
        for n in (1, 2):
            alert = Alert(
                key=f"test:no-window:{n}", kind=AlertKind.CASUALTIES, severity=Severity.CRITICAL,
                title=f"No window {n}", window_start=None, window_end=None, zone_id=None,
                evidence={"summary": "made by the test"},
            ).raised(alert_id=f"no-window-{n}", now=T0)  # fmt: skip
            alert_repo.insert_if_new(conn, alert)
    return world


def test_the_mission_reads_alerts_and_nobody_else(raised: World) -> None:
    listed = _get(raised, "monitor.tr", "/alerts")
    assert listed.status_code == 200
    items = listed.json()["items"]
    assert len(items) >= 4 and {a["status"] for a in items} == {"open"}
    first = items[0]
    assert first["summary"] and first["evidence"] and first["raised_at"]
    for who in ("analyst", "head", "admin", "monitor.ru"):
        assert _get(raised, who, f"/alerts/{first['id']}").json() == first
    for who, code in (("liaison.am", 403), ("liaison.az", 403), ("public", 401)):
        assert _get(raised, who, "/alerts").status_code == code
        assert _get(raised, who, f"/alerts/{first['id']}").status_code == code
    assert _get(raised, "analyst", "/alerts/no-such-alert").status_code == 404
    assert _get(raised, "analyst", f"/alerts/{SQL}").status_code == 404


def test_filters_and_pages(raised: World) -> None:
    everything = _get(raised, "analyst", "/alerts", limit=500).json()["items"]
    ends = [a["window_end"] for a in everything]
    dated = [e for e in ends if e is not None]
    assert dated == sorted(dated, reverse=True) and ends[-2:] == [None, None]
    seen: list[str] = []
    cursor = None
    while True:
        page = _get(raised, "analyst", "/alerts", limit=2, **({"cursor": cursor} if cursor else {}))
        assert page.status_code == 200, page.text
        seen += [a["id"] for a in page.json()["items"]]
        if (cursor := page.json()["next_cursor"]) is None:
            break
    assert seen == [a["id"] for a in everything]
    kinds = {a["kind"] for a in everything}
    for kind in kinds:
        got = _get(raised, "analyst", "/alerts", kind=kind).json()["items"]
        assert got and {a["kind"] for a in got} == {kind}
    zone = next(a["zone_id"] for a in everything if a["zone_id"])
    assert {a["zone_id"] for a in _get(raised, "head", "/alerts", zone=zone).json()["items"]} == {
        zone
    }
    critical = _get(raised, "head", "/alerts", severity="critical").json()["items"]
    assert {a["severity"] for a in critical} == {"critical"}
    assert _get(raised, "head", "/alerts", status="acknowledged").json()["items"] == []
    assert _get(raised, "head", "/alerts", zone=SQL).json()["items"] == []
    for params, field in (
        ({"status": "closed"}, "status"),
        ({"kind": "rumour"}, "kind"),
        ({"severity": 3}, "severity"),
        ({"limit": 0}, "limit"),
        ({"cursor": "eyJhIjoxfQ"}, "cursor"),
        ({"cursor": "WyIyMDIwLTEzLTAxIiwgIngiLCAieSJd"}, "cursor"),
    ):
        r = _get(raised, "analyst", "/alerts", **params)
        assert r.status_code == 422 and r.json()["errors"][0]["field"] == field, (params, r.text)


def test_staff_acknowledge_once_with_a_note(raised: World) -> None:
    c = raised.client
    alert_id = _get(raised, "analyst", "/alerts").json()["items"][0]["id"]
    path = f"{API}/alerts/{alert_id}/acknowledge"
    before = (_count(raised, audit_log), _get(raised, "head", f"/alerts/{alert_id}").json())
    for body, field in (
        ({"note": HTML}, "note"),
        ({"note": ""}, "note"),
        ({"note": "x" * 2001}, "note"),
        ({"note": 5}, "note"),
        ({"by": "someone else"}, "by"),
    ):
        r = c.post(path, json=body, headers=raised.auth("analyst"))
        assert r.status_code == 422 and r.json()["errors"][0]["field"] == field, (body, r.text)
    for who, code in (("monitor.ru", 403), ("liaison.am", 403), ("public", 401)):
        assert c.post(path, json={"note": "x"}, headers=raised.auth(who)).status_code == code
    assert (_count(raised, audit_log), _get(raised, "head", f"/alerts/{alert_id}").json()) == before
    done = c.post(path, json={"note": SQL}, headers=raised.auth("analyst"))
    assert done.status_code == 200, done.text
    body = done.json()
    assert (body["status"], body["acknowledged_by"], body["note"]) == (
        "acknowledged",
        "analyst",
        SQL,
    )
    assert _count(raised, audit_log) == before[0] + 1
    again = c.post(path, headers=raised.auth("head"))
    assert again.status_code == 409 and "already acknowledged by analyst" in again.json()["detail"]
    acknowledged = _get(raised, "monitor.ru", "/alerts", status="acknowledged").json()["items"]
    assert [a["id"] for a in acknowledged] == [alert_id]
    assert c.post(f"{API}/alerts/nope/acknowledge", headers=raised.auth("admin")).status_code == 404
    assert _count(raised, alerts) >= 4


def test_windows_are_dates(raised: World) -> None:
    dated = [
        a for a in _get(raised, "analyst", "/alerts").json()["items"] if a["window_end"] is not None
    ]
    assert all(date.fromisoformat(a["window_end"]) for a in dated)
