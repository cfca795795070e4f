"""The analysts' actions on the incident page: split, verify, attribute and draft a finding,
staff only, each with a reason (a title and text for a finding), through the same services
as the API; a refused form shows the page again saying which field and value."""

from __future__ import annotations

import html
from typing import Any
from urllib.parse import parse_qsl

import pytest
from tests.api.conftest import WHO
from tests.api.matrix.row import STAFF
from tests.web.conftest import SITE, Site

from ceasefire.domain.access import Role, Viewer
from ceasefire.domain.incidents import VerificationStatus
from ceasefire.services import audit, findings, incidents
from ceasefire.services.audit import AuditFilter
from ceasefire.services.findings import FindingFilter

ADMIN = Viewer(Role.ADMIN, None, "admin")
FORMS: dict[str, dict[str, Any]] = {
    "verify": {"status": "verified", "reason": "UAV imagery shows the craters."},
    "attribute": {"party": "AZ", "reason": "Fire from the east; both posts concur."},
    "finding": {"title": "Shelling near the post", "text": "The mission finds that ..."},
    "split": {"reason": "Two separate events."},
}


def act(site: Site, who: str, incident_id: str, action: str, form: dict[str, Any]) -> Any:
    """POST an action's form on the incident page as `who` (by API token)."""
    return site.world.client.post(
        f"/incidents/{incident_id}/{action}", data=form,
        headers={**SITE, **site.world.auth(who)}, follow_redirects=False,
    )  # fmt: skip


def follow(site: Site, r: Any, who: str = "analyst") -> str:
    """The page a form's answer redirects to."""
    path, _, query = r.headers["location"].partition("?")
    return site.get(path, who, **dict(parse_qsl(query)))


def written(site: Site) -> tuple[int, int]:
    """How many audit entries and findings there are: what a refused form must not change."""
    entries = audit.list_entries(db=site.world.db, viewer=ADMIN, flt=AuditFilter()).entries
    return len(entries), len(findings.list_findings(db=site.world.db))


def two_reports(site: Site) -> tuple[str, list[str]]:
    """One incident holding both reports (merged by the service); its id and report ids."""
    change = incidents.merge_incidents(
        db=site.world.db, incident_ids=[site.hidden, site.shown], reason="Same.", actor="analyst"
    )
    merged = change.incidents[0]
    return merged.id, sorted(merged.report_ids)


def test_an_analyst_verifies(site: Site) -> None:
    r = act(site, "analyst", site.hidden, "verify", FORMS["verify"])
    assert r.status_code == 303 and r.headers["location"] == f"/incidents/{site.hidden}?done=verify"
    incident = incidents.get_incident(db=site.world.db, incident_id=site.hidden)
    assert incident.status is VerificationStatus.VERIFIED
    page = follow(site, r)
    assert "Verification status recorded." in page and "UAV imagery shows the craters." in page


@pytest.mark.parametrize(("party", "expected"), [("AZ", "AZ"), ("nobody", None)])
def test_an_analyst_attributes(site: Site, party: str, expected: str | None) -> None:
    r = act(site, "analyst", site.hidden, "attribute", {**FORMS["attribute"], "party": party})
    assert r.status_code == 303, r.text
    assert r.headers["location"] == f"/incidents/{site.hidden}?done=attribute"
    incident = incidents.get_incident(db=site.world.db, incident_id=site.hidden)
    assert incident.attributed_party_id == expected
    assert "Attribution recorded." in follow(site, r)


def test_an_analyst_drafts_a_finding_listed_on_the_page(site: Site) -> None:
    r = act(site, "analyst", site.hidden, "finding", FORMS["finding"])
    assert r.status_code == 303, r.text
    found = findings.list_findings(db=site.world.db, flt=FindingFilter(incident_id=site.hidden))
    assert [f.title for f in found] == ["Shelling near the post"]
    assert r.headers["location"] == f"/incidents/{site.hidden}?drafted={found[0].id}"
    page = follow(site, r)
    assert f"Draft finding {found[0].id} saved." in page
    assert f'href="/findings/{found[0].id}"' in page
    made_up = "00000000-0000-4000-8000-000000000000"
    other = site.get(f"/incidents/{site.hidden}", "analyst", drafted=made_up)
    assert "Draft finding" not in other and made_up not in other


def test_an_analyst_splits_reports_off(site: Site) -> None:
    merged, reports = two_reports(site)
    r = act(site, "analyst", merged, "split", {**FORMS["split"], "reports": [reports[0]]})
    assert r.status_code == 303, r.text
    where = r.headers["location"]
    assert where.endswith("?done=split")
    moved = where.removeprefix("/incidents/").split("?")[0]
    assert incidents.get_incident(db=site.world.db, incident_id=moved).report_ids == (reports[0],)
    assert "the chosen reports are in this incident now" in follow(site, r)


def test_the_split_form_lists_the_reports(site: Site) -> None:
    one = site.get(f"/incidents/{site.hidden}", "analyst")
    assert "An incident of one report cannot be split." in one
    merged, reports = two_reports(site)
    html = site.get(f"/incidents/{merged}", "analyst")
    for report in reports:
        assert f'name="reports" value="{report}" id="split-{report}"' in html


@pytest.mark.parametrize("action", sorted(FORMS))
@pytest.mark.parametrize("reason", ["", "   "])
def test_a_missing_reason_is_422_naming_it(site: Site, action: str, reason: str) -> None:
    merged, reports = two_reports(site)
    field = "title" if action == "finding" else "reason"
    form = {**FORMS[action], field: reason, "reports": [reports[0]]}
    if action != "split":
        form.pop("reports")
    before = written(site)
    r = act(site, "analyst", merged, action, form)
    assert r.status_code == 422, r.text
    said = html.unescape(r.text)
    assert f"{field}: is required (you gave {reason!r})" in said and 'role="alert"' in said
    assert written(site) == before, "nothing written"


@pytest.mark.parametrize(
    ("action", "form", "message"),
    [
        ("verify", {"status": "sure", "reason": "x"}, "status: Input should be"),
        ("attribute", {"party": "XX", "reason": "x"}, "party: unknown party"),
        ("attribute", {"reason": "x"}, "party: choose a party or 'nobody'"),
        ("split", {"reason": "x"}, "reports: choose the reports to split off"),
        ("split", {"reports": ["no-such-report"], "reason": "x"}, "not reports of incident"),
    ],
)
def test_a_wrong_value_is_422_naming_field_and_value(
    site: Site, action: str, form: dict[str, Any], message: str
) -> None:
    before = written(site)
    r = act(site, "analyst", site.hidden, action, form)
    assert r.status_code == 422, r.text
    assert message in html.unescape(r.text)
    assert written(site) == before


def test_the_page_keeps_what_was_typed(site: Site) -> None:
    r = act(site, "analyst", site.hidden, "finding", {"title": "", "text": "Kept text."})
    assert r.status_code == 422
    assert ">Kept text.</textarea>" in r.text


@pytest.mark.parametrize("who", [w for w in WHO if w not in STAFF])
@pytest.mark.parametrize("action", sorted(FORMS))
def test_only_staff_act(site: Site, who: str, action: str) -> None:
    merged, reports = two_reports(site)
    before = written(site)
    r = act(site, who, merged, action, {**FORMS[action], "reports": [reports[0]]})
    assert r.status_code == (401 if who == "public" else 403), r.text
    assert written(site) == before


@pytest.mark.parametrize("who", WHO)
def test_only_staff_see_the_forms(site: Site, who: str) -> None:
    html = site.get(f"/incidents/{site.shown}", who)
    assert (f'action="/incidents/{site.shown}/verify"' in html) is (who in STAFF)


def test_an_action_from_another_site_is_refused(site: Site) -> None:
    r = site.world.client.post(
        f"/incidents/{site.hidden}/verify", data=FORMS["verify"],
        headers={"Origin": "https://attacker.example", **site.world.auth("analyst")},
        follow_redirects=False,
    )  # fmt: skip
    assert r.status_code == 403
