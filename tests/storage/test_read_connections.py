"""Read connections on both backends: a one-statement read (outside a transaction on
PostgreSQL) reads what is committed, and the pooled connection it used goes back to
transactions: a failed write transaction afterwards still leaves nothing behind."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text

from ceasefire.services.database import Database
from ceasefire.storage.repositories import audit
from ceasefire.storage.schema import audit_log


def _count(db: Database, *, one_statement: bool) -> int:
    with db.read(one_statement=one_statement) as conn:
        return int(conn.execute(select(func.count()).select_from(audit_log)).scalar_one())


def test_one_statement_reads_see_commits_and_leave_transactions_intact(db: Database) -> None:
    with db.transaction() as conn:
        audit.append(conn, actor="tester", action="test.write", entity="test", entity_id="1")
    assert _count(db, one_statement=True) == _count(db, one_statement=False) == 1
    # More rounds than the pool holds connections, so every pooled connection has served
    # a one-statement read before a write transaction fails on it.
    for k in range(12):
        assert _count(db, one_statement=True) == 1
        with pytest.raises(RuntimeError), db.transaction() as conn:
            audit.append(
                conn, actor="tester", action="test.write", entity="test", entity_id=f"x{k}"
            )
            raise RuntimeError("abandon the transaction")
        assert _count(db, one_statement=False) == 1


def test_a_one_statement_read_runs_outside_a_transaction_on_postgresql(db: Database) -> None:
    with db.read(one_statement=True) as conn:
        if conn.dialect.name != "postgresql":
            pytest.skip("SQLite reads are unchanged")
        # now() is the start of the transaction; outside one, each statement's own time.
        first = conn.execute(text("SELECT now()")).scalar_one()
        conn.execute(text("SELECT pg_sleep(0.01)"))
        second = conn.execute(text("SELECT now()")).scalar_one()
    assert second > first
    with db.read() as conn:
        first = conn.execute(text("SELECT now()")).scalar_one()
        conn.execute(text("SELECT pg_sleep(0.01)"))
        assert conn.execute(text("SELECT now()")).scalar_one() == first
