"""Compliance engine: the status of every provision at any instant, with the reason.

Pure functions over agreements, amendments and timeline events; nothing here reads a
database. Deadline dates are inclusive and read in the agreement's local time zone.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum

from ceasefire.domain.agreements import Agreement, AgreementStatus, Amendment, Provision
from ceasefire.domain.agreements import ProvisionKind as Kind
from ceasefire.domain.timeline import EffectOutcome, TimelineEvent
from ceasefire.domain.validation import check_aware

__all__ = [
    "ComplianceStatus",
    "ProvisionStatus",
    "add_months",
    "effective_deadline",
    "evaluate",
    "evaluate_provision",
]


class ComplianceStatus(StrEnum):
    """Computed status of a provision; never typed in by hand."""

    PENDING = "pending"
    IN_FORCE = "in_force"
    DUE = "due"
    MET = "met"
    BREACHED = "breached"
    DISPUTED = "disputed"
    EXPIRED = "expired"
    RENEWED = "renewed"


@dataclass(frozen=True, slots=True)
class ProvisionStatus:
    """A provision's status at one instant and why."""

    provision: Provision
    status: ComplianceStatus
    reason: str
    deadline: date | None = None
    original_deadline: date | None = None
    amendment: Amendment | None = None
    days_left: int | None = None
    expiry: date | None = None
    notice_deadline: date | None = None
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class _Effect:
    event: TimelineEvent
    outcome: EffectOutcome
    note: str

    def describe(self) -> str:
        note = f" ({self.note})" if self.note else ""
        return f"{self.event.label()}: {self.event.title}{note}"


def add_months(d: date, months: int) -> date:
    """The same day `months` later (or earlier), clamped to the month's end.

    >>> add_months(date(2020, 11, 10), 60)
    datetime.date(2025, 11, 10)
    >>> add_months(date(2025, 11, 10), -6)
    datetime.date(2025, 5, 10)
    """
    index = d.year * 12 + (d.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(d.day, last))


def effective_deadline(
    provision: Provision, amendments: Iterable[Amendment], on: date
) -> tuple[date | None, Amendment | None]:
    """The deadline in force on day `on`: the latest amendment agreed by then, else the original."""
    applied = [a for a in amendments if a.provision_id == provision.id and a.agreed_on <= on]
    if not applied:
        return provision.deadline, None
    latest = max(applied, key=lambda a: a.agreed_on)
    return latest.new_deadline, latest


def evaluate(
    agreements: Iterable[Agreement], events: Sequence[TimelineEvent], at: datetime
) -> list[ProvisionStatus]:
    """Status of every provision of every signed agreement at instant `at`."""
    return [
        evaluate_provision(a, p, events, at)
        for a in agreements
        if a.status is AgreementStatus.SIGNED
        for p in a.provisions
    ]


def evaluate_provision(
    agreement: Agreement, provision: Provision, events: Sequence[TimelineEvent], at: datetime
) -> ProvisionStatus:
    """Status of one provision at instant `at`."""
    check_aware(at, "at")
    start = provision.starts_at or agreement.in_force_at
    if agreement.status is not AgreementStatus.SIGNED or start is None:
        return ProvisionStatus(provision, ComplianceStatus.PENDING, "the agreement is not in force")
    if at < start:
        return ProvisionStatus(
            provision, ComplianceStatus.PENDING, f"not in force until {start.isoformat()}"
        )
    today = at.astimezone(agreement.tz).date()
    effects = _effects_until(provision, events, today)
    ended = [e for e in effects if e.outcome is EffectOutcome.ENDED]
    if ended:
        return ProvisionStatus(
            provision,
            ComplianceStatus.EXPIRED,
            f"ended {ended[0].describe()}",
            evidence=(ended[0].event.id,),
        )
    if provision.ends_on is not None and today > provision.ends_on:
        why = f": {provision.ends_reason}" if provision.ends_reason else ""
        return ProvisionStatus(
            provision, ComplianceStatus.EXPIRED, f"ended on {provision.ends_on.isoformat()}{why}"
        )
    if provision.kind is Kind.TERM:
        return _term_status(provision, start.astimezone(agreement.tz).date(), effects, today)
    if provision.kind.continuous:
        return _continuous_status(provision, effects, today)
    return _deadline_status(provision, agreement.amendments, effects, today)


def _effects_until(
    provision: Provision, events: Iterable[TimelineEvent], today: date
) -> list[_Effect]:
    found = [
        _Effect(event, effect.outcome, effect.note)
        for event in events
        if event.start <= today
        for effect in event.effects
        if effect.provision_id == provision.id
    ]
    return sorted(found, key=lambda e: e.event.start)


def _deadline_status(
    provision: Provision, amendments: Sequence[Amendment], effects: list[_Effect], today: date
) -> ProvisionStatus:
    deadline, amendment = effective_deadline(provision, amendments, today)
    amended = (
        f" (amended from {provision.deadline.isoformat()} on {amendment.agreed_on.isoformat()}:"
        f" {amendment.reason})"
        if amendment is not None and provision.deadline is not None
        else ""
    )
    base = ProvisionStatus(
        provision,
        ComplianceStatus.PENDING,
        "",
        deadline=deadline,
        original_deadline=provision.deadline,
        amendment=amendment,
    )
    met = [e for e in effects if e.outcome is EffectOutcome.MET]
    if met:
        done = met[0]
        late = ""
        if deadline is not None and done.event.start > deadline:
            late = f"; {(done.event.start - deadline).days} days after the deadline {deadline}"
        return replace(
            base,
            status=ComplianceStatus.MET,
            reason=f"met on {done.describe()}{late}",
            evidence=(done.event.id,),
        )
    for outcome, status in (
        (EffectOutcome.BREACHED, ComplianceStatus.BREACHED),
        (EffectOutcome.DISPUTED, ComplianceStatus.DISPUTED),
    ):
        hits = [e for e in effects if e.outcome is outcome]
        if hits:
            return replace(
                base,
                status=status,
                reason=f"{status.value}: {hits[-1].describe()}",
                evidence=tuple(e.event.id for e in hits),
            )
    if deadline is None:
        return replace(base, reason="in force, no deadline; no completion recorded yet")
    days_left = (deadline - today).days
    if days_left < 0:
        return replace(
            base,
            status=ComplianceStatus.BREACHED,
            days_left=days_left,
            reason=f"deadline {deadline.isoformat()}{amended} passed {-days_left} days ago"
            " with no completion recorded",
        )
    return replace(
        base,
        status=ComplianceStatus.DUE,
        days_left=days_left,
        reason=f"due by {deadline.isoformat()}{amended}; {days_left} days left",
    )


def _continuous_status(
    provision: Provision, effects: list[_Effect], today: date
) -> ProvisionStatus:
    adverse = [e for e in effects if e.outcome in (EffectOutcome.BREACHED, EffectOutcome.DISPUTED)]
    active = [e for e in adverse if e.event.start <= today <= e.event.last_day]
    if active:
        worst = next((e for e in active if e.outcome is EffectOutcome.BREACHED), active[0])
        status = ComplianceStatus(worst.outcome.value)
        return ProvisionStatus(
            provision,
            status,
            f"{status.value}: {worst.describe()}",
            evidence=tuple(e.event.id for e in active),
        )
    if adverse:
        last = adverse[-1]
        return ProvisionStatus(
            provision,
            ComplianceStatus.MET,
            f"no violation recorded on {today.isoformat()}; last {last.outcome.value}"
            f" {last.describe()}",
            evidence=tuple(e.event.id for e in adverse),
        )
    return ProvisionStatus(provision, ComplianceStatus.MET, "in force; no violation recorded")


def _term_status(
    provision: Provision, start: date, effects: list[_Effect], today: date
) -> ProvisionStatus:
    term = provision.term
    assert term is not None  # guaranteed by Provision.__post_init__
    notice_months = term.notice_months or 0
    renewal = term.renewal_months or 0

    def expiry(k: int) -> date:
        return add_months(start, term.months + k * renewal)

    def notice(k: int) -> date:
        return add_months(expiry(k), -notice_months)

    notices = [e for e in effects if e.outcome is EffectOutcome.NOTICE_GIVEN]
    final: int | None = 0 if not term.auto_renew else None
    if notices and term.auto_renew:
        given = notices[0].event.start
        final = 0
        while notice(final) < given:
            final += 1
    k = 0
    while term.auto_renew and (final is None or k < final) and expiry(k) <= today:
        k += 1
    if final is not None and k >= final and expiry(final) <= today:
        why = f"after notice {notices[0].describe()}" if notices else "without renewal"
        return ProvisionStatus(
            provision,
            ComplianceStatus.EXPIRED,
            f"term ended on {expiry(final).isoformat()} {why}",
            expiry=expiry(final),
        )
    renews = (
        f"renews automatically for {renewal} months unless a party gives notice by"
        f" {notice(k).isoformat()}"
        if term.auto_renew and not notices
        else f"notice given {notices[0].describe()}; ends then"
        if notices
        else "no renewal"
    )
    if k == 0:
        status, lead = ComplianceStatus.IN_FORCE, f"in force until {expiry(0).isoformat()}"
    else:
        status = ComplianceStatus.RENEWED
        lead = (
            f"renewed automatically on {expiry(k - 1).isoformat()};"
            f" runs until {expiry(k).isoformat()}"
        )
    return ProvisionStatus(
        provision,
        status,
        f"{lead}; {renews}",
        expiry=expiry(k),
        notice_deadline=notice(k) if notice_months else None,
    )
