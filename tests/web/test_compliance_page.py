"""The compliance board over HTTP on both backends (every provision with its status, deadline
countdown, history sparklines and the incidents behind it, the public seeing published
incidents only), the sparklines drawn as inline SVG, and the service that finds the
incidents behind each provision."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from types import SimpleNamespace

import pytest
from tests.api.conftest import WHO
from tests.web.conftest import Site

from ceasefire.domain.access import Role, Viewer
from ceasefire.domain.compliance import ComplianceStatus
from ceasefire.domain.compliance_history import StatusRun
from ceasefire.domain.incidents import VerificationStatus
from ceasefire.errors import ValidationError
from ceasefire.services.compliance import compliance_at
from ceasefire.services.incidents import set_verdict
from ceasefire.services.provision_incidents import incidents_by_provision
from ceasefire.web.compliance_board import countdown
from ceasefire.web.sparklines import STATUS_COLOURS, count_line, status_strip

CEASEFIRE = "tri2020-1"
PUBLIC = Viewer(Role.PUBLIC, None, "public")
ANALYST = Viewer(Role.ANALYST, None, "analyst")
NOVEMBER = {"from": "2020-11-01", "to": "2020-11-30"}


def row_of(html: str, provision_id: str) -> str:
    """The board's row of one provision."""
    return html.split(f'id="provision-{provision_id}"')[1].split("</tr>")[0]


@pytest.mark.parametrize("who", WHO)
def test_every_caller_sees_every_provision_with_its_history(site: Site, who: str) -> None:
    html = site.get("/compliance", who)
    statuses = compliance_at(db=site.world.db, at=datetime.now(UTC))
    assert statuses
    for s in statuses:
        row = row_of(html, s.provision.id)
        assert f'class="badge cstatus-{s.status.value}"' in row, s.provision.id
        assert row.count('class="sparkline strip"') == 1
    assert html.count('class="sparkline line"') == 2, "the two ceasefire provisions"
    assert 'aria-current="page"' in html.split('href="/compliance"')[1][:30]


def test_a_passed_deadline_counts_the_days_overdue(site: Site) -> None:
    html = site.get("/compliance", "public")
    statuses = {s.provision.id: s for s in compliance_at(db=site.world.db, at=datetime.now(UTC))}
    late = statuses["tri2020-6-new-route"]
    assert late.status is ComplianceStatus.BREACHED and late.days_left is not None
    row = row_of(html, "tri2020-6-new-route")
    assert f"{-late.days_left} days overdue" in row and "2023-11-10" in row
    assert row.startswith(' class="provision overdue"')
    assert "days" not in row_of(html, CEASEFIRE).split("<td")[2], "no deadline, no countdown"


def test_the_incidents_behind_a_provision_are_those_the_reader_sees(site: Site) -> None:
    staff = row_of(site.get("/compliance", "analyst", **NOVEMBER), CEASEFIRE)
    assert "2 incidents" in staff
    assert (
        f'href="/incidents/{site.hidden}"' in staff and f'href="/incidents/{site.shown}"' in staff
    )
    for who in ("public", "liaison.az"):
        seen = row_of(site.get("/compliance", who, **NOVEMBER), CEASEFIRE)
        assert "1 incident<" in seen
        assert f'href="/incidents/{site.shown}"' in seen and site.hidden not in seen


def test_violations_count_verified_incidents_the_reader_sees(site: Site) -> None:
    set_verdict(
        db=site.world.db, incident_id=site.hidden, reason="Patrol saw the craters.",
        actor="analyst", status=VerificationStatus.VERIFIED,
    )  # fmt: skip
    staff = row_of(site.get("/compliance", "analyst", **NOVEMBER), CEASEFIRE)
    assert "Violations per day: 1 in all, at most 1 in one period" in staff
    public = row_of(site.get("/compliance", "public", **NOVEMBER), CEASEFIRE)
    assert "Violations per day: 0 in all" in public


def test_one_agreement_can_be_chosen(site: Site) -> None:
    html = site.get("/compliance", "public", agreement="trilateral-2021-01-11")
    assert 'id="provision-tri2021-unblock"' in html and CEASEFIRE not in html
    assert '<option value="trilateral-2021-01-11" selected>' in html


def test_the_history_starts_when_the_agreements_came_into_force(site: Site) -> None:
    html = site.get("/compliance", "public", agreement="trilateral-2020-11-10")
    assert 'name="from" value="2020-11-10"' in html
    assert "Status from 2020-11-10 to " in html


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"from": "10/11/2020"}, "from"),
        ({"to": "2020-13-01"}, "to"),
        ({"from": "2020-11-10", "to": "2020-11-01"}, "to"),
        ({"from": "1950-01-01"}, "from"),
        ({"agreement": "lavrov-plan-2013"}, "agreement"),
    ],
)
def test_wrong_values_name_the_field(site: Site, params: dict[str, str], field: str) -> None:
    r = site.world.client.get("/compliance", params=params)
    assert r.status_code == 422 and r.headers["content-type"].startswith("text/html")
    assert f"{field}: " in r.text and params.get(field, "") in r.text


def test_the_service_counts_and_lists_the_latest_per_provision(site: Site) -> None:
    db, first, last = site.world.db, date(2020, 11, 1), date(2020, 11, 30)
    behind = incidents_by_provision(db=db, viewer=ANALYST, first=first, last=last, latest=1)
    assert behind[CEASEFIRE].total == 2
    assert [i.id for i in behind[CEASEFIRE].latest] == [site.shown], "the newest"
    public = incidents_by_provision(db=db, viewer=PUBLIC, first=first, last=last)
    assert public[CEASEFIRE].total == 1 and [i.id for i in public[CEASEFIRE].latest] == [site.shown]
    early = incidents_by_provision(db=db, viewer=ANALYST, first=first, last=date(2020, 11, 16))
    assert early[CEASEFIRE].total == 1
    assert incidents_by_provision(db=db, viewer=ANALYST, first=last, last=last) == {}
    with pytest.raises(ValidationError, match="to: is before from"):
        incidents_by_provision(db=db, viewer=ANALYST, first=last, last=first)
    with pytest.raises(ValidationError, match="latest"):
        incidents_by_provision(db=db, viewer=ANALYST, first=first, last=last, latest=51)


def run(first: date, last: date, status: ComplianceStatus, reason: str = "why") -> StatusRun:
    return StatusRun(first, last, status, reason)


def test_a_status_strip_gives_each_run_its_share_of_the_days() -> None:
    runs = [
        run(date(2020, 10, 1), date(2020, 11, 10), ComplianceStatus.PENDING),
        run(date(2020, 11, 11), date(2020, 11, 20), ComplianceStatus.DUE),
        run(date(2020, 11, 21), date(2020, 12, 31), ComplianceStatus.MET, "met <early> & well"),
    ]
    svg = status_strip(runs, date(2020, 11, 1), date(2020, 11, 30), width=300)
    widths = [float(w) for w in re.findall(r'<rect x="[^"]+" y="0" width="([^"]+)"', svg)]
    assert widths == [100.0, 100.0, 100.0], "clipped to the days shown"
    assert re.findall(r'<rect x="([^"]+)"', svg) == ["0.00", "100.00", "200.00"]
    fills = re.findall(r'fill="([^"]+)"', svg)
    assert fills == [STATUS_COLOURS[r.status] for r in runs]
    assert "met &lt;early&gt; &amp; well" in svg and "<early>" not in svg
    assert 'role="img"' in svg
    assert 'aria-label="Status from 2020-11-01 to 2020-11-30: pending from 2020-11-01;' in svg
    outside = status_strip(runs[:1], date(2021, 1, 1), date(2021, 1, 31))
    assert "<rect" not in outside and "no history" in outside
    with pytest.raises(ValueError, match="before first"):
        status_strip(runs, date(2020, 11, 2), date(2020, 11, 1))


def test_a_count_line_is_scaled_to_its_peak() -> None:
    svg = count_line([0, 4, 2], label="Violations per week", width=100, height=22)
    points = re.findall(r'<polyline points="([^"]+)"', svg)[0].split()
    assert points == ["0.00,21.00", "50.00,2.00", "100.00,11.50"]
    assert "Violations per week: 6 in all, at most 4 in one period" in svg
    flat = count_line([0, 0], label="Violations per day", height=22)
    assert all(p.endswith(",21.00") for p in re.findall(r'points="([^"]+)"', flat)[1].split())
    assert "no periods" in count_line([], label="Violations per day")


@pytest.mark.parametrize(
    ("days_left", "text", "late"),
    [(None, "", False), (3, "3 days left", False), (1, "1 day left", False),
     (0, "due today", False), (-1, "1 day overdue", True), (-40, "40 days overdue", True)],
)  # fmt: skip
def test_the_countdown_words_the_engines_days_left(
    days_left: int | None, text: str, late: bool
) -> None:
    engine = SimpleNamespace(days_left=days_left)  # a ProvisionStatus's countdown
    assert countdown(engine) == (text, late)  # type: ignore[arg-type]
