"""Idempotency keys of API writes: the request each key was first used for and the answer
given, so a retry gets the same answer instead of a second write."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, select

from ceasefire.storage.schema import idempotency_keys

__all__ = ["KeyedRequest", "claim", "complete", "find", "purge_before"]


@dataclass(frozen=True, slots=True)
class KeyedRequest:
    """A request made with an Idempotency-Key, and its answer once there is one."""

    principal: str
    key: str
    method: str
    path: str
    request_sha256: str
    created_at: datetime
    status_code: int | None = None
    response: dict[str, Any] | None = None


def find(conn: Connection, principal: str, key: str) -> KeyedRequest | None:
    """The request `principal` made with `key`, or None."""
    row = conn.execute(
        select(idempotency_keys).where(
            idempotency_keys.c.principal == principal, idempotency_keys.c.key == key
        )
    ).first()
    if row is None:
        return None
    m = row._mapping
    return KeyedRequest(
        principal=m["principal"],
        key=m["key"],
        method=m["method"],
        path=m["path"],
        request_sha256=m["request_sha256"],
        created_at=m["created_at"],
        status_code=m["status_code"],
        response=m["response"],
    )


def claim(conn: Connection, request: KeyedRequest) -> None:
    """Record a key as taken by a request without an answer yet (inside the write's own
    transaction, so the key and the write commit or roll back together)."""
    conn.execute(
        idempotency_keys.insert().values(
            principal=request.principal,
            key=request.key,
            method=request.method,
            path=request.path,
            request_sha256=request.request_sha256,
            created_at=request.created_at,
        )
    )


def complete(
    conn: Connection,
    principal: str,
    key: str,
    status_code: int,
    response: dict[str, Any],
    at: datetime,
) -> int:
    """Store the answer given to a claimed key that has none yet; returns how many rows
    changed (0 when the write rolled back and took the claim with it, or the key already
    has its answer)."""
    result = conn.execute(
        idempotency_keys.update()
        .where(
            idempotency_keys.c.principal == principal,
            idempotency_keys.c.key == key,
            idempotency_keys.c.status_code.is_(None),
        )
        .values(status_code=status_code, response=response, completed_at=at)
    )
    return result.rowcount


def purge_before(conn: Connection, cutoff: datetime) -> int:
    """Forget keys first used before `cutoff`."""
    result = conn.execute(delete(idempotency_keys).where(idempotency_keys.c.created_at < cutoff))
    return result.rowcount
