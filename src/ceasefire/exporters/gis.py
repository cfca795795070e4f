"""Streaming writers for the CSV, GeoJSON, GeoPackage and GeoParquet exports: one batch of flat
records in memory at a time, never the whole export; each returns the number of rows written."""

from __future__ import annotations

import csv
import json
import operator
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import shapely

from ceasefire.errors import ValidationError
from ceasefire.exporters.records import RECORD_COLUMNS, RECORD_TYPES

__all__ = [
    "ARROW_SCHEMA",
    "Batch",
    "write_csv",
    "write_geojson",
    "write_geopackage",
    "write_geoparquet",
]

Batch = Sequence[Mapping[str, Any]]
"""One batch of flat records, each with exactly the keys RECORD_COLUMNS."""

_REQUIRED = ("report_id", "latitude", "longitude")
_ARROW_TYPES = {
    "str": pa.string(),
    "int": pa.int64(),
    "float": pa.float64(),
    "datetime": pa.timestamp("us", tz="UTC"),
}
ARROW_SCHEMA = pa.schema(
    [
        pa.field(c, _ARROW_TYPES[RECORD_TYPES[c]], nullable=c not in _REQUIRED)
        for c in RECORD_COLUMNS
    ]
    + [pa.field("geometry", pa.binary(), nullable=False)]
)
"""The Arrow columns of the GeoPackage and GeoParquet exports: RECORD_COLUMNS plus WKB points."""

_pick_all = operator.itemgetter(*RECORD_COLUMNS)
_DATETIME_AT = tuple(i for i, c in enumerate(RECORD_COLUMNS) if RECORD_TYPES[c] == "datetime")
_PROPERTIES = tuple(c for c in RECORD_COLUMNS if c not in {"latitude", "longitude"})
_GEOJSON_HEAD = '{"type":"FeatureCollection","features":[\n'
_GEOJSON_TAIL = "\n]}\n"


@contextmanager
def _new_file(path: str | Path) -> Iterator[Path]:
    """Yield `path` if nothing is there yet, and remove what was written if the export fails."""
    out = Path(path)
    if out.exists():
        raise ValidationError("out", str(out), "exists; choose another file")
    try:
        yield out
    except FileExistsError:
        # Another process created the file after the check; it is not ours to remove.
        raise ValidationError("out", str(out), "exists; choose another file") from None
    except BaseException:
        out.unlink(missing_ok=True)
        raise


def _check_required(record: Mapping[str, Any]) -> None:
    """Refuse a record without an id or coordinates: no export can place it."""
    for name in _REQUIRED:
        if record[name] is None:
            raise ValidationError(name, None, "is required in every record")


def _iso_utc(value: datetime) -> str:
    """An aware datetime as ISO 8601 in UTC with a Z suffix."""
    if value.utcoffset() is None:
        raise ValidationError("datetime", value.isoformat(), "has no time zone")
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _csv_row(record: Mapping[str, Any]) -> list[Any]:
    """One record as CSV cells in RECORD_COLUMNS order (the csv module writes None as empty)."""
    _check_required(record)
    row = list(_pick_all(record))
    for i in _DATETIME_AT:
        if row[i] is not None:
            row[i] = _iso_utc(row[i])
    return row


def write_csv(path: str | Path, batches: Iterable[Batch]) -> int:
    """Write records as UTF-8 CSV under a RECORD_COLUMNS header, None as an empty cell."""
    rows = 0
    with _new_file(path) as out, out.open("x", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(RECORD_COLUMNS)
        for batch in batches:
            writer.writerows(map(_csv_row, batch))
            rows += len(batch)
            del batch  # Let the producer build the next batch in its place, not beside it.
    return rows


def _json_default(value: object) -> str:
    """Encode what json cannot: datetimes as ISO 8601 UTC strings."""
    if isinstance(value, datetime):
        return _iso_utc(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


_encode_json = json.JSONEncoder(
    ensure_ascii=False, allow_nan=False, separators=(",", ":"), default=_json_default
).encode


def _feature(record: Mapping[str, Any]) -> str:
    """One record as a GeoJSON Point feature; the other columns become its properties."""
    _check_required(record)
    return _encode_json(
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [record["longitude"], record["latitude"]]},
            "properties": {c: record[c] for c in _PROPERTIES},
        }
    )


def write_geojson(path: str | Path, batches: Iterable[Batch]) -> int:
    """Write records as an RFC 7946 FeatureCollection, streamed feature by feature."""
    rows = 0
    with _new_file(path) as out, out.open("x", encoding="utf-8") as f:
        f.write(_GEOJSON_HEAD)
        for batch in batches:
            for record in batch:
                f.write((",\n" if rows else "") + _feature(record))
                rows += 1
            del batch  # Let the producer build the next batch in its place, not beside it.
        f.write(_GEOJSON_TAIL)
    return rows


def _arrow_batch(batch: Batch) -> pa.RecordBatch:
    """One batch of records as Arrow columns typed per RECORD_TYPES, plus WKB points."""
    columns = {
        c: pa.array([r[c] for r in batch], type=ARROW_SCHEMA.field(c).type) for c in RECORD_COLUMNS
    }
    for name in _REQUIRED:
        if columns[name].null_count:
            raise ValidationError(name, None, "is required in every record")
    points = shapely.points(columns["longitude"].to_numpy(), columns["latitude"].to_numpy())
    wkb = shapely.to_wkb(points, byte_order=1, flavor="iso")
    arrays = [*columns.values(), pa.array(wkb, type=pa.binary())]
    return pa.RecordBatch.from_arrays(arrays, schema=ARROW_SCHEMA)


def _arrow_batches(batches: Iterable[Batch]) -> Iterator[pa.RecordBatch]:
    """Convert batch by batch, skipping empty ones."""
    for batch in batches:
        if batch:
            converted = _arrow_batch(batch)
            del batch  # Let the producer build the next batch in its place, not beside it.
            yield converted


def write_geopackage(path: str | Path, batches: Iterable[Batch], layer: str = "reports") -> int:
    """Write records as a GeoPackage layer of EPSG:4326 points with a spatial index."""
    import pyogrio  # on use: it imports geopandas and pandas, which most commands never need

    with _new_file(path) as out:
        _stream_to_gdal(out, layer, batches)
        features: int = pyogrio.read_info(str(out), layer=layer)["features"]
    return features


def _stream_to_gdal(out: Path, layer: str, batches: Iterable[Batch]) -> None:
    """Stream every batch into one new GeoPackage layer in a single GDAL write session."""
    import pyogrio.raw

    # GDAL reports a failing stream only as "Error while accessing batch"; keep our own error
    # (a record without coordinates, say) to raise in its place.
    errors: list[Exception] = []

    def converted() -> Iterator[pa.RecordBatch]:
        try:
            yield from _arrow_batches(batches)
        except Exception as exc:
            errors.append(exc)
            raise

    # One session means one transaction and an R-tree built once at the end; appending batch
    # by batch would reopen the file each time and update the R-tree row by row.
    try:
        pyogrio.raw.write_arrow(
            pa.RecordBatchReader.from_batches(ARROW_SCHEMA, converted()),
            str(out),
            layer=layer,
            driver="GPKG",
            geometry_name="geometry",
            geometry_type="Point",
            crs="EPSG:4326",
            # GeoPackage 1.2 rather than GDAL's newest (1.4): older GDAL, as in many QGIS
            # installs, opens 1.4 files only with a "partially supported" warning.
            dataset_options={"VERSION": "1.2"},
            layer_options={"SPATIAL_INDEX": "YES"},
        )
    except Exception:
        if errors:
            raise errors[0] from None
        raise


def _geo_metadata(bbox: list[float] | None) -> str:
    """The GeoParquet 1.1 `geo` key; no crs member, so the default OGC:CRS84 (lon, lat) holds."""
    column: dict[str, Any] = {"encoding": "WKB", "geometry_types": ["Point"]}
    if bbox is not None:
        column["bbox"] = bbox
    return json.dumps(
        {"version": "1.1.0", "primary_column": "geometry", "columns": {"geometry": column}}
    )


def _grow_bbox(bbox: list[float] | None, batch: pa.RecordBatch) -> list[float]:
    """The [minx, miny, maxx, maxy] covering `bbox` and the points of `batch`."""
    lon = pc.min_max(batch.column("longitude")).as_py()
    lat = pc.min_max(batch.column("latitude")).as_py()
    grown = [lon["min"], lat["min"], lon["max"], lat["max"]]
    if bbox is None:
        return grown
    return [*map(min, bbox[:2], grown[:2]), *map(max, bbox[2:], grown[2:])]


def write_geoparquet(path: str | Path, batches: Iterable[Batch]) -> int:
    """Write records as GeoParquet 1.1 with WKB points, one row group per batch."""
    rows = 0
    bbox: list[float] | None = None
    # The footer, written at close, holds the key-value metadata, so `geo` goes in last with the
    # bbox of every batch. Without the serialised Arrow schema (store_schema=False, every column
    # type maps to a native Parquet one) Arrow readers take `geo` from that footer too.
    with (
        _new_file(path) as out,
        pq.ParquetWriter(str(out), ARROW_SCHEMA, store_schema=False) as writer,
    ):
        for batch in _arrow_batches(batches):
            writer.write_batch(batch, row_group_size=batch.num_rows)
            bbox = _grow_bbox(bbox, batch)
            rows += batch.num_rows
        writer.add_key_value_metadata({"geo": _geo_metadata(bbox)})
    return rows
