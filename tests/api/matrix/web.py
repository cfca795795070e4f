"""Permission rows of the dashboard's pages. Everyone reads the map, the incidents table and
a published incident (what each sees is filtered by the services); merging from the table
is for staff (the row merges an incident with itself: 422 for those allowed); forms carry
the site's Origin, as a browser sends it."""

from __future__ import annotations

from typing import Any

from tests.api.matrix import evidence, extractions, findings, incidents
from tests.api.matrix.row import EVERYONE, LIAISONS, MONITORS, SIGNED_IN, STAFF, Row, Seed

SITE = {"Origin": "http://testserver"}
CASES = STAFF | LIAISONS
COMPLAINT_FORM: dict[str, Any] = {
    "allegation": "Small-arms fire on our post at dawn.",
    "occurred_start": "2020-11-19T05:30",
    "latitude": "39.81",
    "longitude": "46.79",
}


def complaint(s: Seed, party: str) -> dict[str, str]:
    return {"key": s.complaint_ids[party]}


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
    # The analysts' actions on the incident page: the API's rows, as forms.
    *(
        Row(
            "POST",
            row.path.removeprefix("/api/v1"),
            row.allowed,
            params=row.params,
            form=row.json,
            headers=SITE,
        )
        for row in incidents.ROWS
        if row.path.endswith(("/split", "/verify", "/attribute"))
    ),
    Row(
        "POST",
        "/incidents/{incident_id}/finding",
        STAFF,
        params=lambda s, _p: {"incident_id": s.incident_id},
        form=lambda _s: {"title": "Matrix finding", "text": "Drafted by the matrix."},
        headers=SITE,
    ),
    # Complaints: rows run after the API's, so by now the AM complaint is closed and the AZ
    # one withdrawn; staff's steps on them answer 422 (the page again, saying why).
    Row("GET", "/complaints", CASES, query=lambda _s: {"status": "closed"}),
    Row("GET", "/complaints/new", CASES),
    Row(
        "POST",
        "/complaints/new",
        CASES,
        form=lambda _s: COMPLAINT_FORM,
        headers=SITE,
        note="a liaison files (303); staff name no party (422)",
    ),
    Row("GET", "/complaints/{key}", CASES, params=complaint, party_scoped=True),
    *(
        Row(
            "POST",
            f"/complaints/{{key}}/{step}",
            STAFF,
            params=complaint,
            party_scoped=True,
            headers=SITE,
        )
        for step in ("acknowledge", "investigate", "close")
    ),
    Row(
        "POST",
        "/complaints/{key}/finding",
        STAFF,
        params=complaint,
        party_scoped=True,
        form=lambda s: {"finding_id": s.draft_finding_id},
        headers=SITE,
    ),
    Row(
        "POST",
        "/complaints/{key}/withdraw",
        CASES,
        params=complaint,
        party_scoped=True,
        form=lambda _s: {"reason": "Settled."},
        headers=SITE,
    ),
    Row(
        "POST",
        "/complaints/{key}/evidence",
        CASES,
        params=complaint,
        party_scoped=True,
        files=evidence.upload,
        headers=SITE,
        note="closed or withdrawn by now: 409 (the page again, saying why)",
    ),
    Row(
        "POST",
        "/complaints/{key}/requests",
        STAFF,
        params=complaint,
        form=lambda _s: {"party": "AM", "question": "Which unit?"},
        headers=SITE,
    ),
    Row(
        "POST",
        "/complaints/requests/{request_id}/answer",
        LIAISONS,
        party_scoped=True,
        params=lambda s, party: {"request_id": s.request_ids[party]},
        form=lambda _s: {"answer": "Not ours.", "back": "/complaints"},
        headers=SITE,
        note="answered by the API rows: 422",
    ),
    Row("GET", "/compliance", EVERYONE, query=lambda _s: {"from": "2020-11-01"}),
    Row("GET", "/login", EVERYONE),
    Row(
        "POST",
        "/login",
        EVERYONE,
        form=lambda _s: {"username": "analyst", "password": "Correct-Horse-Battery-9"},
        headers=SITE,
    ),
    Row("POST", "/logout", SIGNED_IN, fresh_credential=True, headers=SITE),
    # Filing from the form: monitors and staff, as the API (a wrong latitude: 422 for those
    # allowed, nothing filed); a filed report's page is for its filer and the staff.
    Row("GET", "/reports/new", STAFF | MONITORS),
    Row(
        "POST",
        "/reports/new",
        STAFF | MONITORS,
        form=lambda _s: {"draft": "2f1e9e0a-5c1f-4c56-9d0e-3b8f6a0c7d11", "latitude": "95"},
        headers=SITE,
    ),
    Row(
        "GET",
        "/reports/{report_id}/filed",
        STAFF | {"monitor.ru"},
        params=lambda s, _p: {"report_id": s.report_id},
    ),
    # Alerts: the mission reads them, staff acknowledge (409 once acknowledged).
    Row("GET", "/alerts", STAFF | MONITORS),
    Row(
        "GET",
        "/alerts/{alert_id}",
        STAFF | MONITORS,
        params=lambda s, _p: {"alert_id": s.alert_id},
    ),
    Row(
        "POST",
        "/alerts/{alert_id}/acknowledge",
        STAFF,
        params=lambda s, _p: {"alert_id": s.alert_id},
        form=lambda _s: {"note": "Matrix."},
        headers=SITE,
    ),
    Row("GET", "/timeline", EVERYONE, query=lambda _s: {"since": "2020-11-01"}),
    Row("GET", "/daily-report", EVERYONE, query=lambda _s: {"day": "2020-11-16"}),
    Row(
        "GET",
        "/daily-report/file",
        EVERYONE,
        query=lambda _s: {"day": "2020-11-16", "audience": "public", "format": "md"},
    ),
    # Findings: everyone reads published ones; the forms follow the API's rows (the draft's
    # sign-off does not verify: 422; publishing it without the quorum: 409).
    Row("GET", "/findings", EVERYONE, query=lambda _s: {"status": "published"}),
    Row("GET", "/findings/{finding_id}", EVERYONE, params=findings.published),
    Row("GET", "/findings/{finding_id}/content", EVERYONE, params=findings.published),
    Row(
        "POST",
        "/findings/{finding_id}/edit",
        STAFF,
        params=findings.draft,
        form=lambda _s: {"title": "Draft", "text": "Revised by the matrix."},
        headers=SITE,
    ),
    *(
        Row(
            "POST",
            row.path.removeprefix("/api/v1"),
            row.allowed,
            params=row.params,
            form=row.json,
            headers=SITE,
        )
        for row in findings.ROWS
        if row.path.endswith(("/signoffs", "/publish"))
    ),
    # Reports from text: staff, as the API's extraction rows (the seeded source; accepting
    # again files nothing new: 200 after the first 201).
    Row("GET", "/extract", STAFF),
    *(
        Row(
            "POST",
            path,
            STAFF,
            form=lambda s: {**extractions.TEXT, "source": s.source_id},
            headers=SITE,
        )
        for path in ("/extract", "/extract/accept")
    ),
]
