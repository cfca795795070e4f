"""GeoJSON point import on both backends: properties named like report fields or mapped,
idempotent, bad geometry named by feature, and files that are not FeatureCollections."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from tests.importers.conftest import register_source, row_counts, stored_reports

from ceasefire.domain.precision import TimePrecision
from ceasefire.domain.reports import CasualtyRange, ObservationCounts, WeaponClass
from ceasefire.errors import InputFileError, ValidationError
from ceasefire.services.database import Database
from ceasefire.services.imports import import_file

# Test data: synthetic features, not real events.
FEATURES: list[dict[str, Any]] = [
    {
        "type": "Feature",
        "id": "g-1",
        "geometry": {"type": "Point", "coordinates": [46.9274, 39.9934]},
        "properties": {
            "occurred_start": "2020-11-16T21:40:00+04:00",
            "event_type": "Explosions/Remote violence",
            "sub_event_type": "Shelling/artillery/missile attack",
            "place_name": "Aghdam",
            "actors": [{"name": "Military Forces of Armenia", "side": "initiator"}],
            "weapons": ["Mortar", "artillery"],
            "observations": {"explosions": 4},
            "casualties": {"wounded_civilian": {"low": 1, "best": 2, "high": 2}},
            "credibility": 2,
            "text": "TEST DATA: four explosions",
            "observer": "Test post 3",
        },
    },
    {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [46.55, 39.6, 1200.5]},
        "properties": {
            "id": 2,
            "occurred_start": "2020-11-17",
            "event_type": "Battles",
            "weapons": "small arms; sniper",
            "text": "TEST DATA: shots",
        },
    },
]


def collection(features: list[dict[str, Any]]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": features}


def write_json(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _import(db: Database, path: Path, mapping: Path | None = None) -> Any:
    return import_file(
        db=db, path=path, fmt="geojson", actor="t", source="test-ngo", mapping=mapping
    )


def test_points_import_with_properties_named_like_fields(
    scenario_db: Database, tmp_path: Path
) -> None:
    register_source(scenario_db)
    outcome = _import(scenario_db, write_json(tmp_path / "p.geojson", collection(FEATURES)))
    assert (outcome.rows_read, outcome.rows_added, outcome.dataset) == (2, 2, "geojson")
    by_key = {s.provenance.original_id: s for s in stored_reports(scenario_db)}
    first, provenance = by_key["g-1"].report, by_key["g-1"].provenance
    assert (first.location.longitude, first.location.latitude) == (46.9274, 39.9934)
    assert first.external_id == "geojson:test-ngo:g-1"
    assert [(a.name, a.party_id) for a in first.actors] == [("Military Forces of Armenia", "AM")]
    assert first.weapons == (WeaponClass.MORTAR, WeaponClass.ARTILLERY)
    assert first.observations == ObservationCounts(explosions=4)
    assert first.casualties.wounded_civilian == CasualtyRange(1, 2, 2)
    assert (first.credibility, first.occurred.precision) == (2, TimePrecision.MINUTE)
    assert provenance.extra == {"observer": "Test post 3"}
    assert (provenance.dataset, provenance.row) == ("geojson", 1)
    second = by_key["2"].report  # the key from properties.id; the elevation is dropped
    assert (second.location.longitude, second.location.latitude) == (46.55, 39.6)
    assert second.weapons == (WeaponClass.SMALL_ARMS, WeaponClass.SNIPER)
    assert second.occurred.precision is TimePrecision.DAY


def test_properties_mapped_by_a_mapping_file(scenario_db: Database, tmp_path: Path) -> None:
    register_source(scenario_db)
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [46.75, 39.76]},
            "properties": {"no": "A-7", "date": "16.11.2020", "kind": "Battles", "dead": 3},
        }
    ]
    mapping = tmp_path / "m.yaml"
    mapping.write_text(
        'key: "no"\ndate_format: "%d.%m.%Y"\n'
        "columns: {occurred_start: date, event_type: kind}\n"
        "casualties: {killed_military: dead}\n",
        encoding="utf-8",
    )
    _import(scenario_db, write_json(tmp_path / "m.geojson", collection(features)), mapping)
    (stored,) = stored_reports(scenario_db)
    assert stored.report.external_id == "geojson:test-ngo:A-7"
    assert stored.report.casualties.killed_military == CasualtyRange(best=3)
    assert stored.report.location.latitude == 39.76


def test_reimport_adds_nothing(scenario_db: Database, tmp_path: Path) -> None:
    register_source(scenario_db)
    path = write_json(tmp_path / "p.geojson", collection(FEATURES))
    _import(scenario_db, path)
    before = row_counts(scenario_db)
    again = _import(scenario_db, path)
    assert (again.rows_added, again.rows_skipped) == (0, 2)
    assert row_counts(scenario_db)[:2] == before[:2]


BAD_GEOMETRY = [
    {"type": "LineString", "coordinates": [[46.0, 39.0], [46.1, 39.1]]},
    {"type": "Point", "coordinates": [46.0]},
    {"type": "Point", "coordinates": [46.0, 39.0, 1.0, 2.0]},
    {"type": "Point", "coordinates": ["46.0", "39.0"]},
    {"type": "Point", "coordinates": [46.0, 95.0]},
    {"type": "Point", "coordinates": [-181.0, 39.0]},
    {"type": "Point"},
    None,
]


@pytest.mark.parametrize("geometry", BAD_GEOMETRY)
def test_bad_geometry_is_named_and_nothing_is_written(
    scenario_db: Database, tmp_path: Path, geometry: Any
) -> None:
    register_source(scenario_db)
    bad = {
        **FEATURES[1],
        "geometry": geometry,
        "properties": {**FEATURES[1]["properties"], "id": 3},
    }
    path = write_json(tmp_path / "bad.geojson", collection([FEATURES[0], FEATURES[1], bad]))
    before = row_counts(scenario_db)
    with pytest.raises(InputFileError) as info:
        _import(scenario_db, path)
    assert (info.value.file, info.value.line, info.value.column) == (str(path), 3, "geometry")
    assert row_counts(scenario_db) == before


def test_feature_without_id_is_named(scenario_db: Database, tmp_path: Path) -> None:
    register_source(scenario_db)
    no_id = {**FEATURES[1], "properties": {"event_type": "Battles"}}
    path = write_json(tmp_path / "no_id.geojson", collection([FEATURES[0], no_id]))
    with pytest.raises(InputFileError, match="must not be empty") as info:
        _import(scenario_db, path)
    assert (info.value.line, info.value.column) == (2, "id")


def test_bad_property_is_named(scenario_db: Database, tmp_path: Path) -> None:
    register_source(scenario_db)
    wrong = {**FEATURES[0], "properties": {**FEATURES[0]["properties"], "weapons": ["catapult"]}}
    path = write_json(tmp_path / "w.geojson", collection([wrong]))
    with pytest.raises(InputFileError, match="must be one of") as info:
        _import(scenario_db, path)
    assert (info.value.line, info.value.column) == (1, "weapons")


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (json.dumps({"type": "Feature", "geometry": None, "properties": {}}), "'Feature'"),
        (json.dumps([{"type": "Feature"}]), "no JSON object"),
        (json.dumps({"features": FEATURES}), 'no "type"'),
        (json.dumps({"type": "FeatureCollection"}), 'no "features"'),
        (json.dumps({"type": "FeatureCollection", "features": {}}), "not a list"),
        ('{"type": "FeatureCollection", "features": [{"id": 1,', "invalid JSON"),
        ('{"type": "FeatureCollection" "features": []}', "invalid JSON"),
        ("", "empty"),
    ],
)
def test_not_a_feature_collection(
    scenario_db: Database, tmp_path: Path, content: str, reason: str
) -> None:
    register_source(scenario_db)
    path = tmp_path / "odd.geojson"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputFileError, match=reason):
        _import(scenario_db, path)
    assert row_counts(scenario_db)[0] == 0


def test_byte_order_mark_and_empty_collection(scenario_db: Database, tmp_path: Path) -> None:
    register_source(scenario_db)
    path = tmp_path / "bom.geojson"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(collection([])).encode())
    assert _import(scenario_db, path).rows_read == 0


def test_mapping_may_not_map_coordinates(scenario_db: Database, tmp_path: Path) -> None:
    mapping = tmp_path / "m.yaml"
    mapping.write_text("columns: {latitude: lat, longitude: lon}\n", encoding="utf-8")
    path = write_json(tmp_path / "p.geojson", collection(FEATURES))
    with pytest.raises(ValidationError, match="geometry"):
        _import(scenario_db, path, mapping)
