"""Routes of the incidents resource group: list and read incidents (JSON or GeoJSON), and
the analysts' merge, split, verification and attribution. Staff and monitors read every
incident; party liaisons and the public only published ones (a published finding is about
them)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response
from pydantic import AwareDatetime

from ceasefire.api.deps import DbDep, PrincipalDep, StaffDep
from ceasefire.api.schemas.common import Page, encode_cursor
from ceasefire.api.schemas.geojson import (
    GEOJSON,
    FeatureCollection,
    Format,
    geojson_responses,
    page_answer,
)
from ceasefire.api.schemas.incidents import (
    AttributeIn,
    IncidentChangeOut,
    IncidentDetail,
    IncidentOut,
    MergeIn,
    SplitIn,
    VerifyIn,
)
from ceasefire.api.schemas.reports import (
    position_of,
)
from ceasefire.domain.incidents import VerificationStatus
from ceasefire.domain.sources import SourceKind
from ceasefire.services import incidents
from ceasefire.services.incidents import IncidentFilter

__all__ = ["router"]

router = APIRouter(tags=["incidents"])

IncidentId = Annotated[str, Path(max_length=200, description="An incident id")]


@router.get(
    "/incidents",
    response_model=Page[IncidentOut],
    summary="List incidents, newest first (JSON or GeoJSON)",
    responses=geojson_responses(FeatureCollection[IncidentOut]),
)
async def list_incidents(
    request: Request,
    principal: PrincipalDep,
    db: DbDep,
    status: Annotated[VerificationStatus | None, Query(description="Only this status")] = None,
    since: Annotated[
        AwareDatetime | None, Query(description="Occurred at or after (ISO 8601, with zone)")
    ] = None,
    until: Annotated[
        AwareDatetime | None, Query(description="Occurred at or before (ISO 8601, with zone)")
    ] = None,
    zone: Annotated[
        str | None, Query(max_length=200, description="A zone id", examples=["lachin-corridor"])
    ] = None,
    party: Annotated[
        str | None, Query(max_length=50, description="Attributed to this party", examples=["AZ"])
    ] = None,
    event_type: Annotated[
        str | None,
        Query(max_length=60, description="Only this ACLED event type", examples=["Battles"]),
    ] = None,
    source_kind: Annotated[
        SourceKind | None,
        Query(description="Only incidents with a report from a source of this kind"),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    cursor: Annotated[
        str | None, Query(max_length=1000, description="`next_cursor` of the previous page")
    ] = None,
    format_: Annotated[
        Format | None, Query(alias="format", description="geojson: same as Accept: " + GEOJSON)
    ] = None,
) -> Page[IncidentOut] | Response:
    """Incidents the caller may read, matching every filter given, newest first (ties by
    id): staff and monitors read every incident, party liaisons and the public published
    ones. Pages follow each other with `cursor`. With `Accept: application/geo+json` or
    `format=geojson` the page is a GeoJSON FeatureCollection with `next_cursor`."""
    flt = IncidentFilter(
        since=since,
        until=until,
        status=status,
        limit=limit,
        zone_id=zone,
        party_id=party,
        event_type=event_type,
        source_kind=source_kind,
        after=position_of(cursor) if cursor is not None else None,
    )
    found = incidents.page_incidents(db=db, viewer=principal.viewer, flt=flt)
    items = [IncidentOut.of(i) for i in found.items]
    after = found.next_after
    next_cursor = encode_cursor(after[0].isoformat(), after[1]) if after else None
    return page_answer(request, format_, items, next_cursor)


@router.get("/incidents/{incident_id}", summary="One incident in full")
async def get_incident(
    incident_id: IncidentId, principal: PrincipalDep, db: DbDep
) -> IncidentDetail:
    """The fused account, the casualty ranges, status and confidence with the explanation
    of every number, the attribution, the provisions it bears on, and its reports that the
    caller may read (a monitor: the ones they filed). An incident the caller may not read
    is 404, exactly like one that does not exist."""
    view = incidents.show_incident(db=db, incident_id=incident_id, viewer=principal.viewer)
    return IncidentDetail.of_view(view)


@router.post("/incidents/merge", summary="Merge incidents into one (staff)")
def merge_incidents(body: MergeIn, principal: StaffDep, db: DbDep) -> IncidentChangeOut:
    """Merge two or more incidents: linking keeps their reports together from now on. The
    decision and its reason go to the audit log; the answer is the incident the reports
    are in now (and which ids linking renamed)."""
    change = incidents.merge_incidents(
        db=db, incident_ids=body.incidents, reason=body.reason, actor=principal.actor
    )
    return IncidentChangeOut.of(change)


@router.post("/incidents/{incident_id}/split", summary="Split reports off an incident (staff)")
def split_incident(
    incident_id: IncidentId, body: SplitIn, principal: StaffDep, db: DbDep
) -> IncidentChangeOut:
    """Move the given reports out of the incident; linking never joins the two sides again
    (until an analyst merges them). Reports not of this incident, or a split that leaves
    one side empty, are 422. The answer is the incidents the reports are in now."""
    change = incidents.split_incident(
        db=db,
        incident_id=incident_id,
        report_ids=body.reports,
        reason=body.reason,
        actor=principal.actor,
    )
    return IncidentChangeOut.of(change)


@router.post("/incidents/{incident_id}/verify", summary="Set the verification status (staff)")
def verify_incident(
    incident_id: IncidentId, body: VerifyIn, principal: StaffDep, db: DbDep
) -> IncidentDetail:
    """Record an analyst's verdict on the status (verified, disputed, rejected, ...). The
    assessment is recomputed and explains the verdict; the computed status stays in it,
    and linking keeps the verdict when the incident changes."""
    incidents.set_verdict(
        db=db, incident_id=incident_id, reason=body.reason, actor=principal.actor,
        status=body.status,
    )  # fmt: skip
    view = incidents.show_incident(db=db, incident_id=incident_id, viewer=principal.viewer)
    return IncidentDetail.of_view(view)


@router.post("/incidents/{incident_id}/attribute", summary="Attribute an incident (staff)")
def attribute_incident(
    incident_id: IncidentId, body: AttributeIn, principal: StaffDep, db: DbDep
) -> IncidentDetail:
    """Record an analyst's verdict on who is responsible (`party: null`: nobody can be
    named). The answer shows the attribution with its confidence and the provisions the
    incident now bears on (an attributed party that a provision obligates)."""
    incidents.set_verdict(
        db=db, incident_id=incident_id, reason=body.reason, actor=principal.actor,
        attribute=True, party_id=body.party,
    )  # fmt: skip
    view = incidents.show_incident(db=db, incident_id=incident_id, viewer=principal.viewer)
    return IncidentDetail.of_view(view)
