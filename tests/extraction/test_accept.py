"""Accepting an extraction on both backends: every event of a text is filed, linked and
given the text as evidence in one transaction, so a failure on the last event leaves
nothing written (no report, audit entry, incident, evidence row or file)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from ceasefire.config import Settings
from ceasefire.extraction import Extraction, extract
from ceasefire.extraction.proposals import external_id
from ceasefire.services import scenarios
from ceasefire.services.database import Database
from ceasefire.services.extraction import accept_extraction
from ceasefire.storage.schema import audit_log, evidence_files, evidence_links, incidents, reports

TEXT = (
    "On 12 July 2020 Armenian armed forces shelled Aghdam village of the Tovuz district with"
    " mortars. On 16 July 2020 Armenian units fired at Dondar Gushchu in the Tovuz district"
    " with small arms. Two Azerbaijani servicemen were wounded."
)
NOW = datetime(2020, 7, 17, 9, 0, tzinfo=UTC)
TABLES = (reports, audit_log, incidents, evidence_links, evidence_files)


@pytest.fixture
def loaded_db(database_url: str, tmp_path: Path) -> Iterator[tuple[Database, Settings]]:
    settings = Settings(database_url=database_url, actor="tester", evidence_dir=tmp_path / "ev")
    db = Database(settings)
    scenarios.load(db=db, name="nagorno-karabakh-2020", actor="tester")
    yield db, settings
    _drop_refusal(db)
    db.dispose()


def two_events() -> Extraction:
    extraction = extract(TEXT, published=date(2020, 7, 17))
    assert len(extraction.events) == 2
    return extraction


def counts(db: Database) -> dict[str, int]:
    with db.read() as conn:
        return {
            t.name: int(conn.execute(select(func.count()).select_from(t)).scalar_one())
            for t in TABLES
        }


def _refuse_report(db: Database, key: str) -> None:
    """A trigger that makes the database refuse the report filed under `key`."""
    with db.transaction() as conn:
        if conn.dialect.name == "sqlite":
            conn.execute(
                text(
                    "CREATE TRIGGER refuse_report BEFORE INSERT ON reports"
                    f" WHEN NEW.external_id = '{key}' BEGIN SELECT RAISE(ABORT, 'refused'); END"
                )
            )
            return
        conn.execute(
            text(
                "CREATE FUNCTION refuse_report() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                f" IF NEW.external_id = '{key}' THEN RAISE EXCEPTION 'refused'; END IF;"
                " RETURN NEW; END $$"
            )
        )
        conn.execute(
            text(
                "CREATE TRIGGER refuse_report BEFORE INSERT ON reports"
                " FOR EACH ROW EXECUTE FUNCTION refuse_report()"
            )
        )


def _drop_refusal(db: Database) -> None:
    with db.transaction() as conn:
        if conn.dialect.name == "sqlite":
            conn.execute(text("DROP TRIGGER IF EXISTS refuse_report"))
        else:
            conn.execute(text("DROP TRIGGER IF EXISTS refuse_report ON reports"))
            conn.execute(text("DROP FUNCTION IF EXISTS refuse_report()"))


def test_every_event_is_filed_linked_and_given_the_text(
    loaded_db: tuple[Database, Settings],
) -> None:
    db, settings = loaded_db
    before = counts(db)
    accepted = accept_extraction(
        db=db, settings=settings, extraction=two_events(), source="mod-az", actor="analyst1",
        file_name="statement.txt", now=NOW,
    )  # fmt: skip
    assert [a.number for a in accepted] == [1, 2]
    assert all(a.evidence_attached and not a.filed.duplicate for a in accepted)
    assert all(a.filed.incident_id is not None for a in accepted)
    after = counts(db)
    assert after["reports"] - before["reports"] == 2
    assert after["evidence_links"] - before["evidence_links"] == 2
    assert after["evidence_files"] - before["evidence_files"] == 1
    again = accept_extraction(
        db=db, settings=settings, extraction=two_events(), source="mod-az", actor="analyst1",
        file_name="statement.txt", now=NOW,
    )  # fmt: skip
    assert [a.filed.report.id for a in again] == [a.filed.report.id for a in accepted]
    assert all(a.filed.duplicate and not a.evidence_attached for a in again)
    assert counts(db) == after


def test_a_failure_on_the_last_event_writes_nothing(
    loaded_db: tuple[Database, Settings],
) -> None:
    db, settings = loaded_db
    _refuse_report(db, external_id(TEXT, 2))
    before = counts(db)
    with pytest.raises(DBAPIError, match="refused"):
        accept_extraction(
            db=db, settings=settings, extraction=two_events(), source="mod-az",
            actor="analyst1", file_name="statement.txt", now=NOW,
        )  # fmt: skip
    assert counts(db) == before
    with db.read() as conn:
        first = conn.execute(
            select(reports.c.id).where(reports.c.external_id == external_id(TEXT, 1))
        ).first()
    assert first is None
    stored = [p for p in settings.evidence_dir.rglob("*") if p.is_file()]
    assert stored == [], "the text's file is removed with the transaction"
    _drop_refusal(db)
    accepted = accept_extraction(
        db=db, settings=settings, extraction=two_events(), source="mod-az", actor="analyst1",
        file_name="statement.txt", now=NOW,
    )  # fmt: skip
    assert [a.filed.duplicate for a in accepted] == [False, False]


def test_a_refused_reference_writes_nothing(loaded_db: tuple[Database, Settings]) -> None:
    db, settings = loaded_db
    before = counts(db)
    with pytest.raises(Exception, match="no-such-source"):
        accept_extraction(
            db=db, settings=settings, extraction=two_events(), source="no-such-source",
            actor="analyst1", file_name="statement.txt", now=NOW,
        )  # fmt: skip
    assert counts(db) == before
