"""Queued linking, on both backends: reports filed without linking wait in the queue, the
worker links them into the incidents batch linking makes, and a component that changed
while it was read is read again."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from ceasefire.services.database import Database
from ceasefire.services.imports import import_file
from ceasefire.services.link_queue import LinkWorker, _read, _unchanged, link_queued, queued_reports
from ceasefire.services.linking import DEFAULT_RULES, link_within, relink_all
from ceasefire.services.reports import file_report
from ceasefire.services.scenarios import load
from ceasefire.services.sources import add_source
from ceasefire.storage.repositories import linking as repo
from ceasefire.storage.schema import audit_log
from ceasefire.synthetic import generate_acled
from ceasefire.testing import report_data, sample_source

NOW = datetime(2021, 5, 4, 8, 0, tzinfo=UTC)


@pytest.fixture
def ready(db: Database) -> Database:
    load(db=db, name="nagorno-karabakh-2020", actor="tester")
    add_source(db=db, source=sample_source(), actor="tester")
    return db


def shelling(source: str = "op-aghdam", **overrides: Any) -> dict[str, Any]:
    return report_data(source=source, **overrides)


def groups(db: Database) -> set[frozenset[str]]:
    with db.read() as conn:
        return {frozenset(g) for g in repo.report_groups(conn).values()}


def test_a_queued_report_is_stored_and_audited_but_not_linked(ready: Database) -> None:
    filed = file_report(db=ready, data=shelling(external_id="t/1"), actor="m", link=False)
    assert filed.incident_id is None
    assert filed.linking == "queued"
    assert queued_reports(db=ready) == [filed.report.id]
    with ready.read() as conn:
        actions = list(conn.execute(select(audit_log.c.action)).scalars())
    assert actions[-1] == "report.file"
    again = file_report(db=ready, data=shelling(external_id="t/1"), actor="m", link=False)
    assert again.duplicate and again.incident_id is None and again.report.id == filed.report.id
    link_queued(db=ready, report_id=filed.report.id, actor="linking")
    assert queued_reports(db=ready) == []
    linked = file_report(db=ready, data=shelling(external_id="t/1"), actor="m")
    assert linked.duplicate and linked.linking == "linked"


def test_queued_linking_makes_the_incidents_batch_linking_makes(
    ready: Database, tmp_path: Path
) -> None:
    path = tmp_path / "gen.csv"
    generate_acled(path, reports=150, seed=3)
    import_file(db=ready, path=path, fmt="acled", actor="t", link=False)
    filed = [
        file_report(db=ready, data=shelling(), actor="m", link=False),
        file_report(db=ready, data=shelling("jmc-uav", latitude=39.995), actor="m", link=False),
    ]
    pending = queued_reports(db=ready)
    assert len(pending) == 152
    for report_id in pending:
        link_queued(db=ready, report_id=report_id, actor="linking", now=NOW)
    assert queued_reports(db=ready) == []
    queued = groups(ready)
    assert sum(len(g) for g in queued) == 152
    assert frozenset(f.report.id for f in filed) in queued
    relink_all(db=ready, actor="t", now=NOW)
    assert groups(ready) == queued


def test_a_component_changed_while_read_is_read_again(ready: Database) -> None:
    first = file_report(db=ready, data=shelling(), actor="m", link=False)
    second = file_report(db=ready, data=shelling("jmc-uav", latitude=39.995), actor="m", link=False)
    plan = _read(ready, first.report.id, DEFAULT_RULES)
    assert plan is not None and set(plan.report_ids) == {first.report.id, second.report.id}
    with ready.transaction() as conn:
        link_within(conn, [second.report.id], actor="other", now=NOW)
    with ready.transaction() as conn:
        assert not _unchanged(conn, plan)
    assert link_queued(db=ready, report_id=first.report.id, actor="linking") is None
    assert groups(ready) == {frozenset({first.report.id, second.report.id})}


def test_the_worker_links_what_is_queued_and_stops(ready: Database) -> None:
    worker = LinkWorker(ready, poll=0.05)
    worker.start()
    try:
        filed = [
            file_report(db=ready, data=shelling(latitude=39.99 + k * 0.3), actor="m", link=False)
            for k in range(3)
        ]
        worker.notify()
        deadline = time.monotonic() + 30
        while queued_reports(db=ready) and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        worker.stop()
    assert queued_reports(db=ready) == []
    assert worker.errors == 0
    with ready.read() as conn:
        members = repo.memberships(conn, [f.report.id for f in filed])
        linkers = set(
            conn.execute(
                select(audit_log.c.actor).where(audit_log.c.action == "incident.link")
            ).scalars()
        )
        assert conn.execute(select(func.count()).select_from(audit_log)).scalar_one() > 3
    assert len(members) == 3
    assert linkers == {"linking"}
