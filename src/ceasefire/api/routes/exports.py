"""Exports of reports in the formats other tools open (mission staff only for now: an
export holds every report, published or not)."""

from __future__ import annotations

from datetime import time
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import FileResponse
from starlette.background import BackgroundTask

from ceasefire.api.deps import DbDep, StaffDep
from ceasefire.api.schemas.agreements import INSTANT_HELP, parse_instant
from ceasefire.api.schemas.common import Identifier
from ceasefire.api.schemas.exports import EXPORT_RESPONSES, ExportFormat
from ceasefire.services.exports import export_to_temporary
from ceasefire.storage.repositories.reports import ReportFilter

__all__ = ["router"]

router = APIRouter(tags=["exports"])
END_OF_DAY = time(23, 59, 59, 999_999)


# A plain `def`: writing the file reads every matching report, which can take seconds;
# FastAPI runs it in its thread pool so other requests are not held up.
@router.get(
    "/exports/reports",
    summary="Export reports as ACLED, UCDP, CSV, GeoJSON, GeoPackage or GeoParquet",
    response_class=FileResponse,
    responses=EXPORT_RESPONSES,
)
def export_reports(
    principal: StaffDep,
    db: DbDep,
    fmt: Annotated[ExportFormat, Query(alias="format", description="The file format")],
    since: Annotated[
        str | None, Query(description=f"Occurred at or after: {INSTANT_HELP}; a date from 00:00")
    ] = None,
    until: Annotated[
        str | None, Query(description=f"Occurred at or before: {INSTANT_HELP}; a date to its end")
    ] = None,
    source: Annotated[Identifier | None, Query(description="Only this source's reports")] = None,
) -> FileResponse:
    """The matching reports in `format`: `acled` and `ucdp` (the datasets' CSV layouts,
    rows imported from them come back as they were), `csv` (flat, one row per report),
    `geojson`, `gpkg` (GeoPackage layer `reports`) or `parquet` (GeoParquet). The file is
    written to a temporary file, sent, then deleted."""
    flt = ReportFilter(
        since=None if since is None else parse_instant(since, "since", time(0)),
        until=None if until is None else parse_instant(until, "until", END_OF_DAY),
        source_id=source,
    )
    written = export_to_temporary(db=db, fmt=fmt, flt=flt, viewer=principal.viewer)
    return FileResponse(
        written.path,
        media_type=written.media_type,
        filename=written.file_name,
        headers={"X-Report-Count": str(written.count)},
        background=BackgroundTask(written.discard),
    )
