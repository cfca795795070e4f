"""Every role against every route, on its own party's objects and the other party's.

The app's routes are enumerated: a route without a row in tests/api/matrix/*.py fails the
test, so a new route cannot ship without saying who may use it."""

from __future__ import annotations

import importlib.util
import io
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.routing import APIRoute, iter_route_contexts
from tests.api.conftest import USERS, WHO, World, make_world
from tests.api.matrix.row import Row, Seed

from ceasefire.domain.access import Role, Viewer
from ceasefire.domain.signing import generate_private_key, public_key_of
from ceasefire.services import api_tokens, evidence, findings, signing_keys
from ceasefire.services import complaints as complaint_service
from ceasefire.services import information_requests as rfi
from ceasefire.services.agreements import list_agreements, list_zones
from ceasefire.services.alerts import list_alerts, raise_alerts
from ceasefire.services.complaints import ComplaintInput
from ceasefire.services.reports import file_report
from ceasefire.services.sources import add_source
from ceasefire.testing import report_data, sample_source

MATRIX = Path(__file__).parent / "matrix"
ADMIN = Viewer(Role.ADMIN, None, "admin")
LIAISON = {"liaison.am": "AM", "liaison.az": "AZ"}
OTHER = {"AM": "AZ", "AZ": "AM"}
NOT_ROUTES = {"/api/v1/openapi.json", "/api/v1/docs", "/api/v1/docs/oauth2-redirect"}
T0 = datetime(2020, 11, 19, 12, 0, tzinfo=UTC)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def all_rows() -> list[Row]:
    """The rows of every tests/api/matrix/<group>.py."""
    rows: list[Row] = []
    for path in sorted(MATRIX.glob("*.py")):
        if path.stem == "row":
            continue
        spec = importlib.util.spec_from_file_location(f"matrix_{path.stem}", path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        rows.extend(module.ROWS)
    return rows


def app_routes(world: World) -> set[tuple[str, str]]:
    """(method, path) of every route the app serves."""
    found = set()
    for route in iter_route_contexts(world.client.app.routes):  # type: ignore[attr-defined]
        if isinstance(route.original_route, APIRoute) and route.path not in NOT_ROUTES:
            found |= {(m, route.path) for m in route.methods or () if m not in ("HEAD", "OPTIONS")}
    return found


def seed(world: World) -> Seed:
    """The objects the matrix runs on, made through the services as their owners would."""
    db = world.db
    add_source(db=db, source=sample_source(), actor="admin")
    keys = {"RU": generate_private_key(), "TR": generate_private_key()}
    for nation, private in keys.items():
        signing_keys.add_key(
            db=db, key_id=f"{nation.lower()}-1", holder=f"monitor.{nation.lower()}",
            nation=nation, public_key=public_key_of(private), actor="admin",
            now=T0 - timedelta(days=2),
        )  # fmt: skip
    filed = file_report(db=db, data=report_data(), actor="monitor.ru", now=T0)
    other = file_report(
        db=db,
        data=report_data(occurred_start="2020-11-18T03:00:00+04:00", latitude=39.75),
        actor="monitor.tr",
        now=T0,
    )
    draft = findings.draft_finding(
        db=db, title="Draft", text="Under review.", actor="analyst", incident_id=filed.incident_id
    )
    published = findings.draft_finding(
        db=db, title="Published", text="Verified: mortar fire.", actor="analyst",
        incident_id=other.incident_id,
    )  # fmt: skip
    for nation, private in keys.items():
        findings.sign_finding(
            db=db, finding_id=published.id, key_id=f"{nation.lower()}-1", private_key=private,
            actor=f"monitor.{nation.lower()}",
        )  # fmt: skip
    findings.publish_finding(db=db, finding_id=published.id, actor="head")
    complaint_ids, request_ids, complaint_files = {}, {}, {}
    for party in ("AM", "AZ"):
        liaison = Viewer(Role.PARTY_LIAISON, party, f"liaison.{party.lower()}")
        complaint = complaint_service.file_complaint(
            db=db,
            data=ComplaintInput(
                party_id=party,
                allegation=f"{party}: fire on our positions",
                occurred_start=T0 - timedelta(hours=5),
                latitude=39.8,
                longitude=46.8,
            ),
            viewer=liaison,
            actor=liaison.name,
        )
        complaint_ids[party] = complaint.id
        request_ids[party] = rfi.send_request(
            db=db, party_id=party, question="Which unit?", viewer=ADMIN, actor="analyst",
            complaint=complaint.id,
        ).id  # fmt: skip
        link = evidence.add_evidence(
            db=db, settings=world.settings, source=io.BytesIO(PNG + party.encode()),
            entity="complaint", entity_id=complaint.id, viewer=liaison, actor=liaison.name,
            file_name=f"{party}.png",
        )  # fmt: skip
        complaint_files[party] = link.file.sha256
    report_file = evidence.add_evidence(
        db=db, settings=world.settings, source=io.BytesIO(PNG + b"report"), entity="report",
        entity_id=filed.report.id, viewer=Viewer(Role.MONITOR, None, "monitor.ru"),
        actor="monitor.ru", file_name="crater.png",
    )  # fmt: skip
    raise_alerts(db=db, now=T0, since=T0.date() - timedelta(days=10))
    alerts = list_alerts(db=db)
    assert alerts, "the seed needs at least one alert"
    agreement = next(a for a in list_agreements(db=db) if a.provisions)
    spare = api_tokens.create_token(db=db, viewer=ADMIN, username="analyst", name="spare")
    return Seed(
        report_id=filed.report.id,
        incident_id=filed.incident_id,
        published_incident_id=other.incident_id,
        draft_finding_id=draft.id,
        published_finding_id=published.id,
        complaint_ids=complaint_ids,
        request_ids=request_ids,
        complaint_evidence=complaint_files,
        report_evidence=report_file.file.sha256,
        alert_id=alerts[0].id,
        agreement_id=agreement.id,
        provision_id=agreement.provisions[0].id,
        zone_id=list_zones(db=db)[0].id,
        source_id="op-aghdam",
        spare_token_id=spare.token.id,
    )


@pytest.fixture
def seeded(database_url: str, tmp_path: Path) -> Iterator[tuple[World, Seed]]:
    for world in make_world(database_url, tmp_path):
        yield world, seed(world)


def test_every_route_has_a_row(seeded: tuple[World, Seed]) -> None:
    world, _ = seeded
    declared = [(r.method, r.path) for r in all_rows()]
    assert len(declared) == len(set(declared)), "a route has two rows"
    missing = app_routes(world) - set(declared)
    assert not missing, f"routes without a permission row: {sorted(missing)}"
    stale = set(declared) - app_routes(world)
    assert not stale, f"rows of routes the app does not have: {sorted(stale)}"


def _call(world: World, row: Row, s: Seed, who: str, party: str) -> Any:
    headers = world.auth(who)
    if row.fresh_credential and who != "public":
        new = api_tokens.create_token(db=world.db, viewer=ADMIN, username=who, name="once")
        headers = {"Authorization": f"Bearer {new.secret}"}
    world.client.cookies.clear()
    response = world.client.request(
        row.method,
        row.path.format(**row.params(s, party)),
        headers={**row.headers, **headers},
        params=row.query(s) if row.query else None,
        json=row.json(s) if row.json else None,
        files=row.files(s) if row.files else None,
        data=row.form(s) if row.form else None,
        follow_redirects=False,
    )
    world.client.cookies.clear()
    return response


def test_every_caller_against_every_route(seeded: tuple[World, Seed]) -> None:
    world, s = seeded
    wrong: list[str] = []
    for row in all_rows():
        for who in WHO:
            party = LIAISON.get(who, "AM")
            r = _call(world, row, s, who, party)
            where = f"{row.method} {row.path} as {who}: {r.status_code} {r.text[:160]}"
            if r.status_code >= 500:
                wrong.append(where)
            elif who in row.allowed:
                if r.status_code in (401, 403) or (row.method == "GET" and r.status_code >= 300):
                    wrong.append("refused: " + where)
            elif r.status_code < 400 or r.status_code not in (401, 403, 404):
                wrong.append("let through: " + where)
            elif who == "public" and r.status_code == 403:
                wrong.append("public should get 401 or 404: " + where)
            if row.party_scoped and who in LIAISON:
                other = _call(world, row, s, who, OTHER[party])
                if other.status_code != 404:
                    wrong.append(
                        f"other party's object: {row.method} {row.path} as {who}:"
                        f" {other.status_code} {other.text[:160]}"
                    )
    assert not wrong, "\n".join(wrong)


def test_the_matrix_knows_every_caller() -> None:
    assert set(WHO) == {*USERS, "public"}
    for row in all_rows():
        assert row.allowed <= set(WHO), f"{row.method} {row.path}: unknown caller"
