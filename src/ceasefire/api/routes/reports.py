"""Routes of the reports resource group: file a report, list reports (JSON or GeoJSON), read
one. What a caller may read is decided in the queries: staff read every report, a monitor
the reports they filed, liaisons and the public the reports of published incidents."""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response, status
from fastapi.concurrency import run_in_threadpool
from pydantic import AwareDatetime

from ceasefire.api.deps import DbDep, Principal, PrincipalDep, require_role
from ceasefire.api.schemas.common import Page, encode_cursor
from ceasefire.api.schemas.geojson import (
    GEOJSON,
    FeatureCollection,
    Format,
    geojson_responses,
    wants_geojson,
)
from ceasefire.api.schemas.reports import (
    LISTING_TEXT_LIMITS,
    PAGE_SIZE,
    FiledReportOut,
    ReportIn,
    ReportOut,
    parse_bbox,
    position_of,
)
from ceasefire.domain.access import Role
from ceasefire.domain.incidents import VerificationStatus
from ceasefire.services import report_queries
from ceasefire.services.database import Database
from ceasefire.services.filing import ReportFiler
from ceasefire.services.report_queries import ReportQuery
from ceasefire.services.reports import FiledReport

__all__ = ["router"]

router = APIRouter(tags=["reports"])

FilerDep = Annotated[
    Principal, require_role(Role.MONITOR, Role.ANALYST, Role.HEAD_OF_MISSION, Role.ADMIN)
]
"""Monitors and staff file reports; liaisons and the public do not."""


@router.post(
    "/reports",
    status_code=status.HTTP_201_CREATED,
    summary="File a report (monitors and staff)",
    responses={200: {"model": FiledReportOut, "description": "Already on file: nothing written"}},
)
async def file_report(
    body: ReportIn, principal: FilerDep, db: DbDep, request: Request, response: Response
) -> FiledReportOut:
    """Store one source's account of one event and place it (zones, district, distance to
    the line of contact); the answer comes once it is committed. The server's linking
    worker links it into an incident moments later. The answer is the report with a
    `Location` header and `linking: "queued"` (`incident_id` is null until it is linked:
    read the report again to find its incident).

    With an `external_id` already on file the report is not stored again: the answer is
    200 with the report on file and `duplicate: true` (409 if that report is one the
    caller may not read). Unknown sources or parties, an event type and sub-event type
    that do not belong together, or an end before the start are 422 naming the field,
    with nothing written. Send an `Idempotency-Key` so a retry files it once."""
    filed = await file_as(request, db, principal, body)
    if filed.duplicate:
        response.status_code = status.HTTP_200_OK
    response.headers["Location"] = f"{request.url.path.rstrip('/')}/{filed.report.id}"
    return FiledReportOut.of(filed)


async def file_as(
    request: Request, db: Database, principal: Principal, body: ReportIn
) -> FiledReport:
    """File `body` for `principal` with the reports of concurrent requests (the app's
    filer), once it is committed; a report already on file under its external id is
    answered only to a caller who may read it (ConflictError otherwise). The dashboard's
    report form files through this too."""
    filer: ReportFiler = request.app.state.report_filer
    queued = report_queries.submit_report(filer=filer, data=body.fields(), actor=principal.actor)
    filed = await asyncio.wrap_future(queued)
    if filed.duplicate:
        filed = await run_in_threadpool(
            report_queries.answer_for, db=db, filed=filed, viewer=principal.viewer
        )
    return filed


@router.get(
    "/reports",
    response_model=Page[ReportOut],
    summary="List reports, oldest first (JSON or GeoJSON)",
    responses=geojson_responses(FeatureCollection[ReportOut]),
)
async def list_reports(
    request: Request,
    principal: PrincipalDep,
    db: DbDep,
    since: Annotated[
        AwareDatetime | None, Query(description="Occurred at or after (ISO 8601, with zone)")
    ] = None,
    until: Annotated[
        AwareDatetime | None, Query(description="Occurred at or before (ISO 8601, with zone)")
    ] = None,
    bbox: Annotated[
        str | None,
        Query(
            max_length=LISTING_TEXT_LIMITS["bbox"],
            description="min_lon,min_lat,max_lon,max_lat (WGS84)",
            examples=["46.6,39.7,47.2,40.2"],
        ),
    ] = None,
    zone: Annotated[
        str | None,
        Query(
            max_length=LISTING_TEXT_LIMITS["zone"],
            description="A zone id",
            examples=["handover-aghdam"],
        ),
    ] = None,
    event_type: Annotated[
        str | None,
        Query(
            max_length=LISTING_TEXT_LIMITS["event_type"],
            examples=["Explosions/Remote violence"],
        ),
    ] = None,
    status_: Annotated[
        VerificationStatus | None,
        Query(alias="status", description="Verification status of the report's incident"),
    ] = None,
    source: Annotated[
        str | None, Query(max_length=LISTING_TEXT_LIMITS["source"], examples=["jmc-op"])
    ] = None,
    limit: Annotated[int, Query(ge=1, le=report_queries.MAX_PAGE)] = PAGE_SIZE,
    cursor: Annotated[
        str | None,
        Query(
            max_length=LISTING_TEXT_LIMITS["cursor"],
            description="`next_cursor` of the previous page",
        ),
    ] = None,
    format_: Annotated[
        Format | None, Query(alias="format", description="geojson: same as Accept: " + GEOJSON)
    ] = None,
) -> Page[ReportOut] | Response:
    """Reports the caller may read, matching every filter given, in (occurred_start, id)
    order: staff read every report, a monitor the reports they filed, party liaisons and
    the public the reports of published incidents. Pages follow each other with
    `cursor`. With `Accept: application/geo+json` or `format=geojson` the page is a
    GeoJSON FeatureCollection (points) with `next_cursor` beside `features`."""
    query = ReportQuery(
        since=since,
        until=until,
        bbox=parse_bbox(bbox) if bbox is not None else None,
        zone_id=zone,
        event_type=event_type,
        status=status_,
        source_id=source,
        after=position_of(cursor) if cursor is not None else None,
        limit=limit,
    )
    geojson = wants_geojson(request, format_)
    # Written straight to JSON (same bytes as Page[ReportOut]): no models per report.
    found = report_queries.list_reports_json(
        db=db, viewer=principal.viewer, query=query, geojson=geojson
    )
    after = found.next_after
    next_cursor = encode_cursor(after[0].isoformat(), after[1]) if after else None
    media_type = GEOJSON if geojson else "application/json"
    return Response(found.to_json(next_cursor), media_type=media_type)


@router.get("/reports/{report_id}", summary="One report")
async def get_report(
    report_id: Annotated[str, Path(max_length=200)], principal: PrincipalDep, db: DbDep
) -> ReportOut:
    """One report as stored, with its incident, zones and district. A report the caller may
    not read is 404, exactly like one that does not exist."""
    stored = report_queries.get_report(db=db, viewer=principal.viewer, report_id=report_id)
    return ReportOut.of(stored)
