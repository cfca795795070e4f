"""Complaints, requests for information and summaries over HTTP on both backends: the
lifecycle the services enforce, and a party's liaison never reaching the other party's
complaints or requests (404 for every id, never in a list)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from tests.api.conftest import World

from ceasefire.storage.schema import (
    audit_log,
    complaint_summaries,
    complaints,
    information_requests,
    metadata,
)

API = "/api/v1"
HTML = "<script>alert(1)</script>"
SQL = "x'); DROP TABLE reports;--"


def _when(hours_ago: float) -> str:
    return (datetime.now(UTC) - timedelta(hours=hours_ago)).isoformat()


@dataclass
class Case:
    world: World

    def call(self, who: str, method: str, path: str, **kw: Any) -> Any:
        return self.world.client.request(method, API + path, headers=self.world.auth(who), **kw)

    def file(self, who: str, **body: Any) -> Any:
        payload = {
            "allegation": "Mortar fire on our positions east of Martuni.",
            "occurred_start": _when(5),
            "latitude": 39.8,
            "longitude": 46.8,
        }
        return self.call(who, "POST", "/complaints", json={**payload, **body})

    def count(self, table: Any) -> int:
        with self.world.db.read() as conn:
            return int(conn.execute(select(func.count()).select_from(table)).scalar_one())

    def counts(self) -> dict[str, int]:
        return {t.name: self.count(t) for t in metadata.sorted_tables if t.name != "api_tokens"}


@pytest.fixture
def case(world: World) -> Case:
    return Case(world)


def test_a_liaison_files_for_their_own_party_only(case: Case) -> None:
    r = case.file("liaison.am")
    assert r.status_code == 201, r.text
    c = r.json()
    assert (c["party"], c["status"], c["filed_by"]) == ("AM", "received", "liaison.am")
    assert c["reference"].startswith("AM-") and r.headers["location"].endswith(c["reference"])
    assert c["acknowledge_by"] > c["received_at"] and c["overdue"] == []
    before = case.counts()
    refused = case.file("liaison.am", party="AZ")
    assert refused.status_code == 403 and refused.json()["errors"][0]["field"] == "party"
    for who, code in (("monitor.ru", 403), ("public", 401)):
        assert case.file(who, party="AM").status_code == code
    no_party = case.file("analyst")
    assert no_party.status_code == 422 and no_party.json()["errors"][0]["field"] == "party"
    assert case.counts() == before
    on_behalf = case.file("analyst", party="AZ")
    assert on_behalf.status_code == 201 and on_behalf.json()["party"] == "AZ"


def test_the_other_partys_complaints_are_not_found_anywhere(case: Case) -> None:
    am = case.file("liaison.am").json()
    az = case.file("liaison.az", allegation="AZ: artillery on Aghdam.").json()
    assert case.call("liaison.am", "POST", f"/complaints/{az['id']}/evidence").status_code in (
        404,
        422,
    )
    for key in (az["id"], az["reference"]):
        missing = case.call("liaison.am", "GET", f"/complaints/{key}")
        assert missing.status_code == 404
        nowhere = case.call("liaison.am", "GET", "/complaints/AZ-1999-999")
        assert missing.json()["detail"].replace(key, "?") == nowhere.json()["detail"].replace(
            "AZ-1999-999", "?"
        )
        for action in ("acknowledge", "investigate", "close", "withdraw"):
            assert case.call("liaison.am", "POST", f"/complaints/{key}/{action}").status_code == 404
        assert (
            case.call(
                "liaison.am", "POST", f"/complaints/{key}/finding", json={"finding_id": "f-1"}
            ).status_code
            == 404
        )
        for path in ("summaries", "evidence"):
            assert case.call("liaison.am", "GET", f"/complaints/{key}/{path}").status_code == 404
        for path in ("summaries", "summaries/preview"):
            assert case.call("liaison.am", "POST", f"/complaints/{key}/{path}").status_code == 404
        listed = case.call("liaison.am", "GET", "/information-requests", params={"complaint": key})
        assert listed.status_code == 404
    for params in ({}, {"party": "AZ"}, {"status": "received"}, {"overdue": True}):
        items = case.call("liaison.am", "GET", "/complaints", params=params).json()["items"]
        assert {c["id"] for c in items} <= {am["id"]}, params
    assert [c["id"] for c in case.call("liaison.am", "GET", "/complaints").json()["items"]] == [
        am["id"]
    ]
    everyone = case.call("analyst", "GET", "/complaints").json()["items"]
    assert {c["id"] for c in everyone} == {am["id"], az["id"]}
    for who, code in (("monitor.ru", 403), ("public", 401)):
        assert case.call(who, "GET", "/complaints").status_code == code
        assert case.call(who, "GET", f"/complaints/{am['id']}").status_code == code
    assert case.call("liaison.az", "GET", f"/complaints/{az['reference']}").status_code == 200


def test_the_lifecycle_over_http(case: Case) -> None:
    key = case.file("liaison.am").json()["reference"]
    out_of_order = case.call("analyst", "POST", f"/complaints/{key}/close")
    assert out_of_order.status_code == 422
    assert out_of_order.json()["errors"][0]["field"] == "complaint.status"
    own = case.call("liaison.am", "POST", f"/complaints/{key}/acknowledge")
    assert own.status_code == 403
    steps = [("acknowledge", "acknowledged"), ("investigate", "under_investigation")]
    for action, status in steps:
        r = case.call("analyst", "POST", f"/complaints/{key}/{action}")
        assert r.status_code == 200 and r.json()["status"] == status, r.text
    finding = case.call(
        "analyst", "POST", "/findings",
        json={"title": "Not confirmed", "text": "No impacts found at 39.8123, 46.8123."},
    )  # fmt: skip
    assert finding.status_code == 422  # a finding needs an incident or a complaint
    finding = case.call(
        "analyst", "POST", "/findings",
        json={"title": "Not confirmed", "text": "No impacts found at 39.8123, 46.8123.",
              "complaint": key},
    )  # fmt: skip
    assert finding.status_code == 201
    fid = finding.json()["id"]
    issued = case.call("head", "POST", f"/complaints/{key}/finding", json={"finding_id": fid})
    assert issued.status_code == 200, issued.text
    assert issued.json()["complaint"]["status"] == "finding_issued"
    assert issued.json()["finding_linked"] is True
    withdraw = case.call("liaison.am", "POST", f"/complaints/{key}/withdraw")
    assert withdraw.status_code == 422
    closed = case.call("admin", "POST", f"/complaints/{key}/close")
    assert closed.status_code == 200 and closed.json()["closed_at"] is not None
    detail = case.call("liaison.am", "GET", f"/complaints/{key}").json()
    assert detail["finding_id"] == fid and detail["finding"] is None  # a draft, not published
    assert case.call("head", "GET", f"/complaints/{key}").json()["finding"]["id"] == fid


def test_the_filing_party_withdraws(case: Case) -> None:
    key = case.file("liaison.az").json()["id"]
    r = case.call("liaison.az", "POST", f"/complaints/{key}/withdraw", json={"reason": SQL})
    assert r.status_code == 200 and (r.json()["status"], r.json()["reason"]) == ("withdrawn", SQL)
    again = case.call("liaison.az", "POST", f"/complaints/{key}/withdraw")
    assert again.status_code == 422
    bad = case.call("liaison.az", "POST", f"/complaints/{key}/withdraw", json={"reason": HTML})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "reason"


def test_a_confidential_allegation_is_withheld_from_analysts(case: Case) -> None:
    key = case.file("liaison.am", confidential=True, allegation="Our unit at 39.81, 46.79").json()
    for who, withheld in (
        ("analyst", True),
        ("head", False),
        ("admin", False),
        ("liaison.am", False),
    ):
        shown = case.call(who, "GET", f"/complaints/{key['id']}").json()
        assert shown["withheld"] is withheld, who
        assert (shown["allegation"] is None) is withheld
        listed = case.call(who, "GET", "/complaints").json()["items"][0]
        assert (listed["allegation"] is None) is withheld


def test_bad_input_names_the_field_and_writes_nothing(case: Case) -> None:
    before = case.counts()
    future = (datetime.now(UTC) + timedelta(days=2)).isoformat()
    for body, field in (
        ({"allegation": HTML}, "allegation"),
        ({"allegation": ""}, "allegation"),
        ({"allegation": "   "}, "allegation"),
        ({"place_name": HTML, "latitude": None, "longitude": None}, "place_name"),
        ({"occurred_start": "2020-11-19T06:40:00"}, "occurred_start"),
        ({"occurred_start": "yesterday"}, "occurred_start"),
        ({"occurred_start": future}, "occurred_start"),
        ({"occurred_end": _when(10)}, "occurred_end"),
        ({"latitude": 91}, "latitude"),
        ({"longitude": "east"}, "longitude"),
        ({"latitude": None}, "latitude/longitude"),
        ({"agreement": "no-such-agreement"}, "agreement"),
        ({"agreement": SQL}, "agreement"),
        ({"report_ids": ["no-such-report"]}, "report"),
        ({"confidential": "perhaps"}, "confidential"),
        ({"secret": 1}, "secret"),
    ):
        r = case.file("liaison.am", **body)
        assert r.status_code == 422, (body, r.text)
        assert r.json()["errors"][0]["field"] == field, (body, r.json())
    unknown = case.file("analyst", party="XX")
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["field"] == "party"
    assert case.counts() == before
    for params, field in (
        ({"status": "open"}, "status"),
        ({"limit": -1}, "limit"),
        ({"overdue": "sometimes"}, "overdue"),
        ({"cursor": "%%%"}, "cursor"),
    ):
        r = case.call("analyst", "GET", "/complaints", params=params)
        assert r.status_code == 422 and r.json()["errors"][0]["field"] == field, params


def test_sql_is_text_and_filters_are_parameters(case: Case) -> None:
    r = case.file("liaison.am", allegation=SQL)
    assert r.status_code == 201
    assert case.call("head", "GET", f"/complaints/{r.json()['id']}").json()["allegation"] == SQL
    for params in ({"party": SQL}, {"agreement": SQL}):
        found = case.call("analyst", "GET", "/complaints", params=params)
        assert found.status_code == 200 and found.json()["items"] == []
    assert case.call("analyst", "GET", f"/complaints/{SQL}").status_code == 404
    assert case.count(complaints) == 1


def test_pages_cover_every_complaint_once(case: Case) -> None:
    made = [case.file("liaison.am").json()["id"] for _ in range(5)]
    seen: list[str] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = case.call("liaison.am", "GET", "/complaints", params=params).json()
        seen += [c["id"] for c in page["items"]]
        if (cursor := page["next_cursor"]) is None:
            break
    assert seen == made


def test_a_retried_filing_is_filed_once(case: Case) -> None:
    headers = {**case.world.auth("liaison.am"), "Idempotency-Key": "complaint-1"}
    body = {"allegation": "Once.", "occurred_start": _when(2), "latitude": 39.8, "longitude": 46.8}
    first = case.world.client.post(f"{API}/complaints", json=body, headers=headers)
    again = case.world.client.post(f"{API}/complaints", json=body, headers=headers)
    assert first.status_code == again.status_code == 201
    assert first.json()["reference"] == again.json()["reference"]
    assert case.count(complaints) == 1


def test_requests_for_information_reach_the_addressed_party_only(case: Case) -> None:
    am = case.file("liaison.am").json()
    answer_by = (datetime.now(UTC) + timedelta(days=3)).isoformat()
    sent = case.call(
        "analyst", "POST", "/information-requests",
        json={"party": "AZ", "question": "Which units were east of Martuni?",
              "complaint": am["reference"], "answer_by": answer_by},
    )  # fmt: skip
    assert sent.status_code == 201, sent.text
    to_az = sent.json()
    assert to_az["party"] == "AZ" and to_az["complaint_id"] == am["id"] and not to_az["overdue"]
    to_am = case.call(
        "head", "POST", "/information-requests", json={"party": "AM", "question": "Casualties?"}
    ).json()
    assert [
        r["id"] for r in case.call("liaison.am", "GET", "/information-requests").json()["items"]
    ] == [to_am["id"]]
    status_filter = {"status": "sent", "party": "AZ"}
    assert (
        case.call("liaison.am", "GET", "/information-requests", params=status_filter).json()[
            "items"
        ]
        == []
    )
    for method, path, body in (
        ("GET", f"/information-requests/{to_az['id']}", None),
        ("POST", f"/information-requests/{to_az['id']}/answer", {"answer": "None."}),
        ("POST", f"/information-requests/{to_az['id']}/withdraw", None),
    ):
        assert case.call("liaison.am", method, path, json=body).status_code == 404, path
    for who, code in (("liaison.am", 403), ("monitor.ru", 403), ("public", 401)):
        r = case.call(who, "POST", "/information-requests", json={"party": "AM", "question": "?"})
        assert r.status_code == code
    staff_answer = case.call(
        "analyst", "POST", f"/information-requests/{to_az['id']}/answer", json={"answer": "x"}
    )
    assert staff_answer.status_code == 403
    answered = case.call(
        "liaison.az", "POST", f"/information-requests/{to_az['id']}/answer", json={"answer": SQL}
    )
    assert answered.status_code == 200 and answered.json()["answer"] == SQL
    assert answered.json()["answered_by"] == "liaison.az"
    twice = case.call(
        "liaison.az", "POST", f"/information-requests/{to_az['id']}/answer", json={"answer": "y"}
    )
    assert twice.status_code == 422 and twice.json()["errors"][0]["field"] == "request.status"
    own = case.call("liaison.am", "POST", f"/information-requests/{to_am['id']}/withdraw")
    assert own.status_code == 403
    withdrawn = case.call("analyst", "POST", f"/information-requests/{to_am['id']}/withdraw")
    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "withdrawn"
    # AM's own complaint shows the request about it to staff, not to AM (it went to AZ).
    assert case.call("liaison.am", "GET", f"/complaints/{am['id']}").json()["requests"] == []
    assert len(case.call("head", "GET", f"/complaints/{am['id']}").json()["requests"]) == 1


def test_bad_requests_write_nothing(case: Case) -> None:
    before = case.count(information_requests), case.count(audit_log)
    past = (datetime.now(UTC) - timedelta(days=1)).isoformat()
    for body, field in (
        ({"party": "AM", "question": HTML}, "question"),
        ({"party": "AM", "question": ""}, "question"),
        ({"party": "XX", "question": "?"}, "party"),
        ({"party": SQL, "question": "?"}, "party"),
        ({"party": "AM", "question": "?", "answer_by": past}, "answer_by"),
        ({"party": "AM", "question": "?", "answer_by": "2020-13-40"}, "answer_by"),
        ({"party": "AM", "question": "?", "complaint": "AM-1999-001"}, None),
    ):
        r = case.call("analyst", "POST", "/information-requests", json=body)
        assert r.status_code in (404, 422), (body, r.text)
        if field is not None:
            assert r.json()["errors"][0]["field"] == field, (body, r.json())
    assert (case.count(information_requests), case.count(audit_log)) == before


def test_summaries_are_previewed_sent_once_and_read_by_each_party(case: Case) -> None:
    key = case.file("liaison.am").json()["reference"]
    for action in ("acknowledge", "investigate"):
        case.call("analyst", "POST", f"/complaints/{key}/{action}")
    early = case.call("analyst", "POST", f"/complaints/{key}/summaries/preview")
    assert early.status_code == 409
    fid = case.call(
        "analyst", "POST", "/findings",
        json={"title": "Confirmed", "text": "Craters at 39.8123, 46.8123; call +374 10 555 123.",
              "complaint": key},
    ).json()["id"]  # fmt: skip
    case.call("analyst", "POST", f"/complaints/{key}/finding", json={"finding_id": fid})
    preview = case.call(
        "analyst", "POST", f"/complaints/{key}/summaries/preview", json={"rules": ["coordinates"]}
    )
    assert preview.status_code == 200, preview.text
    p = preview.json()
    assert sorted(p["parties"]) == ["AM", "AZ"] and p["redactions"] == {"coordinates": 1}
    assert [h["original"] for h in p["hits"]] == ["39.8123, 46.8123"]
    assert "39.8123" not in p["text"] and "+374" in p["text"]
    bad_rule = case.call(
        "analyst", "POST", f"/complaints/{key}/summaries/preview", json={"rules": ["everything"]}
    )
    assert bad_rule.status_code == 422
    assert case.call("liaison.am", "POST", f"/complaints/{key}/summaries").status_code == 403
    sent = case.call("head", "POST", f"/complaints/{key}/summaries", json={"personal_names": []})
    assert sent.status_code == 201 and sorted(s["party"] for s in sent.json()) == ["AM", "AZ"]
    assert "+374" not in sent.json()[0]["text"]  # every rule by default
    assert case.call("head", "POST", f"/complaints/{key}/summaries").status_code == 409
    assert case.count(complaint_summaries) == 2
    mine = case.call("liaison.am", "GET", f"/complaints/{key}/summaries").json()
    assert [s["party"] for s in mine] == ["AM"]
    assert len(case.call("analyst", "GET", f"/complaints/{key}/summaries").json()) == 2
    html = case.call("head", "POST", f"/complaints/{key}/summaries/preview", json={"text": HTML})
    assert html.status_code == 422 and html.json()["errors"][0]["field"] == "text"
