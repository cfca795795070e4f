"""Permission rows of alerts: the mission reads them (staff and monitors), staff acknowledge."""

from __future__ import annotations

from tests.api.matrix.row import MONITORS, STAFF, Row

MISSION = STAFF | MONITORS

ROWS = [
    Row("GET", "/api/v1/alerts", MISSION, query=lambda _s: {"status": "open"}),
    Row("GET", "/api/v1/alerts/{alert_id}", MISSION, params=lambda s, _p: {"alert_id": s.alert_id}),
    Row(
        "POST",
        "/api/v1/alerts/{alert_id}/acknowledge",
        STAFF,
        params=lambda s, _p: {"alert_id": s.alert_id},
        json=lambda _s: {"note": "Patrol sent to look."},
        note="once only: later staff callers get 409",
    ),
]
