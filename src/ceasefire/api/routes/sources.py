"""Sources of reports: the mission reads them, admins register them (a list of sources
reveals the mission's network, so party liaisons and the public do not read it)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, status

from ceasefire.api.deps import DbDep, Principal, require_role
from ceasefire.api.schemas.sources import SourceIn, SourceOut
from ceasefire.domain.access import Role
from ceasefire.services import sources as service

__all__ = ["router"]

router = APIRouter(tags=["sources"])
MissionDep = Annotated[
    Principal, require_role(Role.MONITOR, Role.ANALYST, Role.HEAD_OF_MISSION, Role.ADMIN)
]
AdminDep = Annotated[Principal, require_role(Role.ADMIN)]


@router.get("/sources", summary="List the sources (mission staff and monitors)")
async def list_sources(principal: MissionDep, db: DbDep) -> list[SourceOut]:
    """Every registered source with its kind, affiliation, party or monitoring nation and
    reliability grade (A-F), by id."""
    return [SourceOut.of(s) for s in service.list_sources(db=db, viewer=principal.viewer)]


@router.post("/sources", status_code=status.HTTP_201_CREATED, summary="Register a source (admins)")
def add_source(body: SourceIn, principal: AdminDep, db: DbDep) -> SourceOut:
    """A new source; its party, if given, must be one of the loaded parties (422 naming
    `party` otherwise) and its id must be new (409)."""
    added = service.add_source(
        db=db, source=body.to_source(), actor=principal.actor, viewer=principal.viewer
    )
    return SourceOut.of(added)
