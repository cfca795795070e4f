"""Filing a report from the dashboard's form: for the roles the API lets file, through the
same services as `POST /api/v1/reports` and its evidence route; once per draft however
often the form is sent; a wrong field or file shows the form again naming it, with
nothing written."""

from __future__ import annotations

import html
import re
import uuid
from typing import Any

from tests.api.conftest import WHO
from tests.api.matrix.row import STAFF
from tests.api.test_reports_api import count, settled
from tests.web.conftest import SITE, Site

from ceasefire.domain.evidence import MB
from ceasefire.storage.schema import audit_log, evidence_files, evidence_links, reports
from ceasefire.web.filing_form import UTC_OFFSETS, draft_of

FILERS = {*STAFF, "monitor.ru", "monitor.tr"}
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
FILED = re.compile(r"^/reports/([0-9a-f-]{36})/filed\?")


def form(**overrides: Any) -> dict[str, Any]:
    """A valid form as a browser sends it, placed by a click on the map."""
    values: dict[str, Any] = {
        "draft": str(uuid.uuid4()),
        "source": "jmc-patrol",
        "occurred_start": "2020-11-17T10:15",
        "utc_offset": "+04:00",
        "time_precision": "minute",
        "latitude": "39.95012",
        "longitude": "46.90345",
        "geo_precision": "exact",
        "place_name": "Aghdam outskirts",
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Shelling/artillery/missile attack",
        "how_observed": "heard",
        "credibility": "3",
        "weapons": ["mortar", "artillery"],
        "explosions": "4",
        "shots": "",
        "killed_civilian_best": "1",
        "wounded_civilian_low": "1",
        "wounded_civilian_best": "2",
        "wounded_civilian_high": "3",
        "initiator_name": "Unknown forces",
        "initiator_party": "",
        "target_name": "Village of Kengerli",
        "target_party": "AZ",
        "text": "Four explosions heard from the patrol's position.",
    }
    values.update(overrides)
    return values


def post(site: Site, who: str, values: dict[str, Any], files: Any = None, **headers: str) -> Any:
    """Send the form as `who` (by API token)."""
    return site.world.client.post(
        "/reports/new", data=values, files=files,
        headers={**SITE, **site.world.auth(who), **headers}, follow_redirects=False,
    )  # fmt: skip


def opened(site: Site, where: str, who: str) -> str:
    """The page a form post led to (its address with its query), as `who`."""
    r = site.world.client.get(where, headers=site.world.auth(who))
    assert r.status_code == 200, r.text[-300:]
    return r.text


def stored(site: Site) -> tuple[int, int, int, int]:
    """Rows of the tables a filing writes to."""
    settled(site.world)
    tables = (reports, audit_log, evidence_files, evidence_links)
    return tuple(count(site.world, t) for t in tables)  # type: ignore[return-value]


def test_the_form_is_offered_to_the_roles_that_may_file(site: Site) -> None:
    for who in WHO:
        r = site.world.client.get("/reports/new", headers=site.world.auth(who))
        navigation = site.get("/", who)
        if who in FILERS:
            assert r.status_code == 200
            for label in ("Latitude (required)", "Event type (required)", "Explosions"):
                assert label in r.text, label
            assert 'id="pick-map"' in r.text and 'name="draft"' in r.text
            assert '<a href="/reports/new"' in navigation
        else:
            assert r.status_code == (401 if who == "public" else 403), who
            assert '<a href="/reports/new"' not in navigation


def test_a_monitor_files_a_report_with_evidence(site: Site) -> None:
    values = form()
    r = post(site, "monitor.ru", values, files=[("evidence", ("crater.png", PNG, "image/png"))])
    assert r.status_code == 303, r.text[-500:]
    found = FILED.match(r.headers["location"])
    assert found is not None and r.headers["location"].endswith("attached=1")
    report_id = found.group(1)
    auth = site.world.auth("analyst")
    report = site.world.client.get(f"/api/v1/reports/{report_id}", headers=auth).json()
    assert report["external_id"] == f"web:{values['draft']}"
    assert report["occurred_start"] == "2020-11-17T06:15:00Z"
    assert (report["latitude"], report["longitude"]) == (39.95012, 46.90345)
    assert report["observations"]["explosions"] == 4 and report["observations"]["shots"] is None
    assert report["casualties"]["wounded_civilian"] == {"low": 1, "best": 2, "high": 3}
    assert report["weapons"] == ["mortar", "artillery"]
    assert report["actors"] == [
        {"name": "Unknown forces", "side": "initiator", "party": None},
        {"name": "Village of Kengerli", "side": "target", "party": "AZ"},
    ]
    page = opened(site, r.headers["location"], "monitor.ru")
    assert "The report is filed." in page and "crater.png" in page
    assert f'data-filed-draft="{values["draft"]}"' in page
    assert "/api/v1/reports/" in page and "/evidence/" in page


def test_a_form_sent_again_files_once(site: Site) -> None:
    values = form()
    first = post(site, "monitor.ru", values, files=[("evidence", ("a.png", PNG, "image/png"))])
    before = stored(site)
    again = post(site, "monitor.ru", values, files=[("evidence", ("a.png", PNG, "image/png"))])
    assert again.status_code == 303
    assert again.headers["location"].split("?")[0] == first.headers["location"].split("?")[0]
    assert "duplicate=1" in again.headers["location"]
    assert stored(site) == before
    page = opened(site, again.headers["location"], "monitor.ru")
    assert "This draft was filed before" in page


WRONG_FIELDS: list[tuple[dict[str, Any], str, str]] = [
    ({"latitude": "95"}, "latitude", "95"),
    ({"longitude": "east"}, "longitude", "east"),
    ({"latitude": ""}, "latitude", ""),
    ({"occurred_start": "2020-11-31T10:00"}, "occurred_start", "2020-11-31T10:00"),
    ({"utc_offset": "+04:07"}, "utc_offset", "+04:07"),
    ({"event_type": "Skirmish"}, "event_type", "Skirmish"),
    ({"sub_event_type": "Armed clash"}, "sub_event_type", "Armed clash"),
    ({"time_precision": "second"}, "time_precision", "second"),
    ({"explosions": "-3"}, "explosions", "-3"),
    ({"credibility": "7"}, "credibility", "7"),
    ({"text": "<script>alert(1)</script>"}, "text", "<script>alert(1)</script>"),
    ({"initiator_name": "", "initiator_party": "AM"}, "initiator_name", ""),
    ({"weapons": ["catapult"]}, "weapons", "catapult"),
    ({"source": "nobody"}, "source", "nobody"),
    ({"draft": "../../etc"}, "draft", "../../etc"),
    ({"killed_civilian_low": "5", "killed_civilian_high": "2"}, "casualties", ""),
]
"""(form fields changed, the field the message names, the value it quotes)"""


def test_a_wrong_field_shows_the_form_again_naming_it(site: Site) -> None:
    before = stored(site)
    for change, field, value in WRONG_FIELDS:
        values = form(**change)
        r = post(site, "monitor.ru", values)
        assert r.status_code == 422, (change, r.text[-300:])
        problem = re.search(r'id="form-problem">([^<]*)', r.text)
        assert problem is not None, change
        message = html.unescape(problem.group(1))
        assert message.startswith(field) and value in message, message
        assert "Nothing was filed" in message
        assert field == "draft" or f'value="{values["draft"]}"' in r.text, "the draft is kept"
    assert stored(site) == before


def test_the_form_shown_again_keeps_what_was_typed(site: Site) -> None:
    r = post(site, "monitor.ru", form(latitude="95", place_name="Kengerli"))
    assert 'value="Kengerli"' in r.text and 'value="95" aria-invalid="true"' in r.text
    assert re.search(r'value="mortar" checked', r.text)
    assert 'data-fresh="0"' in r.text


REFUSED_FILES = [
    ("photo.png", PNG + b"\x00" * (25 * MB), "is larger than 25 MB, the limit for photo"),
    ("statement.pdf", b"MZ\x90\x00" + b"\x00" * 200, "its content is not an accepted"),
    ("photo.jpg", b"%PDF-1.4 statement", "the name says JPEG image (.jpg)"),
    ("empty.png", b"", "is empty"),
]
"""(file name, content, what the message says): too large, not accepted, misnamed, empty"""


def test_a_file_the_store_refuses_files_nothing(site: Site) -> None:
    before = stored(site)
    for name, content, message in REFUSED_FILES:
        files = [
            ("evidence", ("fine.png", PNG, "image/png")),
            ("evidence", (name, content, "application/octet-stream")),
        ]
        r = post(site, "monitor.ru", form(), files=files)
        assert r.status_code == 422, name
        problem = re.search(r'id="form-problem">([^<]*)', r.text)
        assert problem is not None
        assert problem.group(1).startswith("evidence: ") and message in problem.group(1)
        assert name in problem.group(1) and "Choose the evidence files" in problem.group(1)
    assert stored(site) == before


def test_a_form_from_another_site_is_refused(site: Site) -> None:
    before = stored(site)
    r = post(site, "monitor.ru", form(), Origin="https://evil.example")
    assert r.status_code == 403
    assert stored(site) == before


def test_the_filed_page_is_the_filers_own(site: Site) -> None:
    r = post(site, "monitor.ru", form())
    where = r.headers["location"]
    assert site.world.client.get(where, headers=site.world.auth("monitor.tr")).status_code == 404
    assert "The report is filed." in opened(site, where, "analyst")


def test_draft_ids() -> None:
    assert draft_of("web:x") == "x" and draft_of("acled:1") is None and draft_of(None) is None
    assert "+04:00" in UTC_OFFSETS and "+05:45" in UTC_OFFSETS and "+04:07" not in UTC_OFFSETS
