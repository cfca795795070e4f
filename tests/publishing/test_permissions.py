"""A public report holds only published material: no unpublished incident, no complaint
(confidential or not), no alert, no restriction filed on an unpublished incident. An
internal report is for the mission's staff only, and never quotes confidential text."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from tests.publishing.conftest import ADMIN, ANALYST, DAY, GENERATED, publish_finding_on

from ceasefire.domain.access import Role, Viewer
from ceasefire.domain.report_periods import Audience, daily_period
from ceasefire.errors import AccessDeniedError
from ceasefire.publishing.render import render_html, render_markdown
from ceasefire.services.alerts import raise_alerts
from ceasefire.services.complaints import ComplaintInput, file_complaint
from ceasefire.services.database import Database
from ceasefire.services.period_reports import build_period_report
from ceasefire.services.reports import file_report
from ceasefire.services.scenarios import load
from ceasefire.services.sources import add_source
from ceasefire.testing import report_data, sample_source

AT = datetime(2020, 11, 16, 9, tzinfo=UTC)
SECRETS = (
    "Zunpublishedville",
    "UNPUBLISHED-REPORT-TEXT",
    "CONFIDENTIAL-ALLEGATION",
    "OPEN-ALLEGATION-OF-ONE-PARTY",
    "RESTRICTION-ON-UNPUBLISHED",
    "killed near",
)


def filed(db: Database, **overrides: object) -> str:
    data = report_data(occurred_start="2020-11-16T06:00:00+00:00", **overrides)
    return file_report(db=db, data=data, actor="monitor", now=AT).incident_id or ""


def complaint(db: Database, allegation: str, *, confidential: bool) -> None:
    file_complaint(
        db=db,
        data=ComplaintInput(
            party_id="AZ", allegation=allegation, confidential=confidential,
            occurred_start=datetime(2020, 11, 16, 5, tzinfo=UTC), latitude=39.99,
            longitude=46.93, place_name="Aghdam",
        ),
        viewer=ADMIN, actor="liaison.az", now=AT,
    )  # fmt: skip


@pytest.fixture
def planted(db: Database) -> Database:
    load(db=db, name="nagorno-karabakh-2020", actor="tester")
    add_source(db=db, source=sample_source(), actor="tester")
    published = filed(db, place_name="Publishedtown", text="Mortar impacts, published.")
    filed(db, place_name="Zunpublishedville", latitude=39.2, longitude=46.5,
          text="UNPUBLISHED-REPORT-TEXT: artillery heard.", weapons=["artillery"],
          casualties={"killed_military": {"low": 6, "best": 6, "high": 6}})  # fmt: skip
    filed(db, place_name="Checkpoint", latitude=39.55, longitude=46.6,
          event_type="Strategic developments", sub_event_type="Other", weapons=[],
          casualties={}, text="RESTRICTION-ON-UNPUBLISHED: patrol turned back.")  # fmt: skip
    complaint(db, "CONFIDENTIAL-ALLEGATION: a named witness saw it.", confidential=True)
    complaint(db, "OPEN-ALLEGATION-OF-ONE-PARTY: shelling at dawn.", confidential=False)
    publish_finding_on(db, published, title="Mortar fire confirmed", text="Confirmed.",
                       now=datetime(2020, 11, 16, 20, tzinfo=UTC))  # fmt: skip
    raise_alerts(db=db, now=datetime(2020, 11, 17, 12, tzinfo=UTC), actor="tester")
    return db


def rendered(db: Database, audience: Audience, viewer: Viewer = ADMIN) -> str:
    report = build_period_report(db=db, period=daily_period(DAY), audience=audience, viewer=viewer)
    return render_markdown(report, generated_at=GENERATED) + render_html(
        report, generated_at=GENERATED
    )


def test_a_public_report_holds_only_published_material(planted: Database) -> None:
    text = rendered(planted, Audience.PUBLIC)
    assert "Publishedtown" in text and "Mortar fire confirmed" in text
    leaked = [s for s in SECRETS if s in text]
    assert not leaked


def test_an_internal_report_never_quotes_confidential_text(planted: Database) -> None:
    for viewer in (ADMIN, ANALYST, Viewer(Role.HEAD_OF_MISSION)):
        text = rendered(planted, Audience.INTERNAL, viewer)
        assert "Zunpublishedville" in text and "OPEN-ALLEGATION-OF-ONE-PARTY" in text
        assert "RESTRICTION-ON-UNPUBLISHED" in text and "6 killed near Zunpublishedville" in text
        assert "CONFIDENTIAL-ALLEGATION" not in text
        assert "confidential; text withheld" in text


@pytest.mark.parametrize(
    "viewer",
    [Viewer(Role.MONITOR, name="m"), Viewer(Role.PUBLIC), Viewer(Role.PARTY_LIAISON, "AM")],
)
def test_an_internal_report_is_refused_to_all_but_staff(planted: Database, viewer: Viewer) -> None:
    with pytest.raises(AccessDeniedError, match="internal report"):
        build_period_report(
            db=planted, period=daily_period(DAY), audience=Audience.INTERNAL, viewer=viewer
        )
