"""Permission rows of findings: everyone reads published ones, staff draft and edit,
monitors and the head of mission sign off, the head of mission and admins publish."""

from __future__ import annotations

from tests.api.matrix.row import EVERYONE, HEAD, MONITORS, STAFF, Row, Seed


def published(s: Seed, _party: str) -> dict[str, str]:
    return {"finding_id": s.published_finding_id}


def draft(s: Seed, _party: str) -> dict[str, str]:
    return {"finding_id": s.draft_finding_id}


ROWS = [
    Row("GET", "/api/v1/findings", EVERYONE, query=lambda _s: {"limit": 10}),
    Row("GET", "/api/v1/findings/{finding_id}", EVERYONE, params=published),
    Row("GET", "/api/v1/findings/{finding_id}/content", EVERYONE, params=published),
    Row(
        "POST",
        "/api/v1/findings",
        STAFF,
        json=lambda s: {"title": "Shelling", "text": "Under review.", "incident_id": s.incident_id},
    ),
    Row(
        "PATCH",
        "/api/v1/findings/{finding_id}",
        STAFF,
        params=draft,
        json=lambda _s: {"text": "Revised."},
    ),
    Row(
        "POST",
        "/api/v1/findings/{finding_id}/signoffs",
        MONITORS | {"head"},
        params=draft,
        json=lambda _s: {"key_id": "ru-1", "signature": "00" * 64},
        note="the signature does not verify (422); monitor.tr may not use a RU key (422)",
    ),
    Row(
        "POST",
        "/api/v1/findings/{finding_id}/publish",
        HEAD,
        params=draft,
        note="no quorum: 409",
    ),
]
