"""A store for the report tests: the reference scenario with a fixed generated data set
(`ceasefire.synthetic`, seed 11, linked into incidents), the alerts raised over it, one
restriction of the monitors' movement and one complaint; and a helper publishing a
finding, signed off by both monitoring nations."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from ceasefire.domain.access import Role, Viewer
from ceasefire.domain.findings import Finding
from ceasefire.domain.signing import generate_private_key, public_key_of
from ceasefire.services import findings, signing_keys
from ceasefire.services.alerts import raise_alerts
from ceasefire.services.complaints import ComplaintInput, file_complaint
from ceasefire.services.database import Database
from ceasefire.services.imports import import_file
from ceasefire.services.reports import file_report
from ceasefire.services.scenarios import load
from ceasefire.services.sources import add_source
from ceasefire.synthetic import generate_acled
from ceasefire.testing import report_data, sample_source

DAY = date(2020, 11, 16)
ALERTS_AT = datetime(2020, 11, 18, 12, tzinfo=UTC)
GENERATED = datetime(2020, 11, 17, 6, 30, tzinfo=UTC)
ADMIN = Viewer(Role.ADMIN)
ANALYST = Viewer(Role.ANALYST, name="analyst")
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def masked(text: str) -> str:
    """Text with every id (random UUIDs) replaced by `<id>`."""
    return UUID.sub("<id>", text)


@pytest.fixture
def reference_store(db: Database, tmp_path: Path) -> Database:
    """The reference scenario with 900 generated reports from 10 to 30 November 2020,
    linked, the alerts raised on 18 November, a restriction and a complaint on the 16th."""
    load(db=db, name="nagorno-karabakh-2020", actor="tester")
    add_source(db=db, source=sample_source(), actor="tester")
    rows = tmp_path / "synthetic.csv"
    generate_acled(rows, reports=900, seed=11, start=date(2020, 11, 10), end=date(2020, 11, 30))
    import_file(db=db, path=rows, fmt="acled", actor="tester")
    file_report(
        db=db,
        data=report_data(
            occurred_start="2020-11-16T07:20:00+00:00", event_type="Strategic developments",
            sub_event_type="Other", latitude=39.53, longitude=46.60, place_name="Lachin",
            actors=[], weapons=[], observations={}, casualties={}, how_observed="saw",
            credibility=2, text="Patrol stopped at a checkpoint on the Lachin road for 2 hours.",
        ),
        actor="monitor", now=datetime(2020, 11, 16, 9, tzinfo=UTC),
    )  # fmt: skip
    file_complaint(
        db=db,
        data=ComplaintInput(
            party_id="AM", allegation="Shelling of the village of Taghavard at 05:40.",
            occurred_start=datetime(2020, 11, 16, 5, 40, tzinfo=UTC), latitude=39.73,
            longitude=46.90, place_name="Taghavard",
        ),
        viewer=ADMIN, actor="liaison.am", now=datetime(2020, 11, 16, 10, tzinfo=UTC),
    )  # fmt: skip
    raise_alerts(db=db, now=ALERTS_AT, since=date(2020, 11, 10), actor="tester")
    return db


def publish_finding_on(
    db: Database, incident_id: str, *, title: str, text: str, now: datetime
) -> Finding:
    """Draft a finding about the incident, have both monitoring nations sign it off and
    publish it at `now`."""
    keys = {"RU": generate_private_key(), "TR": generate_private_key()}
    for nation, private in keys.items():
        signing_keys.add_key(
            db=db, key_id=f"{nation.lower()}-{incident_id[:8]}", holder=f"monitor.{nation}",
            nation=nation, public_key=public_key_of(private), actor="admin",
            now=now - timedelta(days=2),
        )  # fmt: skip
    finding = findings.draft_finding(
        db=db, title=title, text=text, actor="analyst", incident_id=incident_id,
        now=now - timedelta(hours=2),
    )  # fmt: skip
    for nation, private in keys.items():
        findings.sign_finding(
            db=db, finding_id=finding.id, key_id=f"{nation.lower()}-{incident_id[:8]}",
            private_key=private, actor=f"monitor.{nation}", now=now - timedelta(hours=1),
        )  # fmt: skip
    return findings.publish_finding(db=db, finding_id=finding.id, actor="head", now=now)
