"""Audit entries: who did what to which record, each hashing the one before it."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

__all__ = ["GENESIS_HASH", "AuditEntry", "ChainBreak", "entry_hash", "find_break"]

GENESIS_HASH = "0" * 64


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One append-only line of the audit log."""

    seq: int
    at: datetime
    actor: str
    action: str
    entity: str
    entity_id: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    prev_hash: str
    hash: str


@dataclass(frozen=True, slots=True)
class ChainBreak:
    """The first entry whose hash does not match its content or its predecessor."""

    seq: int
    reason: str


def canonical(value: Any) -> str:
    """JSON with sorted keys and no spaces, so equal content hashes equally everywhere."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def entry_hash(
    *,
    seq: int,
    at: datetime,
    actor: str,
    action: str,
    entity: str,
    entity_id: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    prev_hash: str,
) -> str:
    """SHA-256 over the entry's content and the previous entry's hash."""
    body = canonical(
        {
            "seq": seq,
            "at": at.isoformat(),
            "actor": actor,
            "action": action,
            "entity": entity,
            "entity_id": entity_id,
            "before": before,
            "after": after,
            "prev": prev_hash,
        }
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def find_break(entries: Iterable[AuditEntry]) -> ChainBreak | None:
    """Walk the log in order and return the first broken entry, or None if the chain holds."""
    prev = GENESIS_HASH
    expected_seq = 1
    for e in entries:
        if e.seq != expected_seq:
            return ChainBreak(e.seq, f"sequence jumps from {expected_seq - 1} to {e.seq}")
        if e.prev_hash != prev:
            return ChainBreak(e.seq, "prev_hash does not match the hash of the entry before")
        recomputed = entry_hash(
            seq=e.seq,
            at=e.at,
            actor=e.actor,
            action=e.action,
            entity=e.entity,
            entity_id=e.entity_id,
            before=e.before,
            after=e.after,
            prev_hash=e.prev_hash,
        )
        if recomputed != e.hash:
            return ChainBreak(e.seq, "content does not match its hash (the row was changed)")
        prev = e.hash
        expected_seq += 1
    return None
