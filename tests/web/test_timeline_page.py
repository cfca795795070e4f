"""The timeline page: the scenario's dated events and the incidents the reader may see on
one axis, grouped by month (by year for events known to the year), within a date range."""

from __future__ import annotations

import re
from datetime import date

from tests.api.conftest import WHO
from tests.api.matrix.row import MONITORS, STAFF
from tests.web.conftest import Site

from ceasefire.domain.timeline import DatePrecision, SourceRef, TimelineEvent
from ceasefire.web.timeline_pages import periods

INCIDENT_LINK = re.compile(r'href="/incidents/([0-9a-f-]{36})"')
PERIODS = re.compile(r'<h2 id="period-\d+">([^<]+?) <small>')


def test_events_and_incidents_on_one_axis(site: Site) -> None:
    html = site.get("/timeline", "analyst")
    titles = PERIODS.findall(html)
    assert titles[0] == "1905" and "November 2020" in titles and "April 2024" in titles
    november = html.split("November 2020 <small>")[1].split("</section>")[0]
    assert "Trilateral ceasefire statement" in november and "Aghdam district" in november
    assert set(INCIDENT_LINK.findall(november)) == {site.hidden, site.shown}
    assert november.index("Trilateral ceasefire") < november.index(site.hidden)
    assert november.index(site.hidden) < november.index("Aghdam district handed over")
    assert re.search(r"November 2020 <small>\d+ events, 2 incidents</small>", html)
    assert "Sources:" in november and '<a href="/timeline"' in html


def test_each_reader_sees_only_the_incidents_they_may_read(site: Site) -> None:
    for who in WHO:
        found = set(INCIDENT_LINK.findall(site.get("/timeline", who)))
        if who in STAFF | MONITORS:
            assert found == {site.hidden, site.shown}, who
        else:
            assert found == {site.shown}, who


def test_a_date_range_narrows_both(site: Site) -> None:
    html = site.get("/timeline", "analyst", since="2020-11-17", until="2020-11-20")
    assert PERIODS.findall(html) == ["November 2020"]
    assert set(INCIDENT_LINK.findall(html)) == {site.shown}
    assert "Aghdam district handed over" in html and "Trilateral ceasefire" not in html
    assert 'value="2020-11-17"' in html
    assert "From 2020-11-17 to 2020-11-20: scenario events: 1; incidents: 1." in html
    empty = site.get("/timeline", "public", since="1800-01-01", until="1800-12-31")
    assert "Nothing in this range." in empty


def test_a_wrong_date_names_the_field(site: Site) -> None:
    for params, text in (
        ({"since": "17/11/2020"}, "since: must be a date, YYYY-MM-DD"),
        ({"since": "2020-11-20", "until": "2020-11-01"}, "until: is before since"),
    ):
        r = site.world.client.get("/timeline", params=params, headers=site.world.auth("analyst"))
        assert r.status_code == 422 and text in r.text


def test_periods_put_a_year_before_its_months() -> None:
    source = (SourceRef("public record"),)
    events = [
        TimelineEvent(
            "m", "A month", date(1992, 5, 1), precision=DatePrecision.MONTH, sources=source
        ),
        TimelineEvent(
            "y", "A year", date(1992, 1, 1), precision=DatePrecision.YEAR, sources=source
        ),
        TimelineEvent("d", "A day", date(1992, 1, 1), sources=source),
    ]
    found = periods(events, [], {})
    assert [(p.title, p.counts) for p in found] == [
        ("1992", "1 event"), ("January 1992", "1 event"), ("May 1992", "1 event"),
    ]  # fmt: skip
