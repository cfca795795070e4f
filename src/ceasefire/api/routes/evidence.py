"""Evidence files on reports and complaints: upload (multipart, streamed into the
content-addressed store, type read from the content), list and download, each allowed only
to those who may read the record; every upload and every download is audited with the
file's SHA-256."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any, BinaryIO

from fastapi import APIRouter, Request, Response, UploadFile, status
from fastapi.responses import StreamingResponse

from ceasefire.api.deps import DbDep, Principal, SettingsDep, require_role
from ceasefire.api.schemas.evidence import Description, EvidenceOut, download_headers
from ceasefire.domain.access import Role
from ceasefire.domain.evidence import EvidenceEntity, EvidenceLink
from ceasefire.errors import ValidationError
from ceasefire.evidence_store import CHUNK_SIZE
from ceasefire.services import evidence as service
from ceasefire.services.evidence import OpenedEvidence

__all__ = ["router"]

router = APIRouter(tags=["evidence"])

ReportsDep = Annotated[
    Principal, require_role(Role.MONITOR, Role.ANALYST, Role.HEAD_OF_MISSION, Role.ADMIN)
]
"""Reports' evidence: monitors (on the reports they filed) and mission staff."""
CasesDep = Annotated[
    Principal,
    require_role(Role.PARTY_LIAISON, Role.ANALYST, Role.HEAD_OF_MISSION, Role.ADMIN),
]
"""Complaints' evidence: the filing party's liaison and mission staff."""

DOWNLOAD: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The file's bytes, as an attachment",
        "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
    }
}
UPLOAD_NOTE = """

Send `multipart/form-data` with the file in `file` and an optional `description`. The type
is read from the content, not the name or the declared type: a file whose content is not
an accepted photo, video, document or flight log, or whose name says another type (a PDF
named `.jpg`), is refused with 422 naming `file`, as is a file over its kind's size limit
(photos 25 MB, documents 50 MB, logs 100 MB, videos 500 MB). The same bytes are stored
once, however often they are attached; attaching them twice to one record is a 409."""


@router.post(
    "/reports/{report_id}/evidence",
    status_code=status.HTTP_201_CREATED,
    summary="Attach a file to a report (monitors on their reports, staff)",
    description="Store the file and attach it to the report." + UPLOAD_NOTE,
)
def upload_report_evidence(
    report_id: str,
    file: UploadFile,
    principal: ReportsDep,
    db: DbDep,
    settings: SettingsDep,
    request: Request,
    response: Response,
    description: Description = "",
) -> EvidenceOut:
    """Store the file and attach it to the report (the OpenAPI text is `description=`)."""
    link = _upload(EvidenceEntity.REPORT, report_id, file, description, principal, db, settings)
    return _created(link, request, response)


@router.get("/reports/{report_id}/evidence", summary="Files attached to a report")
async def list_report_evidence(
    report_id: str, principal: ReportsDep, db: DbDep, request: Request
) -> list[EvidenceOut]:
    """The report's files, oldest first, for monitors (the reports they filed) and staff."""
    links = service.list_evidence(
        db=db, entity="report", entity_id=report_id, viewer=principal.viewer, own_reports=True
    )
    return [EvidenceOut.of(link, _download_path(request, link)) for link in links]


@router.get(
    "/reports/{report_id}/evidence/{sha256}",
    response_class=StreamingResponse,
    responses=DOWNLOAD,
    summary="Download a file attached to a report",
)
def download_report_evidence(
    report_id: str, sha256: str, principal: ReportsDep, db: DbDep, settings: SettingsDep
) -> StreamingResponse:
    """The file's bytes, checked against their SHA-256 first (an altered file is not
    served), as an attachment with `ETag` the hash; the download is audited. A file not
    attached to this report is not found."""
    opened = service.open_evidence(
        db=db,
        settings=settings,
        sha256=sha256,
        viewer=principal.viewer,
        actor=principal.actor,
        entity="report",
        entity_id=report_id,
        own_reports=True,
    )
    return _stream(opened)


@router.post(
    "/complaints/{key}/evidence",
    status_code=status.HTTP_201_CREATED,
    summary="Attach a file to a complaint (the filing party's liaison, staff)",
    description="Store the file, attach it to the complaint (id or reference) while the"
    " complaint is open, and list it among the complaint's evidence items." + UPLOAD_NOTE,
)
def upload_complaint_evidence(
    key: str,
    file: UploadFile,
    principal: CasesDep,
    db: DbDep,
    settings: SettingsDep,
    request: Request,
    response: Response,
    description: Description = "",
) -> EvidenceOut:
    """Store the file and attach it to the complaint (the OpenAPI text is `description=`)."""
    link = _upload(EvidenceEntity.COMPLAINT, key, file, description, principal, db, settings)
    return _created(link, request, response)


@router.get("/complaints/{key}/evidence", summary="Files attached to a complaint")
async def list_complaint_evidence(
    key: str, principal: CasesDep, db: DbDep, request: Request
) -> list[EvidenceOut]:
    """The complaint's files, oldest first; another party's complaint is not found, and an
    analyst sees a confidential complaint's files without their names and descriptions."""
    links = service.list_evidence(db=db, entity="complaint", entity_id=key, viewer=principal.viewer)
    return [EvidenceOut.of(link, _download_path(request, link)) for link in links]


@router.get(
    "/complaints/{key}/evidence/{sha256}",
    response_class=StreamingResponse,
    responses=DOWNLOAD,
    summary="Download a file attached to a complaint",
)
def download_complaint_evidence(
    key: str, sha256: str, principal: CasesDep, db: DbDep, settings: SettingsDep
) -> StreamingResponse:
    """The file's bytes, checked against their SHA-256 first, as an attachment with `ETag`
    the hash; audited. Another party's complaint, and a confidential complaint's files for
    an analyst, are not found."""
    opened = service.open_evidence(
        db=db,
        settings=settings,
        sha256=sha256,
        viewer=principal.viewer,
        actor=principal.actor,
        entity="complaint",
        entity_id=key,
    )
    return _stream(opened)


def _upload(
    entity: EvidenceEntity,
    key: str,
    file: UploadFile,
    description: str,
    principal: Principal,
    db: DbDep,
    settings: SettingsDep,
) -> EvidenceLink:
    if not file.filename or not file.filename.strip():
        raise ValidationError("file", file.filename, "send the file with its name")
    return service.add_evidence(
        db=db,
        settings=settings,
        source=file.file,
        entity=entity,
        entity_id=key,
        viewer=principal.viewer,
        actor=principal.actor,
        file_name=file.filename,
        description=description,
        own_reports=True,
    )


def _download_path(request: Request, link: EvidenceLink) -> str:
    if link.entity is EvidenceEntity.REPORT:
        url = request.url_for(
            "download_report_evidence", report_id=link.entity_id, sha256=link.file.sha256
        )
    else:
        url = request.url_for(
            "download_complaint_evidence", key=link.entity_id, sha256=link.file.sha256
        )
    return url.path


def _created(link: EvidenceLink, request: Request, response: Response) -> EvidenceOut:
    body = EvidenceOut.of(link, _download_path(request, link))
    response.headers["Location"] = body.download
    return body


def _stream(opened: OpenedEvidence) -> StreamingResponse:
    name = next((link.file_name for link in opened.links if link.file_name), None)
    headers = download_headers(opened.file.sha256, opened.file.size, name)
    return StreamingResponse(
        _chunks(opened.stream), media_type=opened.file.media_type, headers=headers
    )


def _chunks(stream: BinaryIO) -> Iterator[bytes]:
    try:
        while chunk := stream.read(CHUNK_SIZE):
            yield chunk
    finally:
        stream.close()
