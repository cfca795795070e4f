"""The daily report page: the mission's report of a day as `ceasefire report daily` builds
it (services.period_reports, publishing.render), shown in the dashboard and offered as
Markdown, HTML or PDF. Staff read the internal report or the public one; everyone else the
public one (published material only), decided by the service, not here."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse

from ceasefire.api.deps import DbDep, Principal, PrincipalDep
from ceasefire.domain.report_periods import (
    Audience,
    ReportPeriod,
    daily_period,
    parse_audience,
    parse_day,
)
from ceasefire.publishing.render import ReportFormat, parse_format
from ceasefire.services import incidents
from ceasefire.services.database import Database
from ceasefire.services.rendered_reports import RenderedReports
from ceasefire.web.pages import renderer_of

__all__ = ["router"]

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

DayQuery = Annotated[str | None, Query(max_length=20, description="YYYY-MM-DD (UTC)")]
AudienceQuery = Annotated[str | None, Query(max_length=20)]
_MEDIA = {
    ReportFormat.MD: "text/markdown; charset=utf-8",
    ReportFormat.HTML: "text/html; charset=utf-8",
    ReportFormat.PDF: "application/pdf",
}


@router.get("/daily-report")
def daily_report_page(
    request: Request,
    principal: PrincipalDep,
    db: DbDep,
    day: DayQuery = None,
    audience: AudienceQuery = None,
) -> HTMLResponse:
    """The report of `day` (default: the day of the latest incident the caller may read)
    for `audience` (default: internal for staff, public for everyone else)."""
    period = _period(db, principal, day)
    reader = _audience(principal, audience)
    made = _rendered(request).rendered(
        db=db, period=period, audience=reader, viewer=principal.viewer, fmt=ReportFormat.HTML
    )
    html = made.data.decode("utf-8")
    return renderer_of(request).page(
        request, principal, "daily_report.html", day=period.first, audience=reader,
        audiences=list(Audience) if principal.viewer.is_staff else [Audience.PUBLIC],
        report_html=html, formats=list(ReportFormat),
    )  # fmt: skip


@router.get("/daily-report/file")
def daily_report_file(
    request: Request,
    principal: PrincipalDep,
    db: DbDep,
    day: DayQuery = None,
    audience: AudienceQuery = None,
    format_: Annotated[str, Query(alias="format", max_length=10)] = "pdf",
) -> Response:
    """The same report as a file: `format` md, html or pdf."""
    fmt = parse_format(format_, "format")
    period = _period(db, principal, day)
    reader = _audience(principal, audience)
    data = (
        _rendered(request)
        .rendered(db=db, period=period, audience=reader, viewer=principal.viewer, fmt=fmt)
        .data
    )
    name = f"daily-report-{period.first.isoformat()}-{reader.value}.{fmt.value}"
    disposition = "inline" if fmt is ReportFormat.HTML else "attachment"
    return Response(
        data,
        media_type=_MEDIA[fmt],
        headers={"Content-Disposition": f'{disposition}; filename="{name}"'},
    )


def _period(db: Database, principal: Principal, day: str | None) -> ReportPeriod:
    if day:
        return parse_day(day, "day")
    span = incidents.incident_span(db=db, viewer=principal.viewer)
    latest = span[1].date() if span is not None else datetime.now(UTC).date() - timedelta(days=1)
    return daily_period(latest)


def _audience(principal: Principal, audience: str | None) -> Audience:
    if audience:
        return parse_audience(audience, "audience")
    return Audience.INTERNAL if principal.viewer.is_staff else Audience.PUBLIC


def _rendered(request: Request) -> RenderedReports:
    """The app's kept renderings (made by `mount_dashboard`)."""
    kept: RenderedReports = request.app.state.rendered_reports
    return kept
