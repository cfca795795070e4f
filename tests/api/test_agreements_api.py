"""Agreements, their provisions, and compliance at an instant and over time, over HTTP:
public documents, the same JSON as `ceasefire compliance --format json`."""

from __future__ import annotations

import json

from sqlalchemy import func, select
from tests.api.conftest import WHO, World
from tests.cli.conftest import cli

from ceasefire.storage.schema import agreements, reports

API = "/api/v1"
TRILATERAL = "trilateral-2020-11-10"
SQL_INJECTION = "x'); DROP TABLE reports;--"


def _count(world: World, table: object) -> int:
    with world.db.read() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())  # type: ignore[arg-type]


def _field(response: object) -> str:
    body = response.json()  # type: ignore[attr-defined]
    return str(body["errors"][0]["field"])


def test_everyone_lists_the_agreements(world: World) -> None:
    answers = [world.client.get(f"{API}/agreements", headers=world.auth(who)) for who in WHO]
    assert {r.status_code for r in answers} == {200}
    assert all(r.json() == answers[0].json() for r in answers)
    listed = {a["id"]: a for a in answers[0].json()}
    assert TRILATERAL in listed and listed["lavrov-plan-2013"]["status"] == "proposal"
    trilateral = listed[TRILATERAL]
    assert (trilateral["amendment_count"], trilateral["signed_on"]) == (1, "2020-11-09")
    assert {"party_id": "RU", "roles": ["mediator", "guarantor"]} in trilateral["parties"]
    assert "provisions" not in trilateral
    bad = world.client.get(f"{API}/agreements", headers={"Authorization": "Bearer cf_guessed"})
    assert bad.status_code == 401


def test_one_agreement_has_its_provisions_and_amendments(world: World) -> None:
    r = world.client.get(f"{API}/agreements/{TRILATERAL}")
    assert r.status_code == 200
    body = r.json()
    assert body["provision_count"] == len(body["provisions"]) > 10
    kelbajar = next(p for p in body["provisions"] if p["id"] == "tri2020-6-kelbajar")
    assert (kelbajar["kind"], kelbajar["obligated"], kelbajar["deadline"]) == (
        "handover",
        ["AM"],
        "2020-11-15",
    )
    (amendment,) = body["amendments"]
    assert (amendment["provision_id"], amendment["new_deadline"]) == (
        "tri2020-6-kelbajar",
        "2020-11-25",
    )
    contingent = next(p for p in body["provisions"] if p["id"] == "tri2020-3")
    assert {"name": "servicemen", "value": 1960, "unit": "persons", "note": "with small arms"} in (
        contingent["quantities"]
    )
    assert body["complaint_deadlines"] == {"acknowledge_hours": 24, "finding_days": 7}


def test_unknown_or_hostile_ids_are_refused(world: World) -> None:
    before = _count(world, agreements), _count(world, reports)
    for path, status in [
        ("/agreements/no-such-agreement", 404),
        ("/agreements/no-such-agreement/compliance", 404),
        (f"/agreements/{SQL_INJECTION}", 422),
        (f"/agreements/{SQL_INJECTION}/compliance", 422),
        ("/agreements/a%00b", 422),
    ]:
        r = world.client.get(API + path, headers=world.auth("admin"))
        assert r.status_code == status, path
        assert r.headers["content-type"] == "application/problem+json"
    assert (_count(world, agreements), _count(world, reports)) == before


def test_compliance_at_an_instant_is_what_the_cli_prints(world: World) -> None:
    r = world.client.get(f"{API}/agreements/{TRILATERAL}/compliance", params={"at": "2020-11-16"})
    assert r.status_code == 200
    kelbajar = next(s for s in r.json() if s["provision_id"] == "tri2020-6-kelbajar")
    assert (kelbajar["status"], kelbajar["deadline"], kelbajar["original_deadline"]) == (
        "due",
        "2020-11-25",
        "2020-11-15",
    )
    assert kelbajar["amendment_id"] == "tri2020-6-kelbajar-amendment"
    url = world.settings.database_url
    code, out, _ = cli(
        url, "compliance", "--at", "2020-11-16", "--agreement", TRILATERAL, "--format", "json"
    )
    assert code == 0 and r.json() == json.loads(out)
    proposal = world.client.get(f"{API}/agreements/lavrov-plan-2013/compliance")
    assert proposal.status_code == 200 and proposal.json() == []


def test_compliance_reads_the_instant_with_its_offset(world: World) -> None:
    def kelbajar(at: str) -> str:
        r = world.client.get(f"{API}/agreements/{TRILATERAL}/compliance", params={"at": at})
        return str(next(s for s in r.json() if s["provision_id"] == "tri2020-6-kelbajar")["status"])

    # Handed over on 25 November, a date read in Baku time (UTC+4).
    assert kelbajar("2020-11-24T23:00:00+04:00") == "due"
    assert kelbajar("2020-11-24T18:00:00-03:00") == "met"
    assert kelbajar("2020-11-24T19:30:00") == "due"
    assert kelbajar("2020-11-24T20:30:00Z") == "met"
    assert world.client.get(f"{API}/agreements/{TRILATERAL}/compliance").status_code == 200


def test_a_bad_instant_is_a_problem_naming_at(world: World) -> None:
    for at in ["yesterday", "2020-13-01", "2020-11-16T25:00", "1605000000", ""]:
        r = world.client.get(f"{API}/agreements/{TRILATERAL}/compliance", params={"at": at})
        assert r.status_code == 422 and _field(r) == "at", at
        assert r.json()["errors"][0]["value"] == at


def test_the_history_is_the_document_the_cli_prints(world: World) -> None:
    params = {"from": "2020-11-01", "to": "2023-10-31"}
    r = world.client.get(f"{API}/compliance/history", params=params, headers=world.auth("public"))
    assert r.status_code == 200
    url = world.settings.database_url
    code, out, _ = cli(
        url, "compliance", "--from", "2020-11-01", "--to", "2023-10-31", "--format", "json"
    )
    assert code == 0
    assert r.json() == json.loads(out)
    assert list(r.json()) == list(json.loads(out))


def test_the_history_of_one_agreement_per_week(world: World) -> None:
    params = {"from": "2020-11-10", "to": "2020-11-30", "agreement": TRILATERAL, "period": "week"}
    body = world.client.get(f"{API}/compliance/history", params=params).json()
    assert body["agreement_id"] == TRILATERAL
    assert {p["agreement_id"] for p in body["provisions"]} == {TRILATERAL}
    assert body["ceasefire"][0]["period"] == "week"
    kelbajar = next(p for p in body["provisions"] if p["provision_id"] == "tri2020-6-kelbajar")
    assert kelbajar["runs"][-1] | {"from": "2020-11-25", "status": "met"} == kelbajar["runs"][-1]


def test_bad_history_parameters_name_the_field(world: World) -> None:
    for params, field in [
        ({}, "from"),
        ({"from": "2020-11-31"}, "from"),
        ({"from": "2020-11-10", "to": "soon"}, "to"),
        ({"from": "2020-11-10", "to": "2020-11-01"}, "to"),
        ({"from": "1900-01-01", "to": "2100-01-01"}, "to"),
        ({"from": "2020-11-10", "period": "year"}, "period"),
        ({"from": "2020-11-10", "agreement": SQL_INJECTION}, "agreement"),
    ]:
        r = world.client.get(f"{API}/compliance/history", params=params)
        assert r.status_code == 422 and _field(r) == field, params
    unknown = {"from": "2020-11-10", "agreement": "no-such-agreement"}
    assert world.client.get(f"{API}/compliance/history", params=unknown).status_code == 404


def test_the_public_history_counts_published_incidents_only(world: World) -> None:
    from ceasefire.domain.incidents import VerificationStatus
    from ceasefire.services.incidents import set_verdict
    from ceasefire.services.reports import file_report
    from ceasefire.services.sources import add_source
    from ceasefire.testing import report_data, sample_source

    add_source(db=world.db, source=sample_source(), actor="admin")
    filed = file_report(db=world.db, data=report_data(), actor="monitor.ru")
    set_verdict(
        db=world.db, incident_id=filed.incident_id, reason="two posts saw it", actor="analyst",
        status=VerificationStatus.VERIFIED, attribute=True, party_id="AZ",
    )  # fmt: skip
    params = {"from": "2020-11-15", "to": "2020-11-17", "period": "day"}

    def violations(who: str) -> int:
        body = world.client.get(
            f"{API}/compliance/history", params=params, headers=world.auth(who)
        ).json()
        return sum(
            p["counted"] + p["unverified"]
            for series in body["ceasefire"]
            for p in series["periods"]
        )

    assert violations("analyst") > 0
    assert violations("public") == 0 and violations("liaison.am") == 0
