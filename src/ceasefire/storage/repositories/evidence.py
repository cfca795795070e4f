"""Evidence files (one row per SHA-256) and their links to reports and complaints.

These queries do not filter by viewer: the evidence service decides who may read a link
from the record it belongs to (through the complaints repository's viewer-filtered reads).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Connection, select

from ceasefire.domain.access import Viewer
from ceasefire.domain.evidence import EvidenceEntity, EvidenceFile, EvidenceLink
from ceasefire.storage.repositories.visibility import report_scope
from ceasefire.storage.schema import evidence_files, evidence_links, reports

__all__ = [
    "add_link",
    "ensure_file",
    "file_hashes",
    "find_link",
    "get_file",
    "links_of",
    "links_of_reports",
    "links_to",
    "readable_report",
]


def get_file(conn: Connection, sha256: str) -> EvidenceFile | None:
    """The stored file with this SHA-256, if any."""
    row = conn.execute(select(evidence_files).where(evidence_files.c.sha256 == sha256)).first()
    return None if row is None else EvidenceFile(**row._mapping)


def ensure_file(conn: Connection, file: EvidenceFile) -> EvidenceFile:
    """The file's row, inserted unless the same bytes were stored before (then the first
    row stays, with its original time)."""
    existing = get_file(conn, file.sha256)
    if existing is not None:
        return existing
    conn.execute(
        evidence_files.insert().values(
            sha256=file.sha256, size=file.size, media_type=file.media_type, stored_at=file.stored_at
        )
    )
    return file


def add_link(conn: Connection, link: EvidenceLink) -> None:
    """Attach a stored file to a report or complaint."""
    conn.execute(
        evidence_links.insert().values(
            id=link.id,
            sha256=link.file.sha256,
            entity=link.entity.value,
            entity_id=link.entity_id,
            file_name=link.file_name,
            description=link.description or "",
            added_by=link.added_by,
            added_at=link.added_at,
        )
    )


def find_link(
    conn: Connection, sha256: str, entity: EvidenceEntity, entity_id: str
) -> EvidenceLink | None:
    """The link of this file to this record, if it is attached already."""
    el = evidence_links.c
    query = _joined().where(
        el.sha256 == sha256, el.entity == entity.value, el.entity_id == entity_id
    )
    row = conn.execute(query).first()
    return None if row is None else _link(row._mapping)


def links_of(conn: Connection, entity: EvidenceEntity, entity_id: str) -> list[EvidenceLink]:
    """The files attached to one record, oldest first."""
    el = evidence_links.c
    query = _joined().where(el.entity == entity.value, el.entity_id == entity_id)
    return [_link(r._mapping) for r in conn.execute(query.order_by(el.added_at, el.id))]


def links_of_reports(
    conn: Connection, report_ids: Sequence[str], viewer: Viewer
) -> list[EvidenceLink]:
    """The files attached to those of `report_ids` that `viewer` may read (`report_scope`),
    oldest first."""
    el = evidence_links.c
    readable = select(reports.c.id).where(reports.c.id.in_(report_ids), report_scope(viewer))
    query = _joined().where(el.entity == EvidenceEntity.REPORT.value, el.entity_id.in_(readable))
    return [_link(r._mapping) for r in conn.execute(query.order_by(el.added_at, el.id))]


def links_to(conn: Connection, sha256: str) -> list[EvidenceLink]:
    """Every record one file is attached to, oldest first."""
    el = evidence_links.c
    query = _joined().where(el.sha256 == sha256).order_by(el.added_at, el.id)
    return [_link(r._mapping) for r in conn.execute(query)]


def file_hashes(conn: Connection) -> Iterator[str]:
    """The SHA-256 of every stored file, in order."""
    query = select(evidence_files.c.sha256).order_by(evidence_files.c.sha256)
    for row in conn.execute(query):
        yield row.sha256


def readable_report(conn: Connection, report_id: str, viewer: Viewer) -> str | None:
    """The id of the report if it exists and `viewer` may read it (`report_scope`), else None."""
    query = select(reports.c.id).where(reports.c.id == report_id, report_scope(viewer))
    return conn.execute(query).scalar_one_or_none()


def _joined() -> Any:
    ef = evidence_files.c
    return select(evidence_links, ef.size, ef.media_type, ef.stored_at).join(
        evidence_files, evidence_files.c.sha256 == evidence_links.c.sha256
    )


def _link(row: Any) -> EvidenceLink:
    return EvidenceLink(
        id=row["id"],
        file=EvidenceFile(row["sha256"], row["size"], row["media_type"], row["stored_at"]),
        entity=EvidenceEntity(row["entity"]),
        entity_id=row["entity_id"],
        file_name=row["file_name"],
        description=row["description"] or None,
        added_by=row["added_by"],
        added_at=row["added_at"],
    )
