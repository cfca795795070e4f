"""Filing a report from the dashboard: the form (a map to click the place, time with its
precision, counts, casualties, evidence files), filed through the same services as
`POST /api/v1/reports` and `POST /api/v1/reports/{id}/evidence`, and the page confirming
it. The roles the API lets file reports use it; a form sent twice files once
(`web.filing_form`)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Path, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.datastructures import UploadFile

from ceasefire.api.deps import DbDep, Principal
from ceasefire.api.problems import status_of
from ceasefire.api.routes.reports import FilerDep, file_as
from ceasefire.api.schemas.reports import ReportOut
from ceasefire.config import Settings
from ceasefire.domain.event_types import EVENT_TYPES
from ceasefire.domain.evidence import SIZE_LIMITS, EvidenceEntity
from ceasefire.errors import CeasefireError, ConflictError, ValidationError
from ceasefire.services import evidence, report_queries
from ceasefire.services.agreements import list_parties
from ceasefire.services.database import Database
from ceasefire.services.sources import list_sources
from ceasefire.web.csrf import SameOrigin
from ceasefire.web.filing_form import (
    ACTOR_SIDES,
    BOUNDS,
    COUNTS,
    UTC_OFFSETS,
    FormChoices,
    draft_of,
    new_draft,
    read_report_form,
)
from ceasefire.web.pages import renderer_of
from ceasefire.web.views import CASUALTY_LABELS

__all__ = ["router"]

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

MAX_FILES = 20
MAX_FIELDS = 200
ReportId = Annotated[str, Path(max_length=200)]


@router.get("/reports/new")
def report_form(request: Request, principal: FilerDep, db: DbDep) -> HTMLResponse:
    """An empty report form with a new draft id (the script restores a draft kept in the
    browser, with its id, over it)."""
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M")
    values = {"draft": new_draft(), "occurred_start": now, "utc_offset": "+00:00"}
    return _form(request, principal, db, values=values, weapons=[])


@router.post("/reports/new")
async def file_from_form(
    request: Request, principal: FilerDep, db: DbDep, _same_origin: SameOrigin
) -> Response:
    """File the report (once per draft), then attach its files, then show it. A wrong field
    or file shows the form again naming it, with nothing written: the files are checked
    (type from the content, size limit) before the report is filed."""
    settings: Settings = request.app.state.settings
    async with request.form(max_files=MAX_FILES, max_fields=MAX_FIELDS) as form:
        values = {k: v for k, v in form.multi_items() if isinstance(v, str) and k != "weapons"}
        weapons = [v for v in form.getlist("weapons") if isinstance(v, str)]
        files = [f for f in form.getlist("evidence") if isinstance(f, UploadFile) and f.filename]
        try:
            body = read_report_form(values, weapons)
            await run_in_threadpool(_check_files, settings, files)
            filed = await file_as(request, db, principal, body)
        except CeasefireError as exc:
            return await run_in_threadpool(
                _form, request, principal, db, values=values, weapons=weapons,
                status=status_of(exc), problem=_problem(exc), files_lost=bool(files),
            )  # fmt: skip
        attached, failed = await run_in_threadpool(
            _attach, settings, db, principal, filed.report.id, files
        )
    if failed:
        return await run_in_threadpool(
            _filed, request, principal, db, filed.report.id, duplicate=filed.duplicate,
            attached=attached, failed=failed, status=201,
        )  # fmt: skip
    query = {"attached": str(attached)} | ({"duplicate": "1"} if filed.duplicate else {})
    return RedirectResponse(f"/reports/{filed.report.id}/filed?{urlencode(query)}", 303)


@router.get("/reports/{report_id}/filed")
def filed_page(
    request: Request,
    report_id: ReportId,
    principal: FilerDep,
    db: DbDep,
    duplicate: bool = False,
    attached: Annotated[int, Query(ge=0, le=MAX_FILES)] = 0,
) -> HTMLResponse:
    """The report as filed, with its files and, once linked, its incident: the page a
    filing leads to. A report the caller may not read is 404, as in the API."""
    return _filed(request, principal, db, report_id, duplicate=duplicate, attached=attached)


def _form(
    request: Request,
    principal: Principal,
    db: Database,
    *,
    values: dict[str, str],
    weapons: list[str],
    status: int = 200,
    problem: ValidationError | None = None,
    files_lost: bool = False,
) -> HTMLResponse:
    renderer = renderer_of(request)
    choices = FormChoices(
        sources=[(s.id, s.name) for s in list_sources(db=db, viewer=principal.viewer)],
        parties=[(p.id, p.name) for p in list_parties(db=db)],
        event_types=EVENT_TYPES,
    )
    return renderer.page(
        request, principal, "report_form.html", status=status,
        values=values, weapons=weapons, choices=choices, problem=problem, files_lost=files_lost,
        counts=COUNTS, bounds=BOUNDS, casualty_rows=CASUALTY_LABELS, actor_sides=ACTOR_SIDES,
        utc_offsets=UTC_OFFSETS, api=renderer.api_prefix, max_files=MAX_FILES,
        largest_file=max(SIZE_LIMITS.values()),
    )  # fmt: skip


def _problem(exc: CeasefireError) -> ValidationError:
    """What the form says about a refusal: the field and the value where there is one."""
    if isinstance(exc, ValidationError):
        return exc
    return ValidationError("form", None, str(exc))


def _check_files(settings: Settings, files: list[UploadFile]) -> None:
    """ValidationError naming `evidence` and the file, for the first file the evidence
    store would refuse."""
    for upload in files:
        try:
            evidence.check_evidence(
                settings=settings, source=upload.file, file_name=upload.filename or ""
            )
        except ValidationError as exc:
            raise ValidationError("evidence", exc.value, exc.message) from None


def _attach(
    settings: Settings, db: Database, principal: Principal, report_id: str, files: list[UploadFile]
) -> tuple[int, list[str]]:
    """Attach the files to the report (as `POST /api/v1/reports/{id}/evidence`): how many
    are attached, and why any could not be. A file attached already (the same draft sent
    again) counts as attached."""
    attached, failed = 0, []
    for upload in files:
        name = upload.filename or ""
        try:
            evidence.add_evidence(
                db=db, settings=settings, source=upload.file, entity=EvidenceEntity.REPORT,
                entity_id=report_id, viewer=principal.viewer, actor=principal.actor,
                file_name=name, own_reports=True,
            )  # fmt: skip
        except ConflictError:
            pass
        except CeasefireError as exc:
            failed.append(f"{name}: {exc}")
            continue
        attached += 1
    return attached, failed


def _filed(
    request: Request,
    principal: Principal,
    db: Database,
    report_id: str,
    *,
    duplicate: bool,
    attached: int,
    failed: list[str] | None = None,
    status: int = 200,
) -> HTMLResponse:
    stored = report_queries.get_report(db=db, viewer=principal.viewer, report_id=report_id)
    files = evidence.list_evidence(
        db=db, entity=EvidenceEntity.REPORT, entity_id=report_id, viewer=principal.viewer,
        own_reports=True,
    )  # fmt: skip
    out = ReportOut.of(stored)
    casualties = [(text, getattr(out.casualties, name)) for name, text in CASUALTY_LABELS]
    renderer = renderer_of(request)
    return renderer.page(
        request, principal, "report_filed.html", status=status,
        report=out, casualties=casualties, files=files, duplicate=duplicate, attached=attached,
        failed=failed or [], draft=draft_of(stored.report.external_id) or "",
        api=renderer.api_prefix,
    )  # fmt: skip
