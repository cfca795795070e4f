"""Incidents over the API: lists with filters, pages and GeoJSON, one incident in full, what
each role may read, and the analysts' merge, split, verification and attribution."""

from __future__ import annotations

from typing import Any

from tests.api.conftest import WHO, World
from tests.api.test_reports_api import (
    PLACES,
    SCRIPT,
    SQL,
    STAFF,
    count,
    file,
    problem_field,
    publish,
)

from ceasefire.storage.schema import (
    audit_log,
    incident_overrides,
    incident_reports,
    incidents,
    link_decisions,
    reports,
)

API = "/api/v1"
READERS_OF_ALL = {*STAFF, "monitor.ru", "monitor.tr"}
DECIDED = (link_decisions, incident_overrides, audit_log, incidents, incident_reports)


def decisions(world: World) -> tuple[int, ...]:
    """Rows of every table an analyst's decision writes to."""
    return tuple(count(world, t) for t in DECIDED)


def listed(world: World, who: str, **params: Any) -> list[str]:
    """The ids of the first page of GET /incidents as `who`."""
    r = world.client.get(f"{API}/incidents", params=params, headers=world.auth(who))
    assert r.status_code == 200, r.text
    return [item["id"] for item in r.json()["items"]]


def two_incidents(world: World) -> tuple[str, str, str, str]:
    """An unpublished incident of monitor.ru's report and a published one of monitor.tr's:
    (unpublished incident, its report, published incident, its report)."""
    ru = file(world, "monitor.ru")
    tr = file(world, "monitor.tr", occurred_start="2020-11-18T03:00:00+04:00", latitude=39.75)
    publish(world, tr.incident_id)
    return ru.incident_id, ru.report.id, tr.incident_id, tr.report.id


def paired(world: World) -> tuple[str, list[str]]:
    """One incident of two reports (an OP and a UAV on the same shelling): (id, reports)."""
    op = file(world, "monitor.ru", **PLACES["aghdam"])
    uav = file(
        world, "monitor.tr", **PLACES["aghdam"], source="jmc-uav", how_observed="uav",
        occurred_start="2020-11-16T21:45:00+04:00",
    )  # fmt: skip
    assert op.incident_id == uav.incident_id
    return uav.incident_id, sorted([op.report.id, uav.report.id])


# --- reading ------------------------------------------------------------------------------


def test_each_role_reads_the_incidents_it_may(world: World) -> None:
    hidden, hidden_report, shown, shown_report = two_incidents(world)
    for who in READERS_OF_ALL:
        assert sorted(listed(world, who)) == sorted([hidden, shown]), who
    for who in ("liaison.am", "liaison.az", "public"):
        assert listed(world, who) == [shown], who
    for who in WHO:
        r = world.client.get(f"{API}/incidents/{hidden}", headers=world.auth(who))
        assert r.status_code == (200 if who in READERS_OF_ALL else 404), (who, r.text)
        assert world.client.get(f"{API}/incidents/{shown}", headers=world.auth(who)).is_success
    detail = world.client.get(f"{API}/incidents/{shown}", headers=world.auth("monitor.ru"))
    assert detail.json()["reports"] == [] and detail.json()["report_count"] == 1
    detail = world.client.get(f"{API}/incidents/{shown}", headers=world.auth("public")).json()
    assert [r["id"] for r in detail["reports"]] == [shown_report]
    detail = world.client.get(f"{API}/incidents/{hidden}", headers=world.auth("monitor.ru"))
    assert [r["id"] for r in detail.json()["reports"]] == [hidden_report]
    refused = world.client.get(f"{API}/incidents/{hidden}", headers=world.auth("liaison.am"))
    assert refused.json()["status"] == 404 and hidden_report not in refused.text


def test_one_incident_in_full(world: World) -> None:
    incident_id, report_ids = paired(world)
    r = world.client.get(f"{API}/incidents/{incident_id}", headers=world.auth("analyst"))
    assert r.status_code == 200, r.text
    d = r.json()
    assert d["report_count"] == 2 and sorted(x["id"] for x in d["reports"]) == report_ids
    assert d["status"] == "verified" and 0 < d["confidence"] <= 1
    assert d["explanation"][0].startswith("prior 0.10") and d["status_reason"]
    assert any("JMC UAV" in line for line in d["explanation"])
    assert d["attribution"]["reason"] and d["verdict"] is None
    assert d["casualties"]["wounded_civilian"]["best"] == 1 and d["killed_best"] == 0
    assert "district-aghdam" in d["zone_ids"]
    assert d["provisions"] == [b["provision_id"] for b in d["bearings"]]
    for bad in ("no-such-incident", SQL, "' OR 1=1 --"):
        assert world.client.get(f"{API}/incidents/{bad}").status_code == 404


def test_filters_pages_and_geojson(world: World) -> None:
    hidden, _, shown, _ = two_incidents(world)
    lachin = file(
        world, **PLACES["lachin"], occurred_start="2020-11-20T10:00:00+04:00",
        event_type="Battles", sub_event_type="Armed clash", source="jmc-patrol",
    ).incident_id  # fmt: skip
    c, staff = world.client, world.auth("analyst")
    r = c.post(
        f"{API}/incidents/{lachin}/attribute", json={"party": "AZ", "reason": "Seen firing."},
        headers=staff,
    )  # fmt: skip
    assert r.status_code == 200, r.text
    assert listed(world, "analyst") == [lachin, shown, hidden]
    assert listed(world, "analyst", party="AZ") == [lachin]
    assert listed(world, "analyst", event_type="Battles") == [lachin]
    assert listed(world, "analyst", event_type="Explosions/Remote violence") == [shown, hidden]
    assert listed(world, "public", event_type="Explosions/Remote violence") == [shown]
    assert listed(world, "analyst", zone="lachin-corridor") == [lachin]
    assert listed(world, "analyst", zone="district-aghdam") == [hidden]
    assert listed(world, "analyst", since="2020-11-17T12:00:00Z") == [lachin, shown]
    assert listed(world, "analyst", until="2020-11-17T00:00:00Z") == [hidden]
    assert listed(world, "public", until="2020-11-17T00:00:00Z") == []
    statuses = {i: c.get(f"{API}/incidents/{i}", headers=staff).json()["status"] for i in (
        lachin, shown, hidden)}  # fmt: skip
    for status in set(statuses.values()):
        want = [i for i in (lachin, shown, hidden) if statuses[i] == status]
        assert listed(world, "analyst", status=status) == want
    seen, cursor = [], None
    while True:
        params = {"limit": 1, "format": "geojson", **({"cursor": cursor} if cursor else {})}
        page = c.get(f"{API}/incidents", params=params, headers=staff)
        assert page.headers["content-type"] == "application/geo+json"
        doc = page.json()
        assert doc["type"] == "FeatureCollection" and len(doc["features"]) == 1
        feature = doc["features"][0]
        props = feature["properties"]
        assert feature["geometry"]["coordinates"] == [props["longitude"], props["latitude"]]
        seen.append(feature["id"])
        cursor = doc["next_cursor"]
        if cursor is None:
            break
    assert seen == [lachin, shown, hidden]
    geo = c.get(f"{API}/incidents", headers={**staff, "Accept": "application/geo+json"})
    assert [f["id"] for f in geo.json()["features"]] == seen


def test_bad_filters_are_422_naming_the_parameter(world: World) -> None:
    two_incidents(world)
    for params, field in (
        ({"status": "published"}, "status"),
        ({"since": "2020-11-16"}, "since"),
        ({"since": "2020-11-16T00:00:00"}, "since"),
        ({"since": "2020-11-20T00:00:00Z", "until": "2020-11-19T00:00:00Z"}, "until"),
        ({"limit": 0}, "limit"),
        ({"limit": 501}, "limit"),
        ({"cursor": SQL}, "cursor"),
        ({"format": "kml"}, "format"),
        ({"event_type": "Skirmish"}, "event_type"),
    ):
        r = world.client.get(f"{API}/incidents", params=params, headers=world.auth("analyst"))
        assert r.status_code == 422, (params, r.text)
        assert problem_field(r) == field, (params, r.json())
    for param in ("zone", "party"):
        assert listed(world, "public", **{param: SQL}) == []
    assert count(world, reports) == 2


# --- the analysts' decisions --------------------------------------------------------------


def test_analysts_merge_incidents(world: World) -> None:
    hidden, hidden_report, shown, shown_report = two_incidents(world)
    c = world.client
    sent = {"incidents": [hidden, shown], "reason": "Same shelling, reported twice."}
    before = decisions(world)
    for who, code in (("monitor.ru", 403), ("liaison.am", 403), ("public", 401)):
        assert c.post(f"{API}/incidents/merge", json=sent, headers=world.auth(who)).status_code == (
            code
        )
    for bad, field in (
        ({**sent, "incidents": [hidden]}, "incidents"),
        ({**sent, "incidents": [hidden, hidden]}, "incidents"),
        ({**sent, "reason": ""}, "reason"),
        ({**sent, "reason": SCRIPT}, "reason"),
        ({**sent, "incidents": [hidden, SQL]}, "incidents.1"),
        ({"incidents": [hidden, shown]}, "reason"),
    ):
        r = c.post(f"{API}/incidents/merge", json=bad, headers=world.auth("analyst"))
        assert r.status_code == 422 and problem_field(r) == field, (bad, r.text)
    r = c.post(
        f"{API}/incidents/merge", json={**sent, "incidents": [hidden, "no-such-incident"]},
        headers=world.auth("analyst"),
    )  # fmt: skip
    assert r.status_code == 404
    assert decisions(world) == before
    r = c.post(f"{API}/incidents/merge", json=sent, headers=world.auth("analyst"))
    assert r.status_code == 200, r.text
    merged = r.json()["incidents"]
    assert len(merged) == 1 and merged[0]["report_count"] == 2
    d = c.get(f"{API}/incidents/{merged[0]['id']}", headers=world.auth("head")).json()
    assert sorted(x["id"] for x in d["reports"]) == sorted([hidden_report, shown_report])
    assert count(world, link_decisions) == 1


def test_analysts_split_an_incident(world: World) -> None:
    incident_id, report_ids = paired(world)
    c, url = world.client, f"{API}/incidents/{incident_id}/split"
    moving = report_ids[:1]
    sent = {"reports": moving, "reason": "Two different impacts, 5 minutes apart."}
    before = decisions(world)
    for bad, code, field in (
        ({**sent, "reports": report_ids}, 422, "reports"),
        ({**sent, "reports": ["not-of-this-incident"]}, 422, "reports"),
        ({**sent, "reports": []}, 422, "reports"),
        ({**sent, "reason": SCRIPT}, 422, "reason"),
        ({**sent, "extra": 1}, 422, "extra"),
    ):
        r = c.post(url, json=bad, headers=world.auth("head"))
        assert r.status_code == code and problem_field(r) == field, (bad, r.text)
    assert c.post(url, json=sent, headers=world.auth("monitor.tr")).status_code == 403
    gone = c.post(f"{API}/incidents/{SQL}/split", json=sent, headers=world.auth("head"))
    assert gone.status_code == 404
    assert decisions(world) == before
    r = c.post(url, json=sent, headers=world.auth("head"))
    assert r.status_code == 200, r.text
    now_in = {x["id"]: x["report_count"] for x in r.json()["incidents"]}
    assert len(now_in) == 2 and sorted(now_in.values()) == [1, 1]
    assert count(world, link_decisions) == 1


def test_analysts_verify_and_attribute(world: World) -> None:
    hidden, _, _, _ = two_incidents(world)
    c, staff = world.client, world.auth("analyst")
    verify, attribute = f"{API}/incidents/{hidden}/verify", f"{API}/incidents/{hidden}/attribute"
    before = decisions(world)
    for url, bad, field in (
        (verify, {"status": "published", "reason": "x"}, "status"),
        (verify, {"status": "verified"}, "reason"),
        (verify, {"status": "verified", "reason": SCRIPT}, "reason"),
        (verify, {"status": "verified", "reason": "   "}, "reason"),
        (attribute, {"party": "XX", "reason": "x"}, "party"),
        (attribute, {"party": SQL, "reason": "x"}, "party"),
        (attribute, {"reason": "x"}, "party"),
    ):
        r = c.post(url, json=bad, headers=staff)
        assert r.status_code == 422 and problem_field(r) == field, (bad, r.text)
    for who, code in (("monitor.ru", 403), ("liaison.az", 403), ("public", 401)):
        sent = {"status": "verified", "reason": "x"}
        assert c.post(verify, json=sent, headers=world.auth(who)).status_code == code
    assert decisions(world)[:2] == before[:2]

    r = c.post(verify, json={"status": "disputed", "reason": SQL}, headers=staff)
    assert r.status_code == 200, r.text
    d = r.json()
    assert d["status"] == "disputed" and d["verdict"]["reason"] == SQL
    assert d["verdict"]["actor"] == "analyst" and d["computed_status"] != "disputed"
    assert any("set the status to disputed" in line for line in d["explanation"])
    r = c.post(attribute, json={"party": "AM", "reason": "Fire came from the west."}, headers=staff)
    assert r.status_code == 200, r.text
    d = r.json()
    assert d["attributed_party"] == "AM" and d["attribution"]["party"] == "AM"
    assert d["status"] == "disputed" and d["verdict"]["sets_attribution"] is True
    r = c.post(
        attribute, json={"party": None, "reason": "Cannot tell."}, headers=world.auth("head")
    )
    assert r.status_code == 200 and r.json()["attributed_party"] is None
    assert count(world, incident_overrides) == 3
    assert c.get(f"{API}/incidents/{hidden}", headers=world.auth("public")).status_code == 404
