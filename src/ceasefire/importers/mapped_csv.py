"""Any CSV file read through a YAML mapping of report fields to its columns.

The rows become reports through `parse_report`, so every rule of the domain applies; its
errors are named by the file's own column. Places given by name only are geocoded.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from ceasefire.domain.intake import Provenance
from ceasefire.domain.precision import GeoPrecision
from ceasefire.domain.report_parsing import parse_report
from ceasefire.domain.reports import Report
from ceasefire.errors import ValidationError
from ceasefire.gazetteer import Gazetteer, Match
from ceasefire.importers.mappings import (
    GEOCODE_MIN_CONFIDENCE,
    SCALAR_FIELDS,
    ActorColumn,
    ColumnMapping,
    load_mapping,
    parse_mapping,
)
from ceasefire.importers.parties import PartyMatcher
from ceasefire.importers.values import RowReader

_TIME_DIRECTIVES = ("%H", "%I", "%M", "%S", "%X", "%c", "%T", "%R")
_LAST_STEP = re.compile(r"(\.[^.\[]+|\[\d+\])$")
_GEOCODE_CACHE_SIZE = 50_000

__all__ = [
    "GEOCODE_MIN_CONFIDENCE",
    "SCALAR_FIELDS",
    "ActorColumn",
    "ColumnMapping",
    "MappedCsvFormat",
    "load_mapping",
    "parse_mapping",
    "weapon_name",
    "weapon_names",
]


class MappedCsvFormat:
    """Rows of any CSV file, read through a column mapping."""

    dataset = "csv"

    def __init__(self, mapping: ColumnMapping, parties: PartyMatcher) -> None:
        self.mapping = mapping
        self.parties = parties
        self.required_columns: tuple[str, ...] = mapping.used_columns()
        self.field_columns: dict[str, str] = mapping.field_columns()
        self.used = frozenset(self.required_columns)
        self._places = _Geocoder(mapping.country)

    def key(self, row: RowReader) -> str:
        """The natural key: the mapping's key column."""
        return row.required(self.mapping.key)

    def to_report(
        self, row: RowReader, *, report_id: str, received_at: datetime, source_id: str
    ) -> tuple[Report, Provenance]:
        """One row as a report (validated by parse_report) and its provenance."""
        key = self.key(row)
        extra = row.extra(self.used)
        try:
            data = self.fields(row)
            if "latitude" not in data and "longitude" not in data:
                extra.update(self._geocode(row, data))
            data.update(source=source_id, external_id=f"{self.dataset}:{source_id}:{key}")
            report = parse_report(data, report_id=report_id, received_at=received_at)
        except ValidationError as exc:
            raise row.fail(self._column(exc.field), exc.value, exc.message) from None
        return report, Provenance(self.dataset, row.file, row.line, key, extra)

    def fields(self, row: RowReader) -> dict[str, Any]:
        """The report fields the mapping finds in a row; empty cells are left out."""
        mapping = self.mapping
        data: dict[str, Any] = {}
        for name in SCALAR_FIELDS:
            value = row.text(mapping.columns[name]) if name in mapping.columns else ""
            if value or name in mapping.defaults:
                data[name] = value or mapping.defaults[name]
        _read_dates(data, mapping.date_format)
        data["casualties"] = {
            name: counts
            for name, parts in mapping.casualties.items()
            if (counts := _counts(row, parts))
        }
        data["observations"] = _counts(row, mapping.observations)
        data["actors"] = self._actors(row)
        data["weapons"] = weapon_names(row.text(mapping.weapons)) if mapping.weapons else []
        return data

    def _actors(self, row: RowReader) -> list[dict[str, Any]]:
        actors = []
        for actor in self.mapping.actors:
            name = row.text(actor.column)
            if name:
                party = actor.party or self.parties.match(name)
                actors.append({"name": name, "side": actor.side.value, "party": party})
        return actors

    def _geocode(self, row: RowReader, data: dict[str, Any]) -> dict[str, Any]:
        """Fill in the coordinates of the row's place name from the gazetteer."""
        name = data.get("place_name", "")
        column = self.mapping.columns.get("place_name", "place_name")
        if not name:
            raise row.fail(column, name, "must name a place when the row has no coordinates")
        match = self._places.find(name)
        if match is None or match.confidence < GEOCODE_MIN_CONFIDENCE:
            raise row.fail(column, name, _not_found(match))
        data.update(latitude=match.place.lat, longitude=match.place.lon)
        data.setdefault("geo_precision", GeoPrecision.SETTLEMENT.value)
        return {"geocoded_place": match.place.name, "geocode_confidence": match.confidence}

    def _column(self, path: str) -> str:
        """The column a report field path such as casualties.killed_civilian.best came from."""
        step = path
        while step:
            if step in self.field_columns:
                return self.field_columns[step]
            step = _LAST_STEP.sub("", step) if _LAST_STEP.search(step) else ""
        return path


class _Geocoder:
    """Gazetteer look-ups for one import: loaded on first use, each place name once."""

    def __init__(self, country: str | None) -> None:
        self.country = country
        self._gazetteer: Gazetteer | None = None
        self._found: dict[str, Match | None] = {}

    def find(self, name: str) -> Match | None:
        """The best match for a place name, however unsure."""
        if name not in self._found:
            if self._gazetteer is None:
                self._gazetteer = Gazetteer.load()
            if len(self._found) >= _GEOCODE_CACHE_SIZE:
                self._found.clear()
            matches = self._gazetteer.geocode(name, country=self.country, limit=1)
            self._found[name] = matches[0] if matches else None
        return self._found[name]


def _counts(row: RowReader, columns: dict[str, str]) -> dict[str, int]:
    """The counts in the given columns, by name; empty cells are left out."""
    found = {name: row.count(column, required=False) for name, column in columns.items()}
    return {name: n for name, n in found.items() if n is not None}


def _not_found(closest: Match | None) -> str:
    """Why a place name was not geocoded, naming the closest candidate if any."""
    reason = "place not found in the gazetteer"
    if closest is not None:
        place = closest.place
        reason += f" (closest: {place.name}, {place.country_code}, {closest.confidence:.2f})"
    return f"{reason}; give its coordinates instead"


def weapon_name(text: str) -> str:
    """A weapon class as written ("Heavy machine gun") in the form of its name.

    >>> weapon_name(" Heavy machine gun ")
    'heavy_machine_gun'
    """
    return "_".join(text.lower().split())


def weapon_names(text: str) -> list[str]:
    """Weapon classes from "Mortar; heavy machine gun" as their names.

    >>> weapon_names("Mortar; heavy machine gun;")
    ['mortar', 'heavy_machine_gun']
    """
    return [weapon_name(w) for w in text.split(";") if w.strip()]


def _read_dates(data: dict[str, Any], date_format: str | None) -> None:
    """Dates as UTC date-times; without a time precision, day for dates and minute for times."""
    for name in ("occurred_start", "occurred_end"):
        if name in data:
            data[name], has_time = _instant(data[name], date_format, name)
            if name == "occurred_start" and "time_precision" not in data:
                data["time_precision"] = "minute" if has_time else "day"


def _instant(raw: str, date_format: str | None, name: str) -> tuple[datetime, bool]:
    """A date or date-time (UTC unless it says otherwise) and whether it has a time of day."""
    if date_format is not None:
        try:
            parsed = datetime.strptime(raw, date_format)
        except ValueError:
            reason = f"must be a date in the format {date_format}"
            raise ValidationError(name, raw, reason) from None
        has_time = any(d in date_format for d in _TIME_DIRECTIVES)
    else:
        try:
            parsed = datetime.fromisoformat(raw.replace("Z", "+00:00"))
        except ValueError:
            reason = "must be an ISO 8601 date such as 2020-11-10 (or set date_format)"
            raise ValidationError(name, raw, reason) from None
        has_time = len(raw) > 10
    return (parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)), has_time
