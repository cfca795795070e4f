"""Bodies of the audit log: its entries and the check of its hash chain."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from ceasefire.api.schemas.common import Page
from ceasefire.domain.audit import AuditEntry
from ceasefire.services.audit import AuditCheck

__all__ = ["AuditCheckOut", "AuditEntryOut", "AuditPage"]


class AuditEntryOut(BaseModel):
    """Who did what, when, to which record, with the record before and after; `hash`
    covers the entry and `prev_hash`, so a changed or removed entry shows."""

    seq: int = Field(examples=[42])
    at: datetime
    actor: str = Field(examples=["analyst"])
    action: str = Field(examples=["source.add"])
    entity: str = Field(examples=["source"])
    entity_id: str = Field(examples=["jmc-op"])
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    prev_hash: str = Field(examples=["9f2c" + "0" * 60])
    hash: str = Field(examples=["3ab1" + "0" * 60])

    @classmethod
    def of(cls, e: AuditEntry) -> AuditEntryOut:
        """The body for an entry."""
        return cls(
            seq=e.seq,
            at=e.at,
            actor=e.actor,
            action=e.action,
            entity=e.entity,
            entity_id=e.entity_id,
            before=e.before,
            after=e.after,
            prev_hash=e.prev_hash,
            hash=e.hash,
        )


AuditPage = Page[AuditEntryOut]


class BreakOut(BaseModel):
    """The first entry whose hash does not match its content or its predecessor."""

    seq: int = Field(examples=[17])
    reason: str = Field(examples=["content does not match its hash (the row was changed)"])


class AuditCheckOut(BaseModel):
    """The hash chain recomputed from the first entry to the last."""

    checked: int = Field(examples=[1204], description="Entries read")
    intact: bool
    broken: BreakOut | None = Field(description="The first broken entry; None when intact")

    @classmethod
    def of(cls, c: AuditCheck) -> AuditCheckOut:
        """The body for a check."""
        broken = None if c.broken is None else BreakOut(seq=c.broken.seq, reason=c.broken.reason)
        return cls(checked=c.checked, intact=broken is None, broken=broken)
