"""Stored reports to the flat-record formats (CSV, GeoJSON, GeoPackage, GeoParquet)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from ceasefire.exporters import gis
from ceasefire.exporters.records import report_record
from ceasefire.storage.repositories.reports import StoredReport

__all__ = ["as_records", "write_csv", "write_geojson", "write_geopackage", "write_geoparquet"]


def as_records(batches: Iterable[Sequence[StoredReport]]) -> Iterator[list[dict[str, Any]]]:
    """Each batch of stored reports as flat records (RECORD_COLUMNS)."""
    for batch in batches:
        yield [
            report_record(
                s.report,
                incident_id=s.incident_id,
                provenance=s.provenance,
                enrichment=s.enrichment,
            )
            for s in batch
        ]


def write_csv(path: Path, batches: Iterable[Sequence[StoredReport]]) -> int:
    """Flat CSV, one row per report."""
    return gis.write_csv(path, as_records(batches))


def write_geojson(path: Path, batches: Iterable[Sequence[StoredReport]]) -> int:
    """GeoJSON FeatureCollection of points."""
    return gis.write_geojson(path, as_records(batches))


def write_geopackage(path: Path, batches: Iterable[Sequence[StoredReport]]) -> int:
    """GeoPackage point layer `reports` (EPSG:4326)."""
    return gis.write_geopackage(path, as_records(batches))


def write_geoparquet(path: Path, batches: Iterable[Sequence[StoredReport]]) -> int:
    """GeoParquet with WKB point geometry."""
    return gis.write_geoparquet(path, as_records(batches))
