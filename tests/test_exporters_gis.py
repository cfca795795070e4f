"""The CSV, GeoJSON, GeoPackage and GeoParquet exports: real files written batch by batch and
read back with independent readers."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import tempfile
import tracemalloc
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pyogrio.raw
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from ceasefire.domain.intake import Enrichment, Provenance
from ceasefire.domain.report_parsing import parse_report
from ceasefire.errors import ValidationError
from ceasefire.exporters.gis import (
    Batch,
    write_csv,
    write_geojson,
    write_geopackage,
    write_geoparquet,
)
from ceasefire.exporters.records import RECORD_COLUMNS, RECORD_TYPES, report_record
from ceasefire.testing import report_data

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
RECEIVED = datetime(2020, 11, 17, 8, 30, 15, 250000, tzinfo=UTC)
Writer = Callable[[Path, Iterable[Batch]], int]
Reader = Callable[[Path], list[dict[str, Any]]]


def sample_records() -> list[dict[str, Any]]:
    """Three reports: defaults, full provenance and enrichment, and one with little known."""
    plain = parse_report(report_data(), report_id="r-1", received_at=RECEIVED)
    rich = parse_report(
        report_data(
            place_name="Şuşa / Շուշի",
            latitude=39.7581,
            longitude=46.7488,
            occurred_end="2020-11-16T22:10:00+04:00",
            text='Կրակոցներ, "bir neçə atəş"\nsecond line; ağ tüstü',
            external_id="ext-9",
        ),
        report_id="r-2",
        received_at=RECEIVED + timedelta(hours=1),
    )
    sparse = parse_report(
        report_data(
            place_name="Füzuli",
            latitude=39.6009,
            longitude=47.1453,
            actors=[],
            weapons=[],
            observations={},
            casualties={},
            text="",
        ),
        report_id="r-3",
        received_at=RECEIVED + timedelta(days=1),
    )
    return [
        report_record(plain),
        report_record(
            rich,
            incident_id="inc-1",
            provenance=Provenance(dataset="acled", file="nk_ağdam.csv", row=17, original_id="A9"),
            enrichment=Enrichment(("district-aghdam", "nk-pre-2020"), "Ağdam", 1234.5),
        ),
        report_record(sparse),
    ]


def in_batches(records: list[dict[str, Any]]) -> list[Batch]:
    """Several batches, one of them empty."""
    return [records[:2], [], records[2:]]


def _from_text(value: str, kind: str) -> Any:
    if value == "":
        return None
    if kind == "datetime":
        assert value.endswith("Z")
        return datetime.fromisoformat(value)
    return {"int": int, "float": float, "str": str}[kind](value)


def read_csv(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        assert tuple(next(reader)) == RECORD_COLUMNS
        rows = [dict(zip(RECORD_COLUMNS, row, strict=True)) for row in reader]
    return [{c: _from_text(v, RECORD_TYPES[c]) for c, v in row.items()} for row in rows]


def read_geojson(path: Path) -> list[dict[str, Any]]:
    collection = json.loads(path.read_text(encoding="utf-8"))
    assert collection.keys() == {"type", "features"}
    assert collection["type"] == "FeatureCollection"
    rows = []
    for feature in collection["features"]:
        assert feature["type"] == "Feature"
        assert feature["geometry"]["type"] == "Point"
        lon, lat = feature["geometry"]["coordinates"]
        row = {**feature["properties"], "latitude": lat, "longitude": lon}
        for c in RECORD_COLUMNS:
            if RECORD_TYPES[c] == "datetime" and row[c] is not None:
                row[c] = _from_text(row[c], "datetime")
        rows.append({c: row[c] for c in RECORD_COLUMNS})
    return rows


def _rows_with_points(table: pa.Table, geometry: str) -> list[dict[str, Any]]:
    """Table rows without the geometry column, after checking each WKB point matches them."""
    points = shapely.from_wkb(table.column(geometry).to_numpy(zero_copy_only=False))
    rows: list[dict[str, Any]] = table.drop_columns([geometry]).to_pylist()
    assert (shapely.get_type_id(points) == 0).all()
    assert [(p.x, p.y) for p in points] == [(r["longitude"], r["latitude"]) for r in rows]
    return rows


def read_geopackage(path: Path) -> list[dict[str, Any]]:
    meta, table = pyogrio.raw.read_arrow(path, layer="reports")
    assert meta["crs"] == "EPSG:4326"
    assert meta["geometry_type"] == "Point"
    assert list(meta["fields"]) == list(RECORD_COLUMNS)
    return _rows_with_points(table, meta["geometry_name"])


def read_geoparquet(path: Path) -> list[dict[str, Any]]:
    table = pq.read_table(path)
    assert table.column_names == [*RECORD_COLUMNS, "geometry"]
    return _rows_with_points(table, "geometry")


FORMATS: dict[str, tuple[Writer, Reader]] = {
    "csv": (write_csv, read_csv),
    "geojson": (write_geojson, read_geojson),
    "gpkg": (write_geopackage, read_geopackage),
    "parquet": (write_geoparquet, read_geoparquet),
}


def expected(records: list[dict[str, Any]], fmt: str) -> list[dict[str, Any]]:
    """What a format can hold: CSV has no difference between empty text and no value."""
    if fmt != "csv":
        return records
    return [{c: None if v == "" else v for c, v in r.items()} for r in records]


@pytest.mark.parametrize("fmt", FORMATS)
def test_records_round_trip_through_every_format(fmt: str, tmp_path: Path) -> None:
    write, read = FORMATS[fmt]
    records = sample_records()
    path = tmp_path / f"reports.{fmt}"
    assert write(path, in_batches(records)) == 3
    rows = read(path)
    assert rows == expected(records, fmt)
    assert rows[1]["place_name"] == "Şuşa / Շուշի"
    assert rows[0]["occurred_end"] is None
    assert rows[1]["occurred_start"] == datetime(2020, 11, 16, 17, 40, tzinfo=UTC)


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_empty_export_is_a_valid_file(fmt: str, tmp_path: Path) -> None:
    write, read = FORMATS[fmt]
    path = tmp_path / f"empty.{fmt}"
    assert write(path, [[], []]) == 0
    assert read(path) == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_existing_file_is_refused_and_kept(fmt: str, tmp_path: Path) -> None:
    write, _ = FORMATS[fmt]
    path = tmp_path / f"taken.{fmt}"
    path.write_text("someone else's work")
    with pytest.raises(ValidationError, match="exists; choose another file"):
        write(path, in_batches(sample_records()))
    assert path.read_text() == "someone else's work"


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_record_without_coordinates_leaves_no_file(fmt: str, tmp_path: Path) -> None:
    write, _ = FORMATS[fmt]
    records = sample_records()
    records[2]["latitude"] = None
    path = tmp_path / f"broken.{fmt}"
    with pytest.raises(ValidationError, match="latitude"):
        write(path, in_batches(records))
    assert not path.exists()


def test_csv_is_utf8_with_iso_utc_times(tmp_path: Path) -> None:
    path = tmp_path / "reports.csv"
    write_csv(path, in_batches(sample_records()))
    lines = path.read_bytes().decode("utf-8").splitlines()
    assert lines[0] == ",".join(RECORD_COLUMNS)
    assert ",2020-11-17T08:30:15.250000Z,2020-11-16T17:40:00Z,," in lines[1]


def test_geojson_follows_rfc_7946(tmp_path: Path) -> None:
    path = tmp_path / "reports.geojson"
    write_geojson(path, in_batches(sample_records()))
    text = path.read_text(encoding="utf-8")
    assert "Şuşa / Շուշի" in text
    collection = json.loads(text)
    assert "crs" not in collection
    feature = collection["features"][0]
    assert feature["geometry"] == {"type": "Point", "coordinates": [46.9274, 39.9934]}
    assert feature["properties"]["occurred_start"] == "2020-11-16T17:40:00Z"
    assert feature["properties"].keys() == set(RECORD_COLUMNS) - {"latitude", "longitude"}


def _ogrinfo() -> str:
    found = shutil.which("ogrinfo")
    if found:
        return found
    if IN_CI:
        pytest.fail("ogrinfo (GDAL) is not installed; in CI the GeoPackage must be checked by GDAL")
    pytest.skip("ogrinfo (GDAL) is not installed")


def test_geopackage_opens_in_gdal_as_wgs84_points(tmp_path: Path) -> None:
    path = tmp_path / "reports.gpkg"
    write_geopackage(path, in_batches(sample_records()))
    result = subprocess.run(
        [_ogrinfo(), "-so", "-al", str(path)], capture_output=True, text=True, check=True
    )
    assert "Layer name: reports" in result.stdout
    assert "Geometry: Point" in result.stdout
    assert "Feature Count: 3" in result.stdout
    assert 'GEOGCRS["WGS 84"' in result.stdout
    assert 'ID["EPSG",4326]' in result.stdout
    assert "occurred_start: DateTime" in result.stdout
    assert "explosions: Integer64" in result.stdout
    assert "warning" not in result.stderr.lower()


def test_geopackage_has_a_spatial_index(tmp_path: Path) -> None:
    path = tmp_path / "reports.gpkg"
    write_geopackage(path, in_batches(sample_records()), layer="incidents_2020")
    _, table = pyogrio.raw.read_arrow(
        path, sql="SELECT count(*) AS n FROM rtree_incidents_2020_geom", sql_dialect="SQLITE"
    )
    assert table.column("n").to_pylist() == [3]


def test_geoparquet_metadata_names_the_wkb_column(tmp_path: Path) -> None:
    path = tmp_path / "reports.parquet"
    write_geoparquet(path, in_batches(sample_records()))
    footer = pq.read_metadata(path)
    assert footer.num_row_groups == 2
    geo = json.loads(footer.metadata[b"geo"])
    assert pq.read_schema(path).metadata[b"geo"] == footer.metadata[b"geo"]
    assert geo == {
        "version": "1.1.0",
        "primary_column": "geometry",
        "columns": {
            "geometry": {
                "encoding": "WKB",
                "geometry_types": ["Point"],
                "bbox": [46.7488, 39.6009, 47.1453, 39.9934],
            }
        },
    }


def test_geoparquet_columns_are_typed(tmp_path: Path) -> None:
    path = tmp_path / "reports.parquet"
    write_geoparquet(path, in_batches(sample_records()))
    schema = pq.read_schema(path)
    arrow_types = {
        "str": pa.string(),
        "int": pa.int64(),
        "float": pa.float64(),
        "datetime": pa.timestamp("us", tz="UTC"),
    }
    assert {c: schema.field(c).type for c in RECORD_COLUMNS} == {
        c: arrow_types[kind] for c, kind in RECORD_TYPES.items()
    }
    assert schema.field("geometry").type == pa.binary()


def test_empty_geoparquet_has_no_bbox(tmp_path: Path) -> None:
    path = tmp_path / "empty.parquet"
    write_geoparquet(path, [])
    geo = json.loads(pq.read_metadata(path).metadata[b"geo"])
    assert "bbox" not in geo["columns"]["geometry"]


_TEXT = st.text(st.characters(exclude_characters="\x00"), max_size=40)


@settings(max_examples=40, deadline=None)
@given(
    place=_TEXT,
    text=_TEXT,
    latitude=st.floats(-90, 90),
    longitude=st.floats(-180, 180),
    fmt=st.sampled_from(["csv", "geojson", "parquet"]),
)
def test_any_text_and_coordinates_round_trip(
    place: str, text: str, latitude: float, longitude: float, fmt: str
) -> None:
    record = sample_records()[0] | {
        "place_name": place,
        "text": text,
        "latitude": latitude,
        "longitude": longitude,
    }
    write, read = FORMATS[fmt]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"one.{fmt}"
        write(path, [[record]])
        assert read(path) == expected([record], fmt)


def many_records(total: int, per_batch: int) -> Iterator[list[dict[str, Any]]]:
    """Batches made on demand, so only the writer can hold more than one."""
    template = sample_records()[1]
    for start in range(0, total, per_batch):
        yield [
            template | {"report_id": f"r-{i}", "latitude": 39 + i / total, "row": i}
            for i in range(start, start + per_batch)
        ]


@pytest.mark.parametrize("write", [write_csv, write_geoparquet])
def test_memory_stays_at_one_batch(write: Writer, tmp_path: Path) -> None:
    # All 50,000 records at once take about 85 MB of dicts, one batch of 2,500 about 4
    # MB. (50,000 rather than more: tracemalloc slows every allocation about threefold.)
    # tracemalloc sees Python allocations only, not Arrow's own buffers.
    tracemalloc.start()
    try:
        rows = write(tmp_path / "many", many_records(50_000, 2_500))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert rows == 50_000
    assert peak < 25_000_000
