"""Evidence files over HTTP on both backends: multipart upload into the content-addressed
store (type read from the content, size limits), listing and streamed download, each gated
by the record: a report's files for the monitor who filed it and staff, a complaint's for
its party's liaison and staff; every upload and download audited with the hash."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from tests.api.conftest import World
from tests.domain.test_evidence import PDF, png_bytes

from ceasefire.domain.access import Role, Viewer
from ceasefire.domain.evidence import MB
from ceasefire.services import complaints as complaint_service
from ceasefire.services.complaints import ComplaintInput
from ceasefire.services.evidence import evidence_store
from ceasefire.services.reports import file_report
from ceasefire.services.sources import add_source
from ceasefire.storage.repositories import audit
from ceasefire.storage.schema import audit_log, complaint_evidence, evidence_files, evidence_links
from ceasefire.testing import report_data, sample_source

API = "/api/v1"
HTML = "<script>alert(1)</script>"
SQL = "x'); DROP TABLE reports;--"
PHOTO = png_bytes(3, 3)
PHOTO_SHA = hashlib.sha256(PHOTO).hexdigest()
PDF_SHA = hashlib.sha256(PDF).hexdigest()
T0 = datetime(2020, 11, 19, 12, 0, tzinfo=UTC)


@dataclass
class Case:
    world: World
    report: str
    am: str
    az: str
    """Complaint references; AZ's is confidential."""

    def upload(
        self, who: str, path: str, content: bytes, name: str = "crater.png", **data: str
    ) -> Any:
        return self.world.client.post(
            f"{API}{path}/evidence",
            files={"file": (name, content, "application/octet-stream")},
            data=data,
            headers=self.world.auth(who),
        )

    def get(self, who: str, path: str, **kw: Any) -> Any:
        return self.world.client.get(API + path, headers=self.world.auth(who), **kw)

    def count(self, table: Any) -> int:
        with self.world.db.read() as conn:
            return int(conn.execute(select(func.count()).select_from(table)).scalar_one())

    def nothing_stored(self) -> bool:
        store = evidence_store(self.world.settings)
        tmp = store.temporary_dir
        return (
            self.count(evidence_files) == self.count(evidence_links) == 0
            and self.count(complaint_evidence) == 0
            and list(store.stored_hashes()) == []
            and (not tmp.exists() or list(tmp.iterdir()) == [])
        )

    def audited(self, action: str) -> list[Any]:
        with self.world.db.read() as conn:
            return [e for e in audit.entries(conn) if e.action == action]


@pytest.fixture
def case(world: World) -> Case:
    db = world.db
    add_source(db=db, source=sample_source(), actor="admin")
    filed = file_report(db=db, data=report_data(), actor="monitor.ru", now=T0)
    refs = {}
    for party, confidential in (("AM", False), ("AZ", True)):
        liaison = Viewer(Role.PARTY_LIAISON, party, f"liaison.{party.lower()}")
        refs[party] = complaint_service.file_complaint(
            db=db,
            data=ComplaintInput(
                party_id=party, allegation=f"{party}: shelling", latitude=39.8, longitude=46.8,
                occurred_start=datetime.now(UTC) - timedelta(hours=3), confidential=confidential,
            ),
            viewer=liaison,
            actor=liaison.name,
        ).reference  # fmt: skip
    return Case(world, filed.report.id, refs["AM"], refs["AZ"])


def test_a_monitor_attaches_to_their_report_and_the_mission_downloads_it(case: Case) -> None:
    path = f"/reports/{case.report}"
    r = case.upload("monitor.ru", path, PHOTO, description="Crater 80 m SE of the post")
    assert r.status_code == 201, r.text
    body = r.json()
    assert (body["sha256"], body["media_type"], body["size"]) == (
        PHOTO_SHA,
        "image/png",
        len(PHOTO),
    )
    assert body["download"] == f"{API}{path}/evidence/{PHOTO_SHA}"
    assert r.headers["location"] == body["download"]
    (added,) = case.audited("evidence.add")
    assert added.after["sha256"] == PHOTO_SHA and added.actor == "monitor.ru"
    for who in ("monitor.ru", "analyst", "head", "admin"):
        listed = case.get(who, f"{path}/evidence")
        assert [e["sha256"] for e in listed.json()] == [PHOTO_SHA], who
        got = case.get(who, f"{path}/evidence/{PHOTO_SHA}")
        assert got.status_code == 200 and got.content == PHOTO
        assert got.headers["content-type"] == "image/png"
        assert got.headers["etag"] == f'"{PHOTO_SHA}"'
        assert got.headers["content-disposition"].startswith('attachment; filename="crater.png"')
        assert got.headers["x-content-type-options"] == "nosniff"
    reads = case.audited("evidence.read")
    assert [(e.actor, e.entity_id) for e in reads] == [
        (who, PHOTO_SHA) for who in ("monitor.ru", "analyst", "head", "admin")
    ]


def test_only_the_filing_monitor_and_staff_reach_a_reports_files(case: Case) -> None:
    path = f"/reports/{case.report}"
    case.upload("monitor.ru", path, PHOTO)
    for who, code in (("monitor.tr", 404), ("liaison.am", 403), ("public", 401)):
        assert case.get(who, f"{path}/evidence").status_code == code, who
        assert case.get(who, f"{path}/evidence/{PHOTO_SHA}").status_code == code, who
        assert case.upload(who, path, PDF, "statement.pdf").status_code == code, who
    assert case.count(evidence_links) == 1 and len(case.audited("evidence.read")) == 0
    assert case.get("analyst", f"/reports/{SQL}/evidence").status_code == 404
    assert case.get("analyst", "/reports/no-such-report/evidence").status_code == 404


def test_a_file_is_read_only_through_the_record_it_is_attached_to(case: Case) -> None:
    case.upload("liaison.am", f"/complaints/{case.am}", PDF, "statement.pdf")
    via_report = case.get("analyst", f"/reports/{case.report}/evidence/{PDF_SHA}")
    assert via_report.status_code == 404
    other = case.get("liaison.az", f"/complaints/{case.az}/evidence/{PDF_SHA}")
    assert other.status_code == 404
    assert case.get("liaison.am", f"/complaints/{case.am}/evidence/{PDF_SHA}").status_code == 200
    for bad in ("not-a-hash", "A" * 63, SQL):
        r = case.get("analyst", f"/complaints/{case.am}/evidence/{bad}")
        assert r.status_code in (404, 422)
        if r.status_code == 422:
            assert r.json()["errors"][0]["field"] == "sha256"


def test_a_liaison_never_reaches_the_other_partys_complaint_files(case: Case) -> None:
    az_path = f"/complaints/{case.az}"
    up = case.upload("liaison.az", az_path, PDF, "secret-statement.pdf", description="Our OP")
    assert up.status_code == 201, up.text
    az_id = case.get("liaison.az", az_path).json()["id"]
    for key in (case.az, az_id):
        assert case.get("liaison.am", f"/complaints/{key}/evidence").status_code == 404
        assert case.get("liaison.am", f"/complaints/{key}/evidence/{PDF_SHA}").status_code == 404
        assert case.upload("liaison.am", f"/complaints/{key}", PHOTO).status_code == 404
    # Confidential: an analyst sees that a file exists, not its name, and cannot download it.
    (shown,) = case.get("analyst", f"{az_path}/evidence").json()
    assert shown["withheld"] and shown["file_name"] is None and shown["description"] is None
    assert case.get("analyst", f"{az_path}/evidence/{PDF_SHA}").status_code == 404
    head = case.get("head", f"{az_path}/evidence/{PDF_SHA}")
    assert head.status_code == 200 and head.content == PDF
    assert head.headers["content-type"] == "application/pdf"
    assert case.get("liaison.az", f"{az_path}/evidence").json()[0]["file_name"] == (
        "secret-statement.pdf"
    )
    assert case.count(evidence_links) == 1
    for who, code in (("monitor.ru", 403), ("public", 401)):
        assert case.get(who, f"{az_path}/evidence").status_code == code


def test_refused_files_name_the_field_and_leave_nothing(case: Case) -> None:
    path = f"/complaints/{case.am}"
    before = case.count(audit_log)
    for content, name, data, field, words in (
        (PDF, "photo.jpg", {}, "file", "the name says JPEG"),
        (b"MZ\x90\x00" + b"\x00" * 200, "tool.exe", {}, "file", "not an accepted"),
        (b"", "empty.png", {}, "file", "is empty"),
        (b"plain \xff\xfe text", "notes.txt", {}, "file", "not an accepted"),
        (b"notes\n" + b"x" * 70_000 + b"\xff", "notes.txt", {}, "file", "not valid UTF-8"),
        (PHOTO, "crater.png", {"description": HTML}, "description", "plain text"),
    ):
        r = case.upload("liaison.am", path, content, name, **data)
        assert r.status_code == 422, (name, r.text)
        problem = r.json()
        assert problem["errors"][0]["field"] == field and words in problem["detail"], problem
    missing = case.world.client.post(
        f"{API}{path}/evidence", data={"description": "no file"}, headers=case.world.auth("admin")
    )
    assert missing.status_code == 422 and missing.json()["errors"][0]["field"] == "file"
    assert case.nothing_stored() and case.count(audit_log) == before


def test_a_file_over_its_kinds_limit_is_refused(case: Case) -> None:
    big = PHOTO + b"\x00" * (25 * MB)
    r = case.upload("monitor.ru", f"/reports/{case.report}", big, "huge.png")
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "file"
    assert "larger than 25 MB" in r.json()["detail"]
    assert case.nothing_stored()


def test_names_are_kept_as_plain_names_and_sql_as_text(case: Case) -> None:
    path = f"/complaints/{case.am}"
    r = case.upload("liaison.am", path, PHOTO, "../../etc/Café 1.png", description=SQL)
    assert r.status_code == 201, r.text
    assert (r.json()["file_name"], r.json()["description"]) == ("Café 1.png", SQL)
    got = case.get("liaison.am", f"{path}/evidence/{PHOTO_SHA}")
    assert got.headers["content-disposition"] == (
        "attachment; filename=\"Caf_ 1.png\"; filename*=UTF-8''Caf%C3%A9%201.png"
    )
    items = case.get("liaison.am", path).json()["evidence"]
    assert [(e["sha256"], e["description"]) for e in items] == [(PHOTO_SHA, SQL)]


def test_the_same_bytes_are_stored_once_and_attached_once_per_record(case: Case) -> None:
    assert case.upload("liaison.am", f"/complaints/{case.am}", PDF, "a.pdf").status_code == 201
    assert case.upload("liaison.az", f"/complaints/{case.az}", PDF, "b.pdf").status_code == 201
    again = case.upload("analyst", f"/complaints/{case.am}", PDF, "c.pdf")
    assert again.status_code == 409 and "already" in again.json()["detail"]
    assert case.count(evidence_files) == 1 and case.count(evidence_links) == 2


def test_a_retried_upload_is_stored_once(case: Case) -> None:
    # A retry sends the same bytes: the same multipart body, boundary included.
    boundary = "retry-boundary-1"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="c.png"\r\n'
            "Content-Type: image/png\r\n\r\n"
        ).encode()
        + PHOTO
        + f"\r\n--{boundary}--\r\n".encode()
    )
    headers = {
        **case.world.auth("monitor.ru"),
        "Idempotency-Key": "upload-1",
        "Content-Type": f"multipart/form-data; boundary={boundary}",
    }
    url = f"{API}/reports/{case.report}/evidence"
    answers = [case.world.client.post(url, content=body, headers=headers) for _ in range(2)]
    assert [a.status_code for a in answers] == [201, 201]
    assert answers[1].headers["idempotent-replayed"] == "true"
    assert answers[0].json() == answers[1].json()
    assert case.count(evidence_links) == 1


def test_no_more_files_once_a_complaint_is_withdrawn(case: Case) -> None:
    case.world.client.post(
        f"{API}/complaints/{case.am}/withdraw", headers=case.world.auth("liaison.am")
    )
    r = case.upload("liaison.am", f"/complaints/{case.am}", PHOTO)
    assert r.status_code == 409 and case.nothing_stored()
