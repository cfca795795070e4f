"""Idempotent writes: a key claimed inside the write's own transaction, the answer stored
after it, and the stored answer given again to a retry of the same request."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.exc import IntegrityError

from ceasefire.errors import ConflictError
from ceasefire.services.clock import utc_now
from ceasefire.services.database import Database
from ceasefire.storage.repositories import idempotency as repo
from ceasefire.storage.repositories.idempotency import KeyedRequest

__all__ = ["KEY_LIFETIME", "KeyedRequest", "claim_step", "lookup", "record_answer"]

KEY_LIFETIME = timedelta(hours=24)
"""How long a key is remembered; a retry after that is a new request."""


def lookup(*, db: Database, principal: str, key: str) -> KeyedRequest | None:
    """The earlier request made with this key by this caller, if any."""
    with db.read() as conn:
        return repo.find(conn, principal, key)


def claim_step(request: KeyedRequest) -> Callable[[Connection], None]:
    """The step that claims the key in the write's transaction (see `on_first_write`); a key
    claimed meanwhile by a concurrent request is a ConflictError and the write rolls back."""

    def claim(conn: Connection) -> None:
        try:
            with conn.begin_nested():
                repo.claim(conn, request)
        except IntegrityError:
            raise ConflictError(
                f"Idempotency-Key {request.key!r} is in use by a request still being processed"
            ) from None

    return claim


def record_answer(
    *,
    db: Database,
    principal: str,
    key: str,
    status_code: int,
    response: dict[str, Any],
    now: datetime | None = None,
) -> bool:
    """Store the answer to a claimed key and forget keys older than KEY_LIFETIME; False when
    the claim is gone (its write rolled back)."""
    when = utc_now(now)
    with db.transaction() as conn:
        stored = repo.complete(conn, principal, key, status_code, response, when)
        repo.purge_before(conn, when - KEY_LIFETIME)
    return stored > 0
