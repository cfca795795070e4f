"""Counting ceasefire violations per day by party and zone, by verification status."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

from ceasefire.domain.compliance import ComplianceStatus
from ceasefire.domain.incidents import VerificationStatus as V
from ceasefire.domain.violations import (
    NO_ZONE,
    UNATTRIBUTED,
    IncidentFact,
    roll_up,
    violation_overlay,
    violation_series,
)

TZ = timezone(timedelta(hours=4))


def fact(n: int, day: int, status: V, party: str | None, zones: tuple[str, ...] = ("z1",),
         provisions: tuple[str, ...] = ("cf",), hour: int = 8) -> IncidentFact:  # fmt: skip
    return IncidentFact(f"i{n}", datetime(2021, 3, day, hour, tzinfo=UTC), status, party,
                        zones, provisions)  # fmt: skip


FACTS = [
    fact(1, 1, V.VERIFIED, "AZ"),
    fact(2, 1, V.CORROBORATED, "AM", ("z1", "z2")),
    fact(3, 1, V.UNVERIFIED, "AZ"),
    fact(4, 1, V.DISPUTED, "AM"),
    fact(5, 1, V.REJECTED, "AZ"),
    fact(6, 2, V.CORROBORATED, None, ()),
    fact(7, 3, V.UNVERIFIED, "AZ"),
    fact(8, 3, V.VERIFIED, "AZ", provisions=("other",)),
    fact(9, 4, V.VERIFIED, "AZ", hour=21),  # 01:00 on 5 March at UTC+4
]


def test_counts_by_status_party_and_zone() -> None:
    days = violation_series(FACTS, "cf", date(2021, 3, 1), date(2021, 3, 31), TZ)
    assert [d.first for d in days] == [date(2021, 3, k) for k in (1, 2, 3, 5)]
    d1 = days[0]
    assert (d1.counted, d1.unverified, d1.disputed) == (2, 1, 1)
    assert d1.by_party == {"AZ": 1, "AM": 1}
    assert d1.by_zone == {"z1": 2, "z2": 1}
    assert d1.by_party_zone[("AM", "z2")] == 1
    assert days[1].by_party == {UNATTRIBUTED: 1} and days[1].by_zone == {NO_ZONE: 1}
    assert (days[2].counted, days[2].unverified) == (0, 1)


def test_days_are_local_and_clipped_to_the_range() -> None:
    days = violation_series(FACTS, "cf", date(2021, 3, 2), date(2021, 3, 4), TZ)
    assert [d.first for d in days] == [date(2021, 3, 2), date(2021, 3, 3)]


def test_only_days_with_counted_violations_breach() -> None:
    days = violation_series(FACTS, "cf", date(2021, 3, 1), date(2021, 3, 31), TZ)
    overlay = violation_overlay(days)
    assert sorted(overlay) == [date(2021, 3, 1), date(2021, 3, 2), date(2021, 3, 5)]
    assert overlay[date(2021, 3, 1)].status is ComplianceStatus.BREACHED
    assert overlay[date(2021, 3, 1)].reason.startswith("breached by AM 1, AZ 1: 2 verified")
    assert overlay[date(2021, 3, 1)].evidence == ("i1", "i2")


def test_weekly_and_monthly_roll_ups_keep_the_totals() -> None:
    days = violation_series(FACTS, "cf", date(2021, 3, 1), date(2021, 3, 31), TZ)
    weeks = roll_up(days, "week")
    assert [(w.first, w.last) for w in weeks] == [(date(2021, 3, 1), date(2021, 3, 7))]
    (month,) = roll_up(days, "month")
    assert (month.first, month.last) == (date(2021, 3, 1), date(2021, 3, 31))
    assert month.counted == sum(d.counted for d in days) == 4
    assert month.unverified == 2 and month.by_party["AZ"] == 2
