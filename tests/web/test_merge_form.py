"""Merging incidents from the table: staff only, with a reason, through the same service as
`POST /api/v1/incidents/merge`; a refused merge shows the table again with why."""

from __future__ import annotations

from typing import Any

import pytest
from tests.api.conftest import WHO
from tests.api.matrix.row import STAFF
from tests.web.conftest import SITE, Site

from ceasefire.domain.access import Role, Viewer
from ceasefire.services import audit
from ceasefire.services.audit import AuditFilter
from ceasefire.services.incidents import get_incident

ADMIN = Viewer(Role.ADMIN, None, "admin")


def merge(site: Site, who: str, form: dict[str, Any], **headers: str) -> Any:
    """POST the merge form as `who` (by API token)."""
    return site.world.client.post(
        "/incidents/merge", data=form, headers={**SITE, **site.world.auth(who), **headers},
        follow_redirects=False,
    )  # fmt: skip


def test_staff_merge_two_incidents_with_a_reason(site: Site) -> None:
    r = merge(site, "analyst", {"incidents": [site.hidden, site.shown], "reason": "Same shelling."})
    assert r.status_code == 303
    where = r.headers["location"]
    assert where.startswith("/incidents/") and where.endswith("?merged=2")
    merged = where.removeprefix("/incidents/").split("?")[0]
    assert len(get_incident(db=site.world.db, incident_id=merged).report_ids) == 2
    page = site.world.client.get(where, headers=site.world.auth("admin"))
    assert "Merged 2 incidents into this one." in page.text
    entries = audit.list_entries(
        db=site.world.db, viewer=ADMIN, flt=AuditFilter(action="incident.merge")
    ).entries
    assert entries[0].actor == "analyst" and entries[0].after["reason"] == "Same shelling."


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"reason": "Same shelling."}, "Select two or more incidents to merge."),
        ({"incidents": ["HIDDEN"], "reason": "Same."}, "Select two or more incidents to merge."),
        ({"incidents": ["HIDDEN", "HIDDEN"], "reason": "Same."}, "Select two or more"),
        ({"incidents": ["HIDDEN", "SHOWN"]}, "Give a reason for the merge"),
        ({"incidents": ["HIDDEN", "SHOWN"], "reason": "   "}, "Give a reason for the merge"),
        ({"incidents": ["HIDDEN", "SHOWN"], "reason": "<b>x</b>"}, "reason: Value error"),
        ({"incidents": ["HIDDEN", "bad id!"], "reason": "Same."}, "String should match pattern"),
    ],
)
def test_a_refused_merge_says_why_and_keeps_the_selection(
    site: Site, form: dict[str, Any], message: str
) -> None:
    ids = {"HIDDEN": site.hidden, "SHOWN": site.shown}
    chosen = [ids.get(i, i) for i in form.get("incidents", [])]
    r = merge(site, "analyst", {**form, "incidents": chosen, "back": "status=unverified"})
    assert r.status_code == 422, r.text
    html = r.text
    assert message in html and 'role="alert"' in html
    assert '<option value="unverified" selected>' in html, "the table keeps its filters"
    if site.hidden in chosen:
        assert f'value="{site.hidden}" id="pick-{site.hidden}" checked' in html
    assert len(get_incident(db=site.world.db, incident_id=site.hidden).report_ids) == 1


def test_merging_an_unknown_incident_is_404_in_the_page(site: Site) -> None:
    r = merge(site, "analyst", {"incidents": [site.hidden, "no-such-incident"], "reason": "x"})
    assert r.status_code == 404 and "no-such-incident" in r.text


@pytest.mark.parametrize("who", WHO)
def test_only_staff_see_and_use_the_merge_form(site: Site, who: str) -> None:
    html = site.get("/incidents", who)
    assert ('action="/incidents/merge"' in html) is (who in STAFF)
    if who in STAFF:
        return
    r = merge(site, who, {"incidents": [site.hidden, site.shown], "reason": "Same shelling."})
    assert r.status_code == (401 if who == "public" else 403)
    assert len(get_incident(db=site.world.db, incident_id=site.hidden).report_ids) == 1


def test_a_merge_from_another_site_is_refused(site: Site) -> None:
    r = merge(
        site, "analyst", {"incidents": [site.hidden, site.shown], "reason": "Same."},
        Origin="https://attacker.example",
    )  # fmt: skip
    assert r.status_code == 403
