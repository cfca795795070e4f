"""Evidence files on reports and complaints: upload (streamed, content-addressed), list, read
and verify, each read allowed only to those who may read the record; every upload and every
read is an audit entry naming the file's SHA-256 (chain of custody).
"""

from __future__ import annotations

import contextlib
import hashlib
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path, PurePath
from types import TracebackType
from typing import Any, BinaryIO

from sqlalchemy import Connection
from sqlalchemy.exc import SQLAlchemyError

from ceasefire.config import Settings
from ceasefire.domain.access import Role, Viewer
from ceasefire.domain.complaints import Complaint, Evidence
from ceasefire.domain.evidence import (
    EvidenceEntity,
    EvidenceFile,
    EvidenceLink,
    MediaType,
    check_sha256,
)
from ceasefire.domain.validation import check_non_empty, parse_enum
from ceasefire.errors import (
    AccessDeniedError,
    CeasefireError,
    ConflictError,
    NotFoundError,
    ValidationError,
)
from ceasefire.evidence_store import EvidenceStore, StoredFile
from ceasefire.services.clock import utc_now
from ceasefire.services.complaints import evidence_target, record_evidence
from ceasefire.services.database import Database
from ceasefire.storage.repositories import audit
from ceasefire.storage.repositories import complaints as complaint_repo
from ceasefire.storage.repositories import evidence as repo
from ceasefire.storage.repositories import reports as report_repo
from ceasefire.storage.repositories.visibility import withholds_confidential

__all__ = [
    "EvidenceTarget",
    "OpenedEvidence",
    "StoreCheck",
    "add_evidence",
    "attach_stored",
    "check_evidence",
    "discard_unreferenced",
    "evidence_of_reports",
    "evidence_store",
    "list_evidence",
    "open_evidence",
    "verify_evidence",
    "writable_target",
]


@dataclass(frozen=True, slots=True)
class OpenedEvidence:
    """A stored file checked against its hash and opened for reading, with the records the
    reader may see it on; close it (or use it in a `with` block) when done."""

    file: EvidenceFile
    links: tuple[EvidenceLink, ...]
    stream: BinaryIO

    def __enter__(self) -> OpenedEvidence:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stream.close()


@dataclass(frozen=True, slots=True)
class StoreCheck:
    """What `verify_evidence` found: files checked, those missing or altered (hash: problem),
    and files in the directory that no record references."""

    checked: int
    problems: dict[str, str]
    unreferenced: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class EvidenceTarget:
    entity: EvidenceEntity
    entity_id: str
    confidential: bool
    label: str
    """How people name the record: a complaint's reference, a report's id."""


def evidence_store(settings: Settings) -> EvidenceStore:
    """The evidence directory named by the settings."""
    return EvidenceStore(settings.evidence_dir)


def add_evidence(
    *,
    db: Database,
    settings: Settings,
    source: BinaryIO | Path,
    entity: EvidenceEntity | str,
    entity_id: str,
    viewer: Viewer,
    actor: str,
    file_name: str | None = None,
    description: str = "",
    own_reports: bool = False,
    now: datetime | None = None,
) -> EvidenceLink:
    """Store a file and attach it to a report (monitors and staff) or a complaint (its
    party's liaison or staff); a complaint also lists it among its evidence items.

    `own_reports` (signed-in API callers): a monitor handles only the evidence of reports
    they may read, the ones they filed. Without it (the CLI, run on the server by its
    operator) a monitor acts for the whole mission."""
    when = utc_now(now)
    kind = parse_enum(EvidenceEntity, entity, "entity")
    default_name = source.name if isinstance(source, Path) else ""
    name = PurePath(check_non_empty(file_name or default_name, "file_name")).name
    with db.read() as conn:  # refuse before a long upload, not after it
        writable_target(conn, kind, entity_id, viewer, own_reports, for_update=False)
    store = evidence_store(settings)
    stored = _put(store, source, name)
    try:
        with db.transaction() as conn:
            target, complaint = writable_target(conn, kind, entity_id, viewer, own_reports)
            link = attach_stored(conn, stored, target, name, description, actor, when)
            if complaint is not None:
                _list_on_complaint(conn, complaint, link, actor)
    except BaseException:
        if stored.created:
            discard_unreferenced(db, store, stored.sha256)
        raise
    return link


def check_evidence(*, settings: Settings, source: BinaryIO, file_name: str) -> MediaType:
    """The media type `add_evidence` would store the file as, or the ValidationError (naming
    `file`) it would refuse it with: content not accepted, or over its kind's size limit.
    Nothing is stored; a form checks its files this way before it writes anything."""
    name = PurePath(check_non_empty(file_name, "file_name")).name
    return evidence_store(settings).check(source, name)


def list_evidence(
    *,
    db: Database,
    entity: EvidenceEntity | str,
    entity_id: str,
    viewer: Viewer,
    own_reports: bool = False,
) -> list[EvidenceLink]:
    """The files attached to a record `viewer` may read (file names and descriptions withheld
    from analysts on a party-confidential complaint), oldest first; `own_reports` as for
    `add_evidence`."""
    kind = parse_enum(EvidenceEntity, entity, "entity")
    with db.read() as conn:
        target = _readable(conn, kind, entity_id, viewer, own_reports)
        links = repo.links_of(conn, kind, target.entity_id)
    if target.confidential and withholds_confidential(viewer):
        return [replace(link, file_name=None, description=None) for link in links]
    return links


def evidence_of_reports(
    *, db: Database, report_ids: Sequence[str], viewer: Viewer
) -> dict[str, list[EvidenceLink]]:
    """The files attached to each of `report_ids` that `viewer` may read the evidence of,
    oldest first, in one read: mission staff every report's, a monitor the reports they
    filed (as through the API), anyone else none."""
    if not (viewer.is_staff or viewer.role is Role.MONITOR) or not report_ids:
        return {}
    with db.read() as conn:
        links = repo.links_of_reports(conn, report_ids, viewer)
    found: dict[str, list[EvidenceLink]] = {}
    for link in links:
        found.setdefault(link.entity_id, []).append(link)
    return found


def open_evidence(
    *,
    db: Database,
    settings: Settings,
    sha256: str,
    viewer: Viewer,
    actor: str,
    entity: EvidenceEntity | str | None = None,
    entity_id: str | None = None,
    own_reports: bool = False,
    now: datetime | None = None,
) -> OpenedEvidence:
    """A stored file for a reader who may read a record it is attached to (else
    NotFoundError, as for a file that does not exist); the read is audited. With `entity`
    and `entity_id` (a report's id, a complaint's id or reference) the file is read through
    that record only: it must be attached to it, and the reader must be able to read it;
    `own_reports` as for `add_evidence`."""
    when = utc_now(now)
    digest = check_sha256(sha256)
    with db.read() as conn:
        file = repo.get_file(conn, digest)
        links = repo.links_to(conn, digest)
        if entity is not None:
            kind = parse_enum(EvidenceEntity, entity, "entity")
            target = _readable(conn, kind, entity_id or "", viewer, own_reports)
            links = [x for x in links if (x.entity, x.entity_id) == (kind, target.entity_id)]
        links = [link for link in links if _may_read(conn, link, viewer, own_reports)]
    if file is None or not links:
        raise NotFoundError("evidence", digest)
    stream = evidence_store(settings).open_verified(digest)
    try:
        with db.transaction() as conn:
            audit.append(
                conn, actor=actor, action="evidence.read", entity="evidence", entity_id=digest,
                after=_read_record(file, links, viewer), at=when,
            )  # fmt: skip
    except BaseException:
        stream.close()
        raise
    return OpenedEvidence(file, tuple(links), stream)


def verify_evidence(*, db: Database, settings: Settings) -> StoreCheck:
    """Re-hash every stored file: report those missing or altered, and files on disk that
    no record references."""
    store = evidence_store(settings)
    with db.read() as conn:
        known = list(repo.file_hashes(conn))
    problems = {sha: problem for sha in known if (problem := store.problem(sha)) is not None}
    unreferenced = tuple(sorted(set(store.stored_hashes()) - set(known)))
    return StoreCheck(checked=len(known), problems=problems, unreferenced=unreferenced)


def _put(store: EvidenceStore, source: BinaryIO | Path, name: str) -> StoredFile:
    if not isinstance(source, Path):
        return store.put(source, name)
    with _opened(source) as handle:
        return store.put(handle, name)


@contextlib.contextmanager
def _opened(path: Path) -> Iterator[BinaryIO]:
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise ValidationError("file", str(path), f"cannot read: {exc.strerror}") from None
    with handle:
        yield handle


def writable_target(
    conn: Connection,
    kind: EvidenceEntity,
    key: str,
    viewer: Viewer,
    own_reports: bool,
    *,
    for_update: bool = True,
) -> tuple[EvidenceTarget, Complaint | None]:
    """The record evidence is added to, checked writable by `viewer`; with the complaint."""
    if kind is EvidenceEntity.COMPLAINT:
        complaint = evidence_target(conn, key, viewer, for_update=for_update)
        return EvidenceTarget(
            kind, complaint.id, complaint.confidential, complaint.reference
        ), complaint
    report_id = _report_id(conn, key, viewer, own_reports, "add evidence to reports")
    return EvidenceTarget(kind, report_id, False, report_id), None


def _readable(
    conn: Connection, kind: EvidenceEntity, key: str, viewer: Viewer, own_reports: bool
) -> EvidenceTarget:
    if kind is EvidenceEntity.COMPLAINT:
        complaint = complaint_repo.get(conn, key, viewer)
        return EvidenceTarget(kind, complaint.id, complaint.confidential, complaint.reference)
    report_id = _report_id(conn, key, viewer, own_reports, "read reports' evidence")
    return EvidenceTarget(kind, report_id, False, report_id)


def _report_id(conn: Connection, key: str, viewer: Viewer, own_reports: bool, what: str) -> str:
    """The report whose evidence `viewer` may handle: monitors and mission staff only; with
    `own_reports`, a monitor only on a report they may read (the reports they filed), any
    other being not found."""
    if not (viewer.is_staff or viewer.role is Role.MONITOR):
        raise AccessDeniedError(
            "viewer", viewer.role.value, f"only monitors and mission staff {what}"
        )
    if own_reports and viewer.role is Role.MONITOR:
        found = repo.readable_report(conn, key, viewer)
        if found is None:
            raise NotFoundError("report", key)
        return found
    return report_repo.get(conn, key).id


def _may_read(conn: Connection, link: EvidenceLink, viewer: Viewer, own_reports: bool) -> bool:
    """True when `viewer` may read the file's bytes through this record."""
    try:
        target = _readable(conn, link.entity, link.entity_id, viewer, own_reports)
    except (NotFoundError, AccessDeniedError):
        return False
    return not (target.confidential and withholds_confidential(viewer))


def attach_stored(
    conn: Connection,
    stored: StoredFile,
    target: EvidenceTarget,
    name: str,
    description: str,
    actor: str,
    when: datetime,
) -> EvidenceLink:
    if repo.find_link(conn, stored.sha256, target.entity, target.entity_id) is not None:
        raise ConflictError(
            f"this file (SHA-256 {stored.sha256}) is attached to {target.entity.value}"
            f" {target.label} already"
        )
    file = repo.ensure_file(
        conn, EvidenceFile(stored.sha256, stored.size, stored.media_type.name, when)
    )
    link = EvidenceLink(
        id=str(uuid.uuid4()), file=file, entity=target.entity, entity_id=target.entity_id,
        file_name=name, description=description.strip() or None, added_by=actor, added_at=when,
    )  # fmt: skip
    repo.add_link(conn, link)
    audit.append(
        conn, actor=actor, action="evidence.add", entity=target.entity.value,
        entity_id=target.entity_id, after=_custody(link, target.confidential), at=when,
    )  # fmt: skip
    return link


def _list_on_complaint(
    conn: Connection, complaint: Complaint, link: EvidenceLink, actor: str
) -> None:
    """The complaint's own evidence item for the file, under the link's id."""
    item = Evidence.new(
        evidence_id=link.id, complaint_id=complaint.id, added_by=actor, now=link.added_at,
        description=link.description or f"File {link.file_name}",
    )  # fmt: skip
    item = replace(item, file_name=link.file_name, sha256=link.file.sha256)
    record_evidence(conn, complaint, item, actor)


def _custody(link: EvidenceLink, confidential: bool) -> dict[str, Any]:
    """The audit record of an upload; a confidential complaint's file name and description
    appear as their SHA-256 so the log does not spread them."""
    shown: dict[str, Any] = {"file_name": link.file_name, "description": link.description}
    if confidential:
        shown = {
            key: None if value is None else {"withheld": True, "sha256": _digest(value)}
            for key, value in shown.items()
        }
    return {
        "link_id": link.id,
        "sha256": link.file.sha256,
        "size": link.file.size,
        "media_type": link.file.media_type,
        **shown,
    }


def _read_record(file: EvidenceFile, links: list[EvidenceLink], viewer: Viewer) -> dict[str, Any]:
    return {
        "sha256": file.sha256,
        "size": file.size,
        "viewer": viewer.role.value,
        "party": viewer.party_id,
        "via": [f"{link.entity.value}:{link.entity_id}" for link in links],
    }


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def discard_unreferenced(db: Database, store: EvidenceStore, sha256: str) -> None:
    """Remove a file this upload created when no row references it (its transaction failed)."""
    # A second failure here (the database gone) must not hide the first; the file is then
    # left for `evidence verify` to report as unreferenced.
    with contextlib.suppress(CeasefireError, SQLAlchemyError), db.read() as conn:
        if repo.get_file(conn, sha256) is None:
            store.remove(sha256)
