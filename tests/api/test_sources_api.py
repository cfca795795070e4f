"""Sources over HTTP: the mission reads them, admins register them; bad input is refused
naming the field and nothing is written."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from tests.api.conftest import WHO, World

from ceasefire.storage.schema import audit_log, reports, sources

API = "/api/v1"
HTML = "<script>alert(1)</script>"
SQL_INJECTION = "x'); DROP TABLE reports;--"
NEW = {
    "id": "op-fuzuli",
    "name": "Observation post Fuzuli",
    "kind": "observation_post",
    "affiliation": "monitor",
    "party": "RU",
    "reliability": "B",
}


def _count(world: World, table: object) -> int:
    with world.db.read() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())  # type: ignore[arg-type]


def _post(world: World, body: dict[str, Any], who: str = "admin") -> Any:
    return world.client.post(f"{API}/sources", json=body, headers=world.auth(who))


def test_the_mission_reads_the_sources_and_no_one_else(world: World) -> None:
    expected = {
        "admin": 200, "analyst": 200, "head": 200, "monitor.ru": 200, "monitor.tr": 200,
        "liaison.am": 403, "liaison.az": 403, "public": 401,
    }  # fmt: skip
    assert set(expected) == set(WHO)
    for who, status in expected.items():
        r = world.client.get(f"{API}/sources", headers=world.auth(who))
        assert r.status_code == status, who
    listed = world.client.get(f"{API}/sources", headers=world.auth("monitor.tr")).json()
    assert len(listed) == _count(world, sources)
    jmc = next(s for s in listed if s["id"] == "jmc-op")
    assert jmc == {
        "id": "jmc-op",
        "name": "JMC observation post",
        "kind": "observation_post",
        "affiliation": "monitor",
        "party": None,
        "reliability": "B",
    }


def test_an_admin_registers_a_source_and_the_audit_log_says_so(world: World) -> None:
    r = _post(world, NEW, "admin")
    assert r.status_code == 201 and r.json() == NEW
    listed = world.client.get(f"{API}/sources", headers=world.auth("analyst")).json()
    assert NEW in listed
    with world.db.read() as conn:
        entry = conn.execute(select(audit_log).order_by(audit_log.c.seq.desc()).limit(1)).one()
    assert (entry.actor, entry.action, entry.entity_id) == ("admin", "source.add", "op-fuzuli")
    again = _post(world, NEW, "admin")
    assert again.status_code == 409


def test_only_an_admin_registers_a_source(world: World) -> None:
    before = _count(world, sources)
    for who in WHO:
        if who == "admin":
            continue
        r = _post(world, {**NEW, "id": f"op-{who.replace('.', '-')}"}, who)
        assert r.status_code == (401 if who == "public" else 403), who
    assert _count(world, sources) == before


def test_bad_input_names_the_field_and_writes_nothing(world: World) -> None:
    before = _count(world, sources), _count(world, audit_log)
    for change, field in [
        ({"reliability": "G"}, "reliability"),
        ({"reliability": "b"}, "reliability"),
        ({"kind": "rumour"}, "kind"),
        ({"affiliation": "friendly"}, "affiliation"),
        ({"party": "XX"}, "party"),
        ({"party": SQL_INJECTION}, "party"),
        ({"id": SQL_INJECTION}, "id"),
        ({"id": ""}, "id"),
        ({"id": 7}, "id"),
        ({"name": ""}, "name"),
        ({"name": HTML}, "name"),
        ({"name": "x" * 501}, "name"),
        ({"grade": "A"}, "grade"),
    ]:
        r = _post(world, {**NEW, **change})
        assert r.status_code == 422, change
        assert r.headers["content-type"] == "application/problem+json"
        assert r.json()["errors"][0]["field"] == field, (change, r.json())
    missing = _post(world, {"id": "op-x"})
    assert {e["field"] for e in missing.json()["errors"]} == {"name", "kind"}
    assert (_count(world, sources), _count(world, audit_log)) == before


def test_sql_in_free_text_is_stored_verbatim(world: World) -> None:
    before = _count(world, reports)
    r = _post(world, {**NEW, "id": "op-odd", "name": SQL_INJECTION})
    assert r.status_code == 201 and r.json()["name"] == SQL_INJECTION
    listed = world.client.get(f"{API}/sources", headers=world.auth("admin")).json()
    assert next(s for s in listed if s["id"] == "op-odd")["name"] == SQL_INJECTION
    assert _count(world, reports) == before


def test_a_retried_registration_is_answered_not_repeated(world: World) -> None:
    headers = {**world.auth("admin"), "Idempotency-Key": "source-op-fuzuli"}
    first = world.client.post(f"{API}/sources", json=NEW, headers=headers)
    again = world.client.post(f"{API}/sources", json=NEW, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.headers["idempotent-replayed"] == "true" and again.json() == first.json()
