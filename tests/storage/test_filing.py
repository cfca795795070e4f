"""Reports filed together (group commit), on both backends: each filing gets its own
answer, one bad filing refuses only itself, the audit chain holds, and the filer thread
answers every caller once its report is committed."""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from ceasefire.errors import ConflictError, ValidationError
from ceasefire.services.audit import verify_audit
from ceasefire.services.database import Database, FirstWrite, on_first_write
from ceasefire.services.filing import ReportFiler
from ceasefire.services.idempotency import Answer, AnswerRecorder, KeyedRequest, claim_step, lookup
from ceasefire.services.link_process import LinkProcess
from ceasefire.services.link_queue import queued_reports
from ceasefire.services.reports import FiledReport, Filing, file_report, file_reports, new_report
from ceasefire.services.scenarios import load
from ceasefire.services.sources import add_source
from ceasefire.storage.schema import audit_log, idempotency_keys, reports
from ceasefire.testing import report_data, sample_source


@pytest.fixture
def ready(db: Database) -> Database:
    load(db=db, name="nagorno-karabakh-2020", actor="tester")
    add_source(db=db, source=sample_source(), actor="tester")
    return db


def filing(external_id: str | None, **overrides: Any) -> Filing:
    data = report_data(**overrides)
    if external_id is not None:
        data["external_id"] = external_id
    return Filing(new_report(data), "monitor")


def count(db: Database, table: Any) -> int:
    with db.read() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def test_a_batch_gives_each_filing_its_own_answer(ready: Database) -> None:
    on_file = file_report(db=ready, data=report_data(external_id="b/0"), actor="m", link=False)
    reports_before, audit_before = count(ready, reports), count(ready, audit_log)
    batch = [
        filing("b/1"),
        filing("b/2", source="no-such-source"),
        filing("b/0"),  # already on file
        filing("b/3"),
        filing("b/3"),  # the same external id earlier in this batch
        filing(None, actors=[{"name": "X", "side": "initiator", "party": "ZZ"}]),
    ]
    results = file_reports(db=ready, filings=batch)
    assert isinstance(results[0], FiledReport) and not results[0].duplicate
    assert isinstance(results[1], ValidationError) and results[1].field == "source"
    assert isinstance(results[2], FiledReport) and results[2].duplicate
    assert results[2].report.id == on_file.report.id
    assert isinstance(results[3], FiledReport) and not results[3].duplicate
    assert isinstance(results[4], FiledReport) and results[4].duplicate
    assert results[4].report.id == results[3].report.id
    assert isinstance(results[5], ValidationError) and results[5].field == "actors[0].party"
    assert count(ready, reports) == reports_before + 2
    assert count(ready, audit_log) == audit_before + 2
    check = verify_audit(db=ready)
    assert check.broken is None
    assert set(queued_reports(db=ready)) >= {results[0].report.id, results[3].report.id}


def test_a_key_claimed_twice_in_one_batch_refuses_only_the_second(ready: Database) -> None:
    def keyed(external_id: str) -> Filing:
        request = KeyedRequest("p", "k-1", "POST", "/api/v1/reports", "0" * 64, datetime.now(UTC))
        return replace(filing(external_id), first_write=FirstWrite(claim_step(request)))

    first, second = keyed("k/1"), keyed("k/2")
    results = file_reports(db=ready, filings=[first, second])
    assert isinstance(results[0], FiledReport)
    assert isinstance(results[1], ConflictError)
    assert first.first_write is not None and first.first_write.succeeded
    assert second.first_write is not None and not second.first_write.succeeded
    assert count(ready, idempotency_keys) == 1


def test_the_filer_answers_concurrent_callers_after_the_commit(ready: Database) -> None:
    stored = threading.Event()
    filer = ReportFiler(ready, on_stored=stored.set)
    futures = [
        filer.submit(new_report(report_data(external_id=f"c/{i}")), "monitor") for i in range(40)
    ]
    bad = filer.submit(new_report(report_data(source="unknown")), "monitor")
    again = filer.submit(new_report(report_data(external_id="c/0")), "monitor")
    filed = [f.result(timeout=30) for f in futures]
    with pytest.raises(ValidationError):
        bad.result(timeout=30)
    assert again.result(timeout=30).duplicate
    filer.stop()
    assert stored.is_set()
    assert len({f.report.id for f in filed}) == 40
    with ready.read() as conn:
        ids = set(conn.execute(select(reports.c.id)).scalars())
    assert {f.report.id for f in filed} <= ids
    assert 1 <= filer.batches <= 42 and filer.filed == 42


def test_a_batch_the_database_refuses_is_filed_one_by_one(ready: Database) -> None:
    taken = file_report(db=ready, data=report_data(external_id="d/0"), actor="m", link=False)
    # Queue both before the thread runs, so they share a batch.
    filer = ReportFiler(ready, autostart=False)
    clash = replace(new_report(report_data(external_id="d/1")), id=taken.report.id)
    good = new_report(report_data(external_id="d/2"))
    bad_future = filer.submit(clash, "m")
    good_future = filer.submit(good, "m")
    filer.start()
    assert good_future.result(timeout=30).report.id == good.id
    with pytest.raises(IntegrityError):
        bad_future.result(timeout=30)
    filer.stop()
    assert verify_audit(db=ready).broken is None


def test_a_key_claimed_in_a_batch_that_rolls_back_is_claimed_again(ready: Database) -> None:
    taken = file_report(db=ready, data=report_data(external_id="e/0"), actor="m", link=False)
    filer = ReportFiler(ready, autostart=False)
    clash = replace(new_report(report_data(external_id="e/1")), id=taken.report.id)
    failing = filer.submit(clash, "m")
    request = KeyedRequest("p", "k-2", "POST", "/api/v1/reports", "0" * 64, datetime.now(UTC))
    with on_first_write(claim_step(request)) as hook:
        keyed = filer.submit(new_report(report_data(external_id="e/2")), "m")
    filer.start()
    assert not keyed.result(timeout=30).duplicate
    with pytest.raises(IntegrityError):
        failing.result(timeout=30)
    filer.stop()
    assert hook.succeeded
    assert count(ready, idempotency_keys) == 1


def test_the_linking_process_links_what_the_server_queues(ready: Database) -> None:
    linker = LinkProcess(ready.settings)
    linker.start()
    try:
        filed = file_report(db=ready, data=report_data(external_id="f/1"), actor="m", link=False)
        assert queued_reports(db=ready) == [filed.report.id]
        linker.notify()
        deadline = time.monotonic() + 60
        while queued_reports(db=ready):
            assert time.monotonic() < deadline, "the linking process left the report queued"
            time.sleep(0.05)
    finally:
        linker.stop()


def claimed_keys(db: Database, count_: int) -> list[KeyedRequest]:
    """Keys claimed in committed transactions, as a filed keyed request leaves them."""
    requests = [
        KeyedRequest("p", f"a-{i}", "POST", "/api/v1/reports", "0" * 64, datetime.now(UTC))
        for i in range(count_)
    ]
    with db.transaction() as conn:
        for request in requests:
            claim_step(request)(conn)
    return requests


def test_answers_of_concurrent_requests_are_recorded_together(ready: Database) -> None:
    requests = claimed_keys(ready, 30)
    recorder = AnswerRecorder(ready)
    futures = [recorder.submit(Answer(r.principal, r.key, 201, {"id": r.key})) for r in requests]
    unclaimed = recorder.submit(Answer("p", "never-claimed", 201, {}))
    assert all(f.result(timeout=30) for f in futures)
    assert unclaimed.result(timeout=30) is False
    recorder.stop()
    for request in requests:
        earlier = lookup(db=ready, principal="p", key=request.key)
        assert earlier is not None and earlier.status_code == 201
        assert earlier.response == {"id": request.key}
