"""Reports from text over HTTP, on both backends: a proposal whose spans slice the text and
stores nothing, accepting it files linked reports with the text as evidence (once), and
bad or incomplete input is refused with the field named and nothing written."""

from __future__ import annotations

from sqlalchemy import func, select
from tests.api.conftest import WHO, World

from ceasefire.storage.schema import evidence_links, reports

API = "/api/v1"
TEXT = (
    "On 12 July 2020 Armenian armed forces shelled positions near Aghdam village of the"
    " Tovuz district with mortars. Two servicemen were wounded."
)
BODY = {"text": TEXT, "published": "2020-07-13", "source": "mod-az"}


def count(world: World, table: object) -> int:
    with world.db.read() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())  # type: ignore[arg-type]


def test_a_proposal_quotes_the_text_and_stores_nothing(world: World) -> None:
    r = world.client.post(f"{API}/extractions", json=BODY, headers=world.auth("analyst"))
    assert r.status_code == 200, r.text
    events = r.json()["events"]
    assert len(events) == 1
    event = events[0]
    assert event["date"]["value"]["start"].startswith("2020-07-12")
    assert event["event"]["value"]["kind"] == "shelling"
    assert any(w["value"] == "mortar" for w in event["weapons"])
    fields = [event["date"], event["event"], *event["places"], *event["weapons"]]
    for field in fields:
        assert 0 <= field["confidence"] <= 1
        for span in field["spans"]:
            assert TEXT[span["start"] : span["end"]] == span["text"]
    assert count(world, reports) == 0


def test_accepting_files_linked_reports_with_the_text_once(world: World) -> None:
    staff = world.auth("analyst")
    r = world.client.post(f"{API}/extractions/accept", json=BODY, headers=staff)
    assert r.status_code == 201, r.text
    (accepted,) = r.json()
    assert not accepted["duplicate"] and accepted["evidence_attached"]
    assert accepted["incident_id"] is not None
    stored = world.client.get(f"{API}/reports/{accepted['report_id']}", headers=staff)
    assert stored.status_code == 200
    assert count(world, evidence_links) == 1
    again = world.client.post(f"{API}/extractions/accept", json=BODY, headers=staff)
    assert again.status_code == 201
    assert again.json()[0]["duplicate"] and again.json()[0]["report_id"] == accepted["report_id"]
    assert count(world, reports) == 1 and count(world, evidence_links) == 1


def test_only_staff_extract(world: World) -> None:
    for who in WHO:
        r = world.client.post(f"{API}/extractions", json=BODY, headers=world.auth(who))
        expected = 200 if who in {"analyst", "head", "admin"} else 401 if who == "public" else 403
        assert r.status_code == expected, (who, r.text)


def test_bad_or_incomplete_texts_are_refused_naming_the_field(world: World) -> None:
    staff = world.auth("analyst")
    cases = [
        ({**BODY, "text": ""}, "text"),
        ({**BODY, "published": "2020-13-40"}, "published"),
        ({**BODY, "text": "x" * 100_001}, "text"),
        ({**BODY, "text": "The weather was fine and nothing else happened."}, "text"),
        ({**BODY, "text": "Shelling was heard.", "published": "2020-07-13"}, "event 1"),
    ]
    for body, field in cases:
        r = world.client.post(f"{API}/extractions/accept", json=body, headers=staff)
        assert r.status_code == 422, (body["text"][:40], r.status_code, r.text)
        assert field in r.text, (field, r.text)
    unknown = world.client.post(
        f"{API}/extractions/accept", json={**BODY, "source": "no-such-source"}, headers=staff
    )
    assert unknown.status_code in {404, 422} and "no-such-source" in unknown.text
    assert count(world, reports) == 0 and count(world, evidence_links) == 0
