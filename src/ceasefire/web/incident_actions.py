"""The analysts' actions on the incident page (staff only): split reports off, set the
verification status, attribute, and draft a finding about the incident. Each form is read
by the API's own request model and goes to the same service as its API route, as the
signed-in principal; a refused form shows the incident page again, saying which field and
value, and writes nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import pydantic
from fastapi import APIRouter, Form, Path, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse

from ceasefire.api.deps import DbDep, Principal, StaffDep
from ceasefire.api.problems import status_of
from ceasefire.api.schemas.findings import FindingIn
from ceasefire.api.schemas.incidents import AttributeIn, SplitIn, VerifyIn
from ceasefire.errors import CeasefireError, ValidationError
from ceasefire.services import findings, incidents
from ceasefire.services.database import Database
from ceasefire.web.complaint_forms import problem_of
from ceasefire.web.csrf import SameOrigin
from ceasefire.web.pages import render_incident

__all__ = ["NOBODY", "router"]

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

IncidentId = Annotated[str, Path(max_length=200)]
Text = Annotated[str, Form(max_length=20_000)]
NOBODY = "nobody"
"""The attribution form's choice for "nobody can be named" (`party: null` in the API)."""
M = TypeVar("M", bound=pydantic.BaseModel)


def checked(model: type[M], data: dict[str, Any]) -> M:
    """`data` as the API's `model` takes it (the same rules), or a ValidationError naming
    the first wrong field and its value. A blank reason or title is "required"."""
    for name in ("reason", "title", "text"):
        if name in model.model_fields and not str(data.get(name) or "").strip():
            raise ValidationError(name, data.get(name), "is required")
    try:
        return model.model_validate(data)
    except pydantic.ValidationError as exc:
        first = exc.errors()[0]
        field = str(first.get("loc", ("form",))[0])
        message = str(first.get("msg", "is not valid")).removeprefix("Value error, ")
        raise ValidationError(field, first.get("input"), message) from None


def _act(
    request: Request,
    principal: Principal,
    db: Database,
    incident_id: str,
    form: str,
    values: dict[str, str],
    action: Callable[[], str],
) -> Response:
    """Carry out `action` (which answers where to go next) or show the page again with
    why it was refused, by the form `form`."""
    try:
        where = action()
    except CeasefireError as exc:
        problem = problem_of(exc, status_of(exc), form=form, values=values)
        return render_incident(
            request, principal, db, incident_id, status=problem.status, problem=problem
        )
    return RedirectResponse(where, 303)


@router.post("/incidents/{incident_id}/split")
def split_page(
    request: Request,
    incident_id: IncidentId,
    principal: StaffDep,
    db: DbDep,
    _same_origin: SameOrigin,
    reports: Annotated[list[str], Form()] = [],  # noqa: B006
    reason: Text = "",
) -> Response:
    """Split the chosen reports off (`POST /api/v1/incidents/{id}/split`) and show the
    incident they went to."""

    def split() -> str:
        if not reports:
            raise ValidationError("reports", None, "choose the reports to split off")
        body = checked(SplitIn, {"reports": reports, "reason": reason})
        change = incidents.split_incident(
            db=db, incident_id=incident_id, report_ids=body.reports, reason=body.reason,
            actor=principal.actor,
        )  # fmt: skip
        moved = next(i for i in change.incidents if body.reports[0] in i.report_ids)
        return f"/incidents/{moved.id}?done=split"

    return _act(request, principal, db, incident_id, "split", {"reason": reason}, split)


@router.post("/incidents/{incident_id}/verify")
def verify_page(
    request: Request,
    incident_id: IncidentId,
    principal: StaffDep,
    db: DbDep,
    _same_origin: SameOrigin,
    status: Text = "",
    reason: Text = "",
) -> Response:
    """Record the analyst's verification status (`POST /api/v1/incidents/{id}/verify`)."""

    def verify() -> str:
        body = checked(VerifyIn, {"status": status, "reason": reason})
        incidents.set_verdict(
            db=db, incident_id=incident_id, reason=body.reason, actor=principal.actor,
            status=body.status,
        )  # fmt: skip
        return f"/incidents/{incident_id}?done=verify"

    values = {"status": status, "reason": reason}
    return _act(request, principal, db, incident_id, "verify", values, verify)


@router.post("/incidents/{incident_id}/attribute")
def attribute_page(
    request: Request,
    incident_id: IncidentId,
    principal: StaffDep,
    db: DbDep,
    _same_origin: SameOrigin,
    party: Text = "",
    reason: Text = "",
) -> Response:
    """Record who is responsible, or that nobody can be named
    (`POST /api/v1/incidents/{id}/attribute`)."""

    def attribute() -> str:
        if not party:
            raise ValidationError("party", party, f"choose a party or {NOBODY!r}")
        named = None if party == NOBODY else party
        body = checked(AttributeIn, {"party": named, "reason": reason})
        incidents.set_verdict(
            db=db, incident_id=incident_id, reason=body.reason, actor=principal.actor,
            attribute=True, party_id=body.party,
        )  # fmt: skip
        return f"/incidents/{incident_id}?done=attribute"

    values = {"party": party, "reason": reason}
    return _act(request, principal, db, incident_id, "attribute", values, attribute)


@router.post("/incidents/{incident_id}/finding")
def draft_finding_page(
    request: Request,
    incident_id: IncidentId,
    principal: StaffDep,
    db: DbDep,
    _same_origin: SameOrigin,
    title: Text = "",
    text: Text = "",
) -> Response:
    """Draft a finding about the incident (`POST /api/v1/findings`) and show it listed."""

    def draft() -> str:
        body = checked(FindingIn, {"title": title, "text": text, "incident_id": incident_id})
        finding = findings.draft_finding(
            db=db, title=body.title, text=body.text, actor=principal.actor,
            incident_id=body.incident_id, viewer=principal.viewer,
        )  # fmt: skip
        return f"/incidents/{incident_id}?drafted={finding.id}"

    values = {"title": title, "text": text}
    return _act(request, principal, db, incident_id, "finding", values, draft)
