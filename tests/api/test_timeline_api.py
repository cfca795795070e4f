"""The scenario's timeline over HTTP: public, with sources, titles and figures."""

from __future__ import annotations

from sqlalchemy import func, select
from tests.api.conftest import WHO, World

from ceasefire.storage.schema import reports, timeline_events

API = "/api/v1"


def _count(world: World, table: object) -> int:
    with world.db.read() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())  # type: ignore[arg-type]


def test_everyone_reads_the_whole_timeline_in_date_order(world: World) -> None:
    answers = [world.client.get(f"{API}/timeline", headers=world.auth(who)) for who in WHO]
    assert {r.status_code for r in answers} == {200}
    events = answers[0].json()
    assert len(events) == _count(world, timeline_events)
    assert [e["start"] for e in events] == sorted(e["start"] for e in events)
    assert all(e["sources"] for e in events)


def test_a_range_gives_the_events_overlapping_it(world: World) -> None:
    r = world.client.get(f"{API}/timeline", params={"from": "2020-11-20", "to": "2020-11-26"})
    assert r.status_code == 200
    events = {e["id"]: e for e in r.json()}
    assert {"aghdam-handover-2020", "kelbajar-handover-2020"} <= set(events)
    assert all(e["start"] <= "2020-11-26" for e in events.values())
    assert all((e["end"] or e["start"]) >= "2020-11-20" for e in events.values())
    kelbajar = events["kelbajar-handover-2020"]
    assert kelbajar["effects"] == [
        {"provision_id": "tri2020-6-kelbajar", "outcome": "met", "note": ""}
    ]
    assert kelbajar["label"] == "2020-11-25"
    seed = next(s for s in kelbajar["sources"] if s["ref"] == "seed:000")
    assert seed["title"] and seed["note"]


def test_figures_keep_low_best_and_high_with_their_sources(world: World) -> None:
    events = world.client.get(f"{API}/timeline").json()
    figures = [f for e in events for f in e["figures"]]
    assert figures, "the reference scenario has disputed figures"
    disputed = [f for f in figures if f["low"] is not None and f["high"] is not None]
    assert any(f["low"] < f["high"] for f in disputed)
    assert all({"quantity", "low", "best", "high", "unit", "sources"} <= set(f) for f in figures)


def test_bad_dates_name_the_field(world: World) -> None:
    before = _count(world, timeline_events), _count(world, reports)
    for params, field in [
        ({"from": "2020-13-01"}, "from"),
        ({"to": "soon"}, "to"),
        ({"from": "x'); DROP TABLE reports;--"}, "from"),
        ({"to": "<script>alert(1)</script>"}, "to"),
    ]:
        r = world.client.get(f"{API}/timeline", params=params)
        assert r.status_code == 422 and r.json()["errors"][0]["field"] == field, params
    assert world.client.get(f"{API}/timeline", params={"from": "2030-01-01"}).json() == []
    assert (_count(world, timeline_events), _count(world, reports)) == before
