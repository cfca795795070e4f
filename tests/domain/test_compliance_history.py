"""Status histories of provisions over days, on the reference scenario's agreements and on
hand-made ones: runs, milestones, the Kelbajar amendment, the term's renewals, overlays."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from ceasefire.domain.agreements import Agreement, AgreementStatus, Provision, ProvisionKind
from ceasefire.domain.compliance import ComplianceStatus as S
from ceasefire.domain.compliance import evaluate
from ceasefire.domain.compliance_history import (
    DayOverlay,
    ProvisionHistory,
    days_between,
    history,
)
from ceasefire.domain.scenario import Scenario
from ceasefire.errors import ValidationError
from ceasefire.scenarios import load_scenario

IN_FORCE = datetime(2020, 11, 9, 21, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    return load_scenario("nagorno-karabakh-2020")


def of(histories: list[ProvisionHistory], pid: str) -> ProvisionHistory:
    return next(h for h in histories if h.provision.id == pid)


def runs(h: ProvisionHistory) -> list[tuple[str, str, str]]:
    return [(r.first.isoformat(), r.last.isoformat(), r.status.value) for r in h.runs]


def test_kelbajar_met_on_the_amended_deadline(scenario: Scenario) -> None:
    h = of(
        history(scenario.agreements, scenario.events, date(2020, 11, 1), date(2020, 12, 31)),
        "tri2020-6-kelbajar",
    )
    assert runs(h) == [
        ("2020-11-01", "2020-11-09", "pending"),
        ("2020-11-10", "2020-11-14", "due"),
        ("2020-11-15", "2020-11-24", "due"),
        ("2020-11-25", "2020-12-31", "met"),
    ]
    assert h.runs[1].deadline == date(2020, 11, 15) and h.runs[1].amendment_id is None
    assert h.runs[2].deadline == date(2020, 11, 25)
    assert h.runs[2].amendment_id == "tri2020-6-kelbajar-amendment"
    kinds = {m.kind: m for m in h.milestones}
    assert kinds["amended"].day == date(2020, 11, 15)
    assert "from 2020-11-15 to 2020-11-25" in kinds["amended"].note
    assert kinds["met"].day == date(2020, 11, 25)
    assert "breached" not in kinds


def test_history_agrees_with_the_engine_on_every_day(scenario: Scenario) -> None:
    """Evaluating only on change days gives the same status as evaluating every day."""
    first, last = date(2020, 11, 1), date(2024, 6, 30)
    hs = history(scenario.agreements, scenario.events, first, last)
    for day in days_between(first, last):
        at = datetime(day.year, day.month, day.day, 19, 59, tzinfo=UTC)  # 23:59 at UTC+4
        engine = {s.provision.id: s for s in evaluate(scenario.agreements, scenario.events, at)}
        for h in hs:
            if h.provision.agreement_id not in ("trilateral-2020-11-10", "bishkek-1994"):
                continue
            run = next(r for r in h.runs if r.first <= day <= r.last)
            expected = engine[h.provision.id]
            assert run.status is expected.status, (h.provision.id, day)
            assert run.deadline == expected.deadline and run.expiry == expected.expiry


def test_the_term_renews_and_shows_its_notice_deadline(scenario: Scenario) -> None:
    h = of(
        history(scenario.agreements, scenario.events, date(2025, 1, 1), date(2031, 1, 1)),
        "tri2020-4-term",
    )
    assert runs(h) == [
        ("2025-01-01", "2025-11-09", "in_force"),
        ("2025-11-10", "2030-11-09", "renewed"),
        ("2030-11-10", "2031-01-01", "renewed"),
    ]
    assert h.runs[0].notice_deadline == date(2025, 5, 10)
    assert [m.day for m in h.milestones if m.kind == "renewed"] == [
        date(2025, 11, 10),
        date(2030, 11, 10),
    ]
    notice = [m for m in h.milestones if m.kind == "notice_deadline"]
    assert notice[0].day == date(2035, 5, 10)


def test_an_unmet_deadline_is_breached_the_day_after() -> None:
    p = Provision(
        id="h", agreement_id="a", number="1", kind=ProvisionKind.HANDOVER, title="h",
        text="", obligated=("AM",), deadline=date(2020, 11, 20),
    )  # fmt: skip
    a = Agreement(
        id="a", title="A", status=AgreementStatus.SIGNED, signed_on=date(2020, 11, 9),
        in_force_at=IN_FORCE, utc_offset_hours=4, parties=(), provisions=(p,),
    )  # fmt: skip
    (h,) = history([a], [], date(2020, 11, 19), date(2020, 11, 23))
    assert runs(h) == [
        ("2020-11-19", "2020-11-20", "due"),
        ("2020-11-21", "2020-11-23", "breached"),
    ]
    assert [(m.day, m.kind) for m in h.milestones] == [(date(2020, 11, 21), "breached")]


def test_an_overlay_breaches_a_continuous_provision_only_on_its_days(scenario: Scenario) -> None:
    overlay = {
        "tri2020-1": {date(2021, 3, 2): DayOverlay(S.BREACHED, "breached by AZ 1", ("i1",))},
        "tri2020-6-kelbajar": {date(2021, 3, 2): DayOverlay(S.BREACHED, "x")},
    }
    hs = history(scenario.agreements, scenario.events, date(2021, 3, 1), date(2021, 3, 3), overlay)
    assert runs(of(hs, "tri2020-1")) == [
        ("2021-03-01", "2021-03-01", "met"),
        ("2021-03-02", "2021-03-02", "breached"),
        ("2021-03-03", "2021-03-03", "met"),
    ]
    assert of(hs, "tri2020-1").runs[1].reason == "breached by AZ 1"
    assert runs(of(hs, "tri2020-6-kelbajar")) == [("2021-03-01", "2021-03-03", "met")]


def test_a_met_overlay_never_hides_a_timeline_breach(scenario: Scenario) -> None:
    overlay = {"tri2020-6-safe-traffic": {date(2023, 1, 5): DayOverlay(S.MET, "traffic normal")}}
    hs = history(scenario.agreements, scenario.events, date(2023, 1, 5), date(2023, 1, 5), overlay)
    assert runs(of(hs, "tri2020-6-safe-traffic")) == [("2023-01-05", "2023-01-05", "breached")]


def test_bad_ranges_are_rejected() -> None:
    with pytest.raises(ValidationError, match="before from"):
        days_between(date(2021, 1, 2), date(2021, 1, 1))
    with pytest.raises(ValidationError, match="longer than"):
        days_between(date(1900, 1, 1), date(2021, 1, 1))


def test_three_years_of_every_provision_is_evaluated(scenario: Scenario) -> None:
    hs = history(scenario.agreements, scenario.events, date(2020, 11, 1), date(2023, 10, 31))
    provisions = sum(len(a.provisions) for a in scenario.agreements if a.status.value == "signed")
    assert len(hs) == provisions
    assert all(h.runs[0].first == date(2020, 11, 1) for h in hs)
    assert all(h.runs[-1].last == date(2023, 10, 31) for h in hs)
