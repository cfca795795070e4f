"""Any CSV through a YAML mapping, on both backends: geocoded place names, custom dates,
mapping errors named by key, bad cells named by column, idempotent; and the CSV reader
itself, checked with hypothesis."""

from __future__ import annotations

import csv
import io
import re
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.importers.conftest import register_source, row_counts, stored_reports, write_rows

from ceasefire.domain.precision import GeoPrecision, TimePrecision
from ceasefire.domain.reports import ActorSide, CasualtyRange, ObservationCounts, WeaponClass
from ceasefire.errors import InputFileError, ValidationError
from ceasefire.gazetteer import Gazetteer
from ceasefire.importers.mapped_csv import GEOCODE_MIN_CONFIDENCE, parse_mapping
from ceasefire.importers.reading import open_csv
from ceasefire.services.database import Database
from ceasefire.services.imports import import_file

# Test data: synthetic monitoring-log rows, not real events.
PLACES_COLUMNS = (
    "ref", "day", "village", "what", "attacker", "soldiers_killed", "civ_wounded_low",
    "civ_wounded_best", "civ_wounded_high", "weapons", "bangs", "notes", "reporter",
)  # fmt: skip
LACIN = "La\N{LATIN SMALL LETTER C WITH CEDILLA}\N{LATIN SMALL LETTER DOTLESS I}n"
PLACES_ROWS = [
    {"ref": "T-1", "day": "2020-11-16", "village": "Shushi", "what": "Explosions/Remote violence",
     "attacker": "Military Forces of Azerbaijan", "soldiers_killed": "2", "civ_wounded_low": "1",
     "civ_wounded_best": "1", "civ_wounded_high": "2", "weapons": "Mortar; heavy machine gun",
     "bangs": "3", "notes": 'TEST DATA: shelling, "heavy"', "reporter": "Test patrol 1"},
    {"ref": "T-2", "day": "2020-11-17", "village": "Berdzor", "what": "", "attacker": "",
     "weapons": "", "notes": f"TEST DATA: quiet night near {LACIN}", "reporter": "Test patrol 2"},
    {"ref": "T-3", "day": "2020-11-18", "village": "Kelbadjar", "what": "Battles",
     "attacker": "Unknown", "notes": "TEST DATA: shots heard"},
]  # fmt: skip
PLACES_MAPPING = """
key: ref
columns:
  occurred_start: day
  place_name: village
  event_type: what
  text: notes
casualties:
  killed_military: soldiers_killed
  wounded_civilian: {low: civ_wounded_low, best: civ_wounded_best, high: civ_wounded_high}
observations:
  explosions: bangs
actors:
  - {column: attacker, side: initiator}
weapons: weapons
defaults:
  event_type: Explosions/Remote violence
  how_observed: heard
  credibility: 3
"""
COORDS_MAPPING = """
key: id
date_format: "%d.%m.%Y %H:%M"
columns: {occurred_start: when, latitude: lat, longitude: lon, geo_precision: precision,
          event_type: type, sub_event_type: subtype, text: text}
defaults: {geo_precision: near}
"""
COORDS_CSV = (
    "id,when,lat,lon,precision,type,subtype,text\n"
    '7,16.11.2020 21:40,39.99,46.93,exact,Battles,Armed clash,"TEST DATA: clash, short"\n'
    "8,17.11.2020 06:05,40.1,46.05,,Battles,,TEST DATA: second row\n"
)


@pytest.fixture
def places_file(tmp_path: Path) -> tuple[Path, Path]:
    """A CSV with place names only, and its mapping file."""
    mapping = tmp_path / "places.yaml"
    mapping.write_text(PLACES_MAPPING, encoding="utf-8")
    return write_rows(tmp_path / "places.csv", PLACES_ROWS, PLACES_COLUMNS), mapping


def _import(db: Database, path: Path, mapping: Path) -> Any:
    return import_file(db=db, path=path, fmt="csv", actor="t", source="test-ngo", mapping=mapping)


def test_place_names_are_geocoded(scenario_db: Database, places_file: tuple[Path, Path]) -> None:
    register_source(scenario_db)
    outcome = _import(scenario_db, *places_file)
    assert (outcome.rows_read, outcome.rows_added, outcome.dataset) == (3, 3, "csv")
    by_key = {s.provenance.original_id: s for s in stored_reports(scenario_db)}
    shusha = Gazetteer.load().geocode("Shusha", limit=1)[0].place
    first, extra = by_key["T-1"].report, by_key["T-1"].provenance.extra
    assert (first.location.latitude, first.location.longitude) == (shusha.lat, shusha.lon)
    assert first.location.precision is GeoPrecision.SETTLEMENT
    assert first.location.place_name == "Shushi"
    assert (extra["geocoded_place"], extra["geocode_confidence"]) == ("Shusha", 0.95)
    assert extra["reporter"] == "Test patrol 1"
    assert first.external_id == "csv:test-ngo:T-1"
    assert first.occurred.start == datetime(2020, 11, 16, tzinfo=UTC)
    assert first.occurred.precision is TimePrecision.DAY
    assert [(a.side, a.party_id) for a in first.actors] == [(ActorSide.INITIATOR, "AZ")]
    assert first.casualties.killed_military == CasualtyRange(best=2)
    assert first.casualties.wounded_civilian == CasualtyRange(1, 1, 2)
    assert first.weapons == (WeaponClass.MORTAR, WeaponClass.HEAVY_MACHINE_GUN)
    assert first.observations == ObservationCounts(explosions=3)
    assert (first.how_observed, first.credibility) == ("heard", 3)
    second = by_key["T-2"].report
    assert second.event_type == "Explosions/Remote violence"  # the default fills the empty cell
    assert (second.actors, second.weapons) == ((), ())
    assert by_key["T-2"].provenance.extra["geocoded_place"] == LACIN
    assert by_key["T-3"].provenance.extra["geocode_confidence"] >= GEOCODE_MIN_CONFIDENCE


def test_coordinates_and_custom_date_format(scenario_db: Database, tmp_path: Path) -> None:
    register_source(scenario_db)
    (tmp_path / "m.yaml").write_text(COORDS_MAPPING, encoding="utf-8")
    (tmp_path / "log.csv").write_text(COORDS_CSV, encoding="utf-8")
    _import(scenario_db, tmp_path / "log.csv", tmp_path / "m.yaml")
    by_key = {s.provenance.original_id: s for s in stored_reports(scenario_db)}
    seven = by_key["7"].report
    assert seven.occurred.start == datetime(2020, 11, 16, 21, 40, tzinfo=UTC)
    assert seven.occurred.precision is TimePrecision.MINUTE
    assert (seven.location.latitude, seven.location.precision) == (39.99, GeoPrecision.EXACT)
    assert by_key["8"].report.location.precision is GeoPrecision.NEAR
    assert by_key["8"].report.sub_event_type is None
    assert "geocoded_place" not in by_key["7"].provenance.extra
    assert seven.text == "TEST DATA: clash, short"


def test_reimport_adds_nothing(scenario_db: Database, places_file: tuple[Path, Path]) -> None:
    register_source(scenario_db)
    _import(scenario_db, *places_file)
    before = row_counts(scenario_db)
    again = _import(scenario_db, *places_file)
    assert (again.rows_added, again.rows_skipped) == (0, 3)
    assert row_counts(scenario_db)[:2] == before[:2]


PLACE = {"key": "id", "columns": {"place_name": "p"}}
MAPPING_ERRORS = [
    ([1, 2], "mapping"),
    ({"columns": {"text": "t"}}, "key"),
    ({"key": "id", "colums": {}}, "colums"),
    ({"key": "id", "columns": {"lattitude": "lat"}}, "columns.lattitude"),
    ({"key": "id", "columns": {"place_name": 5}}, "columns.place_name"),
    ({"key": "id", "columns": ["place_name"]}, "columns"),
    ({"key": "id", "columns": {"latitude": "lat"}}, "columns.longitude"),
    ({"key": "id", "columns": {"text": "t"}}, "columns"),
    ({**PLACE, "casualties": {"killed": "k"}}, "casualties.killed"),
    ({**PLACE, "casualties": {"killed_civilian": {"mid": "m"}}}, "casualties.killed_civilian"),
    ({**PLACE, "observations": {"shells": "s"}}, "observations.shells"),
    ({**PLACE, "actors": [{"column": "a", "side": "attacker"}]}, "actors[0].side"),
    ({**PLACE, "actors": [{"side": "target"}]}, "actors[0].column"),
    ({**PLACE, "actors": {"column": "a"}}, "actors"),
    ({**PLACE, "weapons": ["w"]}, "weapons"),
    ({**PLACE, "defaults": {"geo_precision": "village"}}, "defaults.geo_precision"),
    ({**PLACE, "defaults": {"source": "x"}}, "defaults.source"),
    ({**PLACE, "date_format": "dd.mm.yyyy"}, "date_format"),
    ({**PLACE, "country": "Azerbaijan"}, "country"),
]  # fmt: skip


@pytest.mark.parametrize(("data", "field"), MAPPING_ERRORS)
def test_mapping_errors_name_the_key(data: Any, field: str) -> None:
    with pytest.raises(ValidationError) as info:
        parse_mapping(data)
    assert info.value.field == field


def test_geojson_mapping_takes_no_coordinate_columns() -> None:
    assert parse_mapping({"columns": {"text": "t"}}, geojson=True).key == "id"
    with pytest.raises(ValidationError) as info:
        parse_mapping({"columns": {"latitude": "y", "longitude": "x"}}, geojson=True)
    assert info.value.field == "columns.latitude"


@pytest.mark.parametrize(
    ("mapping_text", "fmt", "reason"),
    [
        (None, "csv", "is required with --format csv"),
        ("key: [unclosed", "csv", "is not valid YAML"),
        ("key: ref\ncolumns: {place_name: village}\n", "acled", "only used with"),
    ],
)
def test_mapping_file_problems(
    scenario_db: Database, tmp_path: Path, mapping_text: str | None, fmt: str, reason: str
) -> None:
    path = write_rows(tmp_path / "x.csv", PLACES_ROWS, PLACES_COLUMNS)
    mapping = None
    if mapping_text is not None:
        mapping = tmp_path / "m.yaml"
        mapping.write_text(mapping_text, encoding="utf-8")
    with pytest.raises(ValidationError, match=reason) as info:
        import_file(db=scenario_db, path=path, fmt=fmt, actor="t", source="s", mapping=mapping)
    assert info.value.field == "mapping"


def test_mapped_column_missing_from_the_header(
    scenario_db: Database, places_file: tuple[Path, Path]
) -> None:
    register_source(scenario_db)
    columns = tuple(c for c in PLACES_COLUMNS if c != "bangs")
    path = write_rows(places_file[0].with_name("short.csv"), PLACES_ROWS, columns)
    with pytest.raises(InputFileError, match="missing column") as info:
        _import(scenario_db, path, places_file[1])
    assert (info.value.line, info.value.column) == (1, "bangs")


ROW_ERRORS = [
    ({"village": "Qwxzyv"}, "village", "place not found in the gazetteer"),
    ({"village": "Shusa"}, "village", "closest: Shusha"),
    ({"village": ""}, "village", "must name a place"),
    ({"soldiers_killed": "several"}, "soldiers_killed", "whole number"),
    ({"civ_wounded_low": "3", "civ_wounded_best": "1"}, "civ_wounded_best", "low <= best"),
    ({"weapons": "mortar; catapult"}, "weapons", "must be one of"),
    ({"what": "Skirmish"}, "what", "must be one of"),
    ({"day": "16/11/2020"}, "day", "ISO 8601 date"),
    ({"ref": ""}, "ref", "must not be empty"),
]


@pytest.mark.parametrize(("change", "column", "reason"), ROW_ERRORS)
def test_bad_cell_is_named_by_its_column_and_nothing_is_written(
    scenario_db: Database,
    places_file: tuple[Path, Path],
    change: dict[str, str],
    column: str,
    reason: str,
) -> None:
    register_source(scenario_db)
    rows = [PLACES_ROWS[0], {**PLACES_ROWS[1], **change}, PLACES_ROWS[2]]
    path = write_rows(places_file[0].with_name("bad.csv"), rows, PLACES_COLUMNS)
    before = row_counts(scenario_db)
    with pytest.raises(InputFileError, match=reason) as info:
        _import(scenario_db, path, places_file[1])
    assert (info.value.line, info.value.column) == (3, column)
    if column == "village":
        assert info.value.value == change["village"]
    assert row_counts(scenario_db) == before


# The CSV reader: what csv.writer writes, open_csv reads back cell for cell, and each row
# carries the line it starts on. Surrogates cannot be encoded and NUL is refused by csv.
CELL = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"))
SPECIAL = st.sampled_from([",", '"', "\n", "\r\n", "\r", "é", "Ş", "\u0131", "—", " ", ""])
CELLS = st.lists(st.one_of(CELL, SPECIAL).map(str), min_size=1, max_size=6)
LINE_BREAK = re.compile("\r\n|\r|\n")


@settings(max_examples=150, deadline=None)
@given(
    width=st.integers(1, 4),
    rows=st.lists(CELLS, max_size=8),
    line_end=st.sampled_from(["\r\n", "\n"]),
    bom=st.booleans(),
)
def test_csv_reader_reads_back_what_csv_writer_wrote(
    width: int, rows: list[list[str]], line_end: str, bom: bool
) -> None:
    if line_end == "\n":
        # csv.writer quotes a lone CR only when CR is part of its line terminator.
        rows = [[cell.replace("\r", "") for cell in row] for row in rows]
    header = [f"column {i}" for i in range(width)]
    rows = [(row + [""] * width)[:width] for row in rows]
    texts = []
    for row in [header, *rows]:
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator=line_end).writerow(row)
        texts.append(buffer.getvalue())
    starts = [1 + sum(len(LINE_BREAK.findall(t)) for t in texts[:i]) for i in range(len(texts))]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "cells.csv"
        path.write_bytes(("\ufeff" if bom else "").encode() + "".join(texts).encode("utf-8"))
        opened = open_csv(path)
        assert opened.header == header
        assert list(opened.rows) == list(zip(starts[1:], rows, strict=True))
