"""The dashboard's pages as each role sees them: the map, the incidents table (filters,
sorting, pages) and an incident in full; the public and the parties' liaisons only reach
published incidents, through every page and link."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from tests.api.conftest import WHO
from tests.api.matrix.row import LIAISONS, STAFF
from tests.api.test_reports_api import file
from tests.web.conftest import Site

from ceasefire.domain.incidents import VerificationStatus
from ceasefire.services.incidents import set_verdict

READ_ALL = {*STAFF, "monitor.ru", "monitor.tr"}
LINK = re.compile(r'href="/incidents/([0-9a-f-]{36})"')


def linked_incidents(html: str) -> set[str]:
    """The incidents a page links to."""
    return set(LINK.findall(html))


@pytest.mark.parametrize("who", WHO)
def test_every_page_renders_for_every_caller(site: Site, who: str) -> None:
    for path in ("/", "/incidents", f"/incidents/{site.shown}", "/login"):
        html = site.get(path, who)
        assert '<nav aria-label="Main">' in html and "GeoNames" in html
    assert ("Sign out" in site.get("/", who)) is (who != "public")


def test_the_map_page_loads_its_scripts_from_this_server(site: Site) -> None:
    html = site.get("/", "analyst")
    sources = re.findall(r'<(?:script src|link rel="stylesheet" href)="([^"]+)"', html)
    assert len(sources) == 7
    for src in sources:
        assert src.startswith("/static/"), src
        r = site.world.client.get(src)
        assert r.status_code == 200, (src, r.status_code)
    assert 'data-api="/api/v1"' in html and 'data-first="2020-11-16"' in html
    for label in ("Event type", "Status", "Party attributed", "From", "To"):
        assert f">{label}" in html
    geo = site.world.client.get("/map/boundaries.geojson")
    assert geo.headers["content-type"] == "application/geo+json"
    names = {f["properties"]["name"] for f in geo.json()["features"]}
    assert {"Aghdam", "Syunik"} <= names


def test_the_map_page_offers_the_time_span_its_reader_may_see(site: Site) -> None:
    assert 'data-first="2020-11-16"' in site.get("/", "analyst")
    assert 'data-first="2020-11-17"' in site.get("/", "public")


@pytest.mark.parametrize("who", WHO)
def test_the_public_and_liaisons_reach_only_published_incidents(site: Site, who: str) -> None:
    listed = linked_incidents(site.get("/incidents", who))
    hidden = site.world.client.get(f"/incidents/{site.hidden}", headers=site.world.auth(who))
    if who in READ_ALL:
        assert listed == {site.hidden, site.shown}
        assert hidden.status_code == 200
    else:
        assert listed == {site.shown}
        assert hidden.status_code == 404 and "Not found" in hidden.text
    assert site.hidden not in site.get("/", who)


def test_the_detail_page_shows_the_account_and_the_reports(site: Site) -> None:
    html = site.get(f"/incidents/{site.shown}", "analyst")
    for text in (
        "Casualties", "Wounded, civilian", "1 (1–2)", "Attribution", "Provisions concerned",
        "How the confidence was reached", "jmc-op", "heard", "Three explosions heard",
    ):  # fmt: skip
        assert text in html, text
    assert "Graded as" in html and re.search(r"<td>[^<]*\([A-F][1-6], heard", html)
    assert "Audit history" not in html, "analysts do not read the audit log"
    assert "Audit history" in site.get(f"/incidents/{site.shown}", "admin")


def test_a_monitor_sees_only_the_reports_they_filed(site: Site) -> None:
    html = site.get(f"/incidents/{site.shown}", "monitor.ru")
    assert "None of its 1 reports is open to you." in html
    assert "Three explosions heard" in site.get(f"/incidents/{site.shown}", "monitor.tr")


@pytest.mark.parametrize("who", sorted(LIAISONS | {"public"}))
def test_liaisons_and_the_public_read_published_reports(site: Site, who: str) -> None:
    assert "Three explosions heard" in site.get(f"/incidents/{site.shown}", who)


def test_the_table_filters_sorts_and_pages(site: Site) -> None:
    set_verdict(
        db=site.world.db, incident_id=site.hidden, reason="Patrol saw the craters.",
        actor="analyst", status=VerificationStatus.VERIFIED,
    )  # fmt: skip
    only = site.get("/incidents", "analyst", status="verified")
    assert linked_incidents(only) == {site.hidden}
    assert "Incidents 1–1 of 1" in only
    none = site.get("/incidents", "analyst", event_type="Riots")
    assert not linked_incidents(none) and "No incidents match." in none
    since = site.get("/incidents", "analyst", since="2020-11-17", until="2020-11-30")
    assert linked_incidents(since) == {site.shown}
    newest = LINK.findall(site.get("/incidents", "analyst"))
    oldest = LINK.findall(site.get("/incidents", "analyst", dir="asc"))
    assert newest == oldest[::-1] == [site.shown, site.hidden]
    by_status = LINK.findall(site.get("/incidents", "analyst", sort="status", dir="asc"))
    assert by_status[-1] == site.hidden
    sorted_page = site.get("/incidents", "analyst", sort="status")
    assert 'aria-sort="descending"' in sorted_page
    assert 'href="/incidents?sort=status&amp;dir=asc"' in sorted_page
    assert "Page 1 of 1" in sorted_page
    assert not linked_incidents(site.get("/incidents", "analyst", page="2"))


def test_the_table_has_pages_of_fifty(site: Site) -> None:
    for n in range(50):
        file(
            site.world, "monitor.ru", latitude=39.0 + n * 0.02, longitude=45.5,
            occurred_start=datetime(2021, 1, 1 + n % 28, n % 24, tzinfo=UTC).isoformat(),
        )  # fmt: skip
    first = site.get("/incidents", "analyst")
    assert "Incidents 1–50 of 52" in first and "Page 1 of 2" in first
    assert 'href="/incidents?page=2" rel="next"' in first
    second = site.get("/incidents", "analyst", page="2")
    assert linked_incidents(second) == {site.shown, site.hidden}
    assert 'rel="prev"' in second and 'rel="next"' not in second


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"status": "maybe"}, "status"),
        ({"event_type": "Skirmish"}, "event_type"),
        ({"since": "16/11/2020"}, "since"),
        ({"since": "2020-11-20", "until": "2020-11-01"}, "until"),
        ({"sort": "colour"}, "sort"),
        ({"dir": "up"}, "dir"),
        ({"page": "0"}, "page"),
        ({"page": "x"}, "page"),
    ],
)
def test_bad_filters_get_a_clear_message(site: Site, params: dict[str, str], field: str) -> None:
    r = site.world.client.get("/incidents", params=params, headers=site.world.auth("analyst"))
    assert r.status_code == 422 and r.headers["content-type"].startswith("text/html")
    assert f"{field}: " in r.text and "Invalid input" in r.text


def test_pages_are_not_framed_and_run_only_this_sites_scripts(site: Site) -> None:
    r = site.world.client.get("/")
    policy = r.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert r.headers["x-content-type-options"] == "nosniff"


def test_the_api_still_answers_problem_details(site: Site) -> None:
    r = site.world.client.get("/api/v1/incidents/nope")
    assert r.status_code == 404 and r.headers["content-type"] == "application/problem+json"
    page = site.world.client.get("/no/such/page")
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
