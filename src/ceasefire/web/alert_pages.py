"""The alerts pages: open alerts first, each with its kind, severity, days, zone and the
evidence the alert service gives, and the staff's acknowledgement with a note. The same
services and roles as `/api/v1/alerts`: monitors and staff read, staff acknowledge."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any

import pydantic
from fastapi import APIRouter, Form, Path, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse

from ceasefire.api.deps import DbDep, Principal, StaffDep
from ceasefire.api.problems import status_of
from ceasefire.api.routes.alerts import MissionDep
from ceasefire.api.schemas.alerts import AcknowledgeIn
from ceasefire.domain.alerts import MAX_NOTE, Alert, AlertStatus
from ceasefire.errors import CeasefireError, ValidationError
from ceasefire.services import alerts as service
from ceasefire.services.agreements import list_zones
from ceasefire.services.alerts import AlertFilter
from ceasefire.services.database import Database
from ceasefire.web.csrf import SameOrigin
from ceasefire.web.pages import renderer_of

__all__ = ["router"]

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

AlertId = Annotated[str, Path(max_length=200)]
OPEN_LIMIT = 200
ACKNOWLEDGED_LIMIT = 50


@dataclass(frozen=True, slots=True)
class EvidenceLine:
    """One item of an alert's evidence, as words: ("Baseline mean", "2.4")."""

    name: str
    text: str


@router.get("/alerts")
def alerts_page(request: Request, principal: MissionDep, db: DbDep) -> HTMLResponse:
    """Open alerts (newest window first), then the latest acknowledged ones."""
    open_ = service.list_alerts(
        db=db, viewer=principal.viewer, flt=AlertFilter(status=AlertStatus.OPEN, limit=OPEN_LIMIT)
    )
    done = service.list_alerts(
        db=db,
        viewer=principal.viewer,
        flt=AlertFilter(status=AlertStatus.ACKNOWLEDGED, limit=ACKNOWLEDGED_LIMIT),
    )
    return renderer_of(request).page(
        request, principal, "alerts.html", open_alerts=open_, acknowledged=done,
        zones=_zone_names(db), open_limit=OPEN_LIMIT, acknowledged_limit=ACKNOWLEDGED_LIMIT,
    )  # fmt: skip


@router.get("/alerts/{alert_id}")
def alert_page(
    request: Request, alert_id: AlertId, principal: MissionDep, db: DbDep, done: bool = False
) -> HTMLResponse:
    """One alert with its evidence; staff acknowledge it here while it is open."""
    alert = service.show_alert(db=db, alert_id=alert_id, viewer=principal.viewer)
    return _alert(request, principal, db, alert, acknowledged_now=done)


@router.post("/alerts/{alert_id}/acknowledge")
def acknowledge_page(
    request: Request,
    alert_id: AlertId,
    principal: StaffDep,
    db: DbDep,
    _same_origin: SameOrigin,
    note: Annotated[str, Form(max_length=MAX_NOTE * 2)] = "",
) -> Response:
    """Acknowledge the alert with the note (the same service and rules as `POST
    /api/v1/alerts/{id}/acknowledge`), then show it; a refusal shows the alert again with
    why (an acknowledged alert: 409; a bad note: 422)."""
    try:
        body = _note(note)
        service.acknowledge_alert(
            db=db, alert_id=alert_id, actor=principal.actor, note=body.note,
            viewer=principal.viewer,
        )  # fmt: skip
    except CeasefireError as exc:
        alert = service.show_alert(db=db, alert_id=alert_id, viewer=principal.viewer)
        return _alert(
            request, principal, db, alert, status=status_of(exc), error=str(exc), note=note
        )
    return RedirectResponse(f"/alerts/{alert_id}?done=1", status_code=303)


def _note(note: str) -> AcknowledgeIn:
    """The acknowledgement as the API takes it (an empty note is no note)."""
    text = note.strip()
    try:
        return AcknowledgeIn(note=text or None)
    except pydantic.ValidationError as exc:
        message = str(exc.errors()[0].get("msg", "is not valid")).removeprefix("Value error, ")
        raise ValidationError("note", text[:60], message[:1].lower() + message[1:]) from None


def _alert(
    request: Request,
    principal: Principal,
    db: Database,
    alert: Alert,
    *,
    status: int = 200,
    error: str = "",
    note: str = "",
    acknowledged_now: bool = False,
) -> HTMLResponse:
    return renderer_of(request).page(
        request, principal, "alert.html", status=status, alert=alert,
        evidence=evidence_lines(alert.evidence), zones=_zone_names(db),
        can_acknowledge=principal.viewer.is_staff and alert.status is AlertStatus.OPEN,
        error=error, note=note, acknowledged_now=acknowledged_now, max_note=MAX_NOTE,
    )  # fmt: skip


def _zone_names(db: Database) -> dict[str, str]:
    return {z.id: z.name for z in list_zones(db=db)}


def evidence_lines(evidence: Mapping[str, Any]) -> list[EvidenceLine]:
    """An alert's evidence as name and text, in the detector's order (the summary is shown
    on its own).

    >>> evidence_lines({"summary": "x", "daily_counts": [1, 4], "zone": {"id": "z"}})
    [EvidenceLine(name='Daily counts', text='1, 4'), EvidenceLine(name='Zone', text='id: z')]
    """
    return [
        EvidenceLine(key.replace("_", " ").capitalize(), _words(value))
        for key, value in evidence.items()
        if key != "summary"
    ]


def _words(value: Any) -> str:
    if isinstance(value, Mapping):
        return "; ".join(f"{k.replace('_', ' ')}: {_words(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(_words(v) for v in value)
    if value is None:
        return "–"
    return str(value)
