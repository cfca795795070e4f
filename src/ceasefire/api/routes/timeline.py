"""The scenario's timeline (public: dated events from published sources)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query

from ceasefire.api.deps import DbDep, PrincipalDep
from ceasefire.api.schemas.timeline import TimelineEventOut
from ceasefire.services import agreements as service

__all__ = ["router"]

router = APIRouter(tags=["timeline"])


@router.get("/timeline", summary="The dated events of the loaded scenarios")
async def timeline(
    _who: PrincipalDep,
    db: DbDep,
    since: Annotated[
        date | None, Query(alias="from", description="Events lasting until this day or later")
    ] = None,
    until: Annotated[
        date | None, Query(alias="to", description="Events starting on this day or earlier")
    ] = None,
) -> list[TimelineEventOut]:
    """Events overlapping [from, to], in date order, each with its sources (and the titles
    of the documents cited), its low/best/high figures and its effects on provisions."""
    events = service.timeline(db=db, since=since, until=until)
    titles = service.source_catalogue(db=db)
    return [TimelineEventOut.of(e, titles) for e in events]
