"""Evidence on both backends: files attached to a report and to complaints, read only by
those who may read the record (others get not-found), stored once, audited with their hash,
and a failed upload leaves neither a row nor a file."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from tests.domain.test_evidence import PDF, png_bytes

from ceasefire.config import Settings
from ceasefire.domain.access import Viewer
from ceasefire.domain.evidence import EvidenceEntity
from ceasefire.errors import AccessDeniedError, ConflictError, NotFoundError, ValidationError
from ceasefire.services import complaints as complaint_service
from ceasefire.services import evidence as service
from ceasefire.services.complaints import ComplaintInput
from ceasefire.services.database import Database
from ceasefire.services.reports import file_report
from ceasefire.services.scenarios import load
from ceasefire.services.sources import add_source
from ceasefire.storage.repositories import audit
from ceasefire.storage.schema import complaint_evidence, evidence_files, evidence_links
from ceasefire.testing import report_data, sample_source

T0 = datetime(2021, 3, 1, 8, 0, tzinfo=UTC)
ADMIN, HEAD, ANALYST = Viewer.parse("admin"), Viewer.parse("head"), Viewer.parse("analyst")
AM, AZ = Viewer.parse("liaison:AM"), Viewer.parse("liaison:AZ")
MONITOR, PUBLIC = Viewer.parse("monitor"), Viewer.parse("public")
PHOTO = png_bytes(3, 3)
PHOTO_SHA = hashlib.sha256(PHOTO).hexdigest()
PDF_SHA = hashlib.sha256(PDF).hexdigest()


@dataclass
class World:
    db: Database
    settings: Settings
    report: str
    am: str
    az: str

    def add(self, entity: str, key: str, viewer: Viewer, content: bytes, name: str) -> Any:
        return service.add_evidence(
            db=self.db, settings=self.settings, source=io.BytesIO(content), file_name=name,
            entity=entity, entity_id=key, viewer=viewer, actor="t", description=f"{name} on {key}",
            now=T0,
        )  # fmt: skip

    def open(self, sha: str, viewer: Viewer) -> bytes:
        with service.open_evidence(
            db=self.db, settings=self.settings, sha256=sha, viewer=viewer, actor="r", now=T0
        ) as opened:
            return opened.stream.read()

    def list(self, entity: str, key: str, viewer: Viewer) -> list[Any]:
        return service.list_evidence(db=self.db, entity=entity, entity_id=key, viewer=viewer)

    def count(self, table: Any) -> int:
        with self.db.read() as conn:
            return int(conn.execute(select(func.count()).select_from(table)).scalar_one())

    def audit(self, action: str) -> list[Any]:
        with self.db.read() as conn:
            return [e for e in audit.entries(conn) if e.action == action]


def _complaint(db: Database, party: str, viewer: Viewer, **kw: Any) -> str:
    data = ComplaintInput(
        party_id=party, allegation=f"{party}: mortar fire", occurred_start=T0 - timedelta(hours=3),
        latitude=39.82, longitude=46.75, **kw,
    )  # fmt: skip
    return complaint_service.file_complaint(
        db=db, data=data, viewer=viewer, actor="t", now=T0
    ).reference


@pytest.fixture
def world(db: Database, tmp_path: Path) -> World:
    load(db=db, name="nagorno-karabakh-2020", actor="tester")
    add_source(db=db, source=sample_source(), actor="tester")
    filed = file_report(db=db, data=report_data(), actor="monitor", now=T0 - timedelta(hours=1))
    settings = Settings(database_url=db.settings.database_url, evidence_dir=tmp_path / "ev")
    am = _complaint(db, "AM", AM)
    az = _complaint(db, "AZ", AZ, confidential=True)
    return World(db, settings, filed.report.id, am, az)


def test_a_monitor_attaches_a_photo_to_a_report_and_the_mission_reads_it(world: World) -> None:
    link = world.add("report", world.report, MONITOR, PHOTO, "crater.png")
    assert link.file.sha256 == PHOTO_SHA and link.file.media_type == "image/png"
    assert link.entity is EvidenceEntity.REPORT and link.entity_id == world.report
    for reader in (MONITOR, ANALYST, HEAD):
        assert [x.file.sha256 for x in world.list("report", world.report, reader)] == [PHOTO_SHA]
        assert world.open(PHOTO_SHA, reader) == PHOTO
    (added,) = world.audit("evidence.add")
    assert added.entity == "report" and added.entity_id == world.report
    assert added.after == {
        "link_id": link.id, "sha256": PHOTO_SHA, "size": len(PHOTO), "media_type": "image/png",
        "file_name": "crater.png", "description": f"crater.png on {world.report}",
    }  # fmt: skip
    reads = world.audit("evidence.read")
    assert [(r.entity_id, r.after["viewer"]) for r in reads] == [
        (PHOTO_SHA, "monitor"), (PHOTO_SHA, "analyst"), (PHOTO_SHA, "head_of_mission"),
    ]  # fmt: skip


@pytest.mark.parametrize("reader", [PUBLIC, AM, AZ])
def test_the_public_and_liaisons_cannot_read_report_evidence(world: World, reader: Viewer) -> None:
    world.add("report", world.report, MONITOR, PHOTO, "crater.png")
    with pytest.raises(AccessDeniedError):
        world.list("report", world.report, reader)
    with pytest.raises(NotFoundError) as hidden:
        world.open(PHOTO_SHA, reader)
    with pytest.raises(NotFoundError) as missing:
        world.open("0" * 64, reader)
    assert str(hidden.value).replace(PHOTO_SHA, "?") == str(missing.value).replace("0" * 64, "?")
    with pytest.raises(AccessDeniedError):
        world.add("report", world.report, reader, PDF, "statement.pdf")
    assert world.audit("evidence.read") == []


def test_a_party_attaches_to_its_complaint_and_the_other_party_sees_nothing(world: World) -> None:
    link = world.add("complaint", world.am, AM, PDF, "statement.pdf")
    assert [x.id for x in world.list("complaint", world.am, AM)] == [link.id]
    assert world.open(PDF_SHA, AM) == PDF
    # The complaint's own evidence items list the file under the same id.
    view = complaint_service.show_complaint(db=world.db, key=world.am, viewer=AM)
    assert [(e.id, e.sha256, e.file_name) for e in view.evidence] == [
        (link.id, PDF_SHA, "statement.pdf")
    ]
    for other in (AZ, MONITOR, PUBLIC):
        with pytest.raises(NotFoundError):
            world.list("complaint", world.am, other)
        with pytest.raises(NotFoundError):
            world.open(PDF_SHA, other)
    with pytest.raises(NotFoundError):
        world.add("complaint", world.am, AZ, PHOTO, "crater.png")
    assert world.count(evidence_files) == 1


def test_confidential_complaint_evidence_is_withheld_from_analysts(world: World) -> None:
    world.add("complaint", world.az, AZ, PDF, "secret-statement.pdf")
    (shown,) = world.list("complaint", world.az, ANALYST)
    assert shown.withheld and shown.file_name is None and shown.description is None
    assert shown.file.sha256 == PDF_SHA
    with pytest.raises(NotFoundError):
        world.open(PDF_SHA, ANALYST)
    assert world.open(PDF_SHA, HEAD) == PDF
    assert world.list("complaint", world.az, AZ)[0].file_name == "secret-statement.pdf"
    (added,) = world.audit("evidence.add")
    assert added.after["sha256"] == PDF_SHA
    assert added.after["file_name"]["withheld"] is True
    assert "secret" not in str(added.after)


def test_the_same_bytes_on_two_records_are_stored_once(world: World) -> None:
    world.add("complaint", world.am, AM, PDF, "statement.pdf")
    world.add("complaint", world.az, AZ, PDF, "copy.pdf")
    assert world.count(evidence_files) == 1 and world.count(evidence_links) == 2
    assert list(service.evidence_store(world.settings).stored_hashes()) == [PDF_SHA]
    with service.open_evidence(
        db=world.db, settings=world.settings, sha256=PDF_SHA, viewer=AZ, actor="r"
    ) as opened:
        assert [x.file_name for x in opened.links] == ["copy.pdf"]  # only its own record
    with pytest.raises(ConflictError, match="already"):
        world.add("complaint", world.am, AM, PDF, "again.pdf")
    assert world.count(evidence_links) == 2 and world.count(complaint_evidence) == 2


def _nothing_left(world: World) -> None:
    assert world.count(evidence_files) == 0 and world.count(evidence_links) == 0
    assert world.count(complaint_evidence) == 0 and world.audit("evidence.add") == []
    store = service.evidence_store(world.settings)
    assert list(store.stored_hashes()) == []
    assert not store.temporary_dir.exists() or list(store.temporary_dir.iterdir()) == []


def test_refused_uploads_leave_nothing(world: World) -> None:
    with pytest.raises(ValidationError, match="the name says JPEG"):
        world.add("complaint", world.am, AM, PDF, "photo.jpg")
    with pytest.raises(NotFoundError):
        world.add("report", "no-such-report", MONITOR, PHOTO, "crater.png")
    with pytest.raises(ValidationError):
        world.add("incident", world.report, ADMIN, PHOTO, "crater.png")
    _nothing_left(world)


class WithdrawnWhileUploading(io.BytesIO):
    """A real upload during which the party withdraws its complaint: the file is written,
    then the transaction that would attach it must fail."""

    def __init__(self, content: bytes, world: World) -> None:
        super().__init__(content)
        self.world = world
        self.withdrawn = False

    def read(self, size: int | None = -1) -> bytes:
        data = super().read(size)
        if not data and not self.withdrawn:
            self.withdrawn = True
            complaint_service.withdraw_complaint(
                db=self.world.db, key=self.world.am, viewer=AM, actor="t", now=T0
            )
        return data


def test_a_failed_transaction_removes_the_file_it_wrote(world: World) -> None:
    source = WithdrawnWhileUploading(PHOTO, world)
    with pytest.raises(ConflictError, match="withdrawn"):
        service.add_evidence(
            db=world.db, settings=world.settings, source=source, file_name="crater.png",
            entity="complaint", entity_id=world.am, viewer=AM, actor="t", now=T0,
        )  # fmt: skip
    assert source.withdrawn
    _nothing_left(world)


def test_verify_reports_missing_altered_and_unreferenced_files(world: World) -> None:
    world.add("report", world.report, MONITOR, PHOTO, "crater.png")
    world.add("complaint", world.am, AM, PDF, "statement.pdf")
    check = service.verify_evidence(db=world.db, settings=world.settings)
    assert (check.checked, check.problems, check.unreferenced) == (2, {}, ())
    store = service.evidence_store(world.settings)
    store.path_of(PHOTO_SHA).chmod(0o644)
    store.path_of(PHOTO_SHA).write_bytes(PHOTO + b"!")
    store.remove(PDF_SHA)
    stray = store.put(io.BytesIO(b"stray notes\n"), "notes.txt")
    check = service.verify_evidence(db=world.db, settings=world.settings)
    assert "altered" in check.problems[PHOTO_SHA] and "missing" in check.problems[PDF_SHA]
    assert check.unreferenced == (stray.sha256,)
    with pytest.raises(Exception, match="altered"):
        world.open(PHOTO_SHA, ADMIN)
