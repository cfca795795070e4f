"""The compliance engine on small hand-made agreements (no database, no scenario files)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from ceasefire.domain.agreements import (
    Agreement,
    AgreementStatus,
    Amendment,
    Provision,
    ProvisionKind,
    Term,
)
from ceasefire.domain.compliance import ComplianceStatus, add_months, evaluate, evaluate_provision
from ceasefire.domain.timeline import EffectOutcome, ProvisionEffect, SourceRef, TimelineEvent

IN_FORCE = datetime(2020, 11, 9, 21, 0, tzinfo=UTC)
REF = (SourceRef("test"),)


def at(day: str) -> datetime:
    return datetime.fromisoformat(day + "T12:00:00+00:00")


def provision(pid: str, kind: ProvisionKind, **kw: object) -> Provision:
    return Provision(
        id=pid,
        agreement_id="a",
        number="1",
        kind=kind,
        title=pid,
        text="",
        obligated=("AM",),
        **kw,  # type: ignore[arg-type]
    )


def agreement(*provisions: Provision, amendments: tuple[Amendment, ...] = ()) -> Agreement:
    return Agreement(
        id="a",
        title="A",
        status=AgreementStatus.SIGNED,
        signed_on=date(2020, 11, 9),
        in_force_at=IN_FORCE,
        utc_offset_hours=4,
        parties=(),
        provisions=provisions,
        amendments=amendments,
    )


def event(
    eid: str, start: date, outcome: EffectOutcome, pid: str, end: date | None = None
) -> TimelineEvent:
    return TimelineEvent(
        id=eid,
        title=eid,
        start=start,
        end=end,
        sources=REF,
        effects=(ProvisionEffect(pid, outcome),),
    )


HANDOVER = provision("h", ProvisionKind.HANDOVER, deadline=date(2020, 11, 15))
MOVED = Amendment("m", "h", date(2020, 11, 15), date(2020, 11, 25), "asked", "test")


@pytest.mark.parametrize(
    ("day", "status", "deadline"),
    [
        ("2020-11-09", ComplianceStatus.PENDING, None),
        ("2020-11-14", ComplianceStatus.DUE, date(2020, 11, 15)),
        ("2020-11-15", ComplianceStatus.DUE, date(2020, 11, 25)),
        ("2020-11-25", ComplianceStatus.DUE, date(2020, 11, 25)),
        ("2020-11-26", ComplianceStatus.BREACHED, date(2020, 11, 25)),
    ],
)
def test_handover_deadline_follows_amendments(
    day: str, status: ComplianceStatus, deadline: date | None
) -> None:
    result = evaluate_provision(agreement(HANDOVER, amendments=(MOVED,)), HANDOVER, [], at(day))
    assert result.status is status
    assert result.deadline == deadline


def test_days_left_and_amendment_named_in_reason() -> None:
    result = evaluate_provision(
        agreement(HANDOVER, amendments=(MOVED,)), HANDOVER, [], at("2020-11-16")
    )
    assert result.days_left == 9
    assert result.original_deadline == date(2020, 11, 15)
    assert "amended from 2020-11-15" in result.reason


def test_late_completion_is_met_and_says_how_late() -> None:
    done = event("done", date(2020, 11, 18), EffectOutcome.MET, "h")
    result = evaluate_provision(agreement(HANDOVER), HANDOVER, [done], at("2020-11-20"))
    assert result.status is ComplianceStatus.MET
    assert "3 days after the deadline" in result.reason
    assert result.evidence == ("done",)


def test_events_after_the_instant_are_ignored() -> None:
    done = event("done", date(2020, 11, 14), EffectOutcome.MET, "h")
    result = evaluate_provision(agreement(HANDOVER), HANDOVER, [done], at("2020-11-13"))
    assert result.status is ComplianceStatus.DUE


def test_deadline_read_in_agreement_time_zone() -> None:
    # 2020-11-15T21:00Z is already 16 November in UTC+4: the 15 November deadline has passed.
    late_evening = datetime(2020, 11, 15, 21, 0, tzinfo=UTC)
    result = evaluate_provision(agreement(HANDOVER), HANDOVER, [], late_evening)
    assert result.status is ComplianceStatus.BREACHED


CEASEFIRE = provision("c", ProvisionKind.CEASEFIRE)


def test_continuous_provision_breached_only_while_the_event_lasts() -> None:
    war = event("war", date(2021, 3, 1), EffectOutcome.BREACHED, "c", end=date(2021, 3, 3))
    a = agreement(CEASEFIRE)
    assert evaluate_provision(a, CEASEFIRE, [war], at("2021-02-28")).status is ComplianceStatus.MET
    assert (
        evaluate_provision(a, CEASEFIRE, [war], at("2021-03-02")).status
        is ComplianceStatus.BREACHED
    )
    after = evaluate_provision(a, CEASEFIRE, [war], at("2021-03-04"))
    assert after.status is ComplianceStatus.MET
    assert "last breached" in after.reason


def test_disputed_effect() -> None:
    claim = event("claim", date(2021, 3, 1), EffectOutcome.DISPUTED, "c")
    result = evaluate_provision(agreement(CEASEFIRE), CEASEFIRE, [claim], at("2021-03-01"))
    assert result.status is ComplianceStatus.DISPUTED


TERM = provision("t", ProvisionKind.TERM, term=Term(60, 60, 6))


@pytest.mark.parametrize(
    ("day", "status", "expiry", "notice"),
    [
        ("2020-11-16", ComplianceStatus.IN_FORCE, date(2025, 11, 10), date(2025, 5, 10)),
        ("2025-11-09", ComplianceStatus.IN_FORCE, date(2025, 11, 10), date(2025, 5, 10)),
        ("2025-11-10", ComplianceStatus.RENEWED, date(2030, 11, 10), date(2030, 5, 10)),
        ("2031-01-01", ComplianceStatus.RENEWED, date(2035, 11, 10), date(2035, 5, 10)),
    ],
)
def test_term_renews_automatically(
    day: str, status: ComplianceStatus, expiry: date, notice: date
) -> None:
    result = evaluate_provision(agreement(TERM), TERM, [], at(day))
    assert (result.status, result.expiry, result.notice_deadline) == (status, expiry, notice)


def test_term_ends_after_timely_notice() -> None:
    notice = event("notice", date(2025, 4, 1), EffectOutcome.NOTICE_GIVEN, "t")
    a = agreement(TERM)
    before_end = evaluate_provision(a, TERM, [notice], at("2025-06-01"))
    assert before_end.status is ComplianceStatus.IN_FORCE
    assert "notice given" in before_end.reason
    ended = evaluate_provision(a, TERM, [notice], at("2025-11-10"))
    assert ended.status is ComplianceStatus.EXPIRED
    assert ended.expiry == date(2025, 11, 10)


def test_late_notice_applies_to_the_next_period() -> None:
    notice = event("notice", date(2025, 6, 1), EffectOutcome.NOTICE_GIVEN, "t")
    result = evaluate_provision(agreement(TERM), TERM, [notice], at("2026-01-01"))
    assert result.status is ComplianceStatus.RENEWED
    assert result.expiry == date(2030, 11, 10)
    ended = evaluate_provision(agreement(TERM), TERM, [notice], at("2030-11-10"))
    assert ended.status is ComplianceStatus.EXPIRED


def test_ended_effect_expires_provision() -> None:
    body = provision("b", ProvisionKind.ESTABLISH_BODY)
    opened = event("open", date(2021, 1, 30), EffectOutcome.MET, "b")
    closed = event("close", date(2024, 4, 26), EffectOutcome.ENDED, "b")
    a = agreement(body)
    assert (
        evaluate_provision(a, body, [opened, closed], at("2022-01-01")).status
        is ComplianceStatus.MET
    )
    assert (
        evaluate_provision(a, body, [opened, closed], at("2024-05-01")).status
        is ComplianceStatus.EXPIRED
    )


def test_no_deadline_is_pending_until_done() -> None:
    p = provision("x", ProvisionKind.EXCHANGE_DETAINEES)
    assert (
        evaluate_provision(agreement(p), p, [], at("2021-01-01")).status is ComplianceStatus.PENDING
    )


def test_proposals_are_not_evaluated() -> None:
    proposal = Agreement(
        id="p",
        title="P",
        status=AgreementStatus.PROPOSAL,
        signed_on=None,
        in_force_at=None,
        utc_offset_hours=4,
        parties=(),
        provisions=(provision("y", ProvisionKind.HANDOVER),),
    )
    assert evaluate([proposal, agreement(HANDOVER)], [], at("2020-11-14"))[0].provision.id == "h"


def test_naive_instant_rejected() -> None:
    from ceasefire.errors import ValidationError

    with pytest.raises(ValidationError, match="at"):
        evaluate_provision(agreement(HANDOVER), HANDOVER, [], datetime(2020, 11, 14))


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [(date(2020, 1, 31), 1, date(2020, 2, 29)), (date(2020, 11, 10), -6, date(2020, 5, 10))],
)
def test_add_months_clamps(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected
