"""Permission rows of the audit log: admins only (it names every actor and holds the
records' content before and after each change)."""

from __future__ import annotations

from tests.api.matrix.row import ADMIN, Row

ROWS = [
    Row("GET", "/api/v1/audit", ADMIN, query=lambda _s: {"entity": "source", "limit": 10}),
    Row("GET", "/api/v1/audit/verify", ADMIN),
]
