"""The extraction page on both backends: staff paste a text and see the proposed events
(each field with the sentence its words are in, marked, and a confidence), nothing stored;
accepting files every event in one transaction and links the reports and incidents; a
refused form names the field and the value, with nothing written; the other roles never
reach it."""

from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy import func, select
from tests.api.conftest import WHO
from tests.api.matrix.row import STAFF
from tests.web.conftest import SITE, Site

from ceasefire.storage.schema import evidence_links, reports

TEXT = (
    "On 12 July 2020 Armenian armed forces shelled Aghdam village of the Tovuz district with"
    " mortars; about 40 shells exploded. On 16 July 2020 Armenian units fired at Dondar"
    " Gushchu in the Tovuz district with small arms. Two Azerbaijani servicemen were wounded."
)
FORM = {"text": TEXT, "published": "2020-07-17", "source": "mod-az", "speaker": ""}


def post(site: Site, path: str, form: dict[str, Any], who: str = "analyst", **headers: str) -> Any:
    return site.world.client.post(
        path, data=form, headers={**SITE, **site.world.auth(who), **headers},
        follow_redirects=False,
    )  # fmt: skip


def count(site: Site, table: Any) -> int:
    with site.world.db.read() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def test_staff_open_the_form_from_the_navigation(site: Site) -> None:
    for who in WHO:
        r = site.world.client.get("/extract", headers=site.world.auth(who))
        nav = site.world.client.get("/incidents", headers=site.world.auth(who)).text
        if who in STAFF:
            assert r.status_code == 200, (who, r.text[-300:])
            assert 'name="text"' in r.text and 'value="mod-az"' in r.text
            assert 'href="/extract"' in nav
        else:
            assert r.status_code in {401, 403}, (who, r.status_code)
            assert 'href="/extract"' not in nav


def test_a_proposal_shows_each_field_with_its_sentence_and_stores_nothing(site: Site) -> None:
    before = count(site, reports)
    r = post(site, "/extract", FORM)
    assert r.status_code == 200, r.text[-500:]
    page = r.text
    assert "Event 1" in page and "Event 2" in page
    assert "shelling" in page and "mortar" in page
    assert "projectiles" in page and "<td>40</td>" in page
    assert "wounded_military (AZ)" in page
    # The words are marked inside the sentence they came from.
    assert "<mark>about 40 shells</mark> exploded." in page
    assert re.search(r"<mark>Two Azerbaijani servicemen were wounded</mark>", page)
    assert re.search(r"<td>0\.\d\d</td>", page)
    assert 'action="/extract/accept"' in page and "Accept all 2 events" in page
    assert count(site, reports) == before


def test_accepting_files_every_event_and_links_them(site: Site) -> None:
    before = count(site, reports), count(site, evidence_links)
    r = post(site, "/extract/accept", FORM)
    assert r.status_code == 201, r.text[-500:]
    ids = re.findall(r'href="/reports/([^"/]+)/filed"', r.text)
    incidents = re.findall(r'href="/incidents/([^"/]+)"', r.text)
    assert len(ids) == 2 and len(incidents) == 2
    assert count(site, reports) == before[0] + 2
    assert count(site, evidence_links) == before[1] + 2
    filed = site.get(f"/reports/{ids[0]}/filed", "analyst")
    assert "extracted-text.txt" in filed
    again = post(site, "/extract/accept", FORM)
    assert again.status_code == 200
    assert again.text.count("already filed; nothing written") == 2
    assert re.findall(r'href="/reports/([^"/]+)/filed"', again.text) == ids
    assert count(site, reports) == before[0] + 2


@pytest.mark.parametrize(
    ("path", "change", "field", "value"),
    [
        ("/extract", {"text": "   "}, "text", None),
        ("/extract", {"text": "Shelling <script>alert(1)</script> of Tovuz."}, "text", None),
        ("/extract", {"published": "2020-13-40"}, "published", "2020-13-40"),
        ("/extract", {"source": ""}, "source", None),
        ("/extract", {"text": "x" * 100_001}, "text", None),
        ("/extract/accept", {"source": "no-such-source"}, "source", "no-such-source"),
        ("/extract/accept", {"text": "Yesterday shots were fired."}, "event 1", "Yesterday"),
    ],
)
def test_a_refused_form_names_the_field_and_writes_nothing(
    site: Site, path: str, change: dict[str, str], field: str, value: str | None
) -> None:
    before = count(site, reports), count(site, evidence_links)
    r = post(site, path, {**FORM, **change})
    assert 400 <= r.status_code < 500 and r.status_code != 403, (r.status_code, r.text[-300:])
    message = re.search(r'role="alert" id="form-error">([^<]*)</p>', r.text)
    assert message is not None, r.text[-800:]
    assert message.group(1).startswith(field), message.group(1)
    if value is not None:
        assert value in message.group(1)
    assert "<script>alert" not in r.text
    assert (count(site, reports), count(site, evidence_links)) == before


def test_other_roles_and_other_sites_cannot_post(site: Site) -> None:
    before = count(site, reports)
    for who in sorted(set(WHO) - STAFF):
        for path in ("/extract", "/extract/accept"):
            r = post(site, path, FORM, who)
            assert r.status_code in {401, 403}, (who, path, r.status_code)
    foreign = post(site, "/extract/accept", FORM, Origin="https://elsewhere.example")
    assert foreign.status_code == 403
    assert count(site, reports) == before
