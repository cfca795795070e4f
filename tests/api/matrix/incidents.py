"""Permission rows of the incidents routes. The merge row asks to merge an incident with
itself (422 for those allowed) so later rows still find the seeded incidents."""

from __future__ import annotations

from tests.api.matrix.row import EVERYONE, STAFF, Row

ROWS = [
    Row("GET", "/api/v1/incidents", EVERYONE, note="liaisons and the public: published ones"),
    Row(
        "GET",
        "/api/v1/incidents/{incident_id}",
        EVERYONE,
        params=lambda s, _p: {"incident_id": s.published_incident_id},
    ),
    Row(
        "POST",
        "/api/v1/incidents/{incident_id}/verify",
        STAFF,
        params=lambda s, _p: {"incident_id": s.incident_id},
        json=lambda _s: {"status": "corroborated", "reason": "Matrix: two posts concur."},
    ),
    Row(
        "POST",
        "/api/v1/incidents/{incident_id}/attribute",
        STAFF,
        params=lambda s, _p: {"incident_id": s.incident_id},
        json=lambda _s: {"party": "AZ", "reason": "Matrix: fire from the east."},
    ),
    Row(
        "POST",
        "/api/v1/incidents/{incident_id}/split",
        STAFF,
        params=lambda s, _p: {"incident_id": s.incident_id},
        json=lambda s: {"reports": [s.report_id], "reason": "Matrix: one report only (422)."},
    ),
    Row(
        "POST",
        "/api/v1/incidents/merge",
        STAFF,
        json=lambda s: {"incidents": [s.incident_id, s.incident_id], "reason": "Matrix (422)."},
    ),
]
