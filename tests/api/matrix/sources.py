"""Permission rows of sources: the mission reads them (a source list reveals its network,
so not the parties' liaisons nor the public); admins register them."""

from __future__ import annotations

from tests.api.matrix.row import ADMIN, MONITORS, STAFF, Row

ROWS = [
    Row("GET", "/api/v1/sources", STAFF | MONITORS),
    Row(
        "POST",
        "/api/v1/sources",
        ADMIN,
        json=lambda _s: {
            "id": "matrix-source",
            "name": "Matrix observation post",
            "kind": "observation_post",
            "affiliation": "monitor",
            "party": "TR",
            "reliability": "B",
        },
    ),
]
