"""Findings and their sign-offs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select, tuple_

from ceasefire.domain.access import Role, Viewer
from ceasefire.domain.findings import Finding, FindingStatus, SignOff
from ceasefire.errors import NotFoundError
from ceasefire.storage.schema import finding_signoffs, findings

__all__ = [
    "FindingFilter",
    "add",
    "add_signoff",
    "find",
    "get",
    "list_findings",
    "published_only",
    "signoffs_of",
    "update",
    "void_signoffs",
]


@dataclass(frozen=True, slots=True)
class FindingFilter:
    """Which findings to list; None means no restriction."""

    status: FindingStatus | None = None
    incident_id: str | None = None
    complaint_id: str | None = None
    limit: int | None = None
    after: tuple[datetime, str] | None = None
    """Only findings after this (created_at, id), the list's order: a page's keyset."""


def add(conn: Connection, finding: Finding) -> None:
    """Insert a new finding."""
    conn.execute(findings.insert().values(id=finding.id, **_values(finding)))


def update(conn: Connection, finding: Finding) -> None:
    """Store a finding's current version, status and dates over the row with its id."""
    conn.execute(findings.update().where(findings.c.id == finding.id).values(**_values(finding)))


def find(
    conn: Connection, finding_id: str, *, for_update: bool = False, viewer: Viewer | None = None
) -> Finding | None:
    """The finding with this id, or None; `for_update` locks its row until the transaction
    ends (PostgreSQL; SQLite has one writer at a time anyway). With a `viewer` who reads
    published findings only (a party liaison, the public), an unpublished one is None."""
    query = select(findings).where(findings.c.id == finding_id)
    if viewer is not None and published_only(viewer):
        query = query.where(findings.c.status == FindingStatus.PUBLISHED.value)
    row = conn.execute(query.with_for_update() if for_update else query).first()
    return None if row is None else _finding(row._mapping)


def get(
    conn: Connection, finding_id: str, *, for_update: bool = False, viewer: Viewer | None = None
) -> Finding:
    """The finding with this id (that `viewer` may read), or NotFoundError."""
    found = find(conn, finding_id, for_update=for_update, viewer=viewer)
    if found is None:
        raise NotFoundError("finding", finding_id)
    return found


def published_only(viewer: Viewer) -> bool:
    """True for readers who may read published findings only: party liaisons, the public."""
    return viewer.role in (Role.PARTY_LIAISON, Role.PUBLIC)


def list_findings(
    conn: Connection, flt: FindingFilter, viewer: Viewer | None = None
) -> list[Finding]:
    """Findings matching the filter (and, with a `viewer`, that they may read), oldest first."""
    query = select(findings).order_by(findings.c.created_at, findings.c.id)
    if viewer is not None and published_only(viewer):
        query = query.where(findings.c.status == FindingStatus.PUBLISHED.value)
    if flt.status is not None:
        query = query.where(findings.c.status == flt.status.value)
    if flt.incident_id is not None:
        query = query.where(findings.c.incident_id == flt.incident_id)
    if flt.complaint_id is not None:
        query = query.where(findings.c.complaint_id == flt.complaint_id)
    if flt.after is not None:
        query = query.where(tuple_(findings.c.created_at, findings.c.id) > tuple(flt.after))
    if flt.limit is not None:
        query = query.limit(flt.limit)
    return [_finding(r._mapping) for r in conn.execute(query)]


def add_signoff(conn: Connection, signoff: SignOff) -> None:
    """Insert a sign-off."""
    conn.execute(
        finding_signoffs.insert().values(
            id=signoff.id,
            finding_id=signoff.finding_id,
            key_id=signoff.key_id,
            nation=signoff.nation,
            version=signoff.version,
            content_sha256=signoff.content_sha256,
            signature=signoff.signature,
            signed_at=signoff.signed_at,
            voided_at=signoff.voided_at,
        )
    )


def signoffs_of(conn: Connection, finding_id: str) -> list[SignOff]:
    """Every sign-off of a finding, voided ones included, in the order they were made."""
    rows = conn.execute(
        select(finding_signoffs)
        .where(finding_signoffs.c.finding_id == finding_id)
        .order_by(finding_signoffs.c.signed_at, finding_signoffs.c.id)
    )
    return [_signoff(r._mapping) for r in rows]


def void_signoffs(conn: Connection, finding_id: str, *, at: datetime) -> list[str]:
    """Void every active sign-off of a finding; the ids of those voided."""
    active = (finding_signoffs.c.finding_id == finding_id) & finding_signoffs.c.voided_at.is_(None)
    ids = [
        str(i)
        for i in conn.execute(
            select(finding_signoffs.c.id).where(active).order_by(finding_signoffs.c.id)
        ).scalars()
    ]
    if ids:
        conn.execute(finding_signoffs.update().where(active).values(voided_at=at))
    return ids


def _values(f: Finding) -> dict[str, Any]:
    return {
        "incident_id": f.incident_id,
        "complaint_id": f.complaint_id,
        "title": f.title,
        "text": f.text,
        "status": f.status.value,
        "version": f.version,
        "content_sha256": f.content_sha256,
        "created_by": f.created_by,
        "created_at": f.created_at,
        "updated_at": f.updated_at,
        "published_at": f.published_at,
    }


def _finding(row: Any) -> Finding:
    return Finding(
        id=row["id"],
        incident_id=row["incident_id"],
        complaint_id=row["complaint_id"],
        title=row["title"],
        text=row["text"],
        version=row["version"],
        status=FindingStatus(row["status"]),
        content_sha256=row["content_sha256"],
        created_by=row["created_by"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        published_at=row["published_at"],
    )


def _signoff(row: Any) -> SignOff:
    return SignOff(
        id=row["id"],
        finding_id=row["finding_id"],
        key_id=row["key_id"],
        nation=row["nation"],
        version=row["version"],
        content_sha256=row["content_sha256"],
        signature=row["signature"],
        signed_at=row["signed_at"],
        voided_at=row["voided_at"],
    )
