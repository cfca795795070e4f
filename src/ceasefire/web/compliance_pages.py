"""The compliance board: every provision of the signed agreements with its status now, the
deadline countdown, its history as sparklines and the incidents behind it. Agreements and
their compliance are public documents; the incidents counted are those the reader may see
(for the public and the parties' liaisons, published ones), as in the API."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from ceasefire.api.deps import DbDep, PrincipalDep
from ceasefire.services.agreements import list_agreements
from ceasefire.services.clock import utc_now
from ceasefire.services.compliance import compliance_at, compliance_history
from ceasefire.services.provision_incidents import incidents_by_provision
from ceasefire.web.compliance_board import board_of, read_board_query, signed
from ceasefire.web.pages import renderer_of

__all__ = ["LATEST_INCIDENTS", "router"]

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

LATEST_INCIDENTS = 5
"""How many of the incidents behind a provision the board links to."""


# A plain `def`: a history of years takes a few hundred milliseconds (the thread pool).
@router.get("/compliance")
def compliance_page(request: Request, principal: PrincipalDep, db: DbDep) -> HTMLResponse:
    """The board over the days asked for (`from`, `to`), for one agreement or all."""
    now = utc_now()
    agreements = signed(list_agreements(db=db))
    query = read_board_query(request.query_params, agreements, now.date())
    shown = [a for a in agreements if query.agreement_id in (None, a.id)]
    statuses = compliance_at(db=db, at=now, agreement_id=query.agreement_id)
    history = compliance_history(
        db=db, first=query.first, last=query.last, agreement_id=query.agreement_id,
        viewer=principal.viewer,
    )  # fmt: skip
    behind = incidents_by_provision(
        db=db, viewer=principal.viewer, first=query.first, last=query.last,
        latest=LATEST_INCIDENTS,
    )  # fmt: skip
    board = board_of(query, shown, statuses, history, behind)
    return renderer_of(request).page(
        request, principal, "compliance.html", board=board, agreements=agreements, now=now
    )
