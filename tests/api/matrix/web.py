"""Permission rows of the dashboard's pages. Everyone reads the map, the incidents table and
a published incident (what each sees is filtered by the services); merging from the table
is for staff (the row merges an incident with itself: 422 for those allowed); forms carry
the site's Origin, as a browser sends it."""

from __future__ import annotations

from tests.api.matrix.row import EVERYONE, SIGNED_IN, STAFF, Row

SITE = {"Origin": "http://testserver"}

ROWS = [
    Row("GET", "/", EVERYONE),
    Row("GET", "/map/boundaries.geojson", EVERYONE),
    Row("GET", "/incidents", EVERYONE, query=lambda _s: {"sort": "confidence", "dir": "asc"}),
    Row(
        "GET",
        "/incidents/{incident_id}",
        EVERYONE,
        params=lambda s, _p: {"incident_id": s.published_incident_id},
    ),
    Row(
        "POST",
        "/incidents/merge",
        STAFF,
        form=lambda s: {"incidents": [s.incident_id, s.incident_id], "reason": "Matrix (422)."},
        headers=SITE,
    ),
    Row("GET", "/login", EVERYONE),
    Row(
        "POST",
        "/login",
        EVERYONE,
        form=lambda _s: {"username": "analyst", "password": "Correct-Horse-Battery-9"},
        headers=SITE,
    ),
    Row("POST", "/logout", SIGNED_IN, fresh_credential=True, headers=SITE),
]
