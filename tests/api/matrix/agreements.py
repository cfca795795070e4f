"""Permission rows of agreements and compliance: public documents, everyone reads them."""

from __future__ import annotations

from tests.api.matrix.row import EVERYONE, Row

ROWS = [
    Row("GET", "/api/v1/agreements", EVERYONE),
    Row(
        "GET",
        "/api/v1/agreements/{agreement_id}",
        EVERYONE,
        params=lambda s, _p: {"agreement_id": s.agreement_id},
    ),
    Row(
        "GET",
        "/api/v1/agreements/{agreement_id}/compliance",
        EVERYONE,
        params=lambda s, _p: {"agreement_id": s.agreement_id},
        query=lambda _s: {"at": "2020-11-16"},
    ),
    Row(
        "GET",
        "/api/v1/compliance/history",
        EVERYONE,
        query=lambda _s: {"from": "2020-11-10", "to": "2020-11-30"},
    ),
]
