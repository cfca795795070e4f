"""UCDP GED import and export on both backends: deaths by side, codes kept verbatim, exact
round trip, every bad value named, whole or nothing."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from tests.importers.conftest import (
    UCDP_SAMPLE,
    read_rows,
    row_counts,
    stored_reports,
    write_rows,
)

from ceasefire.domain.precision import GeoPrecision, TimePrecision
from ceasefire.domain.report_parsing import parse_report
from ceasefire.domain.reports import ActorSide, CasualtyRange, PartyToll
from ceasefire.errors import InputFileError
from ceasefire.importers.formats import UCDP_COLUMNS
from ceasefire.importers.ucdp import UcdpFormat
from ceasefire.services.database import Database
from ceasefire.services.exports import export_reports
from ceasefire.services.imports import import_file
from ceasefire.testing import report_data

RECEIVED = datetime(2021, 1, 1, tzinfo=UTC)


def test_sample_has_the_49_columns() -> None:
    with UCDP_SAMPLE.open(encoding="utf-8") as handle:
        assert tuple(handle.readline().strip().split(",")) == UCDP_COLUMNS


def test_import_maps_deaths_by_side_and_keeps_the_codes(scenario_db: Database) -> None:
    outcome = import_file(db=scenario_db, path=UCDP_SAMPLE, fmt="ucdp", actor="t")
    assert (outcome.rows_read, outcome.rows_added, outcome.source_id) == (4, 4, "ucdp-ged")
    by_key = {s.provenance.original_id: s for s in stored_reports(scenario_db)}
    first = by_key["900001"].report
    assert first.external_id == "ucdp:900001"
    assert [(a.name, a.side, a.party_id) for a in first.actors] == [
        ("Government of Azerbaijan", ActorSide.INITIATOR, "AZ"),
        ("Government of Armenia", ActorSide.TARGET, "AM"),
    ]
    assert first.casualties.killed_military == CasualtyRange(5, 5, 5)
    assert first.casualties.military_by_party == (
        PartyToll("AZ", killed=CasualtyRange(2, 2, 2)),
        PartyToll("AM", killed=CasualtyRange(3, 3, 3)),
    )
    assert first.casualties.killed_civilian == CasualtyRange(1, 1, 1)
    assert (first.event_type, first.sub_event_type) == ("Battles", "Armed clash")
    assert first.location.place_name == "Talish village"
    assert first.text.startswith("TEST DATA: clash near Talish")
    extra = by_key["900001"].provenance.extra
    assert (extra["best"], extra["low"], extra["high"]) == ("6", "5", "9")
    assert (extra["deaths_a"], extra["deaths_b"]) == ("2", "3")
    assert extra["where_description"] == "near Tal\u0131\u015f (test data)"  # dotless i, s cedilla
    assert "side_a" not in extra and "latitude" not in extra


def test_lossy_codes_are_kept_verbatim(scenario_db: Database) -> None:
    import_file(db=scenario_db, path=UCDP_SAMPLE, fmt="ucdp", actor="t")
    by_key = {s.provenance.original_id: s for s in stored_reports(scenario_db)}
    second = by_key["900002"]
    assert second.report.occurred.precision is TimePrecision.WEEK
    assert second.report.occurred.end == datetime(2020, 10, 6, tzinfo=UTC)
    assert second.report.location.precision is GeoPrecision.REGION
    assert (second.provenance.extra["date_prec"], second.provenance.extra["where_prec"]) == (
        "2",
        "5",
    )
    assert second.report.casualties.party_killed("AZ") == CasualtyRange(4, 4, 4)
    one_sided = by_key["900003"].report
    assert (one_sided.event_type, one_sided.sub_event_type) == (
        "Violence against civilians",
        "Attack",
    )
    assert [a.party_id for a in one_sided.actors] == ["AZ", None]
    assert one_sided.casualties.military_by_party == (PartyToll("AZ", CasualtyRange(0, 0, 0)),)
    assert by_key["900004"].report.casualties.military_by_party == ()


def test_reimport_adds_nothing(scenario_db: Database) -> None:
    import_file(db=scenario_db, path=UCDP_SAMPLE, fmt="ucdp", actor="t")
    before = row_counts(scenario_db)
    again = import_file(db=scenario_db, path=UCDP_SAMPLE, fmt="ucdp", actor="t")
    assert (again.rows_added, again.rows_skipped) == (0, 4)
    assert row_counts(scenario_db)[:2] == before[:2]


def test_export_round_trips_every_column_exactly(scenario_db: Database, tmp_path: Path) -> None:
    import_file(db=scenario_db, path=UCDP_SAMPLE, fmt="ucdp", actor="t")
    out = tmp_path / "ged.csv"
    assert export_reports(db=scenario_db, fmt="ucdp", out=out) == 4
    assert out.read_text(encoding="utf-8").splitlines()[0] == ",".join(UCDP_COLUMNS)
    original = {r["id"]: r for r in read_rows(UCDP_SAMPLE)}
    exported = {r["id"]: r for r in read_rows(out)}
    assert exported == original


def test_long_date_form_is_accepted(scenario_db: Database, tmp_path: Path) -> None:
    rows = read_rows(UCDP_SAMPLE)
    for row in rows:
        row["date_start"] += " 00:00:00.000"
        row["date_end"] += " 00:00:00.000"
    path = write_rows(tmp_path / "long_dates.csv", rows, UCDP_COLUMNS)
    import_file(db=scenario_db, path=path, fmt="ucdp", actor="t")
    by_key = {s.provenance.original_id: s.report for s in stored_reports(scenario_db)}
    assert by_key["900002"].occurred.start == datetime(2020, 10, 3, tzinfo=UTC)
    assert by_key["900001"].occurred.end is None  # one day: start == end


BAD_CASES = [
    ("low above best", {"low": "7"}, "low", "must not be more than best"),
    ("high below best", {"high": "4"}, "high", "must not be less than best"),
    ("deaths not a number", {"deaths_a": "many"}, "deaths_a", "whole number"),
    ("negative deaths", {"deaths_civilians": "-1"}, "deaths_civilians", "whole number"),
    ("fractional best", {"best": "5.5"}, "best", "whole number"),
    ("bad date", {"date_start": "2020-02-30"}, "date_start", "date"),
    ("end before start", {"date_end": "2020-10-01"}, "date_end", "before"),
    ("date_prec", {"date_prec": "6"}, "date_prec", "must be 1-5"),
    ("where_prec", {"where_prec": "0"}, "where_prec", "must be 1-7"),
    ("type_of_violence", {"type_of_violence": "4"}, "type_of_violence", "must be 1-3"),
    ("latitude", {"latitude": "-91"}, "latitude", "between -90 and 90"),
]


@pytest.mark.parametrize(("case", "change", "column", "reason"), BAD_CASES)
def test_bad_value_names_line_and_column_and_writes_nothing(
    scenario_db: Database,
    tmp_path: Path,
    case: str,
    change: dict[str, str],
    column: str,
    reason: str,
) -> None:
    rows = read_rows(UCDP_SAMPLE)
    rows[1].update(change)
    path = write_rows(tmp_path / "bad.csv", rows, UCDP_COLUMNS)
    before = row_counts(scenario_db)
    with pytest.raises(InputFileError) as info:
        import_file(db=scenario_db, path=path, fmt="ucdp", actor="t")
    assert (info.value.line, info.value.column) == (3, column), case
    assert reason in str(info.value), case
    assert row_counts(scenario_db) == before


def test_missing_column_is_named_on_line_1(scenario_db: Database, tmp_path: Path) -> None:
    columns = tuple(c for c in UCDP_COLUMNS if c != "deaths_unknown")
    path = write_rows(tmp_path / "short.csv", read_rows(UCDP_SAMPLE), columns)
    with pytest.raises(InputFileError, match="missing column") as info:
        import_file(db=scenario_db, path=path, fmt="ucdp", actor="t")
    assert (info.value.line, info.value.column) == (1, "deaths_unknown")
    assert row_counts(scenario_db)[0] == 0


def test_report_of_another_origin_exports_from_the_model() -> None:
    data = report_data(
        actors=[
            {"name": "Armed Forces of Azerbaijan", "side": "initiator", "party": "AZ"},
            {"name": "Armed Forces of Armenia", "side": "target", "party": "AM"},
        ],
        casualties={
            "killed_military": {"low": 3, "best": 4, "high": 6},
            "military_by_party": [{"party": "AM", "killed": 3}],
            "killed_civilian": 1,
        },
        geo_precision="district",
        time_precision="week",
    )
    report = parse_report(data, report_id="r1", received_at=RECEIVED)
    row = UcdpFormat.to_row(report, None)
    assert set(row) == set(UCDP_COLUMNS)
    assert (row["id"], row["date_start"], row["date_end"]) == ("r1", "2020-11-16", "2020-11-16")
    assert (row["side_a"], row["side_b"]) == (
        "Armed Forces of Azerbaijan",
        "Armed Forces of Armenia",
    )
    assert (row["deaths_a"], row["deaths_b"], row["deaths_unknown"]) == ("0", "3", "1")
    assert (row["deaths_civilians"], row["best"], row["low"], row["high"]) == ("1", "5", "4", "7")
    assert (row["date_prec"], row["where_prec"], row["type_of_violence"]) == ("3", "3", "1")
    assert row["geom_wkt"] == "POINT (46.9274 39.9934)"
    assert row["year"] == "2020" and row["country"] == ""
