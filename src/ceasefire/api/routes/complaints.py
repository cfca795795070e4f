"""Complaints and requests for information: a party's liaison files and follows its own
party's complaints and answers the requests addressed to it; mission staff move complaints
through their lifecycle, ask questions and send the redacted summaries. Another party's
complaint or request is not found, exactly like one that does not exist."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response, status

from ceasefire.api.deps import DbDep, Principal, StaffDep, require_role
from ceasefire.api.schemas.common import Page, encode_cursor
from ceasefire.api.schemas.complaints import (
    AnswerIn,
    ComplaintDetail,
    ComplaintIn,
    ComplaintOut,
    ComplaintWithdrawn,
    FindingIssueIn,
    IssuedFindingOut,
    RequestIn,
    RequestOut,
    RequestWithdrawn,
    SummaryIn,
    SummaryOut,
    SummaryPreviewOut,
    WithdrawIn,
)
from ceasefire.api.schemas.findings import time_keyset
from ceasefire.domain.access import Role
from ceasefire.domain.complaints import ComplaintStatus
from ceasefire.domain.information_requests import RequestStatus
from ceasefire.errors import ValidationError
from ceasefire.services import complaint_summaries, complaints, information_requests
from ceasefire.services.clock import utc_now
from ceasefire.services.complaints import ComplaintFilter

__all__ = ["router"]

router = APIRouter(tags=["complaints"])

CaseDep = Annotated[
    Principal,
    require_role(Role.PARTY_LIAISON, Role.ANALYST, Role.HEAD_OF_MISSION, Role.ADMIN),
]
"""Those who work on complaints: the parties' liaisons (their own party's) and staff."""
Limit = Annotated[int, Query(ge=1, le=500, description="Items per page")]
Cursor = Annotated[str | None, Query(max_length=500, description="`next_cursor` of a page")]
Ref = Annotated[str | None, Query(min_length=1, max_length=200)]


@router.get("/complaints", summary="List complaints (a liaison: their own party's)")
async def list_complaints(
    principal: CaseDep,
    db: DbDep,
    status_: Annotated[ComplaintStatus | None, Query(alias="status")] = None,
    party: Ref = None,
    agreement: Ref = None,
    overdue: Annotated[bool, Query(description="Only those with a deadline missed now")] = False,
    limit: Limit = 100,
    cursor: Cursor = None,
) -> Page[ComplaintOut]:
    """Complaints oldest first. A party's liaison receives only their own party's (the
    query filters by party, whatever the filters say); analysts receive a confidential
    complaint's allegation as null (`withheld`)."""
    flt = ComplaintFilter(
        status=status_,
        party_id=party,
        agreement_id=agreement,
        overdue_at=utc_now() if overdue else None,
        limit=limit + 1,
        after=time_keyset(cursor),
    )
    found = complaints.list_complaints(db=db, viewer=principal.viewer, flt=flt)
    page = found[:limit]
    more = len(found) > limit
    next_cursor = encode_cursor(page[-1].received_at, page[-1].reference) if more else None
    return Page(items=[ComplaintOut.of(c) for c in page], next_cursor=next_cursor)


@router.get("/complaints/{key}", summary="One complaint with its evidence, requests and finding")
async def show_complaint(key: str, principal: CaseDep, db: DbDep) -> ComplaintDetail:
    """The complaint by id or reference, with what the caller may read around it."""
    view = complaints.show_complaint(db=db, key=key, viewer=principal.viewer)
    return ComplaintDetail.of_view(view)


@router.post(
    "/complaints",
    status_code=status.HTTP_201_CREATED,
    summary="File a complaint (a liaison for their party; staff on a party's behalf)",
)
def file_complaint(
    body: ComplaintIn, principal: CaseDep, db: DbDep, request: Request, response: Response
) -> ComplaintOut:
    """Store the complaint under a new reference (`AM-2020-001`) with its deadlines from the
    agreement. Give a place name (placed through the gazetteer) or a latitude/longitude."""
    party = body.party or principal.viewer.party_id
    if party is None:
        raise ValidationError("party", None, "name the party the complaint is filed for")
    data = body.to_input(party)
    filed = complaints.file_complaint(
        db=db, data=data, viewer=principal.viewer, actor=principal.actor
    )
    response.headers["Location"] = str(request.url_for("show_complaint", key=filed.reference))
    return ComplaintOut.of(filed)


@router.post("/complaints/{key}/acknowledge", summary="Acknowledge receipt (staff)")
def acknowledge_complaint(key: str, principal: CaseDep, db: DbDep) -> ComplaintOut:
    """received -> acknowledged."""
    return ComplaintOut.of(
        complaints.acknowledge_complaint(
            db=db, key=key, viewer=principal.viewer, actor=principal.actor
        )
    )


@router.post("/complaints/{key}/investigate", summary="Open the investigation (staff)")
def investigate_complaint(key: str, principal: CaseDep, db: DbDep) -> ComplaintOut:
    """acknowledged -> under investigation."""
    return ComplaintOut.of(
        complaints.start_investigation(
            db=db, key=key, viewer=principal.viewer, actor=principal.actor
        )
    )


@router.post("/complaints/{key}/finding", summary="Issue the finding on a complaint (staff)")
def issue_finding(
    key: str, body: FindingIssueIn, principal: CaseDep, db: DbDep
) -> IssuedFindingOut:
    """under investigation -> finding issued, recording which finding answers it; a draft
    finding that names no complaint is linked to this one."""
    issued = complaints.issue_finding(
        db=db, key=key, finding_id=body.finding_id, viewer=principal.viewer, actor=principal.actor
    )
    return IssuedFindingOut.of(issued)


@router.post(
    "/complaints/{key}/close", summary="Close a complaint whose finding was issued (staff)"
)
def close_complaint(key: str, principal: CaseDep, db: DbDep) -> ComplaintOut:
    """finding issued -> closed."""
    return ComplaintOut.of(
        complaints.close_complaint(db=db, key=key, viewer=principal.viewer, actor=principal.actor)
    )


@router.post(
    "/complaints/{key}/withdraw",
    summary="Withdraw a complaint before its finding (the filing party, or staff)",
)
def withdraw_complaint(
    key: str, principal: CaseDep, db: DbDep, body: WithdrawIn | None = None
) -> ComplaintWithdrawn:
    """Ends the case: received, acknowledged or under investigation -> withdrawn."""
    reason = body.reason if body is not None else ""
    withdrawn = complaints.withdraw_complaint(
        db=db, key=key, viewer=principal.viewer, actor=principal.actor, reason=reason
    )
    return ComplaintWithdrawn.withdrawn(withdrawn, reason)


@router.get("/complaints/{key}/summaries", summary="Summaries sent on a complaint")
async def list_summaries(key: str, principal: CaseDep, db: DbDep) -> list[SummaryOut]:
    """The redacted summaries of the complaint's finding as sent; a liaison reads the one
    sent to their own party."""
    found = complaint_summaries.list_summaries(db=db, viewer=principal.viewer, complaint=key)
    return [SummaryOut.of(s) for s in found]


@router.post(
    "/complaints/{key}/summaries/preview",
    summary="Preview the redacted summary of a complaint's finding (staff); writes nothing",
)
def preview_summary(
    key: str, principal: CaseDep, db: DbDep, body: SummaryIn | None = None
) -> SummaryPreviewOut:
    """The summary each party would receive, with every passage the rules remove, so the
    analyst sees exactly what goes out before sending it."""
    chosen = body or SummaryIn()
    preview = complaint_summaries.preview_summary(
        db=db,
        key=key,
        viewer=principal.viewer,
        rules=chosen.rules,
        personal_names=chosen.personal_names,
        text=chosen.text,
    )
    return SummaryPreviewOut.of(preview)


@router.post(
    "/complaints/{key}/summaries",
    status_code=status.HTTP_201_CREATED,
    summary="Send the redacted summary to each party (staff; once)",
)
def send_summary(
    key: str, principal: CaseDep, db: DbDep, body: SummaryIn | None = None
) -> list[SummaryOut]:
    """Store the redacted summary for each party to the complaint's agreement, once a
    finding is issued; sending twice is a conflict."""
    chosen = body or SummaryIn()
    sent = complaint_summaries.send_summary(
        db=db,
        key=key,
        viewer=principal.viewer,
        actor=principal.actor,
        rules=chosen.rules,
        personal_names=chosen.personal_names,
        text=chosen.text,
    )
    return [SummaryOut.of(s) for s in sent]


@router.get(
    "/information-requests", summary="List requests for information (a liaison: to their party)"
)
async def list_requests(
    principal: CaseDep,
    db: DbDep,
    complaint: Ref = None,
    status_: Annotated[RequestStatus | None, Query(alias="status")] = None,
    party: Ref = None,
    limit: Limit = 100,
    cursor: Cursor = None,
) -> Page[RequestOut]:
    """Requests oldest first, filtered by complaint (id or reference), status or party; a
    liaison receives only those addressed to their own party."""
    found = information_requests.list_requests(
        db=db,
        viewer=principal.viewer,
        complaint=complaint,
        status=status_,
        party_id=party,
        after=time_keyset(cursor),
        limit=limit + 1,
    )
    page = found[:limit]
    more = len(found) > limit
    next_cursor = encode_cursor(page[-1].sent_at, page[-1].id) if more else None
    return Page(items=[RequestOut.of(r) for r in page], next_cursor=next_cursor)


@router.get("/information-requests/{request_id}", summary="One request for information")
async def show_request(request_id: str, principal: CaseDep, db: DbDep) -> RequestOut:
    """The request and its answer; one addressed to another party is not found."""
    return RequestOut.of(
        information_requests.show_request(db=db, request_id=request_id, viewer=principal.viewer)
    )


@router.post(
    "/information-requests",
    status_code=status.HTTP_201_CREATED,
    summary="Send a request for information to a party (staff)",
)
def send_request(
    body: RequestIn, principal: StaffDep, db: DbDep, request: Request, response: Response
) -> RequestOut:
    """A question to one party, optionally about a complaint (the party must be a party to
    its agreement) and with an answer-by deadline."""
    sent = information_requests.send_request(
        db=db,
        party_id=body.party,
        question=body.question,
        viewer=principal.viewer,
        actor=principal.actor,
        complaint=body.complaint,
        answer_by=body.answer_by,
    )
    response.headers["Location"] = str(request.url_for("show_request", request_id=sent.id))
    return RequestOut.of(sent)


@router.post(
    "/information-requests/{request_id}/answer",
    summary="Answer a request (the liaison of the party it is addressed to)",
)
def answer_request(request_id: str, body: AnswerIn, principal: CaseDep, db: DbDep) -> RequestOut:
    """Record the party's answer; a request is answered once."""
    return RequestOut.of(
        information_requests.answer_request(
            db=db,
            request_id=request_id,
            answer=body.answer,
            viewer=principal.viewer,
            actor=principal.actor,
        )
    )


@router.post(
    "/information-requests/{request_id}/withdraw",
    summary="Withdraw an unanswered request (staff)",
)
def withdraw_request(
    request_id: str, principal: CaseDep, db: DbDep, body: WithdrawIn | None = None
) -> RequestWithdrawn:
    """sent -> withdrawn."""
    reason = body.reason if body is not None else ""
    withdrawn = information_requests.withdraw_request(
        db=db, request_id=request_id, viewer=principal.viewer, actor=principal.actor, reason=reason
    )
    return RequestWithdrawn.withdrawn(withdrawn, reason)
