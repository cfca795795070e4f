"""Permission rows of zones: the map of the agreements, everyone reads it."""

from __future__ import annotations

from tests.api.matrix.row import EVERYONE, Row

ROWS = [
    Row("GET", "/api/v1/zones", EVERYONE),
    Row("GET", "/api/v1/zones/{zone_id}", EVERYONE, params=lambda s, _p: {"zone_id": s.zone_id}),
]
