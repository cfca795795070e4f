"""Concurrent writers in one process, on both backends: every write transaction lands, and
one that fails leaves the way free for the next (on SQLite they take turns on a lock in the
process before SQLite's own, see storage/engine.py)."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from ceasefire.services.database import Database
from ceasefire.storage.repositories import audit
from ceasefire.storage.schema import audit_log

WRITERS = 8
EACH = 15


def _append(db: Database, writer: int) -> None:
    for k in range(EACH):
        with db.transaction() as conn:
            audit.append(
                conn, actor=f"writer-{writer}", action="test.write", entity="test",
                entity_id=f"{writer}-{k}",
            )  # fmt: skip


def _count(db: Database) -> int:
    with db.read() as conn:
        return int(conn.execute(select(func.count()).select_from(audit_log)).scalar_one())


def test_concurrent_write_transactions_all_land(db: Database) -> None:
    with ThreadPoolExecutor(WRITERS) as pool:
        for done in [pool.submit(_append, db, w) for w in range(WRITERS)]:
            done.result()
    assert _count(db) == WRITERS * EACH
    with db.read() as conn:
        seqs = list(conn.execute(select(audit_log.c.seq).order_by(audit_log.c.seq)).scalars())
    assert seqs == list(range(1, WRITERS * EACH + 1))


def test_a_failed_write_does_not_hold_up_the_next(db: Database) -> None:
    with pytest.raises(RuntimeError), db.transaction() as conn:
        audit.append(conn, actor="t", action="test.write", entity="test", entity_id="gone")
        raise RuntimeError("rolled back")
    started = time.monotonic()
    with ThreadPoolExecutor(1) as pool:
        pool.submit(_append, db, 0).result()
    assert time.monotonic() - started < 10
    assert _count(db) == EACH
