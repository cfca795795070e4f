"""Findings: list and read (the public and liaisons: published ones only), draft and edit
(staff), sign off with a signature made on the monitor's own machine, and publish."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response, status

from ceasefire.api.deps import DbDep, Principal, PrincipalDep, StaffDep, require_role
from ceasefire.api.schemas.common import Page, encode_cursor
from ceasefire.api.schemas.findings import (
    FindingContentOut,
    FindingDetail,
    FindingEdit,
    FindingEdited,
    FindingIn,
    FindingOut,
    SignOffIn,
    SignOffResult,
    time_keyset,
)
from ceasefire.domain.access import Role
from ceasefire.domain.findings import FindingStatus
from ceasefire.services import findings as service
from ceasefire.services.findings import FindingFilter
from ceasefire.storage.repositories.findings import published_only

__all__ = ["router"]

router = APIRouter(tags=["findings"])

SignerDep = Annotated[Principal, require_role(Role.MONITOR, Role.HEAD_OF_MISSION)]
PublisherDep = Annotated[Principal, require_role(Role.HEAD_OF_MISSION, Role.ADMIN)]
Limit = Annotated[int, Query(ge=1, le=500, description="Findings per page")]
Cursor = Annotated[str | None, Query(max_length=500, description="`next_cursor` of a page")]
RefFilter = Annotated[str | None, Query(min_length=1, max_length=200)]


@router.get("/findings", summary="List findings (published ones for liaisons and the public)")
async def list_findings(
    principal: PrincipalDep,
    db: DbDep,
    status_: Annotated[FindingStatus | None, Query(alias="status")] = None,
    incident: RefFilter = None,
    complaint: RefFilter = None,
    limit: Limit = 100,
    cursor: Cursor = None,
) -> Page[FindingOut]:
    """Findings oldest first, filtered by status, incident id or complaint id. Party liaisons
    and the public read published findings only (the query decides); mission staff and
    monitors read drafts too."""
    flt = FindingFilter(
        status=status_,
        incident_id=incident,
        complaint_id=complaint,
        limit=limit + 1,
        after=time_keyset(cursor),
    )
    found = service.list_findings(db=db, flt=flt, viewer=principal.viewer)
    page = found[:limit]
    more = len(found) > limit
    next_cursor = encode_cursor(page[-1].created_at, page[-1].id) if more else None
    return Page(items=[FindingOut.of(f) for f in page], next_cursor=next_cursor)


@router.get("/findings/{finding_id}", summary="One finding with its sign-offs")
async def show_finding(finding_id: str, principal: PrincipalDep, db: DbDep) -> FindingDetail:
    """The finding, every sign-off (voided ones too) with whether it verifies against the
    signer's registered public key, the quorum and what it still lacks. An unpublished
    finding is not found for liaisons and the public, who also do not see key holders."""
    view = service.show_finding(db=db, finding_id=finding_id, viewer=principal.viewer)
    return FindingDetail.of_view(view, show_holders=not published_only(principal.viewer))


@router.get(
    "/findings/{finding_id}/content",
    summary="The exact bytes a sign-off signs (the finding's canonical content)",
)
async def finding_content(finding_id: str, principal: PrincipalDep, db: DbDep) -> FindingContentOut:
    """The canonical content of the finding's current version (UTF-8 JSON, see
    `ceasefire.domain.signing`), as text, as base64 and its SHA-256. A monitor signs the
    decoded `content_base64` bytes with their Ed25519 private key on their own machine and
    sends the signature to `POST /findings/{id}/signoffs`; the private key never reaches
    the server. Anyone who may read the finding may fetch it and check signatures."""
    content = service.finding_content(db=db, finding_id=finding_id, viewer=principal.viewer)
    return FindingContentOut.of(content)


@router.post(
    "/findings",
    status_code=status.HTTP_201_CREATED,
    summary="Draft a finding (analysts, head of mission, admins)",
)
def draft_finding(
    body: FindingIn, principal: StaffDep, db: DbDep, request: Request, response: Response
) -> FindingOut:
    """A new draft at version 1 on an incident (which must exist), a complaint (id or
    reference) or both."""
    finding = service.draft_finding(
        db=db,
        title=body.title,
        text=body.text,
        actor=principal.actor,
        incident_id=body.incident_id,
        complaint_id=body.complaint,
        viewer=principal.viewer,
    )
    response.headers["Location"] = str(request.url_for("show_finding", finding_id=finding.id))
    return FindingOut.of(finding)


@router.patch("/findings/{finding_id}", summary="Edit a draft or signed-off finding (staff)")
def edit_finding(
    finding_id: str, body: FindingEdit, principal: StaffDep, db: DbDep
) -> FindingEdited:
    """A new title and/or text makes a new version: the finding goes back to draft and
    every sign-off so far is voided (kept on record). A published finding is final (409)."""
    edited = service.edit_finding(
        db=db, finding_id=finding_id, actor=principal.actor, title=body.title, text=body.text
    )
    return FindingEdited.of(edited)


@router.post(
    "/findings/{finding_id}/signoffs",
    status_code=status.HTTP_201_CREATED,
    summary="Sign off a finding (monitors for their nation, head of mission)",
)
def sign_off(finding_id: str, body: SignOffIn, principal: SignerDep, db: DbDep) -> SignOffResult:
    """Record an Ed25519 signature over the bytes of `GET /findings/{id}/content`, made with
    a registered key. The server verifies it against the key's public key (422 naming
    `signature` if it does not verify) and never sees a private key. A monitor signs with a
    key of their own monitoring nation; the head of mission with any. The finding is signed
    off once every nation's quorum is met."""
    signed = service.record_signoff(
        db=db,
        finding_id=finding_id,
        key_id=body.key_id,
        signature=body.signature,
        actor=principal.actor,
        viewer=principal.viewer,
        nation=principal.nation,
        content_sha256=body.content_sha256,
    )
    return SignOffResult.of(signed)


@router.post(
    "/findings/{finding_id}/publish",
    summary="Publish a signed-off finding (head of mission, admins)",
)
def publish_finding(finding_id: str, principal: PublisherDep, db: DbDep) -> FindingOut:
    """Publish a finding whose valid, current sign-offs meet the quorum (409 otherwise).
    Published findings, and the incidents they are about, become public."""
    return FindingOut.of(
        service.publish_finding(db=db, finding_id=finding_id, actor=principal.actor)
    )
