"""Complaints: a party files one, the mission acknowledges, investigates, issues a finding and
closes it (or the party withdraws it); evidence is added; every step is one audit entry.

Requests for information are in `ceasefire.services.information_requests`, the redacted
summaries sent to the parties in `ceasefire.services.complaint_summaries`.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime

from sqlalchemy import Connection

from ceasefire.domain.access import Viewer
from ceasefire.domain.complaints import (
    Complaint,
    ComplaintStatus,
    ComplaintSummary,
    Evidence,
    LinkKind,
    Place,
    TimeSpan,
    complaint_reference,
)
from ceasefire.domain.findings import Finding
from ceasefire.domain.information_requests import InformationRequest
from ceasefire.domain.validation import check_non_empty
from ceasefire.errors import AccessDeniedError, ConflictError
from ceasefire.services.clock import utc_now
from ceasefire.services.complaint_checks import (
    audit_complaint,
    check_filing,
    link_finding,
    require_staff,
    resolve_place,
    snapshot,
)
from ceasefire.services.database import Database
from ceasefire.storage.repositories import complaints as repo
from ceasefire.storage.repositories import findings as finding_repo
from ceasefire.storage.repositories import information_requests as request_repo
from ceasefire.storage.repositories.complaints import ComplaintFilter

__all__ = [
    "DEFAULT_AGREEMENT",
    "ComplaintFilter",
    "ComplaintInput",
    "ComplaintView",
    "IssuedFinding",
    "acknowledge_complaint",
    "add_evidence",
    "close_complaint",
    "evidence_target",
    "file_complaint",
    "issue_finding",
    "list_complaints",
    "readable_complaint_ids",
    "record_evidence",
    "show_complaint",
    "start_investigation",
    "withdraw_complaint",
]

#: The agreement complaints are filed under unless another is named.
DEFAULT_AGREEMENT = "trilateral-2020-11-10"


@dataclass(frozen=True, slots=True)
class ComplaintInput:
    """What a party gives when it files a complaint."""

    party_id: str
    allegation: str
    occurred_start: datetime
    occurred_end: datetime | None = None
    agreement_id: str = DEFAULT_AGREEMENT
    place_name: str = ""
    latitude: float | None = None
    longitude: float | None = None
    confidential: bool = False
    report_ids: tuple[str, ...] = field(default_factory=tuple)
    incident_ids: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True)
class ComplaintView:
    """A complaint with what the viewer may read of its evidence, requests, summaries and
    finding (None when there is none or the viewer may not read it)."""

    complaint: Complaint
    evidence: tuple[Evidence, ...]
    requests: tuple[InformationRequest, ...]
    summaries: tuple[ComplaintSummary, ...]
    finding: Finding | None


@dataclass(frozen=True, slots=True)
class IssuedFinding:
    """The complaint after its finding was issued, and whether the finding was linked back
    to the complaint (it is not when it was already signed, which would void signatures)."""

    complaint: Complaint
    finding_linked: bool


def file_complaint(
    *, db: Database, data: ComplaintInput, viewer: Viewer, actor: str, now: datetime | None = None
) -> Complaint:
    """Check and store a party's complaint with its deadlines, under a new reference."""
    when = utc_now(now)
    check_non_empty(data.allegation, "allegation")
    occurred = TimeSpan(data.occurred_start, data.occurred_end).check(when)
    place = resolve_place(Place(data.place_name, data.latitude, data.longitude).check())
    links = tuple((LinkKind.REPORT, r) for r in data.report_ids) + tuple(
        (LinkKind.INCIDENT, i) for i in data.incident_ids
    )
    with db.transaction() as conn:
        filing = check_filing(conn, data, viewer, links, place)
        number = repo.next_number(conn, data.party_id, when.year)
        complaint = Complaint.file(
            complaint_id=str(uuid.uuid4()),
            reference=complaint_reference(data.party_id, when.year, number),
            party_id=data.party_id,
            agreement_id=data.agreement_id,
            allegation=data.allegation,
            occurred=occurred,
            place=place,
            deadlines=filing.deadlines,
            filed_by=actor,
            now=when,
            confidential=data.confidential,
            zone_ids=filing.zone_ids,
            links=links,
        )
        repo.add(conn, complaint)
        audit_complaint(
            conn, actor, "complaint.file", complaint.id, when, after=snapshot(complaint)
        )
    return complaint


def acknowledge_complaint(
    *, db: Database, key: str, viewer: Viewer, actor: str, now: datetime | None = None
) -> Complaint:
    """The mission acknowledges receipt (staff only)."""
    return _advance(db, key, ComplaintStatus.ACKNOWLEDGED, viewer, actor, now, "acknowledge")


def start_investigation(
    *, db: Database, key: str, viewer: Viewer, actor: str, now: datetime | None = None
) -> Complaint:
    """The mission opens its investigation (staff only)."""
    return _advance(db, key, ComplaintStatus.UNDER_INVESTIGATION, viewer, actor, now, "investigate")


def close_complaint(
    *, db: Database, key: str, viewer: Viewer, actor: str, now: datetime | None = None
) -> Complaint:
    """Close a complaint whose finding was issued (staff only)."""
    return _advance(db, key, ComplaintStatus.CLOSED, viewer, actor, now, "close")


def withdraw_complaint(
    *,
    db: Database,
    key: str,
    viewer: Viewer,
    actor: str,
    reason: str = "",
    now: datetime | None = None,
) -> Complaint:
    """The filing party (its liaison) or mission staff withdraw a complaint before its finding."""
    when = utc_now(now)
    with db.transaction() as conn:
        before = repo.get(conn, key, viewer, for_update=True)
        if not (viewer.is_staff or viewer.speaks_for(before.party_id)):
            raise AccessDeniedError("viewer", viewer.role.value, "cannot withdraw this complaint")
        after = before.advance(ComplaintStatus.WITHDRAWN, at=when)
        repo.update_status(conn, after)
        audit_complaint(
            conn, actor, "complaint.withdraw", after.id, when,
            before={"status": before.status}, after={"status": after.status, "reason": reason},
        )  # fmt: skip
    return after


def issue_finding(
    *,
    db: Database,
    key: str,
    finding_id: str,
    viewer: Viewer,
    actor: str,
    now: datetime | None = None,
) -> IssuedFinding:
    """Record the finding on a complaint under investigation (staff only); a finding that
    names no complaint and is not signed yet is linked back to this one."""
    when = utc_now(now)
    with db.transaction() as conn:
        before = repo.get(conn, key, viewer, for_update=True)
        require_staff(viewer, "issue a finding")
        finding = finding_repo.get(conn, finding_id, for_update=True)
        if finding.complaint_id not in (None, before.id, before.reference):
            raise ConflictError(
                f"finding {finding_id} answers another complaint ({finding.complaint_id})"
            )
        after = before.advance(ComplaintStatus.FINDING_ISSUED, at=when)
        after = replace(after, finding_id=finding_id)
        repo.update_status(conn, after)
        linked = link_finding(conn, finding, after.id, actor, when)
        audit_complaint(
            conn, actor, "complaint.issue_finding", after.id, when,
            before={"status": before.status},
            after={"status": after.status, "finding_id": finding_id, "finding_linked": linked},
        )  # fmt: skip
    return IssuedFinding(after, finding_linked=linked)


def add_evidence(
    *,
    db: Database,
    key: str,
    description: str,
    viewer: Viewer,
    actor: str,
    file_name: str | None = None,
    content: bytes | None = None,
    now: datetime | None = None,
) -> Evidence:
    """Add an evidence item (the filing party's liaison or staff); a file given here is
    recorded as its name and SHA-256 (`ceasefire.services.evidence` stores the bytes)."""
    when = utc_now(now)
    with db.transaction() as conn:
        complaint = evidence_target(conn, key, viewer)
        evidence = Evidence.new(
            evidence_id=str(uuid.uuid4()),
            complaint_id=complaint.id,
            description=description,
            added_by=actor,
            now=when,
            file_name=file_name,
            content=content,
        )
        record_evidence(conn, complaint, evidence, actor)
    return evidence


def evidence_target(
    conn: Connection, key: str, viewer: Viewer, *, for_update: bool = True
) -> Complaint:
    """The complaint `viewer` may add evidence to: its party's liaison or staff, while the
    complaint is open; inside the caller's transaction."""
    complaint = repo.get(conn, key, viewer, for_update=for_update)
    if not (viewer.is_staff or viewer.speaks_for(complaint.party_id)):
        raise AccessDeniedError(
            "viewer", viewer.role.value, "only the filing party or mission staff add evidence"
        )
    if complaint.status in (ComplaintStatus.CLOSED, ComplaintStatus.WITHDRAWN):
        raise ConflictError(
            f"complaint {complaint.reference} is {complaint.status.value}; no more evidence"
        )
    return complaint


def record_evidence(conn: Connection, complaint: Complaint, evidence: Evidence, actor: str) -> None:
    """Store an evidence item of `complaint` with its audit entry, in the caller's transaction."""
    repo.add_evidence(conn, evidence)
    audit_complaint(
        conn, actor, "complaint.add_evidence", complaint.id, evidence.added_at,
        after=snapshot(evidence, confidential=complaint.confidential),
    )  # fmt: skip


def list_complaints(
    *, db: Database, viewer: Viewer, flt: ComplaintFilter | None = None
) -> list[Complaint]:
    """The complaints `viewer` may read that match the filter, oldest first."""
    with db.read() as conn:
        return repo.list_complaints(conn, viewer, flt or ComplaintFilter())


def readable_complaint_ids(
    *, db: Database, viewer: Viewer, complaint_ids: Iterable[str]
) -> frozenset[str]:
    """Which of these complaints `viewer` may open (a request to one party may be about the
    other party's complaint, whose id its liaison must not learn)."""
    wanted = sorted(set(complaint_ids))
    if not wanted:
        return frozenset()
    with db.read() as conn:
        return frozenset(repo.readable_ids(conn, viewer, wanted))


def show_complaint(*, db: Database, key: str, viewer: Viewer) -> ComplaintView:
    """One complaint (by id or reference) with what `viewer` may read around it."""
    with db.read() as conn:
        complaint = repo.get(conn, key, viewer)
        finding = (
            None
            if complaint.finding_id is None
            else finding_repo.find(conn, complaint.finding_id, viewer=viewer)
        )
        return ComplaintView(
            complaint=complaint,
            evidence=tuple(repo.evidence_of(conn, complaint.id, viewer)),
            requests=tuple(request_repo.list_requests(conn, viewer, complaint_id=complaint.id)),
            summaries=tuple(repo.summaries_of(conn, viewer, complaint.id)),
            finding=finding,
        )


def _advance(
    db: Database,
    key: str,
    to: ComplaintStatus,
    viewer: Viewer,
    actor: str,
    now: datetime | None,
    verb: str,
) -> Complaint:
    when = utc_now(now)
    with db.transaction() as conn:
        # Not found before not allowed: a complaint the viewer cannot read stays unseen.
        before = repo.get(conn, key, viewer, for_update=True)
        require_staff(viewer, f"{verb} a complaint")
        after = before.advance(to, at=when)
        repo.update_status(conn, after)
        audit_complaint(
            conn, actor, f"complaint.{verb}", after.id, when,
            before={"status": before.status}, after={"status": after.status},
        )  # fmt: skip
    return after
