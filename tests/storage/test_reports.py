"""Filing reports on both backends: stored exactly, audited, idempotent, all-or-nothing."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import func, select

from ceasefire.errors import ValidationError
from ceasefire.services.database import Database
from ceasefire.services.incidents import get_incident, list_incidents
from ceasefire.services.reports import file_report
from ceasefire.services.scenarios import load
from ceasefire.services.sources import add_source
from ceasefire.storage.repositories import reports as report_repo
from ceasefire.storage.schema import audit_log, incidents, reports
from ceasefire.testing import report_data, sample_source

NOW = datetime(2020, 11, 17, 8, 0, tzinfo=UTC)


@pytest.fixture
def ready(db: Database) -> Database:
    load(db=db, name="nagorno-karabakh-2020", actor="tester")
    add_source(db=db, source=sample_source(), actor="tester")
    return db


def counts(db: Database) -> tuple[int, int, int]:
    with db.read() as conn:
        return tuple(  # type: ignore[return-value]
            conn.execute(select(func.count()).select_from(t)).scalar_one()
            for t in (reports, incidents, audit_log)
        )


def test_report_is_stored_exactly_and_linked_into_an_incident(ready: Database) -> None:
    filed = file_report(db=ready, data=report_data(), actor="monitor-1", now=NOW)
    with ready.read() as conn:
        stored = report_repo.get(conn, filed.report.id)
    assert stored == filed.report
    incident = get_incident(db=ready, incident_id=filed.incident_id)
    assert incident.report_ids == (filed.report.id,)
    assert incident.location == filed.report.location
    assert incident.casualties.wounded_civilian.high == 2
    assert [i.id for i in list_incidents(db=ready)] == [filed.incident_id]


def test_filed_report_is_placed_like_an_imported_one(ready: Database) -> None:
    filed = file_report(db=ready, data=report_data(), actor="monitor-1", now=NOW)
    with ready.read() as conn:
        (stored,) = next(report_repo.iter_reports(conn, report_repo.ReportFilter()))
        cell = conn.execute(select(reports.c.cell)).scalar_one()
    assert stored.report.id == filed.report.id
    assert {"district-aghdam", "nk-pre-2020"} <= set(stored.enrichment.zone_ids)
    assert stored.enrichment.district == "Aghdam"
    assert (stored.enrichment.distance_to_line_of_contact_m or 0) > 0
    assert cell == 1299 * 3600 + 2269  # the 0.1-degree cell of 39.9934 N, 46.9274 E


def test_same_external_id_is_stored_once(ready: Database) -> None:
    first = file_report(db=ready, data=report_data(external_id="tablet-7/0042"), actor="m", now=NOW)
    before = counts(ready)
    again = file_report(db=ready, data=report_data(external_id="tablet-7/0042"), actor="m", now=NOW)
    assert again.duplicate
    assert again.report.id == first.report.id
    assert again.incident_id == first.incident_id
    assert counts(ready) == before


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"event_type": "Skirmish"}, "event_type"),
        ({"latitude": 91}, "latitude"),
        ({"occurred_end": "2020-11-15T00:00:00Z"}, "occurred_end"),
        ({"source": "nobody"}, "source"),
        ({"actors": [{"name": "X", "side": "initiator", "party": "ZZ"}]}, "actors[0].party"),
    ],
)
def test_bad_input_writes_nothing(ready: Database, overrides: dict[str, Any], field: str) -> None:
    before = counts(ready)
    with pytest.raises(ValidationError) as info:
        file_report(db=ready, data=report_data(**overrides), actor="m", now=NOW)
    assert info.value.field == field
    assert counts(ready) == before


def test_casualties_by_party_round_trip(ready: Database) -> None:
    casualties = {
        "killed_military": {"low": 15, "best": None, "high": 17},
        "killed_civilian": 1,
        "military_by_party": [{"party": "AM", "killed": 4, "wounded": {"best": 10}}],
    }
    filed = file_report(db=ready, data=report_data(casualties=casualties), actor="m", now=NOW)
    with ready.read() as conn:
        stored = report_repo.get(conn, filed.report.id)
    assert stored.casualties == filed.report.casualties
    assert stored.casualties.party_killed("AM").best == 4
    bad = {"military_by_party": [{"party": "XX", "killed": 1}]}
    with pytest.raises(ValidationError) as info:
        file_report(db=ready, data=report_data(casualties=bad), actor="m", now=NOW)
    assert info.value.field == "casualties.military_by_party[0].party"


def test_report_with_known_party_is_accepted(ready: Database) -> None:
    actors = [{"name": "Armed Forces of Armenia", "side": "initiator", "party": "AM"}]
    filed = file_report(db=ready, data=report_data(actors=actors), actor="m", now=NOW)
    assert filed.report.actors[0].party_id == "AM"
