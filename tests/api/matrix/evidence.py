"""Permission rows of evidence files: a report's for the monitor who filed it and staff; a
complaint's for its party's liaison and staff (the other party's: not found)."""

from __future__ import annotations

from typing import Any

from tests.api.matrix.row import LIAISONS, STAFF, Row, Seed

FILER = STAFF | {"monitor.ru"}
"""The seeded report was filed by monitor.ru: monitor.tr may not read it."""
CASES = STAFF | LIAISONS
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64 + b"matrix"


def report(s: Seed, _party: str) -> dict[str, str]:
    return {"report_id": s.report_id}


def report_file(s: Seed, _party: str) -> dict[str, str]:
    return {"report_id": s.report_id, "sha256": s.report_evidence}


def complaint(s: Seed, party: str) -> dict[str, str]:
    return {"key": s.complaint_ids[party]}


def complaint_file(s: Seed, party: str) -> dict[str, str]:
    return {"key": s.complaint_ids[party], "sha256": s.complaint_evidence[party]}


def upload(_s: Seed) -> dict[str, Any]:
    return {"file": ("photo.png", PNG, "image/png")}


ROWS = [
    Row("GET", "/api/v1/reports/{report_id}/evidence", FILER, params=report),
    Row("GET", "/api/v1/reports/{report_id}/evidence/{sha256}", FILER, params=report_file),
    Row(
        "POST",
        "/api/v1/reports/{report_id}/evidence",
        FILER,
        params=report,
        files=upload,
        note="the same bytes again: 409",
    ),
    Row("GET", "/api/v1/complaints/{key}/evidence", CASES, params=complaint, party_scoped=True),
    Row(
        "GET",
        "/api/v1/complaints/{key}/evidence/{sha256}",
        CASES,
        params=complaint_file,
        party_scoped=True,
    ),
    Row(
        "POST",
        "/api/v1/complaints/{key}/evidence",
        CASES,
        params=complaint,
        party_scoped=True,
        files=upload,
        note="closed or withdrawn by the complaint rows, or the same bytes again: 409",
    ),
]
