"""The findings pages: the list (status, version, incident, sign-offs made and what the
quorum still lacks) and one finding in full, with the staff's edit, the sign-off by a
signature made on the signer's own machine, and publication. The same services, roles and
rules as `/api/v1/findings`: the public and the parties' liaisons read published findings
only, staff edit, monitors (with their own nation's keys) and the head of mission sign
off, the head of mission and admins publish. The server never sees a private key: the page
offers the exact bytes to sign, and the form takes the key id and the signature."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Annotated

from fastapi import APIRouter, Form, Path, Query, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse

from ceasefire.api.deps import DbDep, Principal, PrincipalDep, StaffDep
from ceasefire.api.problems import status_of
from ceasefire.api.routes.findings import PublisherDep, SignerDep
from ceasefire.api.schemas.common import encode_cursor
from ceasefire.api.schemas.findings import FindingEdit, SignOffIn, time_keyset
from ceasefire.domain.access import Role
from ceasefire.domain.findings import Finding, FindingStatus
from ceasefire.domain.validation import parse_enum
from ceasefire.errors import AccessDeniedError, CeasefireError, NotFoundError, ValidationError
from ceasefire.services import audit, complaints, findings
from ceasefire.services.audit import AuditFilter
from ceasefire.services.database import Database
from ceasefire.services.findings import FindingFilter
from ceasefire.storage.repositories.findings import published_only
from ceasefire.web.complaint_forms import FormProblem, problem_of
from ceasefire.web.csrf import SameOrigin
from ceasefire.web.finding_views import (
    content_file_name,
    finding_row,
    quorum_text,
    shortfall_text,
    signing_commands,
    signoff_lines,
    version_lines,
)
from ceasefire.web.incident_actions import checked
from ceasefire.web.pages import renderer_of

__all__ = ["DONE", "router"]

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

FindingId = Annotated[str, Path(max_length=200)]
Text = Annotated[str, Form(max_length=40_000)]
Short = Annotated[str, Form(max_length=2_000)]
PAGE_SIZE = 100
HISTORY_LIMIT = 200
DONE = {
    "edited": "Saved as a new version: the finding is a draft again, and every sign-off so"
    " far is voided (kept on record below). It needs to be signed off again.",
    "unchanged": "Nothing changed: the title and the text are as they were.",
    "signed": "Sign-off recorded: the signature verifies against the key's public key.",
    "published": "Finding published: the public and the parties' liaisons can read it now.",
}
"""The message the finding's page shows after an action (`?done=`)."""
SIGNERS = frozenset({Role.MONITOR, Role.HEAD_OF_MISSION})
PUBLISHERS = frozenset({Role.HEAD_OF_MISSION, Role.ADMIN})
_CASES = frozenset({Role.PARTY_LIAISON, Role.ANALYST, Role.HEAD_OF_MISSION, Role.ADMIN})
"""Who opens complaints' pages (`/complaints/{reference}`)."""


@router.get("/findings")
def findings_page(request: Request, principal: PrincipalDep, db: DbDep) -> HTMLResponse:
    """The findings the caller may read, oldest first, 100 to a page, filtered by status
    (the public and liaisons: published ones only, as `GET /api/v1/findings`)."""
    params = request.query_params
    status_text = params.get("status", "").strip()
    status = parse_enum(FindingStatus, status_text, "status") if status_text else None
    cursor = params.get("cursor", "").strip() or None
    if cursor is not None and len(cursor) > 500:
        raise ValidationError("cursor", f"{len(cursor)} characters", "is not a cursor of this list")
    flt = FindingFilter(status=status, limit=PAGE_SIZE + 1, after=time_keyset(cursor))
    views = findings.list_finding_views(db=db, flt=flt, viewer=principal.viewer)
    page = views[:PAGE_SIZE]
    next_cursor = None
    if len(views) > PAGE_SIZE:
        last = page[-1].finding
        next_cursor = encode_cursor(last.created_at, last.id)
    return renderer_of(request).page(
        request, principal, "findings.html",
        rows=[finding_row(v) for v in page], statuses=list(FindingStatus), chosen=status,
        next_cursor=next_cursor, published_only=published_only(principal.viewer),
        quorum=quorum_text(page[0].quorum) if page else "",
    )  # fmt: skip


@router.get("/findings/{finding_id}")
def finding_page(
    request: Request,
    finding_id: FindingId,
    principal: PrincipalDep,
    db: DbDep,
    done: Annotated[str, Query(max_length=20)] = "",
) -> HTMLResponse:
    """One finding in full: its text, what it is about, the content a sign-off signs, every
    sign-off and the quorum, its history (for readers of the audit log) and the actions the
    caller may take. A finding the caller may not read is 404, as in the API."""
    return render_finding(request, principal, db, finding_id, done=DONE.get(done, ""))


@router.get("/findings/{finding_id}/content")
def content_file(
    request: Request, finding_id: FindingId, principal: PrincipalDep, db: DbDep
) -> Response:
    """The exact bytes a sign-off of the finding's current version signs (the same as the
    decoded `content_base64` of `GET /api/v1/findings/{id}/content`), as a file to sign on
    the signer's own machine."""
    content = findings.finding_content(db=db, finding_id=finding_id, viewer=principal.viewer)
    name = content_file_name(content.finding)
    headers = {
        **renderer_of(request).security_headers,
        "Content-Disposition": f'attachment; filename="{name}"',
    }
    return Response(content.content, media_type="application/json", headers=headers)


def render_finding(
    request: Request,
    principal: Principal,
    db: Database,
    finding_id: str,
    *,
    status: int = 200,
    problem: FormProblem | None = None,
    done: str = "",
) -> HTMLResponse:
    """The finding's page (with `problem` shown by the form it concerns)."""
    viewer = principal.viewer
    view = findings.show_finding(db=db, finding_id=finding_id, viewer=viewer)
    content = findings.finding_content(db=db, finding_id=finding_id, viewer=viewer)
    f = view.finding
    try:
        entries = audit.list_entries(
            db=db, viewer=viewer, limit=HISTORY_LIMIT,
            flt=AuditFilter(entity="finding", entity_id=f.id),
        ).entries  # fmt: skip
        history = version_lines(entries)
    except AccessDeniedError:
        history = None
    open_ = f.status is not FindingStatus.PUBLISHED
    active = sum(1 for s, _key, _problems in view.signoffs if s.active)
    return renderer_of(request).page(
        request, principal, "finding.html", status=status,
        f=f, content=content, content_text=content.content.decode("utf-8"),
        tampered=f.computed_sha256() != f.content_sha256,
        signoffs=signoff_lines(view, show_holders=not published_only(viewer)),
        quorum=quorum_text(view.quorum), shortfall=shortfall_text(view),
        ready=bool(view.quorum) and not view.missing, history=history,
        complaint=_complaint_reference(db, principal, f), active_signoffs=active,
        can_edit=open_ and viewer.is_staff, can_sign=open_ and viewer.role in SIGNERS,
        can_publish=open_ and viewer.role in PUBLISHERS, nation=principal.nation,
        commands=signing_commands(f), file_name=content_file_name(f),
        problem=problem, done=done,
    )  # fmt: skip


def _complaint_reference(db: Database, principal: Principal, f: Finding) -> str | None:
    """The reference of the complaint the finding answers, when the caller may open it
    (staff; a liaison, their own party's): another party's complaint is not named."""
    if f.complaint_id is None or principal.viewer.role not in _CASES:
        return None
    try:
        shown = complaints.show_complaint(db=db, key=f.complaint_id, viewer=principal.viewer)
    except (NotFoundError, AccessDeniedError):
        return None
    return shown.complaint.reference


def _act(
    request: Request,
    principal: Principal,
    db: Database,
    finding_id: str,
    form: str,
    values: dict[str, str],
    action: Callable[[], str],
) -> Response:
    """Carry out `action` (which answers where to go next) or show the page again with
    why it was refused, by the form `form`; a refused action writes nothing (each is one
    transaction of the services)."""
    try:
        where = action()
    except CeasefireError as exc:
        problem = problem_of(exc, status_of(exc), form=form, values=values)
        if isinstance(exc, NotFoundError) and exc.kind == "signing key":
            message = f"key_id: is not a registered signing key (you gave {exc.key!r})"
            problem = replace(problem, message=message, field="key_id")
        return render_finding(
            request, principal, db, finding_id, status=problem.status, problem=problem
        )
    return RedirectResponse(where, 303)


@router.post("/findings/{finding_id}/edit")
def edit_page(
    request: Request,
    finding_id: FindingId,
    principal: StaffDep,
    db: DbDep,
    _same_origin: SameOrigin,
    title: Text = "",
    text: Text = "",
) -> Response:
    """Edit the title and text (`PATCH /api/v1/findings/{id}`): a change makes a new
    version, back to draft, every sign-off so far voided."""

    def edit() -> str:
        body = checked(FindingEdit, {"title": title, "text": text})
        edited = findings.edit_finding(
            db=db, finding_id=finding_id, actor=principal.actor, title=body.title,
            text=body.text,
        )  # fmt: skip
        return f"/findings/{finding_id}?done={'edited' if edited.changed else 'unchanged'}"

    return _act(request, principal, db, finding_id, "edit", {"title": title, "text": text}, edit)


@router.post("/findings/{finding_id}/signoffs")
def signoff_page(
    request: Request,
    finding_id: FindingId,
    principal: SignerDep,
    db: DbDep,
    _same_origin: SameOrigin,
    key_id: Short = "",
    signature: Short = "",
    content_sha256: Short = "",
) -> Response:
    """Record a signature made on the signer's own machine over the content the page
    showed (`POST /api/v1/findings/{id}/signoffs`): verified against the key's public key;
    a finding edited since the page was loaded is a conflict (409), not a bad signature."""
    pasted = "".join(signature.split())

    def sign() -> str:
        for name, value in (("key_id", key_id.strip()), ("signature", pasted)):
            if not value:
                raise ValidationError(name, value, "is required")
        body = checked(
            SignOffIn,
            {
                "key_id": key_id.strip(),
                "signature": pasted,
                "content_sha256": content_sha256.strip() or None,
            },
        )
        findings.record_signoff(
            db=db, finding_id=finding_id, key_id=body.key_id, signature=body.signature,
            actor=principal.actor, viewer=principal.viewer, nation=principal.nation,
            content_sha256=body.content_sha256,
        )  # fmt: skip
        return f"/findings/{finding_id}?done=signed"

    values = {"key_id": key_id, "signature": signature}
    return _act(request, principal, db, finding_id, "signoff", values, sign)


@router.post("/findings/{finding_id}/publish")
def publish_page(
    request: Request,
    finding_id: FindingId,
    principal: PublisherDep,
    db: DbDep,
    _same_origin: SameOrigin,
) -> Response:
    """Publish the finding (`POST /api/v1/findings/{id}/publish`): only once its valid,
    current sign-offs meet the quorum (409 otherwise)."""

    def publish() -> str:
        findings.publish_finding(db=db, finding_id=finding_id, actor=principal.actor)
        return f"/findings/{finding_id}?done=published"

    return _act(request, principal, db, finding_id, "publish", {}, publish)
