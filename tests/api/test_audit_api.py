"""The audit log over HTTP: admins only, filters, paging, and the hash chain check."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select, text, update
from tests.api.conftest import WHO, World

from ceasefire.api.schemas.common import encode_cursor
from ceasefire.storage.schema import audit_log, reports

API = "/api/v1"


def _count(world: World, table: object) -> int:
    with world.db.read() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())  # type: ignore[arg-type]


def _get(world: World, path: str, **params: Any) -> Any:
    return world.client.get(f"{API}{path}", params=params, headers=world.auth("admin"))


def test_only_admins_read_the_audit_log(world: World) -> None:
    for path in ("/audit", "/audit/verify"):
        for who in WHO:
            r = world.client.get(f"{API}{path}", headers=world.auth(who))
            expected = 200 if who == "admin" else 401 if who == "public" else 403
            assert r.status_code == expected, (path, who)


def test_entries_come_newest_first_and_filter_exactly(world: World) -> None:
    everything = _get(world, "/audit", limit=500).json()
    assert everything["next_cursor"] is None
    seqs = [e["seq"] for e in everything["items"]]
    assert seqs == sorted(seqs, reverse=True) and len(seqs) == _count(world, audit_log)
    added = _get(world, "/audit", entity="source", action="source.add").json()["items"]
    assert added and {(e["entity"], e["action"]) for e in added} == {("source", "source.add")}
    jmc = _get(world, "/audit", entity_id="jmc-op").json()["items"]
    assert [e["after"]["name"] for e in jmc] == ["JMC observation post"]
    assert {e["actor"] for e in _get(world, "/audit", actor="tester").json()["items"]} == {"tester"}
    newest = everything["items"][0]
    window = _get(world, "/audit", since=newest["at"], until=newest["at"]).json()["items"]
    assert newest["seq"] in {e["seq"] for e in window}
    first, last = everything["items"][-1]["at"][:10], newest["at"][:10]
    assert len(_get(world, "/audit", since=first, until=last).json()["items"]) == len(seqs)
    assert _get(world, "/audit", until="2000-01-01").json()["items"] == []


def test_pages_follow_the_cursor_without_gaps_or_repeats(world: World) -> None:
    seen: list[int] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"limit": 7} | ({"cursor": cursor} if cursor else {})
        page = _get(world, "/audit", **params).json()
        seen += [e["seq"] for e in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == list(range(_count(world, audit_log), 0, -1))


def test_bad_parameters_name_the_field(world: World) -> None:
    for params, field in [
        ({"limit": 0}, "limit"),
        ({"limit": 501}, "limit"),
        ({"limit": "ten"}, "limit"),
        ({"cursor": "not-a-cursor"}, "cursor"),
        ({"cursor": encode_cursor("x")}, "cursor"),
        ({"cursor": encode_cursor(10**30)}, "cursor"),
        ({"since": "yesterday"}, "since"),
        ({"until": "2020-02-30"}, "until"),
        ({"actor": "a\x00b"}, "actor"),
        ({"entity": "x" * 201}, "entity"),
    ]:
        r = _get(world, "/audit", **params)
        assert r.status_code == 422 and r.json()["errors"][0]["field"] == field, params


def test_sql_in_filters_matches_nothing_and_breaks_nothing(world: World) -> None:
    before = _count(world, audit_log), _count(world, reports)
    for name in ("entity", "entity_id", "actor", "action"):
        r = _get(world, "/audit", **{name: "x'); DROP TABLE reports;--"})
        assert r.status_code == 200 and r.json()["items"] == [], name
    assert (_count(world, audit_log), _count(world, reports)) == before


def test_verify_finds_a_changed_entry(world: World) -> None:
    intact = _get(world, "/audit/verify").json()
    assert intact == {"checked": _count(world, audit_log), "intact": True, "broken": None}
    # The table refuses changes (triggers); a tamperer with the database's owner rights
    # switches them off first.
    with world.db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only"))
            conn.execute(update(audit_log).where(audit_log.c.seq == 3).values(actor="mallory"))
            conn.execute(text("ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only"))
        else:
            conn.execute(text("DROP TRIGGER audit_log_no_update"))
            conn.execute(update(audit_log).where(audit_log.c.seq == 3).values(actor="mallory"))
    broken = _get(world, "/audit/verify").json()
    assert (broken["intact"], broken["broken"]["seq"]) == (False, 3)
    assert "changed" in broken["broken"]["reason"]
