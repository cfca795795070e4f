"""The complaints pages: a party's liaison files and follows their own party's complaints and
answers the requests for information addressed to them; the mission's staff work the queue
(overdue complaints first) and move each complaint on. Every read and write goes through
the services of `/api/v1/complaints` and `/api/v1/information-requests` as the signed-in
caller, so another party's complaint is not found here either (404)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Annotated

from fastapi import APIRouter, Form, Path, Query, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse

from ceasefire.api.deps import DbDep, Principal, StaffDep
from ceasefire.api.problems import status_of
from ceasefire.api.routes.complaints import CaseDep
from ceasefire.api.schemas.common import encode_cursor
from ceasefire.api.schemas.findings import time_keyset
from ceasefire.domain.access import Viewer
from ceasefire.domain.agreements import Agreement, PartyRole
from ceasefire.domain.complaints import Complaint, ComplaintStatus
from ceasefire.domain.findings import Finding, FindingStatus
from ceasefire.domain.information_requests import RequestStatus
from ceasefire.errors import CeasefireError, NotFoundError
from ceasefire.services import (
    complaint_summaries,
    complaints,
    evidence,
    findings,
    information_requests,
)
from ceasefire.services.agreements import get_agreement, list_agreements
from ceasefire.services.clock import utc_now
from ceasefire.services.complaints import ComplaintFilter
from ceasefire.services.database import Database
from ceasefire.storage.repositories.findings import FindingFilter
from ceasefire.web.complaint_forms import (
    FormProblem,
    QueueQuery,
    complaint_input,
    filing_agreements,
    offset_text,
    problem_of,
    read_answer,
    read_queue,
    read_request,
)
from ceasefire.web.complaint_views import complaint_page, queue_rows, request_rows, summary_rows
from ceasefire.web.csrf import SameOrigin
from ceasefire.web.pages import renderer_of

__all__ = ["DONE", "render_complaint", "router"]

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

ComplaintKey = Annotated[str, Path(max_length=200)]
RequestId = Annotated[str, Path(max_length=200)]
Text = Annotated[str, Form(max_length=40_000)]
Short = Annotated[str, Form(max_length=2_000)]
PAGE_SIZE = 100
OVERDUE_LIMIT = 500
REQUEST_LIMIT = 100
FINDING_CHOICES = 200
SUMMARY_LIMIT = 50
DONE = {
    "filed": "Complaint filed. The mission has been notified; its deadlines are below.",
    "acknowledged": "Complaint acknowledged.",
    "investigating": "Investigation opened.",
    "finding": "Finding issued.",
    "closed": "Complaint closed.",
    "withdrawn": "Complaint withdrawn.",
    "requested": "Request for information sent.",
    "answered": "Answer sent.",
    "evidence": "File attached: it is listed under Evidence with its SHA-256.",
}
_BACK = re.compile(r"/complaints(?:/([A-Za-z0-9][A-Za-z0-9._:\-]{0,199}))?")


@router.get("/complaints")
def complaints_page(request: Request, principal: CaseDep, db: DbDep) -> HTMLResponse:
    """The complaints the caller may read, overdue ones first, and the open requests for
    information (a liaison: addressed to their party, answered from here)."""
    return _queue(request, principal, db, read_queue(request.query_params))


def _queue(
    request: Request,
    principal: Principal,
    db: Database,
    query: QueueQuery,
    *,
    problem: FormProblem | None = None,
    done: str = "",
) -> HTMLResponse:
    now = utc_now()
    viewer = principal.viewer
    after = time_keyset(query.cursor)
    flt = ComplaintFilter(status=query.status, party_id=query.party)
    late: list[Complaint] = []
    if after is None:
        late = complaints.list_complaints(
            db=db, viewer=viewer, flt=replace(flt, overdue_at=now, limit=OVERDUE_LIMIT)
        )
    rest: list[Complaint] = []
    next_page = None
    if not query.overdue_only:
        found = complaints.list_complaints(
            db=db, viewer=viewer, flt=replace(flt, limit=PAGE_SIZE + 1, after=after)
        )
        page = found[:PAGE_SIZE]
        if len(found) > PAGE_SIZE:
            next_page = query.next_page(encode_cursor(page[-1].received_at, page[-1].reference))
        rest = [c for c in page if not c.overdue(now)]
    asked = information_requests.list_requests(
        db=db, viewer=viewer, status=RequestStatus.SENT, limit=REQUEST_LIMIT
    )
    sent = complaint_summaries.list_summaries(db=db, viewer=viewer)[-SUMMARY_LIMIT:]
    mentioned = [*(r.complaint_id for r in asked), *(s.complaint_id for s in sent)]
    readable = complaints.readable_complaint_ids(
        db=db, viewer=viewer, complaint_ids=[i for i in mentioned if i is not None]
    )
    parties = sorted(
        {p for a in filing_agreements(list_agreements(db=db), viewer) for p in _parties(a)}
    )
    return renderer_of(request).page(
        request, principal, "complaints.html", status=problem.status if problem else 200,
        late=queue_rows(late, now), rest=queue_rows(rest, now), next_page=next_page,
        requests=request_rows(asked, viewer, readable), query=query, parties=parties,
        summaries=summary_rows(sent, readable), summary_limit=SUMMARY_LIMIT,
        statuses=list(ComplaintStatus), problem=problem, done=DONE.get(done, ""),
        late_count=len(late), late_capped=len(late) >= OVERDUE_LIMIT,
    )  # fmt: skip


def _parties(agreement: Agreement) -> list[str]:
    return agreement.parties_with_role(PartyRole.PARTY)


@router.get("/complaints/new")
def new_complaint_page(request: Request, principal: CaseDep, db: DbDep) -> HTMLResponse:
    """The form to file a complaint (a liaison: for their own party)."""
    return _filing_form(request, principal, db, values={})


@router.post("/complaints/new")
def file_complaint_form(
    request: Request,
    principal: CaseDep,
    db: DbDep,
    _same_origin: SameOrigin,
    party: Short = "",
    agreement: Short = "",
    allegation: Text = "",
    occurred_start: Short = "",
    occurred_end: Short = "",
    place_name: Short = "",
    latitude: Short = "",
    longitude: Short = "",
    incident_ids: Text = "",
    confidential: Short = "",
) -> Response:
    """File the complaint (the service of `POST /api/v1/complaints`) and show it; a wrong
    field shows the form again, naming it and the value, with nothing stored."""
    values = {
        "party": party, "agreement": agreement, "allegation": allegation,
        "occurred_start": occurred_start, "occurred_end": occurred_end,
        "place_name": place_name, "latitude": latitude, "longitude": longitude,
        "incident_ids": incident_ids, "confidential": confidential,
    }  # fmt: skip
    agreements = filing_agreements(list_agreements(db=db), principal.viewer)
    try:
        data = complaint_input(values, principal.viewer, agreements)
        filed = complaints.file_complaint(
            db=db, data=data, viewer=principal.viewer, actor=principal.actor
        )
    except CeasefireError as exc:
        problem = problem_of(exc, status_of(exc), form="file", values=values)
        return _filing_form(request, principal, db, values=values, problem=problem)
    return RedirectResponse(f"/complaints/{filed.reference}?done=filed", status_code=303)


def _filing_form(
    request: Request,
    principal: Principal,
    db: Database,
    *,
    values: Mapping[str, str],
    problem: FormProblem | None = None,
) -> HTMLResponse:
    agreements = filing_agreements(list_agreements(db=db), principal.viewer)
    parties = sorted({p for a in agreements for p in _parties(a)})
    zones = {a.id: offset_text(a.tz) for a in agreements}
    return renderer_of(request).page(
        request, principal, "complaint_form.html", status=problem.status if problem else 200,
        agreements=agreements, zones=zones, parties=parties, values=values, problem=problem,
        default_agreement=complaints.DEFAULT_AGREEMENT,
    )  # fmt: skip


@router.get("/complaints/{key}")
def complaint_detail(
    request: Request,
    key: ComplaintKey,
    principal: CaseDep,
    db: DbDep,
    done: Annotated[str, Query(max_length=40)] = "",
) -> HTMLResponse:
    """One complaint (by id or reference): its deadlines, lifecycle, evidence, requests for
    information (answered here by the addressed liaison), summaries and finding, and the
    steps its reader may take. Another party's complaint is not found (404)."""
    return render_complaint(request, principal, db, key, done=done)


def render_complaint(
    request: Request,
    principal: Principal,
    db: Database,
    key: str,
    *,
    problem: FormProblem | None = None,
    done: str = "",
) -> HTMLResponse:
    """The page of a complaint (with `problem` shown by the form it concerns); another
    party's complaint is NotFoundError (404)."""
    viewer = principal.viewer
    view = complaints.show_complaint(db=db, key=key, viewer=viewer)
    agreement = get_agreement(db=db, agreement_id=view.complaint.agreement_id)
    choices: list[Finding] = []
    if viewer.is_staff and view.complaint.status is ComplaintStatus.UNDER_INVESTIGATION:
        choices = _finding_choices(db, viewer, view.complaint)
    files = evidence.list_evidence(
        db=db, entity="complaint", entity_id=view.complaint.id, viewer=viewer
    )
    renderer = renderer_of(request)
    page = complaint_page(
        view, viewer, agreement, choices, utc_now(), files=files,
        download_base=f"{renderer.api_prefix}/complaints/{view.complaint.reference}/evidence",
    )  # fmt: skip
    return renderer.page(
        request, principal, "complaint.html", status=problem.status if problem else 200,
        page=page, problem=problem, done=DONE.get(done, ""),
    )  # fmt: skip


def _finding_choices(db: Database, viewer: Viewer, complaint: Complaint) -> list[Finding]:
    """Findings that may answer the complaint: those naming it, and drafts naming none."""
    named = [
        f
        for key in (complaint.id, complaint.reference)
        for f in findings.list_findings(db=db, viewer=viewer, flt=FindingFilter(complaint_id=key))
    ]
    drafts = findings.list_findings(
        db=db, viewer=viewer, flt=FindingFilter(status=FindingStatus.DRAFT, limit=FINDING_CHOICES)
    )
    return named + [f for f in drafts if f.complaint_id is None]


def _act(
    request: Request,
    principal: Principal,
    db: Database,
    key: str,
    act: Callable[[], Complaint],
    *,
    done: str,
    form: str,
    values: Mapping[str, str] | None = None,
) -> Response:
    """Carry out one step on a complaint and show it again; a refused step shows the page
    with why (and the status the API answers). A complaint the caller may not read stays
    not found."""
    try:
        after = act()
    except NotFoundError as exc:
        if exc.kind == "complaint":
            raise
        problem = problem_of(exc, 422, form=form, values=values)
        return render_complaint(request, principal, db, key, problem=problem)
    except CeasefireError as exc:
        problem = problem_of(exc, status_of(exc), form=form, values=values)
        return render_complaint(request, principal, db, key, problem=problem)
    return RedirectResponse(f"/complaints/{after.reference}?done={done}", status_code=303)


StepService = Callable[..., Complaint]
"""A service moving a complaint one step on: `(*, db, key, viewer, actor) -> Complaint`."""


def _add_step(step: str, service: StepService, done: str, summary: str) -> None:
    """The route `POST /complaints/{key}/<step>`: the button of one lifecycle step."""

    def take_step(
        request: Request,
        key: ComplaintKey,
        principal: CaseDep,
        db: DbDep,
        _same_origin: SameOrigin,
    ) -> Response:
        return _act(
            request, principal, db, key, form=step, done=done,
            act=lambda: service(db=db, key=key, viewer=principal.viewer, actor=principal.actor),
        )  # fmt: skip

    take_step.__doc__ = f"{summary} (staff)."
    router.post(f"/complaints/{{key}}/{step}", name=f"complaint_{step}")(take_step)


for _step in (
    ("acknowledge", complaints.acknowledge_complaint, "acknowledged", "received -> acknowledged"),
    ("investigate", complaints.start_investigation, "investigating", "-> under investigation"),
    ("close", complaints.close_complaint, "closed", "finding issued -> closed"),
):
    _add_step(*_step)


@router.post("/complaints/{key}/finding")
def issue_finding(
    request: Request,
    key: ComplaintKey,
    principal: CaseDep,
    db: DbDep,
    _same_origin: SameOrigin,
    finding_id: Short = "",
) -> Response:
    """under investigation -> finding issued, with the finding chosen (staff)."""
    return _act(
        request, principal, db, key, form="finding", done="finding",
        values={"finding_id": finding_id},
        act=lambda: complaints.issue_finding(
            db=db, key=key, finding_id=finding_id.strip(), viewer=principal.viewer,
            actor=principal.actor,
        ).complaint,
    )  # fmt: skip


@router.post("/complaints/{key}/close")
def close(
    request: Request, key: ComplaintKey, principal: CaseDep, db: DbDep, _same_origin: SameOrigin
) -> Response:
    """finding issued -> closed (staff)."""
    return _act(
        request, principal, db, key, form="close", done="closed",
        act=lambda: complaints.close_complaint(
            db=db, key=key, viewer=principal.viewer, actor=principal.actor
        ),
    )  # fmt: skip


@router.post("/complaints/{key}/withdraw")
def withdraw(
    request: Request,
    key: ComplaintKey,
    principal: CaseDep,
    db: DbDep,
    _same_origin: SameOrigin,
    reason: Text = "",
) -> Response:
    """Withdraw the complaint before its finding (the filing party's liaison, or staff)."""
    return _act(
        request, principal, db, key, form="withdraw", done="withdrawn",
        values={"reason": reason},
        act=lambda: complaints.withdraw_complaint(
            db=db, key=key, viewer=principal.viewer, actor=principal.actor, reason=reason.strip()
        ),
    )  # fmt: skip


@router.post("/complaints/{key}/requests")
def send_request(
    request: Request,
    key: ComplaintKey,
    principal: StaffDep,
    db: DbDep,
    _same_origin: SameOrigin,
    party: Short = "",
    question: Text = "",
    answer_by: Short = "",
) -> Response:
    """Ask a party to the complaint's agreement a question about it (staff, as for
    `POST /api/v1/information-requests`), with an answer-by time in the agreement's local
    time."""
    values = {"party": party, "question": question, "answer_by": answer_by}
    view = complaints.show_complaint(db=db, key=key, viewer=principal.viewer)
    tz = get_agreement(db=db, agreement_id=view.complaint.agreement_id).tz

    def act() -> Complaint:
        body = read_request(values, view.complaint.id, tz)
        information_requests.send_request(
            db=db, party_id=body.party, question=body.question, viewer=principal.viewer,
            actor=principal.actor, complaint=body.complaint, answer_by=body.answer_by,
        )  # fmt: skip
        return view.complaint

    return _act(request, principal, db, key, act, form="request", done="requested", values=values)


@router.post("/complaints/requests/{request_id}/answer")
def answer_request(
    request: Request,
    request_id: RequestId,
    principal: CaseDep,
    db: DbDep,
    _same_origin: SameOrigin,
    answer: Text = "",
    back: Short = "",
) -> Response:
    """Answer a request for information addressed to the caller's party (its liaison), then
    show the page it was answered from."""
    match = _BACK.fullmatch(back.strip())
    key = match.group(1) if match else None
    # Not found before anything else: another party's request stays unseen.
    information_requests.show_request(db=db, request_id=request_id, viewer=principal.viewer)
    try:
        information_requests.answer_request(
            db=db, request_id=request_id, answer=read_answer(answer), viewer=principal.viewer,
            actor=principal.actor,
        )  # fmt: skip
    except NotFoundError:
        raise
    except CeasefireError as exc:
        problem = problem_of(
            exc, status_of(exc), form=f"answer:{request_id}", values={"answer": answer}
        )
        if key is not None:
            return render_complaint(request, principal, db, key, problem=problem)
        return _queue(request, principal, db, QueueQuery(), problem=problem)
    target = f"/complaints/{key}" if key is not None else "/complaints"
    return RedirectResponse(f"{target}?done=answered", status_code=303)
