"""Requests for information: the mission asks one party, that party's liaison answers; each
step is an audit entry."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Connection

from ceasefire.domain.access import Viewer
from ceasefire.domain.agreements import PartyRole
from ceasefire.domain.information_requests import InformationRequest, RequestStatus
from ceasefire.errors import AccessDeniedError, ValidationError
from ceasefire.services.clock import utc_now
from ceasefire.services.complaint_checks import (
    agreement_of,
    check_party,
    require_staff,
    viewer_text,
)
from ceasefire.services.database import Database
from ceasefire.storage.repositories import audit
from ceasefire.storage.repositories import complaints as complaint_repo
from ceasefire.storage.repositories import information_requests as repo

__all__ = [
    "answer_request",
    "list_requests",
    "send_request",
    "show_request",
    "withdraw_request",
]


def send_request(
    *,
    db: Database,
    party_id: str,
    question: str,
    viewer: Viewer,
    actor: str,
    complaint: str | None = None,
    answer_by: datetime | None = None,
    now: datetime | None = None,
) -> InformationRequest:
    """Send a question to one party (staff only), optionally about a complaint (id or
    reference), in which case the party must be a party to the complaint's agreement."""
    when = utc_now(now)
    with db.transaction() as conn:
        require_staff(viewer, "send a request for information")
        check_party(conn, party_id)
        complaint_id = None
        if complaint is not None:
            found = complaint_repo.get(conn, complaint, viewer)
            parties = agreement_of(conn, found.agreement_id).parties_with_role(PartyRole.PARTY)
            if party_id not in parties:
                raise ValidationError(
                    "party",
                    party_id,
                    f"is not a party to {found.agreement_id}, the agreement of complaint"
                    f" {found.reference} (its parties: {', '.join(parties)})",
                )
            complaint_id = found.id
        request = InformationRequest.send(
            request_id=str(uuid.uuid4()),
            party_id=party_id,
            question=question,
            sent_by=actor,
            now=when,
            complaint_id=complaint_id,
            answer_by=answer_by,
        )
        repo.add(conn, request)
        _audit(conn, actor, "information_request.send", request.id, when, after=request)
    return request


def answer_request(
    *,
    db: Database,
    request_id: str,
    answer: str,
    viewer: Viewer,
    actor: str,
    now: datetime | None = None,
) -> InformationRequest:
    """Record the answer of the addressed party; only that party's liaison answers."""
    when = utc_now(now)
    with db.transaction() as conn:
        before = repo.get(conn, request_id, viewer, for_update=True)
        if not viewer.speaks_for(before.party_id):
            raise AccessDeniedError(
                "viewer",
                viewer_text(viewer),
                f"only the liaison of {before.party_id} answers this request"
                f" (--as liaison:{before.party_id})",
            )
        after = before.answered(answer=answer, by=actor, at=when)
        repo.update(conn, after)
        _audit(
            conn, actor, "information_request.answer", request_id, when,
            before={"status": before.status}, after=after,
        )  # fmt: skip
    return after


def withdraw_request(
    *,
    db: Database,
    request_id: str,
    viewer: Viewer,
    actor: str,
    reason: str = "",
    now: datetime | None = None,
) -> InformationRequest:
    """Withdraw an unanswered request (staff only)."""
    when = utc_now(now)
    with db.transaction() as conn:
        before = repo.get(conn, request_id, viewer, for_update=True)
        require_staff(viewer, "withdraw a request for information")
        after = before.withdrawn()
        repo.update(conn, after)
        _audit(
            conn, actor, "information_request.withdraw", request_id, when,
            before={"status": before.status}, after={"status": after.status, "reason": reason},
        )  # fmt: skip
    return after


def list_requests(
    *,
    db: Database,
    viewer: Viewer,
    complaint: str | None = None,
    status: RequestStatus | None = None,
    party_id: str | None = None,
    after: tuple[datetime, str] | None = None,
    limit: int | None = None,
) -> list[InformationRequest]:
    """The requests `viewer` may read (a liaison: those to its party), oldest first; `after`
    is the (sent_at, id) of the last request of the previous page."""
    with db.read() as conn:
        complaint_id = None
        if complaint is not None:
            complaint_id = complaint_repo.get(conn, complaint, viewer).id
        return repo.list_requests(
            conn, viewer, complaint_id=complaint_id, status=status, party_id=party_id,
            after=after, limit=limit,
        )  # fmt: skip


def show_request(*, db: Database, request_id: str, viewer: Viewer) -> InformationRequest:
    """One request `viewer` may read (another party's is not found, like a missing one)."""
    with db.read() as conn:
        return repo.get(conn, request_id, viewer)


def _audit(
    conn: Connection,
    actor: str,
    action: str,
    request_id: str,
    when: datetime,
    *,
    before: object = None,
    after: object = None,
) -> None:
    audit.append(
        conn, actor=actor, action=action, entity="information_request", entity_id=request_id,
        before=before, after=after, at=when,
    )  # fmt: skip
