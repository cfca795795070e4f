"""Permission rows of text extraction: proposing and accepting are the staff's work."""

from __future__ import annotations

from tests.api.matrix.row import STAFF, Row

TEXT = {
    "text": "On 12 July 2020 Armenian forces shelled Aghdam village of the Tovuz district.",
    "published": "2020-07-13",
}

ROWS = [
    Row("POST", "/api/v1/extractions", STAFF, json=lambda s: {**TEXT, "source": s.source_id}),
    Row(
        "POST",
        "/api/v1/extractions/accept",
        STAFF,
        json=lambda s: {**TEXT, "source": s.source_id},
    ),
]
