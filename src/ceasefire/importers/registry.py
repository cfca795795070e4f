"""The import formats by name: how to open a file of each and read its rows."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ceasefire.domain.agreements import Party
from ceasefire.errors import ValidationError
from ceasefire.importers.acled import AcledFormat
from ceasefire.importers.geojson_points import GeoJsonFormat, open_geojson
from ceasefire.importers.mapped_csv import MappedCsvFormat, load_mapping
from ceasefire.importers.parties import PartyMatcher
from ceasefire.importers.pipeline import RowFormat, RowSource
from ceasefire.importers.reading import open_csv
from ceasefire.importers.ucdp import UcdpFormat

__all__ = ["FORMATS", "make_format", "open_rows"]

FORMATS = ("acled", "ucdp", "csv", "geojson")


def _check(fmt: str) -> None:
    if fmt not in FORMATS:
        raise ValidationError("format", fmt, f"must be one of: {', '.join(FORMATS)}")


def open_rows(fmt: str, path: Path) -> RowSource:
    """Open `path` as a stream of rows for format `fmt`."""
    _check(fmt)
    return open_geojson(path) if fmt == "geojson" else open_csv(path)


def make_format(fmt: str, *, parties: Sequence[Party], mapping: Path | None) -> RowFormat:
    """The row format called `fmt`, knowing the scenario's parties and, for csv (required)
    and geojson (optional), the YAML mapping of report fields to columns."""
    _check(fmt)
    matcher = PartyMatcher(parties)
    if fmt == "csv":
        if mapping is None:
            reason = "is required with --format csv: a YAML file naming the columns"
            raise ValidationError("mapping", None, reason)
        return MappedCsvFormat(load_mapping(mapping), matcher)
    if fmt == "geojson":
        loaded = load_mapping(mapping, geojson=True) if mapping is not None else None
        return GeoJsonFormat(matcher, loaded)
    if mapping is not None:
        reason = f"is only used with --format csv or geojson, not {fmt}"
        raise ValidationError("mapping", str(mapping), reason)
    return UcdpFormat(matcher) if fmt == "ucdp" else AcledFormat(matcher)
