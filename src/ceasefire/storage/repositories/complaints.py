"""Complaints, their links, evidence and summaries; every read is filtered by the viewer.

A party's liaison reads only its own party's complaints, evidence and summaries (another
party's complaint is reported missing exactly like one that does not exist); analysts read
every complaint but not the allegation or evidence of those marked confidential (the query
selects NULL instead); the head of mission and admins read everything; monitors and the
public read no complaints at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Connection, and_, case, null, or_, select, tuple_

from ceasefire.domain.access import Viewer
from ceasefire.domain.complaints import (
    OPEN_STATUSES,
    Complaint,
    ComplaintStatus,
    ComplaintSummary,
    Evidence,
    LinkKind,
    Place,
    TimeSpan,
)
from ceasefire.errors import NotFoundError
from ceasefire.storage.repositories.visibility import party_scope, withholds_confidential
from ceasefire.storage.schema import (
    complaint_evidence,
    complaint_links,
    complaint_summaries,
    complaints,
)

__all__ = [
    "ComplaintFilter",
    "add",
    "add_evidence",
    "add_summary",
    "evidence_of",
    "get",
    "list_complaints",
    "next_number",
    "readable_ids",
    "summaries_of",
    "update_status",
]


@dataclass(frozen=True, slots=True)
class ComplaintFilter:
    """Which complaints to list; None means no restriction."""

    status: ComplaintStatus | None = None
    party_id: str | None = None
    agreement_id: str | None = None
    overdue_at: datetime | None = None
    limit: int | None = None
    after: tuple[datetime, str] | None = None
    """Only complaints after this (received_at, reference), the list's order: a page's keyset."""


def add(conn: Connection, complaint: Complaint) -> None:
    """Insert a new complaint and its links."""
    c = complaint
    conn.execute(
        complaints.insert().values(
            id=c.id,
            reference=c.reference,
            party_id=c.party_id,
            agreement_id=c.agreement_id,
            allegation=c.allegation,
            confidential=c.confidential,
            occurred_start=c.occurred.start,
            occurred_end=c.occurred.end,
            latitude=c.place.latitude,
            longitude=c.place.longitude,
            place_name=c.place.name,
            zone_ids=list(c.zone_ids),
            received_at=c.received_at,
            acknowledge_by=c.acknowledge_by,
            finding_by=c.finding_by,
            filed_by=c.filed_by,
            **_status_values(c),
        )
    )
    if c.links:
        conn.execute(
            complaint_links.insert(),
            [{"complaint_id": c.id, "kind": k.value, "target_id": t} for k, t in c.links],
        )


def update_status(conn: Connection, complaint: Complaint) -> None:
    """Store a complaint's status, step times and finding (its text is never rewritten)."""
    conn.execute(
        complaints.update()
        .where(complaints.c.id == complaint.id)
        .values(**_status_values(complaint))
    )


def next_number(conn: Connection, party_id: str, year: int) -> int:
    """The next running number of the party's complaints received in `year`."""
    prefix = f"{party_id}-{year}-"
    refs = conn.execute(
        select(complaints.c.reference).where(
            complaints.c.reference.startswith(prefix, autoescape=True)
        )
    ).scalars()
    numbers = [int(tail) for r in refs if (tail := r[len(prefix) :]).isdigit()]
    return max(numbers, default=0) + 1


def get(conn: Connection, key: str, viewer: Viewer, *, for_update: bool = False) -> Complaint:
    """The complaint with this id or reference, as `viewer` may read it, or NotFoundError
    (also when the complaint exists but the viewer may not read it)."""
    query = _select(viewer).where(or_(complaints.c.id == key, complaints.c.reference == key))
    row = conn.execute(query.with_for_update() if for_update else query).first()
    if row is None:
        raise NotFoundError("complaint", key)
    return _complaint(row._mapping, _links(conn, [row.id]).get(row.id, ()))


def readable_ids(conn: Connection, viewer: Viewer, ids: Sequence[str]) -> set[str]:
    """Those of `ids` naming complaints `viewer` may read (one query)."""
    query = select(complaints.c.id).where(
        complaints.c.id.in_(ids), party_scope(viewer, complaints.c.party_id)
    )
    return set(conn.execute(query).scalars())


def list_complaints(conn: Connection, viewer: Viewer, flt: ComplaintFilter) -> list[Complaint]:
    """The complaints `viewer` may read that match the filter, oldest first."""
    query = _select(viewer).order_by(complaints.c.received_at, complaints.c.reference)
    if flt.status is not None:
        query = query.where(complaints.c.status == flt.status.value)
    if flt.party_id is not None:
        query = query.where(complaints.c.party_id == flt.party_id)
    if flt.agreement_id is not None:
        query = query.where(complaints.c.agreement_id == flt.agreement_id)
    if flt.overdue_at is not None:
        query = query.where(_overdue(flt.overdue_at))
    if flt.after is not None:
        keyset = tuple_(complaints.c.received_at, complaints.c.reference)
        query = query.where(keyset > tuple(flt.after))
    if flt.limit is not None:
        query = query.limit(flt.limit)
    rows = conn.execute(query).all()
    links = _links(conn, [r.id for r in rows])
    return [_complaint(r._mapping, links.get(r.id, ())) for r in rows]


def add_evidence(conn: Connection, evidence: Evidence) -> None:
    """Insert an evidence item."""
    e = evidence
    conn.execute(
        complaint_evidence.insert().values(
            id=e.id,
            complaint_id=e.complaint_id,
            description=e.description,
            file_name=e.file_name,
            sha256=e.sha256,
            added_by=e.added_by,
            added_at=e.added_at,
        )
    )


def evidence_of(conn: Connection, complaint_id: str, viewer: Viewer) -> list[Evidence]:
    """The complaint's evidence as `viewer` may read it (none for another party's complaint;
    withheld content for an analyst reading a confidential complaint), oldest first."""
    ev = complaint_evidence.c
    shown: list[Any] = [ev.description, ev.file_name, ev.sha256]
    if withholds_confidential(viewer):
        shown = [case((complaints.c.confidential, null()), else_=c).label(c.name) for c in shown]
    query = (
        select(ev.id, ev.complaint_id, *shown, ev.added_by, ev.added_at)
        .join(complaints, complaints.c.id == ev.complaint_id)
        .where(ev.complaint_id == complaint_id, party_scope(viewer, complaints.c.party_id))
        .order_by(ev.added_at, ev.id)
    )
    return [Evidence(**r._mapping) for r in conn.execute(query)]


def add_summary(conn: Connection, summary: ComplaintSummary) -> None:
    """Insert a summary sent to one party."""
    s = summary
    conn.execute(
        complaint_summaries.insert().values(
            id=s.id,
            complaint_id=s.complaint_id,
            party_id=s.party_id,
            finding_id=s.finding_id,
            text=s.text,
            rules=list(s.rules),
            redactions=dict(s.redactions),
            sent_by=s.sent_by,
            sent_at=s.sent_at,
        )
    )


def summaries_of(
    conn: Connection, viewer: Viewer, complaint_id: str | None = None
) -> list[ComplaintSummary]:
    """Summaries `viewer` may read (a liaison: those sent to its party), oldest first."""
    sm = complaint_summaries.c
    query = select(complaint_summaries).where(party_scope(viewer, sm.party_id))
    if complaint_id is not None:
        query = query.where(sm.complaint_id == complaint_id)
    rows = conn.execute(query.order_by(sm.sent_at, sm.party_id, sm.id))
    return [
        ComplaintSummary(
            id=r.id,
            complaint_id=r.complaint_id,
            party_id=r.party_id,
            finding_id=r.finding_id,
            text=r.text,
            rules=tuple(r.rules),
            # JSONB keeps no key order: give the counts in the order of the rules.
            redactions={rule: r.redactions.get(rule, 0) for rule in r.rules},
            sent_by=r.sent_by,
            sent_at=r.sent_at,
        )
        for r in rows
    ]


def _select(viewer: Viewer) -> Any:
    allegation: Any = complaints.c.allegation
    if withholds_confidential(viewer):
        allegation = case((complaints.c.confidential, null()), else_=allegation)
    columns = [c for c in complaints.c if c.name != "allegation"]
    return select(*columns, allegation.label("allegation")).where(
        party_scope(viewer, complaints.c.party_id)
    )


def _overdue(now: datetime) -> ColumnElement[bool]:
    c = complaints.c
    return or_(
        and_(c.status == ComplaintStatus.RECEIVED.value, c.acknowledge_by < now),
        and_(c.status.in_([s.value for s in OPEN_STATUSES]), c.finding_by < now),
    )


def _links(conn: Connection, ids: Sequence[str]) -> dict[str, tuple[tuple[LinkKind, str], ...]]:
    found: dict[str, list[tuple[LinkKind, str]]] = {}
    if not ids:
        return {}
    rows = conn.execute(
        select(complaint_links)
        .where(complaint_links.c.complaint_id.in_(list(ids)))
        .order_by(complaint_links.c.kind, complaint_links.c.target_id)
    )
    for r in rows:
        found.setdefault(r.complaint_id, []).append((LinkKind(r.kind), r.target_id))
    return {k: tuple(v) for k, v in found.items()}


def _status_values(c: Complaint) -> dict[str, Any]:
    return {
        "status": c.status.value,
        "acknowledged_at": c.acknowledged_at,
        "investigation_at": c.investigation_at,
        "finding_issued_at": c.finding_issued_at,
        "closed_at": c.closed_at,
        "finding_id": c.finding_id,
        "updated_at": c.updated_at,
    }


def _complaint(row: Any, links: tuple[tuple[LinkKind, str], ...]) -> Complaint:
    return Complaint(
        id=row["id"],
        reference=row["reference"],
        party_id=row["party_id"],
        agreement_id=row["agreement_id"],
        allegation=row["allegation"],
        confidential=bool(row["confidential"]),
        occurred=TimeSpan(row["occurred_start"], row["occurred_end"]),
        place=Place(row["place_name"], row["latitude"], row["longitude"]),
        zone_ids=tuple(row["zone_ids"]),
        status=ComplaintStatus(row["status"]),
        received_at=row["received_at"],
        acknowledge_by=row["acknowledge_by"],
        finding_by=row["finding_by"],
        filed_by=row["filed_by"],
        updated_at=row["updated_at"],
        acknowledged_at=row["acknowledged_at"],
        investigation_at=row["investigation_at"],
        finding_issued_at=row["finding_issued_at"],
        closed_at=row["closed_at"],
        finding_id=row["finding_id"],
        links=links,
    )
