"""The complaints pages over HTTP on both backends: a liaison files and follows their own
party's complaints and answers the mission's questions; the other party's liaison never
reaches them (list, page, link or step: not found); staff work the queue, overdue first,
and move a complaint through its lifecycle; a wrong form names the field and the value and
stores nothing."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from tests.api.matrix.row import LIAISONS, STAFF
from tests.web.conftest import SITE, Site

from ceasefire.domain.access import Role, Viewer
from ceasefire.domain.complaints import Complaint, ComplaintStatus
from ceasefire.services import complaints, findings, information_requests
from ceasefire.services.complaints import ComplaintInput

AM = Viewer(Role.PARTY_LIAISON, "AM", "liaison.am")
AZ = Viewer(Role.PARTY_LIAISON, "AZ", "liaison.az")
ANALYST = Viewer(Role.ANALYST, None, "analyst")
FORM = {
    "allegation": "Mortar fire on our post east of Martuni; two soldiers wounded.",
    "occurred_start": "2020-11-19T05:30",
    "latitude": "39.795",
    "longitude": "47.117",
}
REFERENCE = re.compile(r'href="/complaints/([A-Z]{2}-\d{4}-\d{3,})"')


def file_as(site: Site, who: str, **changes: str) -> Any:
    """Post the filing form as `who` (by token), without following the redirect."""
    return site.world.client.post(
        "/complaints/new", data={**FORM, **changes}, headers={**SITE, **site.world.auth(who)},
        follow_redirects=False,
    )  # fmt: skip


def post(site: Site, who: str, path: str, **form: str) -> Any:
    """A form post as `who` from this site's pages."""
    return site.world.client.post(
        path, data=form, headers={**SITE, **site.world.auth(who)}, follow_redirects=False
    )


def filed(site: Site, viewer: Viewer = AM, *, received: datetime | None = None) -> Complaint:
    """A complaint filed through the service (at `received`, for an overdue one)."""
    assert viewer.party_id is not None
    return complaints.file_complaint(
        db=site.world.db,
        data=ComplaintInput(
            party_id=viewer.party_id,
            allegation=f"{viewer.party_id}: shelling of our positions.",
            occurred_start=datetime(2020, 11, 18, 6, tzinfo=UTC),
            latitude=39.8,
            longitude=46.8,
        ),
        viewer=viewer, actor=viewer.name, now=received,
    )  # fmt: skip


def listed(html: str) -> list[str]:
    """The complaint references a page links to, in order."""
    return list(dict.fromkeys(REFERENCE.findall(html)))


def test_a_liaison_files_a_complaint_and_follows_it(site: Site) -> None:
    r = file_as(site, "liaison.am")
    assert r.status_code == 303, r.text
    location = r.headers["location"]
    assert re.fullmatch(r"/complaints/AM-\d{4}-001\?done=filed", location)
    reference = location.split("?")[0].rsplit("/", 1)[1]
    page = site.get(location.split("?")[0], "liaison.am", done="filed")
    for text in (
        f"Complaint {reference}", "Complaint filed.", "received", "Acknowledge by",
        "Finding due", "Mortar fire on our post", "2020-11-19 01:30 UTC",
    ):  # fmt: skip
        assert text in page, text
    assert "Withdraw" in page and "Acknowledge receipt" not in page
    assert listed(site.get("/complaints", "liaison.am")) == [reference]


def test_the_form_offers_a_party_to_staff_only(site: Site) -> None:
    assert 'name="party"' not in site.get("/complaints/new", "liaison.am")
    staff = site.get("/complaints/new", "analyst")
    assert 'name="party"' in staff and "<option>AZ</option>" in staff
    r = file_as(site, "head", party="AZ")
    assert r.status_code == 303 and "/complaints/AZ-" in r.headers["location"]


def test_the_other_party_never_reaches_a_complaint(site: Site) -> None:
    mine = filed(site, AM)
    information_requests.send_request(
        db=site.world.db, party_id="AZ", question="Were your units east of Martuni?",
        viewer=ANALYST, actor="analyst", complaint=mine.id,
    )  # fmt: skip
    client, auth = site.world.client, site.world.auth("liaison.az")
    for key in (mine.id, mine.reference):
        assert client.get(f"/complaints/{key}", headers=auth).status_code == 404
        for step in ("acknowledge", "investigate", "close", "withdraw", "finding"):
            assert post(site, "liaison.az", f"/complaints/{key}/{step}").status_code == 404
    pages = [site.get(p, "liaison.az") for p in ("/complaints", "/complaints/new", "/")]
    pages += [site.get("/compliance", "liaison.az"), site.get("/incidents", "liaison.az")]
    for text in pages:
        assert mine.id not in text and mine.reference not in text
    queue = pages[0]
    assert "Were your units east of Martuni?" in queue, "the question reaches AZ"
    assert "The complaint it is about" not in queue
    assert listed(site.get("/complaints", "liaison.am")) == [mine.reference]


def test_staff_see_the_queue_overdue_first(site: Site) -> None:
    fresh = filed(site, AZ)
    late = filed(site, AM, received=datetime.now(UTC) - timedelta(days=3))
    html = site.get("/complaints", "analyst")
    assert listed(html) == [late.reference, fresh.reference]
    overdue = html.split('id="overdue-complaints"')[1].split("</table>")[0]
    assert late.reference in overdue and fresh.reference not in overdue
    assert "Overdue" in overdue and "2 days overdue" in overdue
    only = site.get("/complaints", "analyst", overdue="1")
    assert listed(only) == [late.reference]
    assert listed(site.get("/complaints", "analyst", party="AZ")) == [fresh.reference]
    received = site.get("/complaints", "head", status="received")
    assert set(listed(received)) == {late.reference, fresh.reference}


def test_staff_move_a_complaint_through_its_lifecycle(site: Site) -> None:
    c = filed(site, AM)
    path = f"/complaints/{c.reference}"
    for step, done in (("acknowledge", "acknowledged"), ("investigate", "investigating")):
        r = post(site, "analyst", f"{path}/{step}")
        assert (r.status_code, r.headers["location"]) == (303, f"{path}?done={done}")
    r = post(site, "analyst", f"{path}/requests", party="AM", question="Which unit?",
             answer_by="2099-01-01T12:00")  # fmt: skip
    assert r.status_code == 303, r.text
    mine = site.get(path, "liaison.am")
    assert "Which unit?" in mine and "answer by 2099-01-01 08:00 UTC" in mine
    request_id = re.findall(r"/complaints/requests/([0-9a-f-]{36})/answer", mine)[0]
    r = post(site, "liaison.am", f"/complaints/requests/{request_id}/answer",
             answer="No unit of ours.", back=path)  # fmt: skip
    assert (r.status_code, r.headers["location"]) == (303, f"{path}?done=answered")
    assert "No unit of ours." in site.get(path, "analyst")
    finding = findings.draft_finding(
        db=site.world.db, title="Mortar fire confirmed", text="Craters seen.", actor="analyst",
        complaint_id=c.id,
    )  # fmt: skip
    staff_page = site.get(path, "analyst")
    assert f'<option value="{finding.id}"' in staff_page
    assert post(site, "analyst", f"{path}/finding", finding_id=finding.id).status_code == 303
    assert post(site, "analyst", f"{path}/close").status_code == 303
    shown = complaints.show_complaint(db=site.world.db, key=c.id, viewer=ANALYST)
    assert shown.complaint.status is ComplaintStatus.CLOSED
    assert shown.complaint.finding_id == finding.id


@pytest.mark.parametrize("who", sorted(LIAISONS))
def test_a_liaison_takes_no_staff_step(site: Site, who: str) -> None:
    c = filed(site, AM if who == "liaison.am" else AZ)
    for step in ("acknowledge", "investigate", "close"):
        r = post(site, who, f"/complaints/{c.reference}/{step}")
        assert r.status_code == 403 and "only mission staff" in r.text
    assert post(site, who, f"/complaints/{c.reference}/requests", party="AM").status_code == 403
    page = site.get(f"/complaints/{c.reference}", who)
    assert "Acknowledge receipt" not in page and "Request information" not in page


def test_a_liaison_withdraws_their_complaint(site: Site) -> None:
    c = filed(site, AM)
    r = post(site, "liaison.am", f"/complaints/{c.reference}/withdraw", reason="Settled.")
    assert r.status_code == 303
    page = site.get(f"/complaints/{c.reference}", "liaison.am", done="withdrawn")
    assert "Complaint withdrawn." in page and "Withdrawn:" in page


def test_a_step_the_lifecycle_refuses_shows_the_page_with_why(site: Site) -> None:
    c = filed(site, AM)
    r = post(site, "analyst", f"/complaints/{c.reference}/close")
    assert r.status_code == 422 and r.headers["content-type"].startswith("text/html")
    assert "complaint.status: complaint " in r.text and "is received" in r.text
    r = post(site, "analyst", f"/complaints/{c.reference}/requests", party="RU", question="?")
    assert r.status_code == 422 and "party: " in r.text and "RU" in r.text
    assert 'aria-invalid="true"' in r.text


@pytest.mark.parametrize(
    ("who", "changes", "field", "value"),
    [
        ("liaison.am", {"occurred_start": "2099-11-19T05:30"}, "occurred_start", "2099-11-19"),
        ("liaison.am", {"occurred_start": "19/11/2020"}, "occurred_start", "19/11/2020"),
        ("liaison.am", {"occurred_start": ""}, "occurred_start", ""),
        ("liaison.am", {"allegation": "   "}, "allegation", ""),
        ("liaison.am", {"allegation": "<script>x</script>"}, "allegation", "&lt;script&gt;"),
        ("liaison.am", {"longitude": ""}, "latitude/longitude", "39.795"),
        ("liaison.am", {"latitude": "north"}, "latitude", "north"),
        ("liaison.am", {"latitude": "", "longitude": "", "place_name": "Xyzzyville"}, "place",
         "Xyzzyville"),
        ("liaison.am", {"agreement": "bishkek-1994"}, "agreement", "bishkek-1994"),
        ("liaison.am", {"incident_ids": "no-such-incident"}, "incident", "no-such-incident"),
        ("analyst", {}, "party", ""),
        ("analyst", {"party": "RU"}, "party", "RU"),
    ],
)  # fmt: skip
def test_a_wrong_field_shows_the_form_again_and_stores_nothing(
    site: Site, who: str, changes: dict[str, str], field: str, value: str
) -> None:
    r = file_as(site, who, **changes)
    assert 400 <= r.status_code < 500 and r.headers["content-type"].startswith("text/html")
    message = re.findall(r'id="form-error">([^<]*)<', r.text)
    assert message and message[0].startswith(f"{field}"), message
    assert value in message[0]
    assert 'action="/complaints/new"' in r.text
    for name, typed in changes.items():
        if typed and name != "agreement":
            assert typed.replace("<", "&lt;").replace(">", "&gt;") in r.text
    assert complaints.list_complaints(db=site.world.db, viewer=ANALYST) == []


def test_forms_from_elsewhere_are_refused(site: Site) -> None:
    c = filed(site, AM)
    elsewhere = {"Origin": "https://evil.example", **site.world.auth("analyst")}
    for path in ("/complaints/new", f"/complaints/{c.reference}/acknowledge"):
        r = site.world.client.post(path, data=FORM, headers=elsewhere, follow_redirects=False)
        assert r.status_code == 403
    assert (
        complaints.show_complaint(db=site.world.db, key=c.id, viewer=ANALYST).complaint.status
        is ComplaintStatus.RECEIVED
    )


@pytest.mark.parametrize(("who", "status"), [("public", 401), ("monitor.ru", 403)])
def test_only_liaisons_and_staff_open_the_complaints_pages(
    site: Site, who: str, status: int
) -> None:
    c = filed(site, AM)
    for path in ("/complaints", "/complaints/new", f"/complaints/{c.reference}"):
        r = site.world.client.get(path, headers=site.world.auth(who))
        assert r.status_code == status and r.headers["content-type"].startswith("text/html")
    nav = site.get("/", who)
    assert 'href="/complaints"' not in nav and 'href="/compliance"' in nav


@pytest.mark.parametrize("who", sorted(STAFF | LIAISONS))
def test_the_navigation_leads_liaisons_and_staff_to_complaints(site: Site, who: str) -> None:
    assert 'href="/complaints"' in site.get("/", who)


def test_an_analyst_does_not_read_a_confidential_allegation(site: Site) -> None:
    r = file_as(site, "liaison.am", confidential="yes")
    path = r.headers["location"].split("?")[0]
    assert "Withheld" in site.get(path, "analyst")
    assert "Mortar fire on our post" in site.get(path, "head")
    assert "Withheld (confidential)" in site.get("/complaints", "analyst")


@pytest.mark.parametrize(
    ("params", "field"),
    [({"status": "maybe"}, "status"), ({"overdue": "yes"}, "overdue"),
     ({"cursor": "garbage"}, "cursor"), ({"party": "<AM>"}, "party")],
)  # fmt: skip
def test_a_wrong_address_names_the_field(site: Site, params: dict[str, str], field: str) -> None:
    r = site.world.client.get("/complaints", params=params, headers=site.world.auth("analyst"))
    assert r.status_code == 422 and f"{field}: " in r.text


def test_the_queue_has_pages(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("ceasefire.web.complaint_pages.PAGE_SIZE", 2)
    made = [filed(site, AM).reference for _ in range(3)]
    first = site.get("/complaints", "liaison.am")
    assert listed(first) == made[:2]
    following = re.findall(r'href="(/complaints\?cursor=[^"]+)" rel="next"', first)[0]
    r = site.world.client.get(html.unescape(following), headers=site.world.auth("liaison.am"))
    second = r.text
    assert listed(second) == made[2:] and 'rel="next"' not in second
