"""Permission rows of the timeline: dated events from published sources, everyone reads it."""

from __future__ import annotations

from tests.api.matrix.row import EVERYONE, Row

ROWS = [
    Row("GET", "/api/v1/timeline", EVERYONE, query=lambda _s: {"from": "2020-11-01"}),
]
