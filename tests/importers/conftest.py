"""Helpers for importer tests: a loaded database and ACLED files written on the fly."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

import pytest
from sqlalchemy import func, select

from ceasefire.domain.sources import Source, SourceKind
from ceasefire.importers.formats import ACLED_COLUMNS
from ceasefire.services.database import Database
from ceasefire.services.scenarios import load
from ceasefire.services.sources import add_source
from ceasefire.storage.repositories.reports import ReportFilter, StoredReport, iter_reports
from ceasefire.storage.schema import imports, incidents, reports

DATA = Path(__file__).resolve().parent.parent / "data"
QUIRKS = DATA / "acled_quirks.csv"


@pytest.fixture
def scenario_db(db: Database) -> Database:
    """The fresh database with the reference scenario loaded."""
    load(db=db, name="nagorno-karabakh-2020", actor="tester")
    return db


def acled_row(i: int, **overrides: str) -> dict[str, str]:
    """A valid ACLED row number i (test data, not a real event)."""
    row = dict.fromkeys(ACLED_COLUMNS, "")
    row.update(
        event_id_cnty=f"TST{i:07d}", event_date="2021-05-12", year="2021", time_precision="1",
        disorder_type="Political violence", event_type="Explosions/Remote violence",
        sub_event_type="Shelling/artillery/missile attack",
        actor1="Military Forces of Azerbaijan (2003-)", inter1="State forces",
        actor2="Military Forces of Armenia (2018-)", inter2="State forces",
        interaction="State forces-State forces", iso="31", region="Caucasus and Central Asia",
        country="Azerbaijan", admin1="Kalbajar", location="Kalbajar",
        latitude=f"{40.0 + (i % 100) / 1000:.4f}", longitude=f"{46.0 + (i % 37) / 1000:.4f}",
        geo_precision="1", source="Test outlet", source_scale="National",
        notes=f"Test row {i}.", fatalities=str(i % 3), timestamp="1620800000",
    )  # fmt: skip
    row.update(overrides)
    return row


def write_acled(
    path: Path, rows: list[dict[str, str]], columns: tuple[str, ...] = ACLED_COLUMNS
) -> Path:
    """Write rows as an ACLED CSV file."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(columns), extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


UCDP_SAMPLE = DATA / "ucdp_sample.csv"


def read_rows(path: Path) -> list[dict[str, str]]:
    """The rows of a CSV file by column name, exactly as written."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def write_rows(path: Path, rows: list[dict[str, str]], columns: Sequence[str]) -> Path:
    """Write rows with exactly `columns` as a CSV file."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(columns), extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def register_source(db: Database, source_id: str = "test-ngo") -> str:
    """Register a neutral NGO source for files that have no dataset source of their own."""
    add_source(db=db, source=Source(source_id, "Test NGO", SourceKind.NGO), actor="tester")
    return source_id


def stored_reports(db: Database) -> list[StoredReport]:
    """Every stored report with its provenance and enrichment."""
    with db.read() as conn:
        return [s for batch in iter_reports(conn, ReportFilter()) for s in batch]


def row_counts(db: Database) -> tuple[int, int, int]:
    """How many reports, incidents and imports are stored."""
    with db.read() as conn:
        numbers = [
            conn.execute(select(func.count()).select_from(t)).scalar_one()
            for t in (reports, incidents, imports)
        ]
    return numbers[0], numbers[1], numbers[2]
