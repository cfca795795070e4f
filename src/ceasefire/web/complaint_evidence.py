"""Evidence files from the complaint page: the filing party's liaison and the mission's
staff attach a file to an open complaint through the service of
`POST /api/v1/complaints/{key}/evidence` (type read from the content, the size limit of its
kind, stored once under its SHA-256, audited, listed among the complaint's evidence); the
page lists the files with links to the API's download route, which checks access again.
Another party's complaint is not found (404) before the upload is read."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.datastructures import UploadFile

from ceasefire.api.deps import DbDep, Principal
from ceasefire.api.problems import status_of
from ceasefire.api.routes.complaints import CaseDep
from ceasefire.config import Settings
from ceasefire.domain.evidence import EvidenceEntity, EvidenceLink
from ceasefire.errors import CeasefireError, NotFoundError, ValidationError
from ceasefire.services import complaints, evidence
from ceasefire.services.database import Database
from ceasefire.web.complaint_forms import problem_of, read_description
from ceasefire.web.complaint_pages import render_complaint
from ceasefire.web.csrf import SameOrigin

__all__ = ["router"]

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

ComplaintKey = Annotated[str, Path(max_length=200)]
MAX_FIELDS = 10
FORM = "evidence"
"""The name of the upload form on the complaint page (its message shows beside it)."""


@router.post("/complaints/{key}/evidence")
async def attach_evidence(
    request: Request,
    key: ComplaintKey,
    principal: CaseDep,
    db: DbDep,
    _same_origin: SameOrigin,
) -> Response:
    """Attach the file sent in `file` (with an optional `description`) to the complaint and
    show it again; a refused file (wrong type, too large, the same file twice, a closed
    complaint, markup in the description) shows the page with why, writing nothing."""
    # Not found before the body is read: the other party's liaison learns nothing.
    shown = await run_in_threadpool(
        complaints.show_complaint, db=db, key=key, viewer=principal.viewer
    )
    settings: Settings = request.app.state.settings
    async with request.form(max_files=1, max_fields=MAX_FIELDS) as form:
        upload = form.get("file")
        typed = form.get("description")
        description = typed if isinstance(typed, str) else ""
        try:
            await run_in_threadpool(
                _attach, settings, db, principal, shown.complaint.id, upload, description
            )
        except NotFoundError as exc:
            if exc.kind == "complaint":
                raise
            problem = problem_of(exc, 422, form=FORM, values={"description": description})
            return await run_in_threadpool(
                render_complaint, request, principal, db, key, problem=problem
            )
        except CeasefireError as exc:
            problem = problem_of(
                exc, status_of(exc), form=FORM, values={"description": description}
            )
            return await run_in_threadpool(
                render_complaint, request, principal, db, key, problem=problem
            )
    return RedirectResponse(
        f"/complaints/{shown.complaint.reference}?done=evidence", status_code=303
    )


def _attach(
    settings: Settings,
    db: Database,
    principal: Principal,
    complaint_id: str,
    upload: object,
    description: str,
) -> EvidenceLink:
    """The file attached as `POST /api/v1/complaints/{key}/evidence` would attach it."""
    if not isinstance(upload, UploadFile) or not (upload.filename or "").strip():
        raise ValidationError("file", None, "choose a file to attach")
    return evidence.add_evidence(
        db=db, settings=settings, source=upload.file, entity=EvidenceEntity.COMPLAINT,
        entity_id=complaint_id, viewer=principal.viewer, actor=principal.actor,
        file_name=upload.filename, description=read_description(description),
    )  # fmt: skip
