"""The dashboard's pages: the map, the incidents table (with the analysts' merge) and one
incident in full. Each reads through the same services as the API, as the same principal,
so a page never shows what the API would not."""

from __future__ import annotations

import json
from functools import cache
from typing import Annotated, Any, Literal
from urllib.parse import parse_qsl

import pydantic
from fastapi import APIRouter, Form, Path, Query, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse

from ceasefire.api.deps import DbDep, Principal, PrincipalDep, StaffDep
from ceasefire.api.problems import status_of
from ceasefire.api.schemas.incidents import MergeIn
from ceasefire.domain.event_types import EVENT_TYPES
from ceasefire.domain.incidents import VerificationStatus
from ceasefire.domain.sources import SourceKind
from ceasefire.errors import AccessDeniedError, CeasefireError
from ceasefire.services import audit, evidence, findings, incidents
from ceasefire.services.agreements import list_parties
from ceasefire.services.audit import AuditFilter
from ceasefire.services.database import Database
from ceasefire.services.findings import FindingFilter
from ceasefire.services.incidents import IncidentOrder
from ceasefire.services.zones import admin_boundaries
from ceasefire.web.complaint_forms import FormProblem
from ceasefire.web.csrf import SameOrigin
from ceasefire.web.listing import Listing, read_listing
from ceasefire.web.rendering import Renderer
from ceasefire.web.views import incident_page, table_page

__all__ = ["DONE", "Done", "render_incident", "router"]

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

IncidentId = Annotated[str, Path(max_length=200)]
HISTORY_LIMIT = 200
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._:\-]*$"
Done = Literal["split", "verify", "attribute"]
DONE: dict[str, str] = {
    "split": "Split: the chosen reports are in this incident now.",
    "verify": "Verification status recorded.",
    "attribute": "Attribution recorded.",
}
"""The message the incident page shows after an analyst's action (`?done=`)."""
SORTABLE = (
    (IncidentOrder.TIME, "Time"),
    (IncidentOrder.STATUS, "Status"),
    (IncidentOrder.CONFIDENCE, "Confidence"),
    (IncidentOrder.REPORTS, "Reports"),
)


def renderer_of(request: Request) -> Renderer:
    """The app's page renderer."""
    renderer: Renderer = request.app.state.renderer
    return renderer


@router.get("/")
def map_page(request: Request, principal: PrincipalDep, db: DbDep) -> HTMLResponse:
    """The map: zones and the incidents the caller may read, filtered in the page."""
    renderer = renderer_of(request)
    span = incidents.incident_span(db=db, viewer=principal.viewer)
    return renderer.page(
        request, principal, "map.html",
        api=renderer.api_prefix, span=span, parties=list_parties(db=db),
        event_types=list(EVENT_TYPES), statuses=list(VerificationStatus),
        source_kinds=list(SourceKind), tile_url=renderer.settings.tile_url or "",
        tile_attribution=renderer.settings.tile_attribution,
    )  # fmt: skip


@router.get("/map/boundaries.geojson")
async def boundaries(_who: PrincipalDep) -> Response:
    """The region's districts and provinces as GeoJSON: the map's base layer."""
    return Response(
        _boundaries_json(),
        media_type="application/geo+json",
        headers={"Cache-Control": "public, max-age=86400"},
    )


@cache
def _boundaries_json() -> bytes:
    features = [
        {
            "type": "Feature",
            "id": unit.id,
            "geometry": unit.geometry,
            "properties": {"id": unit.id, "name": unit.name},
        }
        for unit in admin_boundaries()
    ]
    return json.dumps({"type": "FeatureCollection", "features": features}).encode()


@router.get("/incidents")
def incidents_page(request: Request, principal: PrincipalDep, db: DbDep) -> HTMLResponse:
    """The incidents table: sortable, filterable, in pages; staff can merge from it."""
    listing = read_listing(request.query_params)
    return _table(request, principal, db, listing)


def _table(
    request: Request,
    principal: Principal,
    db: Database,
    listing: Listing,
    *,
    status: int = 200,
    error: str = "",
    selected: frozenset[str] = frozenset(),
    reason: str = "",
) -> HTMLResponse:
    table = incidents.table_of_incidents(
        db=db, viewer=principal.viewer, flt=listing.incident_filter(), order=listing.order,
        descending=listing.descending, offset=listing.offset,
    )  # fmt: skip
    return renderer_of(request).page(
        request, principal, "incidents.html", status=status,
        listing=listing, table=table_page(table, listing), sortable=SORTABLE,
        event_types=list(EVENT_TYPES), statuses=list(VerificationStatus),
        source_kinds=list(SourceKind), can_merge=principal.viewer.is_staff, error=error,
        selected=selected, reason=reason,
    )  # fmt: skip


@router.post("/incidents/merge")
def merge_page(
    request: Request,
    principal: StaffDep,
    db: DbDep,
    _same_origin: SameOrigin,
    incident_ids: Annotated[list[str], Form(alias="incidents")] = [],  # noqa: B006
    reason: Annotated[str, Form(max_length=20_000)] = "",
    back: Annotated[str, Form(max_length=2_000)] = "",
) -> Response:
    """Merge the selected incidents (the same service as `POST /api/v1/incidents/merge`)
    and show the incident they make; a refused merge shows the table again with why."""
    listing = read_listing(dict(parse_qsl(back.lstrip("?"), keep_blank_values=True)))
    try:
        body = _merge_body(incident_ids, reason)
        try:
            change = incidents.merge_incidents(
                db=db, incident_ids=body.incidents, reason=body.reason, actor=principal.actor
            )
        except CeasefireError as exc:
            raise _Refused(status_of(exc), str(exc)) from exc
    except _Refused as refused:
        return _table(
            request, principal, db, listing, status=refused.status, error=refused.message,
            selected=frozenset(incident_ids), reason=reason,
        )  # fmt: skip
    merged = change.incidents[0].id
    return RedirectResponse(f"/incidents/{merged}?merged={len(set(incident_ids))}", 303)


class _Refused(Exception):
    """A merge form that cannot be carried out: the status and the message to show."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def _merge_body(incident_ids: list[str], reason: str) -> MergeIn:
    """The merge as the API would take it (the same rules), or _Refused saying why."""
    if len(set(incident_ids)) < 2:
        raise _Refused(422, "Select two or more incidents to merge.")
    if not reason.strip():
        raise _Refused(422, "Give a reason for the merge: it is kept in the audit log.")
    try:
        return MergeIn(incidents=sorted(set(incident_ids)), reason=reason)
    except pydantic.ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first.get("loc", ())) or "form"
        raise _Refused(422, f"{field}: {first.get('msg', 'invalid')}") from None


@router.get("/incidents/{incident_id}")
def incident_detail(
    request: Request,
    incident_id: IncidentId,
    principal: PrincipalDep,
    db: DbDep,
    merged: Annotated[int | None, Query(ge=2, le=100)] = None,
    done: Annotated[Done | None, Query()] = None,
    drafted: Annotated[str | None, Query(max_length=200, pattern=ID_PATTERN)] = None,
) -> HTMLResponse:
    """One incident in full: the fused account, its reports the caller may read, why its
    status and confidence are what they are, the findings about it, (for readers of the
    audit log) its history, and for staff the analysts' actions. An incident the caller
    may not read is 404, as in the API."""
    message = DONE[done] if done else ""
    return render_incident(
        request, principal, db, incident_id, merged=merged, done=message, drafted=drafted
    )


def render_incident(
    request: Request,
    principal: Principal,
    db: Database,
    incident_id: str,
    *,
    status: int = 200,
    problem: FormProblem | None = None,
    **context: Any,
) -> HTMLResponse:
    """The incident page (with `problem` shown by the form it concerns)."""
    view = incidents.show_incident(db=db, incident_id=incident_id, viewer=principal.viewer)
    try:
        history = audit.list_entries(
            db=db, viewer=principal.viewer, limit=HISTORY_LIMIT,
            flt=AuditFilter(entity="incident", entity_id=incident_id),
        ).entries  # fmt: skip
    except AccessDeniedError:
        history = None
    renderer = renderer_of(request)
    about = findings.list_findings(
        db=db, flt=FindingFilter(incident_id=incident_id), viewer=principal.viewer
    )
    staff = principal.viewer.is_staff
    files = evidence.evidence_of_reports(
        db=db, report_ids=[r.report.id for r in view.reports], viewer=principal.viewer
    )
    values: dict[str, Any] = {"merged": None, "done": "", "drafted": None, **context}
    # A finding named in the address is announced only when it is one of this incident's.
    if values["drafted"] not in {f.id for f in about}:
        values["drafted"] = None
    elif not values["done"]:
        values["done"] = f"Draft finding {values['drafted']} saved."
    return renderer.page(
        request, principal, "incident.html", status=status,
        page=incident_page(view, history), findings=about, api=renderer.api_prefix,
        evidence=files,
        can_act=staff, parties=list_parties(db=db) if staff else [],
        statuses=list(VerificationStatus), problem=problem, **values,
    )  # fmt: skip
