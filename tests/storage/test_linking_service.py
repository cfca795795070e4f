"""Linking in the store, on both backends: filed and imported reports join incidents,
incremental and batch agree, analysts' merges, splits and verdicts hold."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from ceasefire.domain.incidents import VerificationStatus
from ceasefire.errors import NotFoundError, ValidationError
from ceasefire.services.database import Database
from ceasefire.services.imports import import_file
from ceasefire.services.incidents import (
    get_incident,
    merge_incidents,
    set_verdict,
    split_incident,
)
from ceasefire.services.linking import link_pending, link_within, relink_all
from ceasefire.services.reports import file_report
from ceasefire.services.scenarios import load
from ceasefire.services.sources import add_source
from ceasefire.storage.repositories import linking as repo
from ceasefire.storage.schema import audit_log, incident_overrides, link_decisions
from ceasefire.synthetic import generate_acled
from ceasefire.testing import report_data, sample_source

NOW = datetime(2021, 5, 4, 8, 0, tzinfo=UTC)


@pytest.fixture
def ready(db: Database) -> Database:
    """The reference scenario (with its outlets: jmc-uav, mod-am, mod-az...) and a test
    observation post."""
    load(db=db, name="nagorno-karabakh-2020", actor="tester")
    add_source(db=db, source=sample_source(), actor="tester")
    return db


def shelling(source: str, **overrides: Any) -> dict[str, Any]:
    return report_data(source=source, **overrides)


def groups(db: Database) -> set[frozenset[str]]:
    with db.read() as conn:
        return {frozenset(g) for g in repo.report_groups(conn).values()}


def test_reports_of_one_event_share_an_incident(ready: Database) -> None:
    op = file_report(db=ready, data=shelling("op-aghdam"), actor="m", now=NOW)
    uav = file_report(
        db=ready,
        data=shelling("jmc-uav", how_observed="uav", credibility=2, latitude=39.9950),
        actor="m",
        now=NOW,
    )
    far = file_report(
        db=ready, data=shelling("op-aghdam", latitude=40.3, longitude=46.2), actor="m", now=NOW
    )
    assert uav.incident_id == op.incident_id
    assert far.incident_id != op.incident_id
    incident = get_incident(db=ready, incident_id=op.incident_id)
    assert set(incident.report_ids) == {op.report.id, uav.report.id}
    assert incident.status in (VerificationStatus.CORROBORATED, VerificationStatus.VERIFIED)
    assert incident.confidence > get_incident(db=ready, incident_id=far.incident_id).confidence
    assert incident.assessment["contributions"]


def test_claim_and_denial_end_disputed(ready: Database) -> None:
    claim = file_report(
        db=ready,
        data=shelling(
            "mod-am", how_observed="claimed", credibility=4,
            actors=[{"name": "Azerbaijani forces", "side": "initiator", "party_id": "AZ"}],
            text="Azerbaijani forces shelled Armenian positions near Aghdam.",
        ),
        actor="m", now=NOW,
    )  # fmt: skip
    denial = file_report(
        db=ready,
        data=shelling(
            "mod-az", how_observed="claimed", credibility=4, casualties={},
            actors=[{"name": "Azerbaijani forces", "side": "initiator", "party_id": "AZ"}],
            text='The claim that Azerbaijani forces shelled Armenian positions near Aghdam'
            ' "does not correspond to reality".',
        ),
        actor="m", now=NOW,
    )  # fmt: skip
    assert denial.incident_id == claim.incident_id
    incident = get_incident(db=ready, incident_id=claim.incident_id)
    assert incident.status is VerificationStatus.DISPUTED


@pytest.mark.parametrize("seed", [3])
def test_incremental_linking_equals_batch(ready: Database, tmp_path: Path, seed: int) -> None:
    path = tmp_path / "gen.csv"
    generate_acled(path, reports=240, seed=seed)
    import_file(db=ready, path=path, fmt="acled", actor="t", link=False)
    with ready.read() as conn:
        ids = sorted(repo.unlinked_ids(conn))
    random.Random(seed).shuffle(ids)
    for start in range(0, len(ids), 17):
        with ready.transaction() as conn:
            link_within(conn, ids[start : start + 17], actor="t", now=NOW)
    incremental = groups(ready)
    assert sum(len(g) for g in incremental) == len(ids)
    relink_all(db=ready, actor="t", now=NOW)
    assert groups(ready) == incremental
    assert any(len(g) > 1 for g in incremental)


def test_import_links_automatically_and_pending_is_idempotent(
    ready: Database, tmp_path: Path
) -> None:
    path = tmp_path / "gen.csv"
    generate_acled(path, reports=120, seed=5)
    outcome = import_file(db=ready, path=path, fmt="acled", actor="t")
    assert outcome.linking is not None and outcome.linking.incidents_written > 0
    before = groups(ready)
    assert sum(len(g) for g in before) == 120
    again = link_pending(db=ready, actor="t", now=NOW)
    assert again.incidents_written == 0
    assert groups(ready) == before


def _two_incidents(db: Database) -> tuple[str, str, list[str], list[str]]:
    a1 = file_report(db=db, data=shelling("op-aghdam"), actor="m", now=NOW)
    a2 = file_report(db=db, data=shelling("jmc-uav", latitude=39.995), actor="m", now=NOW)
    b = file_report(
        db=db,
        data=shelling("op-aghdam", occurred_start="2020-11-18T10:00:00+04:00"),
        actor="m",
        now=NOW,
    )
    assert a1.incident_id == a2.incident_id != b.incident_id
    return a1.incident_id, b.incident_id, [a1.report.id, a2.report.id], [b.report.id]


def test_merge_then_split_restores_the_original(ready: Database) -> None:
    first, second, _, moved = _two_incidents(ready)
    original = groups(ready)
    merge_incidents(db=ready, incident_ids=[first, second], reason="same event", actor="a")
    merged = groups(ready)
    assert len(merged) == len(original) - 1
    relink_all(db=ready, actor="t", now=NOW)
    assert groups(ready) == merged  # linking never undoes the merge
    (incident_id,) = _incident_ids(ready)
    split_incident(
        db=ready, incident_id=incident_id, report_ids=moved, reason="two days apart", actor="a"
    )
    assert groups(ready) == original
    relink_all(db=ready, actor="t", now=NOW)
    assert groups(ready) == original
    with ready.read() as conn:
        assert conn.execute(select(func.count()).select_from(link_decisions)).scalar_one() == 2


def _incident_ids(db: Database) -> set[str]:
    with db.read() as conn:
        return set(repo.memberships(conn).values())


def test_split_keeps_sides_apart_even_when_alike(ready: Database) -> None:
    first, _, together, _ = _two_incidents(ready)
    split_incident(
        db=ready, incident_id=first, report_ids=[together[1]], reason="different crater",
        actor="a",
    )  # fmt: skip
    relink_all(db=ready, actor="t", now=NOW)
    assert frozenset(together) not in groups(ready)


def test_verdict_holds_through_relinking_and_needs_a_reason(ready: Database) -> None:
    first, _, _, _ = _two_incidents(ready)
    with pytest.raises(ValidationError, match="reason"):
        set_verdict(db=ready, incident_id=first, reason=" ", actor="a",
                    status=VerificationStatus.REJECTED)  # fmt: skip
    with ready.read() as conn:
        assert conn.execute(select(func.count()).select_from(incident_overrides)).scalar_one() == 0
    after = set_verdict(
        db=ready, incident_id=first, reason="crater photographed", actor="a",
        status=VerificationStatus.VERIFIED, attribute=True, party_id="AZ",
    )  # fmt: skip
    assert after.status is VerificationStatus.VERIFIED
    assert after.attributed_party_id == "AZ"
    file_report(db=ready, data=shelling("mod-am", how_observed="claimed"), actor="m", now=NOW)
    relink_all(db=ready, actor="t", now=NOW)
    incident = get_incident(db=ready, incident_id=first)
    assert incident.status is VerificationStatus.VERIFIED
    assert incident.attributed_party_id == "AZ"
    with ready.read() as conn:
        actions = set(conn.execute(select(audit_log.c.action)).scalars())
    assert {"incident.verdict", "incident.link", "report.file"} <= actions


def test_merge_needs_a_reason_and_known_incidents(ready: Database) -> None:
    first, second, _, _ = _two_incidents(ready)
    with pytest.raises(ValidationError, match="reason"):
        merge_incidents(db=ready, incident_ids=[first, second], reason="", actor="a")
    with pytest.raises(NotFoundError, match="nope"):
        merge_incidents(db=ready, incident_ids=[first, "nope"], reason="x", actor="a")
    with ready.read() as conn:
        assert conn.execute(select(func.count()).select_from(link_decisions)).scalar_one() == 0


def test_a_report_never_belongs_to_two_incidents(ready: Database, tmp_path: Path) -> None:
    path = tmp_path / "gen.csv"
    generate_acled(path, reports=150, seed=9)
    import_file(db=ready, path=path, fmt="acled", actor="t")
    relink_all(db=ready, actor="t", now=NOW + timedelta(days=1))
    found = groups(ready)
    members = [r for g in found for r in g]
    assert len(members) == len(set(members)) == 150
