"""Alerts: the mission's early warnings, read by staff and monitors and acknowledged by
staff, by name and once."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from ceasefire.api.deps import DbDep, Principal, StaffDep, require_role
from ceasefire.api.schemas.alerts import AcknowledgeIn, AlertOut, alert_cursor, alert_keyset
from ceasefire.api.schemas.common import Page
from ceasefire.domain.access import Role
from ceasefire.domain.alerts import AlertKind, AlertStatus, Severity
from ceasefire.services import alerts as service
from ceasefire.services.alerts import AlertFilter

__all__ = ["router"]

router = APIRouter(tags=["alerts"])

MissionDep = Annotated[
    Principal, require_role(Role.MONITOR, Role.ANALYST, Role.HEAD_OF_MISSION, Role.ADMIN)
]
"""Alerts are internal to the mission: monitors and staff."""


@router.get("/alerts", summary="List alerts (staff and monitors)")
async def list_alerts(
    principal: MissionDep,
    db: DbDep,
    status: AlertStatus | None = None,
    kind: AlertKind | None = None,
    severity: Severity | None = None,
    zone: Annotated[str | None, Query(min_length=1, max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=500, description="Alerts per page")] = 100,
    cursor: Annotated[str | None, Query(max_length=500)] = None,
) -> Page[AlertOut]:
    """Alerts newest window first (those about no window last), filtered by status, kind,
    severity and zone id."""
    flt = AlertFilter(
        status=status,
        kind=kind,
        severity=severity,
        zone_id=zone,
        limit=limit + 1,
        after=alert_keyset(cursor),
    )
    found = service.list_alerts(db=db, flt=flt, viewer=principal.viewer)
    page = found[:limit]
    next_cursor = alert_cursor(page[-1]) if len(found) > limit else None
    return Page(items=[AlertOut.of(a) for a in page], next_cursor=next_cursor)


@router.get("/alerts/{alert_id}", summary="One alert with its evidence")
async def show_alert(alert_id: str, principal: MissionDep, db: DbDep) -> AlertOut:
    """The alert, its evidence and, once acknowledged, by whom, when and the note."""
    return AlertOut.of(service.show_alert(db=db, alert_id=alert_id, viewer=principal.viewer))


@router.post("/alerts/{alert_id}/acknowledge", summary="Acknowledge an alert (staff)")
def acknowledge_alert(
    alert_id: str, principal: StaffDep, db: DbDep, body: AcknowledgeIn | None = None
) -> AlertOut:
    """Record that the caller looked at the alert, with an optional note; once only (409
    after that). Audited."""
    acknowledged = service.acknowledge_alert(
        db=db,
        alert_id=alert_id,
        actor=principal.actor,
        note=body.note if body is not None else None,
        viewer=principal.viewer,
    )
    return AlertOut.of(acknowledged)
