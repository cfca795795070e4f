"""ACLED import and export on both backends: quirks accepted, idempotent, round trip,
every bad input named, whole or nothing."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text
from tests.importers.conftest import QUIRKS, acled_row, write_acled

from ceasefire.errors import InputFileError
from ceasefire.importers.acled import normalise_actor_type
from ceasefire.importers.formats import ACLED_COLUMNS
from ceasefire.services.audit import verify_audit
from ceasefire.services.database import Database
from ceasefire.services.exports import export_reports
from ceasefire.services.imports import import_file
from ceasefire.storage.repositories.reports import ReportFilter, iter_reports
from ceasefire.storage.schema import imports, incidents, reports


def counts(db: Database) -> tuple[int, int, int, int]:
    with db.read() as conn:
        tables = (reports, incidents, imports)
        numbers = [conn.execute(select(func.count()).select_from(t)).scalar_one() for t in tables]
    return (*numbers, verify_audit(db=db).checked)  # type: ignore[return-value]


def stored(db: Database) -> list[Any]:
    with db.read() as conn:
        return [s for batch in iter_reports(conn, ReportFilter()) for s in batch]


def test_quirky_export_is_accepted(scenario_db: Database) -> None:
    outcome = import_file(db=scenario_db, path=QUIRKS, fmt="acled", actor="t")
    assert (outcome.rows_read, outcome.rows_added, outcome.rows_skipped) == (4, 4, 0)
    by_key = {s.provenance.original_id: s for s in stored(scenario_db)}
    first = by_key["TST0001"]
    assert first.report.casualties.killed_unknown.best == 2  # written "2.0"
    assert first.provenance.extra["inter2"] == "State forces"  # written "1.0"
    assert first.provenance.extra["source"] == "Ministry of Defence of Armenia; Armenpress"
    assert [a.party_id for a in first.report.actors] == ["AZ", "AM"]
    assert first.provenance.row == 2
    assert "district-aghdam" in first.enrichment.zone_ids
    assert first.enrichment.district == "Aghdam"
    assert first.enrichment.distance_to_line_of_contact_m is not None
    assert "line break" in by_key["TST0002"].report.text
    assert by_key["TST0003"].report.occurred.start.date().isoformat() == "2020-11-17"
    assert by_key["TST0003"].provenance.row == 5  # the quoted line break moved it down
    assert "civilian_targeting" not in by_key["TST0001"].provenance.extra
    assert all(s.incident_id is not None for s in by_key.values())  # linked on intake


def test_reimport_adds_nothing(scenario_db: Database) -> None:
    import_file(db=scenario_db, path=QUIRKS, fmt="acled", actor="t")
    before = counts(scenario_db)
    again = import_file(db=scenario_db, path=QUIRKS, fmt="acled", actor="t")
    assert (again.rows_added, again.rows_skipped) == (0, 4)
    assert counts(scenario_db)[:2] == before[:2]


def _normalised(row: dict[str, str]) -> dict[str, Any]:
    values: dict[str, Any] = dict(row)
    for column in ("latitude", "longitude"):
        values[column] = float(row[column])
    for column in ("fatalities", "time_precision", "geo_precision"):
        values[column] = int(float(row[column]))
    for column in ("inter1", "inter2"):
        values[column] = normalise_actor_type(row[column])
    return values


def test_acled_round_trip(scenario_db: Database, tmp_path: Path) -> None:
    import_file(db=scenario_db, path=QUIRKS, fmt="acled", actor="t")
    out = tmp_path / "export.csv"
    assert export_reports(db=scenario_db, fmt="acled", out=out) == 4
    with (
        QUIRKS.open(encoding="utf-8-sig", newline="") as a,
        out.open(encoding="utf-8", newline="") as b,
    ):
        original = {r["event_id_cnty"]: r for r in csv.DictReader(a)}
        exported = {r["event_id_cnty"]: r for r in csv.DictReader(b)}
    assert sorted(exported) == ["TST0001", "TST0002", "TST0003", "TST0004"]
    for key, row in original.items():
        mine, theirs = _normalised(exported[key]), _normalised(row)
        theirs["event_date"] = mine["event_date"] if key == "TST0003" else theirs["event_date"]
        assert mine == theirs, key
    assert exported["TST0003"]["event_date"] == "2020-11-17"  # was "17 November 2020"


def test_exported_file_imports_to_the_same_reports(scenario_db: Database, tmp_path: Path) -> None:
    import_file(db=scenario_db, path=QUIRKS, fmt="acled", actor="t")
    out = tmp_path / "export.csv"
    export_reports(db=scenario_db, fmt="acled", out=out)
    first = {s.report.external_id: s for s in stored(scenario_db)}
    with scenario_db.transaction() as conn:
        conn.execute(text("DELETE FROM incident_reports"))
        conn.execute(text("DELETE FROM incidents"))
        conn.execute(reports.delete())
    import_file(db=scenario_db, path=out, fmt="acled", actor="t")
    second = {s.report.external_id: s for s in stored(scenario_db)}
    assert set(first) == set(second)
    for key, a in first.items():
        b = second[key]
        fields = (
            "occurred",
            "location",
            "event_type",
            "sub_event_type",
            "actors",
            "casualties",
            "text",
        )
        assert [getattr(a.report, f) for f in fields] == [getattr(b.report, f) for f in fields]
        assert a.provenance.extra == b.provenance.extra
        assert a.enrichment == b.enrichment


BAD_CASES = [
    ("missing column", {"drop": "fatalities"}, 1, "fatalities", "missing column"),
    ("latitude", {"latitude": "91.5"}, 3, "latitude", "between -90 and 90"),
    ("date", {"event_date": "2021-02-30"}, 3, "event_date", "date"),
    ("fatalities", {"fatalities": "several"}, 3, "fatalities", "whole number"),
    ("negative", {"fatalities": "-1"}, 3, "fatalities", "whole number"),
    ("event type", {"event_type": "Skirmish"}, 3, "event_type", "must be one of"),
    ("precision", {"time_precision": "7"}, 3, "time_precision", "must be 1-3"),
]


@pytest.mark.parametrize(("case", "change", "line", "column", "reason"), BAD_CASES)
def test_bad_row_names_line_and_column_and_writes_nothing(
    scenario_db: Database,
    tmp_path: Path,
    case: str,
    change: dict[str, str],
    line: int,
    column: str,
    reason: str,
) -> None:
    columns = ACLED_COLUMNS
    if "drop" in change:
        columns = tuple(c for c in ACLED_COLUMNS if c != change["drop"])
        rows = [acled_row(i) for i in range(3)]
    else:
        rows = [acled_row(0), acled_row(1, **change), acled_row(2)]
    path = write_acled(tmp_path / "bad.csv", rows, columns)
    before = counts(scenario_db)
    with pytest.raises(InputFileError) as info:
        import_file(db=scenario_db, path=path, fmt="acled", actor="t")
    error = info.value
    assert (error.file, error.line, error.column) == (str(path), line, column), case
    assert reason in str(error)
    assert counts(scenario_db) == before


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        ("\ufeffevent_id_cnty\n".encode("utf-16"), "UTF-16"),
        (",".join(ACLED_COLUMNS).encode() + b"\nTST1,Bak\xfc" + b"\n", "not UTF-8"),
    ],
)
def test_bad_files(scenario_db: Database, tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(InputFileError, match=reason):
        import_file(db=scenario_db, path=path, fmt="acled", actor="t")
    assert counts(scenario_db)[0] == 0


def test_dry_run_lists_every_problem_and_writes_nothing(
    scenario_db: Database, tmp_path: Path
) -> None:
    rows = [acled_row(0), acled_row(1, latitude="95"), acled_row(2, fatalities="x"), acled_row(3)]
    path = write_acled(tmp_path / "mixed.csv", rows)
    before = counts(scenario_db)
    outcome = import_file(db=scenario_db, path=path, fmt="acled", actor="t", dry_run=True)
    assert [(p.line, p.column) for p in outcome.problems] == [(3, "latitude"), (4, "fatalities")]
    assert (outcome.rows_read, outcome.rows_added) == (2, 2)
    assert counts(scenario_db) == before
