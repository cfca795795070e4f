"""Permission rows of complaints and requests for information: a liaison works on their own
party's (the other party's ids are not found), staff on every party's; monitors and the
public on none. Rows run in order: the AM complaint is acknowledged, investigated, answered
by the draft finding and closed; the AZ complaint is withdrawn by its liaison."""

from __future__ import annotations

from typing import Any

from tests.api.matrix.row import LIAISONS, STAFF, Row, Seed

CASES = STAFF | LIAISONS


def complaint(s: Seed, party: str) -> dict[str, str]:
    return {"key": s.complaint_ids[party]}


def request(s: Seed, party: str) -> dict[str, str]:
    return {"request_id": s.request_ids[party]}


def filing(_s: Seed) -> dict[str, Any]:
    # No party: a liaison files for their own; staff must name one (422 here).
    return {
        "allegation": "Small-arms fire on our post at dawn.",
        "occurred_start": "2020-11-19T05:30:00+04:00",
        "latitude": 39.81,
        "longitude": 46.79,
    }


ROWS = [
    Row("GET", "/api/v1/complaints", CASES, query=lambda _s: {"status": "received"}),
    Row("GET", "/api/v1/complaints/{key}", CASES, params=complaint, party_scoped=True),
    Row("GET", "/api/v1/complaints/{key}/summaries", CASES, params=complaint, party_scoped=True),
    Row("POST", "/api/v1/complaints", CASES, json=filing, note="staff without a party: 422"),
    Row("GET", "/api/v1/information-requests", CASES),
    Row(
        "GET",
        "/api/v1/information-requests/{request_id}",
        CASES,
        params=request,
        party_scoped=True,
    ),
    Row(
        "POST",
        "/api/v1/information-requests",
        STAFF,
        json=lambda s: {"party": "AZ", "question": "Which unit held the post?"},
    ),
    Row(
        "POST",
        "/api/v1/information-requests/{request_id}/answer",
        LIAISONS,
        params=request,
        party_scoped=True,
        json=lambda _s: {"answer": "No unit of ours was there."},
    ),
    Row(
        "POST",
        "/api/v1/information-requests/{request_id}/withdraw",
        STAFF,
        params=request,
        party_scoped=True,
        json=lambda _s: {"reason": "Asked elsewhere."},
        note="answered by then: 422",
    ),
    Row(
        "POST",
        "/api/v1/complaints/{key}/summaries/preview",
        STAFF,
        params=complaint,
        party_scoped=True,
        json=lambda _s: {"rules": ["coordinates"]},
        note="no finding issued yet: 409",
    ),
    Row(
        "POST",
        "/api/v1/complaints/{key}/summaries",
        STAFF,
        params=complaint,
        party_scoped=True,
        note="no finding issued yet: 409",
    ),
    Row("POST", "/api/v1/complaints/{key}/acknowledge", STAFF, params=complaint, party_scoped=True),
    Row("POST", "/api/v1/complaints/{key}/investigate", STAFF, params=complaint, party_scoped=True),
    Row(
        "POST",
        "/api/v1/complaints/{key}/finding",
        STAFF,
        params=complaint,
        party_scoped=True,
        json=lambda s: {"finding_id": s.draft_finding_id},
    ),
    Row("POST", "/api/v1/complaints/{key}/close", STAFF, params=complaint, party_scoped=True),
    Row(
        "POST",
        "/api/v1/complaints/{key}/withdraw",
        CASES,
        params=complaint,
        party_scoped=True,
        json=lambda _s: {"reason": "Settled."},
        note="the AM complaint is closed by then (422); liaison.az withdraws AZ's",
    ),
]
