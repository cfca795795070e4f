"""Permission rows of exports: mission staff only for now (an export holds every report,
published or not)."""

from __future__ import annotations

from tests.api.matrix.row import STAFF, Row

ROWS = [
    Row("GET", "/api/v1/exports/reports", STAFF, query=lambda _s: {"format": "geojson"}),
]
