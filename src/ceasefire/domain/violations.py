"""Ceasefire violations per day by attributed party and zone, from incidents bearing on a
ceasefire provision: verified and corroborated incidents count, unverified and disputed
ones are shown beside them, rejected ones are left out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo

from ceasefire.domain.compliance import ComplianceStatus
from ceasefire.domain.compliance_history import DayOverlay
from ceasefire.domain.incidents import VerificationStatus

__all__ = [
    "COUNTED",
    "NO_ZONE",
    "UNATTRIBUTED",
    "IncidentFact",
    "ViolationPeriod",
    "period_start",
    "roll_up",
    "violation_overlay",
    "violation_series",
]

COUNTED = frozenset({VerificationStatus.VERIFIED, VerificationStatus.CORROBORATED})
UNATTRIBUTED = "unattributed"
NO_ZONE = "no zone"


@dataclass(frozen=True, slots=True)
class IncidentFact:
    """What the violation count needs of an incident."""

    id: str
    occurred: datetime
    status: VerificationStatus
    party_id: str | None
    zone_ids: tuple[str, ...]
    provision_ids: tuple[str, ...]


@dataclass(slots=True)
class ViolationPeriod:
    """Violations in one period (a day, a week from Monday, or a month): counted ones by
    party, by zone and by (party, zone); unverified and disputed incidents beside them."""

    first: date
    last: date
    counted: int = 0
    by_party: Counter[str] = field(default_factory=Counter)
    by_zone: Counter[str] = field(default_factory=Counter)
    by_party_zone: Counter[tuple[str, str]] = field(default_factory=Counter)
    unverified: int = 0
    disputed: int = 0
    incident_ids: list[str] = field(default_factory=list)

    def add(self, fact: IncidentFact) -> None:
        """Count one incident by its status."""
        if fact.status is VerificationStatus.UNVERIFIED:
            self.unverified += 1
        elif fact.status is VerificationStatus.DISPUTED:
            self.disputed += 1
        elif fact.status in COUNTED:
            party = fact.party_id or UNATTRIBUTED
            self.counted += 1
            self.by_party[party] += 1
            for zone in fact.zone_ids or (NO_ZONE,):
                self.by_zone[zone] += 1
                self.by_party_zone[(party, zone)] += 1
            self.incident_ids.append(fact.id)

    def merge(self, other: ViolationPeriod) -> None:
        """Add another period's counts to this one."""
        self.counted += other.counted
        self.by_party.update(other.by_party)
        self.by_zone.update(other.by_zone)
        self.by_party_zone.update(other.by_party_zone)
        self.unverified += other.unverified
        self.disputed += other.disputed
        self.incident_ids.extend(other.incident_ids)


def violation_series(
    incidents: Iterable[IncidentFact], provision_id: str, first: date, last: date, tz: tzinfo
) -> list[ViolationPeriod]:
    """Days in [first, last] (local dates in `tz`) with any incident on the provision,
    ascending; rejected incidents are ignored, days without incidents are left out.

    >>> from datetime import UTC, timezone
    >>> f = IncidentFact("i", datetime(2021, 1, 1, 22, tzinfo=UTC), VerificationStatus.VERIFIED,
    ...                  "AZ", ("lachin-corridor",), ("p",))
    >>> [(d.first.isoformat(), dict(d.by_party)) for d in violation_series(
    ...     [f], "p", date(2021, 1, 1), date(2021, 1, 3), timezone(timedelta(hours=4)))]
    [('2021-01-02', {'AZ': 1})]
    """
    days: dict[date, ViolationPeriod] = {}
    for fact in incidents:
        if provision_id not in fact.provision_ids:
            continue
        if fact.status is VerificationStatus.REJECTED:
            continue
        day = fact.occurred.astimezone(tz).date()
        if first <= day <= last:
            days.setdefault(day, ViolationPeriod(day, day)).add(fact)
    return [days[d] for d in sorted(days)]


def period_start(day: date, period: str) -> date:
    """The first day of the day's week (Monday) or month; the day itself for "day".

    >>> period_start(date(2020, 11, 12), "week"), period_start(date(2020, 11, 12), "month")
    (datetime.date(2020, 11, 9), datetime.date(2020, 11, 1))
    """
    if period == "week":
        return day - timedelta(days=day.weekday())
    if period == "month":
        return day.replace(day=1)
    return day


def _period_end(start: date, period: str) -> date:
    if period == "week":
        return start + timedelta(days=6)
    if period == "month":
        following = (start.replace(day=28) + timedelta(days=4)).replace(day=1)
        return following - timedelta(days=1)
    return start


def roll_up(days: Sequence[ViolationPeriod], period: str) -> list[ViolationPeriod]:
    """Daily periods summed into weeks or months (clipped to nothing: full periods)."""
    if period == "day":
        return list(days)
    out: dict[date, ViolationPeriod] = {}
    for d in days:
        start = period_start(d.first, period)
        out.setdefault(start, ViolationPeriod(start, _period_end(start, period))).merge(d)
    return [out[k] for k in sorted(out)]


def violation_overlay(days: Iterable[ViolationPeriod]) -> dict[date, DayOverlay]:
    """Breached on every day with counted violations, naming the parties and their counts."""
    overlay = {}
    for d in days:
        if not d.counted:
            continue
        parties = ", ".join(f"{p} {n}" for p, n in sorted(d.by_party.items()))
        noun = "violation" if d.counted == 1 else "violations"
        overlay[d.first] = DayOverlay(
            ComplianceStatus.BREACHED,
            f"breached by {parties}: {d.counted} verified or corroborated {noun}",
            tuple(d.incident_ids),
        )
    return overlay
