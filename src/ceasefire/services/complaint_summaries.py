"""The end of a complaint: each party to the agreement receives a summary of the finding,
redacted by rules the analyst previews (every passage removed is shown) before sending."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, select

from ceasefire.domain.access import Role, Viewer
from ceasefire.domain.agreements import PartyRole
from ceasefire.domain.complaints import Complaint, ComplaintStatus, ComplaintSummary
from ceasefire.domain.findings import Finding
from ceasefire.domain.redaction import (
    RULES,
    Redaction,
    RedactionContext,
    Rule,
    parse_rules,
    redact,
)
from ceasefire.domain.sources import Affiliation
from ceasefire.domain.validation import check_non_empty
from ceasefire.errors import ConflictError
from ceasefire.services.clock import utc_now
from ceasefire.services.complaint_checks import agreement_of, audit_complaint, require_staff
from ceasefire.services.database import Database
from ceasefire.storage.repositories import complaints as repo
from ceasefire.storage.repositories import findings as finding_repo
from ceasefire.storage.repositories import signing_keys, sources
from ceasefire.storage.schema import complaint_summaries

__all__ = ["SummaryPreview", "list_summaries", "preview_summary", "send_summary"]

_EVERYTHING = Viewer(Role.ADMIN)


@dataclass(frozen=True, slots=True)
class SummaryPreview:
    """What would be sent: to which parties, by which rules, and every passage removed."""

    complaint: Complaint
    finding: Finding
    parties: tuple[str, ...]
    rules: tuple[Rule, ...]
    redaction: Redaction


def preview_summary(
    *,
    db: Database,
    key: str,
    viewer: Viewer,
    rules: Sequence[str] | None = None,
    personal_names: Sequence[str] = (),
    text: str | None = None,
) -> SummaryPreview:
    """The redacted summary of a complaint's finding, with every hit (staff only).

    The summary is the finding's title and text unless the analyst writes `text`.
    """
    with db.read() as conn:
        return _preview(conn, key, viewer, rules, personal_names, text)


def send_summary(
    *,
    db: Database,
    key: str,
    viewer: Viewer,
    actor: str,
    rules: Sequence[str] | None = None,
    personal_names: Sequence[str] = (),
    text: str | None = None,
    now: datetime | None = None,
) -> list[ComplaintSummary]:
    """Store the redacted summary for each party to the complaint's agreement, once."""
    when = utc_now(now)
    with db.transaction() as conn:
        preview = _preview(conn, key, viewer, rules, personal_names, text, for_update=True)
        complaint = preview.complaint
        already = conn.execute(
            select(complaint_summaries.c.id).where(
                complaint_summaries.c.complaint_id == complaint.id
            )
        ).first()
        if already is not None:
            raise ConflictError(f"the summary of complaint {complaint.reference} was already sent")
        sent = [
            ComplaintSummary(
                id=str(uuid.uuid4()),
                complaint_id=complaint.id,
                party_id=party,
                finding_id=preview.finding.id,
                text=preview.redaction.text,
                rules=preview.redaction.rules,
                redactions=preview.redaction.counts(),
                sent_by=actor,
                sent_at=when,
            )
            for party in preview.parties
        ]
        for summary in sent:
            repo.add_summary(conn, summary)
        audit_complaint(
            conn, actor, "complaint.send_summary", complaint.id, when,
            after={"parties": list(preview.parties), "finding_id": preview.finding.id,
                   "rules": list(preview.redaction.rules),
                   "redactions": preview.redaction.counts(),
                   "summaries": [s.id for s in sent]},
        )  # fmt: skip
    return sent


def list_summaries(
    *, db: Database, viewer: Viewer, complaint: str | None = None
) -> list[ComplaintSummary]:
    """The summaries `viewer` may read (a liaison: those sent to its party), oldest first."""
    with db.read() as conn:
        complaint_id = None if complaint is None else repo.get(conn, complaint, viewer).id
        return repo.summaries_of(conn, viewer, complaint_id)


def _preview(
    conn: Connection,
    key: str,
    viewer: Viewer,
    rules: Sequence[str] | None,
    personal_names: Sequence[str],
    text: str | None,
    *,
    for_update: bool = False,
) -> SummaryPreview:
    complaint = repo.get(conn, key, viewer, for_update=for_update)
    require_staff(viewer, "prepare the summary of a finding")
    chosen = parse_rules(rules)
    if complaint.finding_id is None or complaint.status not in (
        ComplaintStatus.FINDING_ISSUED,
        ComplaintStatus.CLOSED,
    ):
        raise ConflictError(
            f"complaint {complaint.reference} is {complaint.status.value}: its summary is sent"
            " once a finding is issued"
        )
    finding = finding_repo.get(conn, complaint.finding_id)
    body = (
        f"Complaint {complaint.reference}: {finding.title}\n\n{finding.text}"
        if text is None
        else check_non_empty(text, "text")
    )
    context = _context(conn, complaint.id, personal_names)
    parties = agreement_of(conn, complaint.agreement_id).parties_with_role(PartyRole.PARTY)
    return SummaryPreview(
        complaint=complaint,
        finding=finding,
        parties=tuple(parties),
        rules=tuple(RULES[name] for name in chosen),
        redaction=redact(body, chosen, context),
    )


def _context(
    conn: Connection, complaint_id: str, personal_names: Sequence[str]
) -> RedactionContext:
    """The literal terms the rules look for. The complaint's evidence is read in full even by
    an analyst: only passages of the summary text, which the analyst can read, are shown."""
    mission = [s for s in sources.list_all(conn) if s.affiliation is Affiliation.MONITOR]
    evidence = repo.evidence_of(conn, complaint_id, _EVERYTHING)
    return RedactionContext(
        source_names=tuple(t for s in mission for t in (s.name, s.id)),
        monitor_names=tuple(k.holder for k in signing_keys.list_all(conn)),
        evidence_terms=tuple(t for e in evidence for t in (e.file_name, e.sha256) if t),
        personal_names=tuple(n for n in personal_names if n.strip()),
    )
