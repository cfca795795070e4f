"""What the export of reports answers: a file in one of the formats other tools open."""

from __future__ import annotations

from typing import Any, Literal

from ceasefire.services.exports import MEDIA_TYPES

__all__ = ["EXPORT_RESPONSES", "ExportFormat"]

ExportFormat = Literal["acled", "ucdp", "csv", "geojson", "gpkg", "parquet"]
"""The formats of `ceasefire.services.exports.EXPORT_FORMATS` (a test keeps them equal)."""

_GEOJSON = "application/geo+json"
_SCHEMAS: dict[str, dict[str, Any]] = {
    _GEOJSON: {
        "type": "object",
        "description": "A GeoJSON FeatureCollection of points, one per report",
        "properties": {"type": {"const": "FeatureCollection"}, "features": {"type": "array"}},
    },
    "text/csv": {"type": "string", "description": "CSV with a header row"},
}
_FILE: dict[str, Any] = {"type": "string", "format": "binary"}

EXPORT_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The exported file, with a `Content-Disposition` file name",
        "headers": {
            "X-Report-Count": {
                "description": "How many reports the file holds",
                "schema": {"type": "integer"},
            }
        },
        "content": {
            media: {"schema": _SCHEMAS.get(media, _FILE)}
            for media in sorted({m for m, _ in MEDIA_TYPES.values()})
        },
    }
}
"""The OpenAPI of the answer: one media type per format."""
