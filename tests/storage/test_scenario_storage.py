"""Loading the reference scenario on both backends: complete, idempotent, and computable."""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from ceasefire.domain.compliance import ComplianceStatus
from ceasefire.errors import ScenarioError
from ceasefire.scenarios import available_scenarios, load_scenario
from ceasefire.services.agreements import get_agreement, list_agreements, list_zones, timeline
from ceasefire.services.audit import verify_audit
from ceasefire.services.compliance import compliance_at
from ceasefire.services.database import Database
from ceasefire.services.scenarios import load

NAME = "nagorno-karabakh-2020"


def packaged_dir(name: str) -> object:
    return next(info.path for info in available_scenarios() if info.id == name)


def test_stored_scenario_reads_back_equal(db: Database) -> None:
    load(db=db, name=NAME, actor="tester")
    packaged = load_scenario(NAME)
    assert list_agreements(db=db) == list(packaged.agreements)
    assert {z.id: z for z in list_zones(db=db)} == {z.id: z for z in packaged.zones}
    stored_events = timeline(db=db)
    assert sorted(e.id for e in stored_events) == sorted(e.id for e in packaged.events)
    assert {e.id: e for e in stored_events} == {e.id: e for e in packaged.events}


def test_loading_twice_changes_nothing(db: Database) -> None:
    first = load(db=db, name=NAME, actor="tester")
    entries = verify_audit(db=db).checked
    second = load(db=db, name=NAME, actor="tester")
    assert first.changed and not second.changed
    assert verify_audit(db=db).checked == entries
    assert len(list_agreements(db=db)) == len(first.scenario.agreements)


def test_compliance_from_the_database(db: Database) -> None:
    load(db=db, name=NAME, actor="tester")

    def status(pid: str, day: str) -> tuple[ComplianceStatus, date | None]:
        at = datetime.fromisoformat(day).replace(hour=12, tzinfo=UTC)
        found = {s.provision.id: s for s in compliance_at(db=db, at=at)}[pid]
        return found.status, found.deadline

    assert status("tri2020-6-kelbajar", "2020-11-16") == (ComplianceStatus.DUE, date(2020, 11, 25))
    assert status("tri2020-2", "2020-11-21") == (ComplianceStatus.MET, date(2020, 11, 20))
    agreement = get_agreement(db=db, agreement_id="trilateral-2020-11-10")
    contingent = agreement.provision("tri2020-3")
    assert contingent.quantity("servicemen").value == 1960
    assert contingent.quantity("armoured_personnel_carriers").value == 90
    assert contingent.quantity("vehicles").value == 380


def test_malformed_scenario_writes_nothing(db: Database, tmp_path: Path) -> None:
    target = tmp_path / "broken"
    shutil.copytree(str(packaged_dir(NAME)), target)
    path = target / "agreements.yaml"
    path.write_text(path.read_text().replace("obligated: [AM]", "obligated: [ZZ]", 1))
    with pytest.raises(ScenarioError, match="ZZ"):
        load(db=db, name=str(target), actor="tester")
    assert list_agreements(db=db) == []
    assert verify_audit(db=db).checked == 0
