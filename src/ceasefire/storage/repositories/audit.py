"""The audit log: append entries that hash their predecessor, read them back in order."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, func, select, text

from ceasefire.domain.audit import GENESIS_HASH, AuditEntry, entry_hash
from ceasefire.domain.serialise import to_primitive
from ceasefire.storage.schema import audit_log

__all__ = [
    "AuditFilter",
    "Change",
    "append",
    "append_many",
    "entries",
    "latest",
    "latest_seq",
    "search",
]

_COLUMNS = tuple(f.name for f in fields(AuditEntry))
_LOCK_KEY = 72_616_420  # advisory lock id serialising appends on PostgreSQL


@dataclass(frozen=True, slots=True)
class AuditFilter:
    """Which entries to read; None means no restriction. `since`/`until` are inclusive."""

    entity: str | None = None
    entity_id: str | None = None
    actor: str | None = None
    action: str | None = None
    since: datetime | None = None
    until: datetime | None = None


@dataclass(frozen=True, slots=True)
class Change:
    """One entry to append: who did what to which record, and the record before and after."""

    actor: str
    action: str
    entity: str
    entity_id: str
    before: Any = None
    after: Any = None
    at: datetime | None = None


def append(
    conn: Connection,
    *,
    actor: str,
    action: str,
    entity: str,
    entity_id: str,
    before: Any = None,
    after: Any = None,
    at: datetime | None = None,
) -> AuditEntry:
    """Add one entry chained to the last; the caller's transaction decides if it lands."""
    return append_many(conn, [Change(actor, action, entity, entity_id, before, after, at)])[0]


def append_many(conn: Connection, changes: Sequence[Change]) -> list[AuditEntry]:
    """Add entries in order, each chained to the one before, in one statement; the caller's
    transaction decides if they land."""
    if not changes:
        return []
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LOCK_KEY})
    last = latest(conn)
    seq = 0 if last is None else last.seq
    prev = GENESIS_HASH if last is None else last.hash
    added: list[AuditEntry] = []
    for change in changes:
        seq += 1
        content: dict[str, Any] = {
            "seq": seq,
            "at": (change.at or datetime.now(UTC)).astimezone(UTC),
            "actor": change.actor,
            "action": change.action,
            "entity": change.entity,
            "entity_id": change.entity_id,
            "before": to_primitive(change.before),
            "after": to_primitive(change.after),
            "prev_hash": prev,
        }
        digest = entry_hash(**content)
        added.append(AuditEntry(**content, hash=digest))
        prev = digest
    conn.execute(audit_log.insert(), [{f: getattr(e, f) for f in _COLUMNS} for e in added])
    return added


def latest(conn: Connection) -> AuditEntry | None:
    """The newest entry, or None for an empty log."""
    row = conn.execute(select(audit_log).order_by(audit_log.c.seq.desc()).limit(1)).first()
    return None if row is None else _entry(row._mapping)


def latest_seq(conn: Connection) -> int:
    """The number of the newest entry (0 for an empty log): it changes with every change
    to the store."""
    return int(conn.execute(select(func.coalesce(func.max(audit_log.c.seq), 0))).scalar_one())


def entries(conn: Connection, *, batch: int = 1000) -> Iterator[AuditEntry]:
    """Every entry in order, read in batches so a long log streams."""
    after = 0
    while True:
        rows = conn.execute(
            select(audit_log).where(audit_log.c.seq > after).order_by(audit_log.c.seq).limit(batch)
        ).all()
        if not rows:
            return
        for row in rows:
            yield _entry(row._mapping)
        after = rows[-1].seq


def search(
    conn: Connection, flt: AuditFilter, *, limit: int, before_seq: int | None = None
) -> list[AuditEntry]:
    """Up to `limit` matching entries, newest first, all older than `before_seq` if given."""
    query = select(audit_log).order_by(audit_log.c.seq.desc()).limit(limit)
    for column, value in (
        (audit_log.c.entity, flt.entity),
        (audit_log.c.entity_id, flt.entity_id),
        (audit_log.c.actor, flt.actor),
        (audit_log.c.action, flt.action),
    ):
        if value is not None:
            query = query.where(column == value)
    if flt.since is not None:
        query = query.where(audit_log.c.at >= flt.since)
    if flt.until is not None:
        query = query.where(audit_log.c.at <= flt.until)
    if before_seq is not None:
        query = query.where(audit_log.c.seq < before_seq)
    return [_entry(row._mapping) for row in conn.execute(query)]


def _entry(row: Any) -> AuditEntry:
    return AuditEntry(
        seq=row["seq"],
        at=row["at"],
        actor=row["actor"],
        action=row["action"],
        entity=row["entity"],
        entity_id=row["entity_id"],
        before=row["before"],
        after=row["after"],
        prev_hash=row["prev_hash"],
        hash=row["hash"],
    )
