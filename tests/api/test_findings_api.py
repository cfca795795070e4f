"""Findings over HTTP on both backends: draft, edit (voiding sign-offs), sign-off with a
signature made on the monitor's side (no private key reaches the server), publish, and who
reads what."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import func, select
from tests.api.conftest import World

from ceasefire.domain.signing import generate_private_key, public_key_of, sign
from ceasefire.services import signing_keys
from ceasefire.services.reports import file_report
from ceasefire.services.sources import add_source
from ceasefire.storage.schema import audit_log, finding_signoffs, findings
from ceasefire.testing import report_data, sample_source

API = "/api/v1"
HTML = "<script>alert(1)</script>"
SQL = "x'); DROP TABLE reports;--"
T0 = datetime(2020, 11, 19, 12, 0, tzinfo=UTC)


@dataclass
class Case:
    """A world with an incident and one registered key per monitoring nation, whose private
    halves stay here, on "the monitors' machines"."""

    world: World
    incident_id: str
    keys: dict[str, Ed25519PrivateKey]

    def call(self, who: str, method: str, path: str, **kw: Any) -> Any:
        return self.world.client.request(method, API + path, headers=self.world.auth(who), **kw)

    def draft(self, who: str = "analyst", **body: Any) -> Any:
        payload = {"title": "Mortar fire", "text": "Three rounds.", "incident_id": self.incident_id}
        return self.call(who, "POST", "/findings", json={**payload, **body})

    def signed(self, finding_id: str, nation: str, who: str | None = None) -> Any:
        """Fetch the content, sign it locally with the nation's key, send the signature."""
        signer = who or f"monitor.{nation.lower()}"
        content = self.call(signer, "GET", f"/findings/{finding_id}/content").json()
        raw = base64.b64decode(content["content_base64"])
        signature = sign(self.keys[nation], raw)
        body = {"key_id": f"{nation.lower()}-1", "signature": signature}
        return self.call(signer, "POST", f"/findings/{finding_id}/signoffs", json=body)

    def count(self, table: Any) -> int:
        with self.world.db.read() as conn:
            return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


@pytest.fixture
def case(world: World) -> Case:
    db = world.db
    add_source(db=db, source=sample_source(), actor="admin")
    filed = file_report(db=db, data=report_data(), actor="monitor.ru", now=T0)
    keys = {"RU": generate_private_key(), "TR": generate_private_key()}
    for nation, private in keys.items():
        signing_keys.add_key(
            db=db, key_id=f"{nation.lower()}-1", holder=f"monitor.{nation.lower()}",
            nation=nation, public_key=public_key_of(private), actor="admin",
            now=T0 - timedelta(days=1),
        )  # fmt: skip
    assert filed.incident_id is not None
    return Case(world, filed.incident_id, keys)


def test_draft_sign_publish_and_who_reads_it(case: Case) -> None:
    created = case.draft()
    assert created.status_code == 201, created.text
    finding = created.json()
    fid = finding["id"]
    assert created.headers["location"].endswith(f"{API}/findings/{fid}")
    assert (finding["status"], finding["version"], finding["created_by"]) == ("draft", 1, "analyst")
    for who in ("public", "liaison.am", "liaison.az"):
        assert case.call(who, "GET", f"/findings/{fid}").status_code == 404
        assert case.call(who, "GET", f"/findings/{fid}/content").status_code == 404
        assert case.call(who, "GET", "/findings").json()["items"] == []
    assert [f["id"] for f in case.call("monitor.tr", "GET", "/findings").json()["items"]] == [fid]

    first = case.signed(fid, "RU")
    assert first.status_code == 201, first.text
    assert first.json()["missing"] == {"TR": 1} and first.json()["signoff"]["verifies"]
    assert case.call("head", "POST", f"/findings/{fid}/publish").status_code == 409
    second = case.signed(fid, "TR")
    assert second.status_code == 201 and second.json()["finding"]["status"] == "signed_off"
    published = case.call("head", "POST", f"/findings/{fid}/publish")
    assert published.status_code == 200 and published.json()["status"] == "published"

    shown = case.call("public", "GET", f"/findings/{fid}").json()
    assert shown["missing"] == {} and shown["quorum"] == {"RU": 1, "TR": 1}
    assert [(s["nation"], s["verifies"], s["holder"]) for s in shown["signoffs"]] == [
        ("RU", True, None),
        ("TR", True, None),
    ]
    staff_view = case.call("analyst", "GET", f"/findings/{fid}").json()
    assert {s["holder"] for s in staff_view["signoffs"]} == {"monitor.ru", "monitor.tr"}
    assert [f["id"] for f in case.call("liaison.az", "GET", "/findings").json()["items"]] == [fid]


def test_the_content_is_the_exact_bytes_signed(case: Case) -> None:
    fid = case.draft(title="Café shelling", text="Ünïcode text").json()["id"]
    content = case.call("monitor.ru", "GET", f"/findings/{fid}/content").json()
    raw = base64.b64decode(content["content_base64"])
    assert raw == content["content"].encode("utf-8")
    assert hashlib.sha256(raw).hexdigest() == content["sha256"]
    assert content["format"] == "ceasefire.finding/1" and content["version"] == 1
    assert b'"title":"Caf\xc3\xa9 shelling"' in raw


def test_no_private_key_is_accepted_and_a_bad_signature_writes_nothing(case: Case) -> None:
    fid = case.draft().json()["id"]
    schema = case.call("public", "GET", "/openapi.json").json()["components"]["schemas"]
    assert set(schema["SignOffIn"]["properties"]) == {"key_id", "signature", "content_sha256"}
    before = (case.count(finding_signoffs), case.count(audit_log))
    pem = "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEI...\n-----END PRIVATE KEY-----"
    with_key = {"key_id": "ru-1", "signature": "00" * 64, "private_key": pem}
    r = case.call("monitor.ru", "POST", f"/findings/{fid}/signoffs", json=with_key)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "private_key"
    wrong_bytes = sign(case.keys["RU"], b"something else")
    r = case.call(
        "monitor.ru", "POST", f"/findings/{fid}/signoffs",
        json={"key_id": "ru-1", "signature": wrong_bytes},
    )  # fmt: skip
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "signature"
    assert "does not verify" in r.json()["detail"]
    for bad, field in (
        ({"key_id": "ru-1", "signature": "zz" * 64}, "signature"),
        ({"key_id": "ru-1", "signature": "00" * 10}, "signature"),
        ({"key_id": SQL, "signature": "00" * 64}, "key_id"),
        ({"key_id": "ru-1", "signature": "00" * 64, "content_sha256": "nothex"}, "content_sha256"),
    ):
        r = case.call("monitor.ru", "POST", f"/findings/{fid}/signoffs", json=bad)
        assert r.status_code == 422 and r.json()["errors"][0]["field"] == field, r.text
    r = case.call(
        "monitor.ru", "POST", f"/findings/{fid}/signoffs",
        json={"key_id": "nobody", "signature": "00" * 64},
    )  # fmt: skip
    assert r.status_code == 404
    assert (case.count(finding_signoffs), case.count(audit_log)) == before


def test_who_may_sign_off(case: Case) -> None:
    fid = case.draft().json()["id"]
    # monitor.tr holds (here) the RU private key too, but may only sign for TR.
    content = case.call("monitor.tr", "GET", f"/findings/{fid}/content").json()
    ru_signature = sign(case.keys["RU"], base64.b64decode(content["content_base64"]))
    body = {"key_id": "ru-1", "signature": ru_signature}
    r = case.call("monitor.tr", "POST", f"/findings/{fid}/signoffs", json=body)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "key_id"
    assert "own nation (TR)" in r.json()["detail"]
    for who, code in (("analyst", 403), ("admin", 403), ("liaison.am", 403), ("public", 401)):
        assert case.call(who, "POST", f"/findings/{fid}/signoffs", json=body).status_code == code
    assert case.count(finding_signoffs) == 0
    # The head of mission signs with any registered key they hold.
    assert case.call("head", "POST", f"/findings/{fid}/signoffs", json=body).status_code == 201
    again = case.call("monitor.ru", "POST", f"/findings/{fid}/signoffs", json=body)
    assert again.status_code == 409 and "already signed" in again.json()["detail"]
    for who in ("analyst", "monitor.ru", "liaison.am"):
        assert case.call(who, "POST", f"/findings/{fid}/publish").status_code == 403


def test_an_edit_voids_sign_offs_and_a_stale_signature_is_a_conflict(case: Case) -> None:
    fid = case.draft().json()["id"]
    old = case.call("monitor.ru", "GET", f"/findings/{fid}/content").json()
    assert case.signed(fid, "RU").status_code == 201
    edited = case.call("analyst", "PATCH", f"/findings/{fid}", json={"text": "Four rounds."})
    assert edited.status_code == 200
    body = edited.json()
    assert body["changed"] and len(body["voided_signoffs"]) == 1
    assert (body["finding"]["version"], body["finding"]["status"]) == (2, "draft")
    stale = {
        "key_id": "tr-1",
        "signature": sign(case.keys["TR"], base64.b64decode(old["content_base64"])),
        "content_sha256": old["sha256"],
    }
    r = case.call("monitor.tr", "POST", f"/findings/{fid}/signoffs", json=stale)
    assert r.status_code == 409 and "changed since" in r.json()["detail"]
    del stale["content_sha256"]
    r = case.call("monitor.tr", "POST", f"/findings/{fid}/signoffs", json=stale)
    assert r.status_code == 422 and "does not verify" in r.json()["detail"]
    shown = case.call("head", "GET", f"/findings/{fid}").json()
    assert [(s["active"], s["verifies"]) for s in shown["signoffs"]] == [(False, False)]
    unchanged = case.call("analyst", "PATCH", f"/findings/{fid}", json={"text": "Four rounds."})
    assert unchanged.json()["changed"] is False
    empty = case.call("analyst", "PATCH", f"/findings/{fid}", json={})
    assert empty.status_code == 422 and empty.json()["errors"][0]["field"] == "edit"


def test_a_published_finding_is_final(case: Case) -> None:
    fid = case.draft().json()["id"]
    case.signed(fid, "RU")
    case.signed(fid, "TR")
    assert case.call("admin", "POST", f"/findings/{fid}/publish").status_code == 200
    assert case.call("head", "POST", f"/findings/{fid}/publish").status_code == 409
    r = case.call("analyst", "PATCH", f"/findings/{fid}", json={"title": "New"})
    assert r.status_code == 409
    assert case.signed(fid, "RU").status_code == 409


def test_drafting_is_for_staff_and_bad_input_writes_nothing(case: Case) -> None:
    for who, code in (("monitor.ru", 403), ("liaison.am", 403), ("public", 401)):
        assert case.draft(who).status_code == code
    before = (case.count(findings), case.count(audit_log))
    for body, field in (
        ({"title": HTML}, "title"),
        ({"text": HTML}, "text"),
        ({"text": ""}, "text"),
        ({"title": "x" * 501}, "title"),
        ({"title": "   "}, "title"),
        ({"incident_id": None}, "finding"),
        ({"incident_id": SQL}, "incident_id"),
        ({"complaint": "AM 2020 001"}, "complaint"),
        ({"title": 5}, "title"),
        ({"status": "published"}, "status"),
    ):
        r = case.draft(**body)
        assert r.status_code == 422, (body, r.text)
        assert r.json()["errors"][0]["field"] == field, (body, r.json())
    assert case.draft(incident_id="no-such-incident").status_code == 404
    assert case.draft(incident_id=None, complaint="AM-2020-999").status_code == 404
    assert (case.count(findings), case.count(audit_log)) == before


def test_sql_in_text_is_stored_verbatim(case: Case) -> None:
    r = case.draft(title=SQL, text=SQL)
    assert r.status_code == 201
    shown = case.call("analyst", "GET", f"/findings/{r.json()['id']}").json()
    assert (shown["title"], shown["text"]) == (SQL, SQL)
    assert case.count(findings) == 1


def test_filters_pages_and_bad_parameters(case: Case) -> None:
    ids = [case.draft(title=f"Finding {i}").json()["id"] for i in range(5)]
    seen: list[str] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = case.call("analyst", "GET", "/findings", params=params).json()
        seen += [f["id"] for f in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == ids
    drafts = case.call("head", "GET", "/findings", params={"status": "draft"}).json()["items"]
    assert len(drafts) == 5
    by_incident = case.call("head", "GET", "/findings", params={"incident": case.incident_id})
    assert len(by_incident.json()["items"]) == 5
    for params, field in (
        ({"status": "secret"}, "status"),
        ({"limit": 0}, "limit"),
        ({"limit": 501}, "limit"),
        ({"limit": "many"}, "limit"),
        ({"cursor": "not-a-cursor"}, "cursor"),
        ({"cursor": "WyJub3QgYSBkYXRlIiwgIngiXQ"}, "cursor"),
    ):
        r = case.call("analyst", "GET", "/findings", params=params)
        assert r.status_code == 422 and r.json()["errors"][0]["field"] == field, (params, r.text)
    injected = case.call("analyst", "GET", "/findings", params={"incident": SQL})
    assert injected.status_code == 200 and injected.json()["items"] == []
    assert case.call("analyst", "GET", f"/findings/{SQL}").status_code == 404
    assert case.count(findings) == 5


def test_a_retried_draft_is_made_once(case: Case) -> None:
    headers = {**case.world.auth("analyst"), "Idempotency-Key": "draft-1"}
    body = {"title": "Once", "text": "Only once.", "incident_id": case.incident_id}
    first = case.world.client.post(f"{API}/findings", json=body, headers=headers)
    again = case.world.client.post(f"{API}/findings", json=body, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json()["id"] == first.json()["id"]
    assert case.count(findings) == 1
