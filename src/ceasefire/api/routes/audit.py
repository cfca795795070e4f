"""The audit log (admins only: it names every actor and holds records' content)."""

from __future__ import annotations

from datetime import time
from typing import Annotated

from fastapi import APIRouter, Query

from ceasefire.api.deps import DbDep, Principal, require_role
from ceasefire.api.schemas.agreements import INSTANT_HELP, parse_instant
from ceasefire.api.schemas.audit import AuditCheckOut, AuditEntryOut, AuditPage
from ceasefire.api.schemas.common import decode_cursor, encode_cursor
from ceasefire.domain.access import Role
from ceasefire.errors import ValidationError
from ceasefire.services import audit as service
from ceasefire.services.audit import MAX_PAGE, AuditFilter

__all__ = ["router"]

router = APIRouter(tags=["audit"])
AdminDep = Annotated[Principal, require_role(Role.ADMIN)]
END_OF_DAY = time(23, 59, 59, 999_999)
Filter = Annotated[str | None, Query(max_length=200, pattern=r"^[^\x00]*$")]
MAX_SEQ = 2**31 - 1


@router.get("/audit", summary="Audit entries, newest first (admins)")
async def list_entries(
    principal: AdminDep,
    db: DbDep,
    entity: Filter = None,
    entity_id: Filter = None,
    actor: Filter = None,
    action: Filter = None,
    since: Annotated[
        str | None, Query(description=f"At or after: {INSTANT_HELP}; a date from 00:00 UTC")
    ] = None,
    until: Annotated[
        str | None, Query(description=f"At or before: {INSTANT_HELP}; a date to its end")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
) -> AuditPage:
    """Entries matching every filter given (exact matches on entity, entity id, actor and
    action, e.g. `entity=source&action=source.add`), newest first, `limit` to a page; pass
    `next_cursor` back as `cursor` for the next page."""
    before = None
    if cursor is not None:
        (before,) = decode_cursor(cursor, 1)
        if not isinstance(before, int) or isinstance(before, bool) or not 0 < before <= MAX_SEQ:
            raise ValidationError("cursor", cursor, "is not a cursor this list gave out")
    flt = AuditFilter(
        entity=entity,
        entity_id=entity_id,
        actor=actor,
        action=action,
        since=None if since is None else parse_instant(since, "since", time(0)),
        until=None if until is None else parse_instant(until, "until", END_OF_DAY),
    )
    found = service.list_entries(
        db=db, viewer=principal.viewer, flt=flt, limit=limit, before_seq=before
    )
    return AuditPage(
        items=[AuditEntryOut.of(e) for e in found.entries],
        next_cursor=encode_cursor(found.entries[-1].seq) if found.more else None,
    )


# A plain `def`: the check reads and hashes the whole log, which grows with every write;
# FastAPI runs it in its thread pool so other requests are not held up.
@router.get("/audit/verify", summary="Check the audit log's hash chain (admins)")
def verify(principal: AdminDep, db: DbDep) -> AuditCheckOut:
    """Recompute every entry's hash in order and name the first entry that does not match
    its content or its predecessor (`intact: false`); the answer is 200 either way."""
    return AuditCheckOut.of(service.verify_audit(db=db, viewer=principal.viewer))
