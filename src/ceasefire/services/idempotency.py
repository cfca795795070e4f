"""Idempotent writes: a key claimed inside the write's own transaction, the answer stored
after it, and the stored answer given again to a retry of the same request."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.exc import IntegrityError

from ceasefire.errors import ConflictError
from ceasefire.services.clock import utc_now
from ceasefire.services.database import Database
from ceasefire.services.group_commit import GroupCommit
from ceasefire.storage.repositories import idempotency as repo
from ceasefire.storage.repositories.idempotency import KeyedRequest

__all__ = [
    "KEY_LIFETIME",
    "Answer",
    "AnswerRecorder",
    "KeyedRequest",
    "claim_step",
    "lookup",
    "record_answer",
    "record_answers",
]

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


@dataclass(frozen=True, slots=True)
class Answer:
    """The answer given to a request that claimed `key`."""

    principal: str
    key: str
    status_code: int
    response: dict[str, Any]


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
    answer = Answer(principal, key, status_code, response)
    return record_answers(db=db, answers=[answer], now=now)[0]


def record_answers(
    *, db: Database, answers: Sequence[Answer], now: datetime | None = None
) -> list[bool]:
    """`record_answer` for several answers in one transaction (one commit)."""
    when = utc_now(now)
    with db.transaction() as conn:
        stored = [
            repo.complete(conn, a.principal, a.key, a.status_code, a.response, when) > 0
            for a in answers
        ]
        repo.purge_before(conn, when - KEY_LIFETIME)
    return stored


class AnswerRecorder:
    """The answers of concurrent keyed requests stored together (`services.group_commit`):
    each request is answered once its answer is committed, as with `record_answer`, but
    many requests share one commit."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._group: GroupCommit[Answer, bool] = GroupCommit(
            self._record, name="ceasefire-answer-recorder"
        )

    def submit(self, answer: Answer) -> Future[bool]:
        """Queue an answer; the future holds `record_answer`'s result once committed."""
        return self._group.submit(answer)

    def stop(self, timeout: float = 30.0) -> None:
        """Record what is queued, then end the thread."""
        self._group.stop(timeout)

    def _record(self, answers: Sequence[Answer]) -> list[bool | Exception]:
        return list(record_answers(db=self._db, answers=answers))
