"""The map's and the incidents table's filter by the kind of source that reported an
incident, on both backends: the data the map loads (`GET /api/v1/incidents?source_kind=`)
holds only incidents with a report from a source of that kind, within what the caller may
read; the table takes the same filter; an unknown kind is refused naming the parameter and
the value; the map offers every kind in a labelled control."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from tests.api.test_reports_api import file
from tests.web.conftest import Site

from ceasefire.domain.access import Role, Viewer
from ceasefire.domain.sources import SourceKind
from ceasefire.errors import ValidationError
from ceasefire.services.incidents import IncidentFilter, page_incidents

API = "/api/v1/incidents"
LINK = re.compile(r'href="/incidents/([0-9a-f-]{36})"')
ANALYST = Viewer(Role.ANALYST, None, "analyst")


def on_map(site: Site, who: str, **params: str) -> set[str]:
    """The incidents the map would draw for `who` with these filters (its GeoJSON)."""
    r = site.world.client.get(
        API, params={"format": "geojson", "limit": "500", **params}, headers=site.world.auth(who)
    )
    assert r.status_code == 200, r.text
    return {f["id"] for f in r.json()["features"]}


@pytest.fixture
def kinds(site: Site) -> dict[str, Any]:
    """Beside the site's two incidents (observation post reports): one reported by a UAV far
    from them, and a party's statement about the unpublished one (which then has reports
    of two kinds)."""
    uav = file(
        site.world, "analyst", source="jmc-uav", latitude=39.3, longitude=46.4,
        occurred_start="2020-12-02T10:00:00+04:00", how_observed="uav",
    ).incident_id  # fmt: skip
    statement = file(site.world, "analyst", source="mod-az", how_observed="claimed").incident_id
    assert uav is not None and statement == site.hidden, "the statement joins `hidden`"
    return {"uav": uav}


def test_the_map_loads_only_incidents_reported_by_that_kind(
    site: Site, kinds: dict[str, Any]
) -> None:
    everything = on_map(site, "analyst")
    assert everything == {site.hidden, site.shown, kinds["uav"]}
    assert on_map(site, "analyst", source_kind="uav") == {kinds["uav"]}
    assert on_map(site, "analyst", source_kind="observation_post") == {site.hidden, site.shown}
    assert on_map(site, "analyst", source_kind="party_statement") == {site.hidden}
    assert on_map(site, "analyst", source_kind="media") == set()
    combined = on_map(site, "analyst", source_kind="observation_post", status="unverified")
    assert combined <= {site.hidden, site.shown}


@pytest.mark.parametrize("who", ["public", "liaison.am", "liaison.az"])
def test_the_filter_keeps_within_what_the_caller_may_read(
    site: Site, kinds: dict[str, Any], who: str
) -> None:
    assert on_map(site, who, source_kind="observation_post") == {site.shown}
    assert on_map(site, who, source_kind="uav") == set()
    assert on_map(site, who, source_kind="party_statement") == set()


def test_pages_of_the_filtered_map_follow_each_other(site: Site, kinds: dict[str, Any]) -> None:
    client, auth = site.world.client, site.world.auth("analyst")
    params = {"source_kind": "observation_post", "limit": "1"}
    first = client.get(API, params=params, headers=auth).json()
    assert len(first["items"]) == 1 and first["next_cursor"]
    second = client.get(API, params={**params, "cursor": first["next_cursor"]}, headers=auth).json()
    seen = {first["items"][0]["id"], second["items"][0]["id"]}
    assert seen == {site.hidden, site.shown} and second["next_cursor"] is None


@pytest.mark.parametrize("value", ["satellite", "UAV", "<b>"])
def test_an_unknown_kind_is_refused_naming_the_parameter(site: Site, value: str) -> None:
    r = site.world.client.get(API, params={"source_kind": value, "format": "geojson"})
    assert r.status_code == 422 and r.headers["content-type"] == "application/problem+json"
    assert "source_kind" in r.text and value in r.text
    page = site.world.client.get("/incidents", params={"source_kind": value})
    assert page.status_code == 422 and page.headers["content-type"].startswith("text/html")
    assert "source_kind: " in page.text and html.escape(value) in page.text


def test_the_service_names_a_kind_it_does_not_know(site: Site) -> None:
    wrong: Any = "satellite"
    with pytest.raises(ValidationError) as raised:
        page_incidents(db=site.world.db, viewer=ANALYST, flt=IncidentFilter(source_kind=wrong))
    assert (raised.value.field, raised.value.value) == ("source_kind", "satellite")


def test_the_incidents_table_takes_the_same_filter(site: Site, kinds: dict[str, Any]) -> None:
    uav = site.get("/incidents", "analyst", source_kind="uav")
    assert set(LINK.findall(uav)) == {kinds["uav"]} and "Incidents 1–1 of 1" in uav
    assert '<option value="uav" selected>uav</option>' in uav
    posts = site.get("/incidents", "analyst", source_kind="observation_post", dir="asc")
    assert LINK.findall(posts) == [site.hidden, site.shown]
    assert 'href="/incidents?source_kind=observation_post&amp;sort=status' in posts
    public = site.get("/incidents", "public", source_kind="observation_post")
    assert set(LINK.findall(public)) == {site.shown}


def test_the_map_offers_every_kind(site: Site) -> None:
    page = site.get("/", "public")
    assert '<label for="source-kind">Source kind</label>' in page
    control = page.split('<select id="source-kind" name="source_kind"')[1].split("</select>")[0]
    offered = re.findall(r'<option value="([a-z_]*)">', control)
    assert offered == ["", *(k.value for k in SourceKind)]
    assert '<option value="observation_post">observation post</option>' in control
