"""GeoJSON FeatureCollections of points, streamed feature by feature in constant memory.

Each feature is a row: its properties are the cells (text, or JSON for numbers, lists and
objects), with the feature's `id` in the cell "id" and its geometry in the cell "geometry".
The row's line number is the feature's position in the collection, counting from 1.
"""

from __future__ import annotations

import codecs
import json
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import ijson

from ceasefire.errors import InputFileError
from ceasefire.importers.mapped_csv import (
    SCALAR_FIELDS,
    ColumnMapping,
    MappedCsvFormat,
    weapon_name,
    weapon_names,
)
from ceasefire.importers.parties import PartyMatcher
from ceasefire.importers.values import RowReader

__all__ = ["GeoJsonFormat", "GeoJsonRows", "open_geojson"]

# Without a mapping, properties named like the report fields are the fields themselves.
_DIRECT = ColumnMapping(
    key="id",
    columns={name: name for name in SCALAR_FIELDS if name not in ("latitude", "longitude")},
)
_STRUCTURED = ("actors", "weapons", "observations", "casualties")
_VALUE_EVENTS = frozenset({"string", "number", "boolean", "null", "start_map", "start_array"})


@dataclass(slots=True)
class GeoJsonRows:
    """The features of a GeoJSON file as rows, read as they are needed."""

    path: Path
    raw: BinaryIO

    def bytes_read(self) -> int:
        """Bytes consumed from the file (read ahead in blocks, so slightly early)."""
        return 0 if self.raw.closed else self.raw.tell()

    def readers(self, required: Sequence[str]) -> Iterator[RowReader]:
        """One row per feature; `required` is not checked, since features have no header."""
        name = str(self.path)
        index = 0
        try:
            events = _checked(name, ijson.parse(self.raw, use_float=True))
            for index, feature in enumerate(ijson.items(events, "features.item"), start=1):
                cells, positions = _cells(feature)
                yield RowReader(name, index, cells, positions)
        except ijson.JSONError as exc:
            where = f" after feature {index}" if index else ""
            reason = f"invalid JSON{where}: {_json_reason(exc)}"
            raise InputFileError(name, None, None, None, reason) from None
        except UnicodeDecodeError:
            raise InputFileError(name, None, None, None, "file is not UTF-8") from None
        finally:
            self.raw.close()


def open_geojson(path: Path) -> GeoJsonRows:
    """Open `path` for streaming; fail on a missing or empty file."""
    name = str(path)
    try:
        raw = path.open("rb")
    except FileNotFoundError:
        raise InputFileError(name, None, None, None, "file does not exist") from None
    head = raw.read(len(codecs.BOM_UTF8))
    if not head.strip():
        raw.close()
        raise InputFileError(name, None, None, None, "file is empty")
    if head != codecs.BOM_UTF8:
        raw.seek(0)
    return GeoJsonRows(path, raw)


def _checked(name: str, events: Iterator[tuple[str, str, Any]]) -> Iterator[tuple[str, str, Any]]:
    """The parser's events, failing as soon as the document is plainly not a FeatureCollection
    (or at its end, when it never said it was one)."""
    kind: Any = None
    has_features = False
    for prefix, event, value in events:
        if prefix == "" and event not in ("start_map", "map_key", "end_map"):
            raise _not_a_collection(name, "the file holds no JSON object")
        if prefix == "type" and event in _VALUE_EVENTS:
            kind = value if event == "string" else event
            if kind != "FeatureCollection":
                raise _not_a_collection(name, f'its "type" is {kind!r}')
        if prefix == "features" and event in _VALUE_EVENTS:
            if event != "start_array":
                raise _not_a_collection(name, '"features" is not a list')
            has_features = True
        if prefix == "" and event == "end_map" and (kind is None or not has_features):
            missing = '"type"' if kind is None else '"features"'
            raise _not_a_collection(name, f"it has no {missing}")
        yield prefix, event, value


def _json_reason(exc: Exception) -> str:
    """The parser's message without its ASCII-art pointer: what is wrong, and near what."""
    message = exc.args[0] if exc.args else str(exc)
    text = message.decode("utf-8", "replace") if isinstance(message, bytes) else str(message)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    kept = [line for line in lines if "(right here)" not in line]
    return "; near: ".join(kept[:2]) if kept else text


def _not_a_collection(name: str, why: str) -> InputFileError:
    return InputFileError(name, None, None, None, f"not a GeoJSON FeatureCollection: {why}")


def _cells(feature: Any) -> tuple[list[str], dict[str, int]]:
    """A feature's properties, id and geometry as text cells, and their positions."""
    feature = feature if isinstance(feature, dict) else {}
    properties = feature.get("properties")
    values: dict[str, Any] = dict(properties) if isinstance(properties, dict) else {}
    if feature.get("id") is not None:
        values["id"] = feature["id"]
    cells = [_cell(value) for value in values.values()]
    positions = {column: i for i, column in enumerate(values)}
    positions["geometry"] = len(cells)
    cells.append(json.dumps(feature.get("geometry")))
    return cells, positions


def _cell(value: Any) -> str:
    """A property value as text: strings as they are, anything else as JSON."""
    if isinstance(value, str):
        return value
    return "" if value is None else json.dumps(value, ensure_ascii=False)


class GeoJsonFormat(MappedCsvFormat):
    """Point features; properties mapped by a mapping file or named like report fields."""

    dataset = "geojson"

    def __init__(self, parties: PartyMatcher, mapping: ColumnMapping | None = None) -> None:
        super().__init__(mapping or _DIRECT, parties)
        self.direct = mapping is None
        self.required_columns = ()
        self.used = self.used | {"geometry", *(_STRUCTURED if self.direct else ())}
        if self.direct:
            self.field_columns = {**self.field_columns, **{n: n for n in _STRUCTURED}}

    def fields(self, row: RowReader) -> dict[str, Any]:
        """The mapped fields, with the coordinates of the feature's point."""
        data = super().fields(row)
        data["longitude"], data["latitude"] = _point(row)
        if self.direct:
            data.update(self._structured(row))
        return data

    def _structured(self, row: RowReader) -> dict[str, Any]:
        """actors, weapons, observations and casualties given as properties of those names."""
        found: dict[str, Any] = {}
        for name in _STRUCTURED:
            text = row.text(name)
            if text:
                found[name] = _json_or_text(text)
        weapons = found.get("weapons")
        if isinstance(weapons, str):
            found["weapons"] = weapon_names(weapons)
        elif isinstance(weapons, list):
            found["weapons"] = [weapon_name(w) if isinstance(w, str) else w for w in weapons]
        actors = found.get("actors")
        for actor in actors if isinstance(actors, list) else ():
            if isinstance(actor, dict) and isinstance(actor.get("name"), str):
                actor.setdefault("party", self.parties.match(actor["name"]))
        return found


def _json_or_text(text: str) -> Any:
    """A list or object written as JSON, else the text itself."""
    if text[0] in "[{":
        try:
            return json.loads(text)
        except json.JSONDecodeError:
            pass
    return text


def _point(row: RowReader) -> tuple[float, float]:
    """Longitude and latitude of the feature's Point geometry."""
    geometry = json.loads(row.text("geometry") or "null")
    if not isinstance(geometry, dict) or geometry.get("type") != "Point":
        kind = geometry.get("type") if isinstance(geometry, dict) else geometry
        raise row.fail("geometry", kind, "must be a GeoJSON Point")
    coordinates = geometry.get("coordinates")
    if not isinstance(coordinates, list) or not _numbers(coordinates, (2, 3)):
        reason = "coordinates must be 2 or 3 numbers: longitude, latitude[, elevation]"
        raise row.fail("geometry", coordinates, reason)
    longitude, latitude = float(coordinates[0]), float(coordinates[1])
    if not (-180 <= longitude <= 180 and -90 <= latitude <= 90):
        reason = "longitude must be within -180..180 and latitude within -90..90"
        raise row.fail("geometry", coordinates, reason)
    return longitude, latitude


def _numbers(values: list[Any], lengths: tuple[int, ...]) -> bool:
    """Whether `values` are finite numbers (not booleans), as many as one of `lengths`."""
    return len(values) in lengths and all(
        isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v) for v in values
    )
