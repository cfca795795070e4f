"""Permission rows of the reports routes."""

from __future__ import annotations

from tests.api.matrix.row import EVERYONE, MONITORS, STAFF, Row

from ceasefire.testing import report_data

ROWS = [
    Row(
        "POST",
        "/api/v1/reports",
        STAFF | MONITORS,
        json=lambda s: report_data(source=s.source_id),
        note="monitors and staff file reports; liaisons and the public do not",
    ),
    Row("GET", "/api/v1/reports", EVERYONE, note="each reads what the queries let them"),
    Row(
        "GET",
        "/api/v1/reports/{report_id}",
        STAFF | {"monitor.ru"},
        params=lambda s, _p: {"report_id": s.report_id},
        note="monitor.ru filed it; another monitor, liaisons and the public get 404",
    ),
]
