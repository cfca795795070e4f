"""The demonstration load behind `make run`, on both backends: generated reports under a
source that says they are generated, linked into incidents, one account per role whose
password signs in, a few incidents taken to a published finding (which the public then
sees, and nothing else), and nothing added or changed by loading again."""

from __future__ import annotations

import uuid
from dataclasses import replace

import pytest
from sqlalchemy import func, select

from ceasefire.domain.access import Role, Viewer
from ceasefire.domain.findings import FindingStatus
from ceasefire.domain.incidents import Incident, VerificationStatus
from ceasefire.services import accounts, findings, incidents
from ceasefire.services.database import Database
from ceasefire.services.demo import (
    DEMO_ACCOUNTS,
    DEMO_PUBLISHED,
    DEMO_SOURCE,
    choose_for_publication,
    load_demo,
)
from ceasefire.services.findings import FindingFilter
from ceasefire.services.incidents import IncidentFilter
from ceasefire.services.scenarios import load
from ceasefire.storage.repositories import linking, sources
from ceasefire.storage.schema import audit_log

ADMIN = Viewer(Role.ADMIN, None, "tester")


@pytest.fixture
def ready(db: Database) -> Database:
    load(db=db, name="nagorno-karabakh-2020", actor="tester")
    return db


def test_demo_loads_labelled_reports_and_an_account_per_role(ready: Database) -> None:
    first = load_demo(db=ready, actor="tester", reports=60, seed=3)
    assert first.imported.rows_added == 60
    with ready.read() as conn:
        source = sources.find(conn, DEMO_SOURCE.id)
        assert source is not None and "not real" in source.name
        assert linking.unlinked_ids(conn) == []
    assert [a.username for a, _ in first.created] == [a.username for a in DEMO_ACCOUNTS]
    users = {u.username: u for u in accounts.list_users(db=ready, viewer=ADMIN)}
    for account, password in first.created:
        user = users[account.username]
        assert (user.role, user.party_id, user.nation) == (
            account.role,
            account.party_id,
            account.nation,
        )
        signed_in = accounts.authenticate(
            db=ready, username=account.username, password=password, remote="127.0.0.1"
        )
        assert signed_in.username == account.username

    again = load_demo(db=ready, actor="tester", reports=60, seed=3)
    assert again.imported.rows_added == 0 and again.imported.rows_skipped == 60
    assert again.created == [] and len(again.existing) == len(DEMO_ACCOUNTS)


PUBLIC = Viewer(Role.PUBLIC)


def test_the_public_sees_the_incidents_the_demo_published(ready: Database) -> None:
    outcome = load_demo(db=ready, actor="tester", reports=300, seed=5)
    assert len(outcome.published) == DEMO_PUBLISHED
    assert any(p.verified for p in outcome.published), "an analyst verified some"
    assert outcome.keys == ["demo-ru-1", "demo-tr-1"]
    shown = incidents.list_incidents(db=ready, flt=IncidentFilter(limit=500), viewer=PUBLIC)
    assert shown, "the public sees published incidents"
    assert {i.id for i in shown} == {p.incident_id for p in outcome.published}
    for incident in shown:
        assert incident.status is VerificationStatus.VERIFIED
        published = findings.list_findings(
            db=ready, flt=FindingFilter(incident_id=incident.id), viewer=PUBLIC
        )
        assert [f.status for f in published] == [FindingStatus.PUBLISHED]
        view = findings.show_finding(db=ready, finding_id=published[0].id, viewer=PUBLIC)
        nations = {signoff.nation for signoff, _key, _problems in view.signoffs}
        assert view.missing == {} and nations == {"RU", "TR"}
        assert "not real" in published[0].text
    assert findings.verify_findings(db=ready).problems == ()
    with ready.read() as conn:
        verdicts = conn.execute(
            select(func.count())
            .select_from(audit_log)
            .where(audit_log.c.action == "incident.verdict", audit_log.c.actor == "analyst")
        ).scalar_one()
    assert verdicts == sum(1 for p in outcome.published if p.verified)

    again = load_demo(db=ready, actor="tester", reports=300, seed=5)
    assert again.published_before and again.published == [] and again.keys == []
    listed = incidents.list_incidents(db=ready, flt=IncidentFilter(limit=500), viewer=PUBLIC)
    assert len(listed) == len(shown)


def test_the_choice_does_not_depend_on_ids_or_order(ready: Database) -> None:
    load_demo(db=ready, actor="tester", reports=300, seed=5, publish=0)
    listed = incidents.list_incidents(db=ready, flt=IncidentFilter(limit=1_000))
    renamed = [replace(i, id=str(uuid.uuid4())) for i in reversed(listed)]

    def events(chosen: list[Incident]) -> list[tuple[object, ...]]:
        return [(i.occurred.start, i.location, i.report_ids) for i in chosen]

    first = choose_for_publication(listed, DEMO_PUBLISHED)
    assert len(first) == DEMO_PUBLISHED
    assert events(choose_for_publication(renamed, DEMO_PUBLISHED)) == events(first)
    waiting = [i for i in first if i.status is VerificationStatus.CORROBORATED]
    assert len(waiting) == DEMO_PUBLISHED // 2
    assert all(len(i.report_ids) >= 2 and i.provision_ids for i in first)
