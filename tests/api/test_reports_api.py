"""Reports over the API: filing (validation, duplicates, retries), listing with filters,
pages and GeoJSON, and what each role may read."""

from __future__ import annotations

import base64
import json
import time
from datetime import UTC, datetime, timedelta
from typing import Any
from unittest.mock import ANY

import pytest
from fastapi.responses import JSONResponse
from sqlalchemy import func, select
from starlette.requests import Request
from tests.api.conftest import WHO, World

from ceasefire.api.schemas.common import Page, encode_cursor
from ceasefire.api.schemas.geojson import page_answer
from ceasefire.api.schemas.reports import ReportOut, position_of
from ceasefire.domain.access import Role, Viewer
from ceasefire.domain.signing import generate_private_key, public_key_of
from ceasefire.services import findings, signing_keys
from ceasefire.services.report_queries import ReportQuery, list_reports
from ceasefire.services.reports import FiledReport, file_report
from ceasefire.storage.schema import (
    audit_log,
    idempotency_keys,
    incident_reports,
    incidents,
    reports,
)
from ceasefire.testing import report_data

API = "/api/v1"
T0 = datetime(2020, 11, 19, 12, 0, tzinfo=UTC)
SCRIPT = "<script>alert(1)</script>"
SQL = "x'); DROP TABLE reports;--"
STAFF = ("analyst", "head", "admin")


def count(world: World, table: Any) -> int:
    """Rows in `table`."""
    with world.db.read() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def settled(world: World, wait: float = 20.0) -> None:
    """Wait until the linking worker has linked every report filed through the API."""
    queued = (
        select(func.count())
        .select_from(reports.outerjoin(incident_reports))
        .where(incident_reports.c.report_id.is_(None))
    )
    deadline = time.monotonic() + wait
    while True:
        with world.db.read() as conn:
            if conn.execute(queued).scalar_one() == 0:
                return
        assert time.monotonic() < deadline, "the linking worker left reports queued"
        time.sleep(0.05)


def written(world: World) -> tuple[int, int, int, int]:
    """Rows of every table a report filing writes to (once the linking worker is done)."""
    settled(world)
    return (
        count(world, reports),
        count(world, incidents),
        count(world, audit_log),
        count(world, idempotency_keys),
    )


def body(**overrides: Any) -> dict[str, Any]:
    """A valid report body from a source of the reference scenario."""
    return report_data(**{"source": "jmc-op", **overrides})


def file(world: World, who: str = "monitor.ru", **overrides: Any) -> FiledReport:
    """File a report through the service, as `who`."""
    return file_report(db=world.db, data=body(**overrides), actor=who, now=T0)


def publish(world: World, *incident_ids: str) -> None:
    """Publish a finding (signed off by both monitoring nations) about each incident."""
    keys = {"RU": generate_private_key(), "TR": generate_private_key()}
    for nation, private in keys.items():
        signing_keys.add_key(
            db=world.db, key_id=f"{nation.lower()}-key", holder=f"monitor.{nation.lower()}",
            nation=nation, public_key=public_key_of(private), actor="admin",
            now=T0 - timedelta(days=2),
        )  # fmt: skip
    for incident_id in incident_ids:
        finding = findings.draft_finding(
            db=world.db, title="Shelling", text="Verified: mortar fire.", actor="analyst",
            incident_id=incident_id,
        )  # fmt: skip
        for nation, private in keys.items():
            findings.sign_finding(
                db=world.db, finding_id=finding.id, key_id=f"{nation.lower()}-key",
                private_key=private, actor=f"monitor.{nation.lower()}",
            )  # fmt: skip
        findings.publish_finding(db=world.db, finding_id=finding.id, actor="head")


def ids(world: World, who: str, **params: Any) -> list[str]:
    """The ids of the first page of GET /reports as `who`."""
    r = world.client.get(f"{API}/reports", params=params, headers=world.auth(who))
    assert r.status_code == 200, r.text
    return [item["id"] for item in r.json()["items"]]


def linked(world: World, location: str, who: str, wait: float = 20.0) -> dict[str, Any]:
    """The report at `location` once the linking worker has linked it into an incident."""
    deadline = time.monotonic() + wait
    while True:
        report: dict[str, Any] = world.client.get(location, headers=world.auth(who)).json()
        if report["incident_id"] is not None or time.monotonic() > deadline:
            assert report["incident_id"] is not None, "the linking worker never linked it"
            return report
        time.sleep(0.05)


def problem_field(response: Any) -> str:
    """The field the first error of a problem response names."""
    assert response.headers["content-type"] == "application/problem+json", response.text
    return str(response.json()["errors"][0]["field"])


# --- filing ---------------------------------------------------------------------------


def test_a_monitor_files_a_report_and_reads_it_back(world: World) -> None:
    c = world.client
    sent = body(external_id="JMC-OP3-2020-11-16-014", occurred_end="2020-11-16T22:40:00+04:00")
    r = c.post(f"{API}/reports", json=sent, headers=world.auth("monitor.ru"))
    assert r.status_code == 201, r.text
    filed = r.json()
    assert r.headers["location"] == f"{API}/reports/{filed['id']}"
    assert filed["duplicate"] is False
    assert (filed["linking"], filed["incident_id"]) in (("queued", None), ("linked", ANY))
    assert filed["occurred_start"] == "2020-11-16T17:40:00Z"
    assert filed["casualties"]["wounded_civilian"] == {"low": 1, "best": 1, "high": 2}
    assert filed["observations"]["explosions"] == 3 and filed["weapons"] == ["mortar"]
    back = linked(world, r.headers["location"], "monitor.ru")
    same = set(filed) - {"duplicate", "linking", "incident_id"}
    assert {k: back[k] for k in same} == {k: filed[k] for k in same}
    assert "district-aghdam" in back["zone_ids"] and back["dataset"] is None
    with world.db.read() as conn:
        assert conn.execute(select(reports.c.filed_by)).scalar_one() == "monitor.ru"

    again = c.post(f"{API}/reports", json=sent, headers=world.auth("monitor.ru"))
    assert again.status_code == 200 and again.json()["duplicate"] is True
    assert again.json()["id"] == filed["id"] and count(world, reports) == 1
    assert again.json()["incident_id"] == back["incident_id"]


def test_staff_file_reports_liaisons_and_the_public_may_not(world: World) -> None:
    for who in STAFF:
        r = world.client.post(f"{API}/reports", json=body(), headers=world.auth(who))
        assert r.status_code == 201, (who, r.text)
    before = written(world)
    for who, code in (("liaison.am", 403), ("liaison.az", 403), ("public", 401)):
        r = world.client.post(f"{API}/reports", json=body(), headers=world.auth(who))
        assert r.status_code == code, (who, r.text)
    assert written(world) == before


def test_a_retried_post_with_the_same_key_files_one_report(world: World) -> None:
    headers = {**world.auth("monitor.tr"), "Idempotency-Key": "3f6d0c1e-tablet-retry"}
    first = world.client.post(f"{API}/reports", json=body(), headers=headers)
    again = world.client.post(f"{API}/reports", json=body(), headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.headers["idempotent-replayed"] == "true"
    assert again.json() == first.json() and again.headers["location"] == first.headers["location"]
    assert count(world, reports) == 1


def test_another_monitors_external_id_is_a_conflict_not_a_leak(world: World) -> None:
    theirs = file(world, "monitor.tr", external_id="TR-7", text="Seen by the TR patrol.")
    r = world.client.post(
        f"{API}/reports", json=body(external_id="TR-7"), headers=world.auth("monitor.ru")
    )
    assert r.status_code == 409 and "TR-7" in r.json()["detail"]
    assert theirs.report.id not in r.text and "TR patrol" not in r.text
    assert count(world, reports) == 1


BAD_BODIES: list[tuple[dict[str, Any], str]] = [
    ({"latitude": 91.0}, "latitude"),
    ({"longitude": -180.5}, "longitude"),
    ({"latitude": "39.9"}, "latitude"),
    ({"source": "no-such-source"}, "source"),
    ({"source": SQL}, "source"),
    ({"credibility": 7}, "credibility"),
    ({"credibility": True}, "credibility"),
    ({"occurred_start": "2020-11-16T21:40:00"}, "occurred_start"),
    ({"occurred_start": "yesterday"}, "occurred_start"),
    ({"occurred_end": "2020-11-15T00:00:00Z"}, "occurred_end"),
    ({"time_precision": "fortnight"}, "time_precision"),
    ({"event_type": "Skirmish"}, "event_type"),
    ({"sub_event_type": "Armed clash"}, "sub_event_type"),
    ({"weapons": ["laser"]}, "weapons.0"),
    ({"how_observed": "dreamt"}, "how_observed"),
    ({"observations": {"explosions": -1}}, "observations.explosions"),
    ({"casualties": {"killed_military": {"low": 5, "best": 2}}}, "casualties.killed_military"),
    ({"actors": [{"name": "X", "party": "XX"}]}, "actors[0].party"),
    ({"colour": "red"}, "colour"),
    ({"text": SCRIPT}, "text"),
    ({"place_name": SCRIPT}, "place_name"),
    ({"actors": [{"name": SCRIPT}]}, "actors.0.name"),
    ({"external_id": SQL}, "external_id"),
]


def test_bad_bodies_are_422_naming_the_field_and_write_nothing(world: World) -> None:
    before = written(world)
    for overrides, field in BAD_BODIES:
        r = world.client.post(f"{API}/reports", json=body(**overrides), headers=world.auth("admin"))
        assert r.status_code == 422, (overrides, r.text)
        assert problem_field(r) == field, (overrides, r.json())
    missing = {k: v for k, v in body().items() if k != "latitude"}
    r = world.client.post(f"{API}/reports", json=missing, headers=world.auth("admin"))
    assert r.status_code == 422 and problem_field(r) == "latitude"
    r = world.client.post(
        f"{API}/reports", content=b"{not json", headers={**world.auth("admin"),
        "content-type": "application/json"},
    )  # fmt: skip
    assert r.status_code == 422
    assert written(world) == before


def test_sql_in_free_text_is_stored_verbatim(world: World) -> None:
    sent = body(text=SQL, place_name=SQL, actors=[{"name": SQL, "side": "target"}])
    r = world.client.post(f"{API}/reports", json=sent, headers=world.auth("monitor.ru"))
    assert r.status_code == 201, r.text
    back = world.client.get(r.headers["location"], headers=world.auth("monitor.ru")).json()
    assert back["text"] == back["place_name"] == back["actors"][0]["name"] == SQL
    assert count(world, reports) == 1


# --- reading: visibility ----------------------------------------------------------------


def test_each_role_reads_the_reports_it_may(world: World) -> None:
    ru = file(world, "monitor.ru")
    tr = file(world, "monitor.tr", occurred_start="2020-11-18T03:00:00+04:00", latitude=39.75)
    publish(world, tr.incident_id)
    mine, theirs = ru.report.id, tr.report.id
    for who in STAFF:
        assert sorted(ids(world, who)) == sorted([mine, theirs]), who
    assert ids(world, "monitor.ru") == [mine]
    assert ids(world, "monitor.tr") == [theirs]
    for who in ("liaison.am", "liaison.az", "public"):
        assert ids(world, who) == [theirs], who
    expect = {
        mine: {"monitor.ru", *STAFF},
        theirs: {"monitor.tr", "liaison.am", "liaison.az", "public", *STAFF},
    }
    for report_id, readers in expect.items():
        for who in WHO:
            r = world.client.get(f"{API}/reports/{report_id}", headers=world.auth(who))
            assert r.status_code == (200 if who in readers else 404), (who, report_id)
    r = world.client.get(f"{API}/reports/{mine}", headers=world.auth("monitor.tr"))
    assert r.json()["status"] == 404 and ru.report.text not in r.text


def test_missing_and_injected_ids_are_404(world: World) -> None:
    file(world)
    for bad in ("no-such-report", SQL, "%27%20OR%201%3D1--", "x" * 200):
        r = world.client.get(f"{API}/reports/{bad}", headers=world.auth("admin"))
        assert r.status_code == 404, (bad, r.text)
    assert world.client.get(f"{API}/reports/{'x' * 201}").status_code == 422
    assert count(world, reports) == 1


# --- reading: filters, pages, GeoJSON ---------------------------------------------------


PLACES = {
    "aghdam": {"latitude": 39.9934, "longitude": 46.9274, "place_name": "Aghdam"},
    "lachin": {"latitude": 39.6397, "longitude": 46.5464, "place_name": "Lachin"},
    "fuzuli": {"latitude": 39.6003, "longitude": 47.1431, "place_name": "Fuzuli"},
}


def filed_set(world: World) -> dict[str, str]:
    """Reports at three places and times from three sources; name -> id."""
    made = {
        "aghdam-op": file(world, **PLACES["aghdam"]),
        "aghdam-uav": file(
            world,
            **PLACES["aghdam"],
            source="jmc-uav",
            how_observed="uav",
            occurred_start="2020-11-16T21:45:00+04:00",
        ),
        "lachin": file(
            world,
            **PLACES["lachin"],
            occurred_start="2020-11-20T10:00:00+04:00",
            event_type="Battles",
            sub_event_type="Armed clash",
            source="jmc-patrol",
        ),
        "fuzuli": file(
            world,
            **PLACES["fuzuli"],
            occurred_start="2020-11-25T08:00:00+04:00",
            source="mod-az",
            how_observed="claimed",
        ),
    }
    return {name: f.report.id for name, f in made.items()}


def test_filters_narrow_the_list(world: World) -> None:
    f = filed_set(world)

    def staff(**params: Any) -> set[str]:
        return set(ids(world, "analyst", **params))

    assert staff() == set(f.values())
    assert staff(since="2020-11-20T00:00:00Z") == {f["lachin"], f["fuzuli"]}
    assert staff(until="2020-11-20T06:00:00Z") == {f["aghdam-op"], f["aghdam-uav"], f["lachin"]}
    assert staff(since="2020-11-20T06:00:00Z", until="2020-11-20T06:00:00Z") == {f["lachin"]}
    assert staff(bbox="46.8,39.9,47.0,40.1") == {f["aghdam-op"], f["aghdam-uav"]}
    assert staff(bbox="46.4,39.5,46.7,39.7") == {f["lachin"]}
    assert staff(zone="district-fuzuli") == {f["fuzuli"]}
    assert staff(zone="district-aghdam") == {f["aghdam-op"], f["aghdam-uav"]}
    assert staff(event_type="Battles") == {f["lachin"]}
    assert staff(source="jmc-uav") == {f["aghdam-uav"]}
    assert staff(source="mod-az", zone="district-fuzuli", since="2020-11-01T00:00:00+04:00") == {
        f["fuzuli"]
    }
    assert staff(source="jmc-uav", event_type="Battles") == set()
    status_of = {
        item["id"]: item["incident_id"]
        for item in world.client.get(f"{API}/reports", headers=world.auth("analyst")).json()[
            "items"
        ]
    }
    incident_status = {
        i: world.client.get(f"{API}/incidents/{i}", headers=world.auth("analyst")).json()["status"]
        for i in set(status_of.values())
    }
    for status in ("unverified", "corroborated", "verified", "disputed", "rejected"):
        expected = {r for r, i in status_of.items() if incident_status[i] == status}
        assert staff(status=status) == expected, status
    assert set(ids(world, "monitor.tr", zone="district-aghdam")) == set()


def test_pages_walk_every_report_once(world: World) -> None:
    tied = "2020-11-17T06:00:00+04:00"
    made = [file(world, occurred_start=tied, latitude=39.80 + i / 100) for i in range(5)]
    made += [
        file(world, "monitor.tr", occurred_start=f"2020-11-1{d}T06:00:00+04:00") for d in (5, 8)
    ]
    expected = sorted(made, key=lambda f: (f.report.occurred.start, f.report.id))
    for who, want in (
        ("head", [f.report.id for f in expected]),
        ("monitor.ru", [f.report.id for f in expected if f.report.occurred.start.day == 17]),
    ):
        seen: list[str] = []
        cursor = None
        pages = 0
        while True:
            params: dict[str, Any] = {"limit": 2, **({"cursor": cursor} if cursor else {})}
            page = world.client.get(f"{API}/reports", params=params, headers=world.auth(who))
            assert page.status_code == 200, page.text
            seen += [item["id"] for item in page.json()["items"]]
            pages += 1
            cursor = page.json()["next_cursor"]
            if cursor is None:
                break
        assert seen == want, who
        assert pages == (len(want) + 1) // 2
    one = world.client.get(f"{API}/reports", params={"limit": 7}, headers=world.auth("admin"))
    assert one.json()["next_cursor"] is None and len(one.json()["items"]) == 7


def test_geojson_on_request(world: World) -> None:
    f = filed_set(world)
    for params, headers in (
        ({"format": "geojson"}, {}),
        ({}, {"Accept": "application/geo+json"}),
    ):
        r = world.client.get(
            f"{API}/reports", params={**params, "limit": 3},
            headers={**world.auth("analyst"), **headers},
        )  # fmt: skip
        assert r.status_code == 200 and r.headers["content-type"] == "application/geo+json"
        doc = r.json()
        assert doc["type"] == "FeatureCollection" and len(doc["features"]) == 3
        assert doc["next_cursor"]
        first = doc["features"][0]
        assert first["type"] == "Feature" and first["id"] == first["properties"]["id"]
        assert first["geometry"] == {"type": "Point", "coordinates": [46.9274, 39.9934]}
        assert first["id"] in f.values()
        rest = world.client.get(
            f"{API}/reports", params={**params, "cursor": doc["next_cursor"]},
            headers={**world.auth("analyst"), **headers},
        ).json()  # fmt: skip
        assert len(rest["features"]) == 1 and rest["next_cursor"] is None
    plain = world.client.get(
        f"{API}/reports", params={"format": "json"},
        headers={**world.auth("analyst"), "Accept": "application/geo+json"},
    )  # fmt: skip
    assert plain.headers["content-type"] == "application/json" and "items" in plain.json()
    spec = world.client.get(f"{API}/openapi.json").json()
    content = spec["paths"][f"{API}/reports"]["get"]["responses"]["200"]["content"]
    assert {"application/json", "application/geo+json"} <= set(content)
    assert "$ref" not in json.dumps(content["application/geo+json"])


def _cursor(*parts: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(parts).encode()).decode().rstrip("=")


BAD_QUERIES: list[tuple[dict[str, Any], str]] = [
    ({"bbox": "46,39,47"}, "bbox"),
    ({"bbox": "a,b,c,d"}, "bbox"),
    ({"bbox": "46,39,47,91"}, "bbox"),
    ({"bbox": "46,40,47,39"}, "bbox"),
    ({"bbox": "190,39,47,40"}, "bbox"),
    ({"bbox": "nan,39,47,40"}, "bbox"),
    ({"bbox": SQL}, "bbox"),
    ({"cursor": "not-a-cursor"}, "cursor"),
    ({"cursor": SQL}, "cursor"),
    ({"cursor": _cursor("2020-11-16T00:00:00+00:00")}, "cursor"),
    ({"cursor": _cursor("yesterday", "x")}, "cursor"),
    ({"cursor": _cursor("2020-11-16T00:00:00", "x")}, "cursor"),
    ({"cursor": _cursor(5, 6)}, "cursor"),
    ({"since": "2020-11-16T00:00:00"}, "since"),
    ({"since": "yesterday"}, "since"),
    ({"until": SQL}, "until"),
    ({"since": "2020-11-20T00:00:00Z", "until": "2020-11-19T00:00:00Z"}, "until"),
    ({"limit": 0}, "limit"),
    ({"limit": 501}, "limit"),
    ({"limit": "ten"}, "limit"),
    ({"status": "published"}, "status"),
    ({"event_type": "Skirmish"}, "event_type"),
    ({"event_type": SQL}, "event_type"),
    ({"format": "kml"}, "format"),
]


def test_bad_filters_are_422_naming_the_parameter(world: World) -> None:
    file(world)
    for params, field in BAD_QUERIES:
        r = world.client.get(f"{API}/reports", params=params, headers=world.auth("analyst"))
        assert r.status_code == 422, (params, r.text)
        assert problem_field(r) == field, (params, r.json())


@pytest.mark.parametrize("param", ["zone", "source"])
def test_sql_in_filters_finds_nothing_and_harms_nothing(world: World, param: str) -> None:
    file(world)
    for value in (SQL, "' OR '1'='1", 'district-aghdam" OR 1=1 --'):
        assert ids(world, "admin", **{param: value}) == []
        assert ids(world, "public", **{param: value}) == []
    assert count(world, reports) == 1


def test_the_listing_answers_the_bytes_of_its_response_model(world: World) -> None:
    filed_set(world)
    publish(world, file(world, "monitor.tr", **PLACES["lachin"]).incident_id)
    readers = {
        "analyst": Viewer(Role.ANALYST, name="analyst"),
        "monitor.ru": Viewer(Role.MONITOR, name="monitor.ru"),
        "liaison.am": Viewer(Role.PARTY_LIAISON, party_id="AM", name="liaison.am"),
    }
    pages = 0
    for who, viewer in readers.items():
        cursor = None
        while True:
            params = {"limit": 2, "zone": "nk-pre-2020", **({"cursor": cursor} if cursor else {})}
            r = world.client.get(f"{API}/reports", params=params, headers=world.auth(who))
            assert r.status_code == 200 and r.headers["content-type"] == "application/json"
            after = position_of(cursor) if cursor else None
            found = list_reports(
                db=world.db, viewer=viewer,
                query=ReportQuery(zone_id="nk-pre-2020", after=after, limit=2),
            )  # fmt: skip
            last = found.next_after
            page = Page[ReportOut](
                items=[ReportOut.of(s) for s in found.items],
                next_cursor=encode_cursor(last[0].isoformat(), last[1]) if last else None,
            )
            assert r.content == page.model_dump_json().encode(), who
            pages += 1
            cursor = r.json()["next_cursor"]
            if cursor is None:
                break
    assert pages > len(readers)
    geo = world.client.get(
        f"{API}/reports", params={"limit": 3}, headers={**world.auth("analyst"),
        "Accept": "application/geo+json"},
    )  # fmt: skip
    found = list_reports(db=world.db, viewer=readers["analyst"], query=ReportQuery(limit=3))
    assert found.next_after is not None
    next_cursor = encode_cursor(found.next_after[0].isoformat(), found.next_after[1])
    items = [ReportOut.of(s) for s in found.items]
    old = page_answer(Request({"type": "http", "headers": []}), "geojson", items, next_cursor)
    assert isinstance(old, JSONResponse) and geo.content == old.body
    assert geo.headers["content-type"] == "application/geo+json"
