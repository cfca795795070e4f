"""Agreements, their provisions and amendments, and compliance (public documents: anyone
may read them, the public included)."""

from __future__ import annotations

from datetime import date, time
from typing import Annotated, Literal

from fastapi import APIRouter, Query

from ceasefire.api.deps import DbDep, PrincipalDep
from ceasefire.api.schemas.agreements import (
    INSTANT_HELP,
    AgreementOut,
    AgreementSummary,
    ComplianceHistoryOut,
    ProvisionStatusOut,
    parse_instant,
)
from ceasefire.api.schemas.common import Identifier
from ceasefire.services import agreements as service
from ceasefire.services.clock import utc_now
from ceasefire.services.compliance import compliance_at, compliance_history
from ceasefire.services.compliance_documents import history_json, status_json

__all__ = ["router"]

router = APIRouter(tags=["agreements"])
NOON = time(12)


@router.get("/agreements", summary="List the agreements")
async def list_agreements(_who: PrincipalDep, db: DbDep) -> list[AgreementSummary]:
    """Every stored agreement (signed ones and proposals), in scenario order, with its
    parties and how many provisions and amendments it has."""
    return [AgreementSummary.of(a) for a in service.list_agreements(db=db)]


@router.get("/agreements/{agreement_id}", summary="One agreement with its provisions")
async def show_agreement(agreement_id: Identifier, _who: PrincipalDep, db: DbDep) -> AgreementOut:
    """The agreement with its parties, provisions (kind, obligated party, deadline, zones,
    figures, term, sources) and the amendments agreed later."""
    return AgreementOut.of(service.get_agreement(db=db, agreement_id=agreement_id))


@router.get(
    "/agreements/{agreement_id}/compliance",
    summary="Status of each provision of an agreement at an instant",
)
async def agreement_compliance(
    agreement_id: Identifier,
    _who: PrincipalDep,
    db: DbDep,
    at: Annotated[
        str | None,
        Query(description=f"{INSTANT_HELP}; a bare date is read at 12:00 UTC. Default: now."),
    ] = None,
) -> list[ProvisionStatusOut]:
    """Each provision's computed status (pending, in_force, due, met, breached, disputed,
    expired, renewed) with the reason, the deadline in force and the timeline events it
    rests on; the same as `ceasefire compliance --at AT --agreement ID --format json`. A
    proposal that was never signed has no provisions in force: the list is empty."""
    instant = utc_now() if at is None else parse_instant(at, "at", NOON)
    statuses = compliance_at(db=db, at=instant, agreement_id=agreement_id)
    return [ProvisionStatusOut.model_validate(status_json(s)) for s in statuses]


# A plain `def`: a history of many years takes a few hundred milliseconds to compute,
# too long to hold the event loop (FastAPI runs it in its thread pool).
@router.get("/compliance/history", summary="Compliance over a range of days")
def history(
    who: PrincipalDep,
    db: DbDep,
    first: Annotated[date, Query(alias="from", description="First day, YYYY-MM-DD")],
    last: Annotated[
        date | None, Query(alias="to", description="Last day, YYYY-MM-DD. Default: today (UTC)")
    ] = None,
    agreement: Annotated[
        Identifier | None, Query(description="Only this agreement's provisions")
    ] = None,
    period: Annotated[
        Literal["day", "week", "month"] | None,
        Query(description="Violations per day, week or month. Default: by the range's length"),
    ] = None,
) -> ComplianceHistoryOut:
    """Every provision's status over the days as runs with milestones, ceasefire violations
    per period (from verified and corroborated incidents), corridor traffic judged from the
    crossing logs, exchanges of detainees, what is still outstanding, and returns of
    displaced persons: the document `ceasefire compliance --from --to --format json`
    prints. Violations count the incidents the caller may read: for the public and the
    parties' liaisons, published incidents only."""
    found = compliance_history(
        db=db,
        first=first,
        last=last or utc_now().date(),
        agreement_id=agreement,
        period=period,
        viewer=who.viewer,
    )
    return ComplianceHistoryOut.model_validate(history_json(found, agreement))
