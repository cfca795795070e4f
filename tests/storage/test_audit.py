"""The audit log is append-only and `audit verify` finds rows changed behind its back."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from ceasefire.scenarios.checkpoints import load_checkpoints
from ceasefire.scenarios.outlets import load_outlets
from ceasefire.services.audit import verify_audit
from ceasefire.services.database import Database
from ceasefire.services.reports import file_report
from ceasefire.services.scenarios import load
from ceasefire.services.sources import add_source
from ceasefire.testing import report_data, sample_source


def fill(db: Database) -> None:
    load(db=db, name="nagorno-karabakh-2020", actor="tester")
    add_source(db=db, source=sample_source(), actor="tester")
    for i in range(3):
        file_report(db=db, data=report_data(text=f"report {i}"), actor="tester")


def test_every_service_write_is_audited_and_chain_holds(db: Database) -> None:
    fill(db)
    check = verify_audit(db=db)
    assert check.broken is None
    outlets = len(load_outlets("nagorno-karabakh-2020"))
    checkpoints = len(load_checkpoints("nagorno-karabakh-2020"))
    # the scenario, its outlets and checkpoints, a source, 3 x (report + its incident's
    # linking): the three reports come from one observation post, so they are three events
    assert check.checked == 1 + outlets + checkpoints + 1 + 3 * 2


def test_update_and_delete_are_refused(db: Database) -> None:
    fill(db)
    for statement in (
        "UPDATE audit_log SET actor = 'mallory' WHERE seq = 2",
        "DELETE FROM audit_log",
    ):
        with pytest.raises(DBAPIError, match="append-only"), db.engine.begin() as conn:
            conn.execute(text(statement))


def _tamper(db: Database, statement: str) -> None:
    with db.engine.begin() as conn:
        if db.engine.dialect.name == "postgresql":
            conn.execute(text("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only"))
            conn.execute(text(statement))
            conn.execute(text("ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only"))
        else:
            conn.execute(text("DROP TRIGGER audit_log_no_update"))
            conn.execute(text("DROP TRIGGER audit_log_no_delete"))
            conn.execute(text(statement))


def test_changed_row_is_named(db: Database) -> None:
    fill(db)
    _tamper(db, "UPDATE audit_log SET actor = 'mallory' WHERE seq = 4")
    check = verify_audit(db=db)
    assert check.broken is not None
    assert check.broken.seq == 4


def test_deleted_row_is_noticed(db: Database) -> None:
    fill(db)
    _tamper(db, "DELETE FROM audit_log WHERE seq = 3")
    check = verify_audit(db=db)
    assert check.broken is not None
    assert check.broken.seq == 4
