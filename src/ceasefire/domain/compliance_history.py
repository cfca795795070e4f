"""Status history of every provision over a range of days: runs of equal status and the
milestones between them (deadline moved, met, breached, renewed), with day overlays from
counted violations and corridor traffic combined with the timeline's own effects.

The compliance engine (`ceasefire.domain.compliance`) is evaluated at the end of a day in
the agreement's time zone, on every day where a status can change; equal consecutive days
merge into one run whose reason and evidence are those of its first day.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from ceasefire.domain.agreements import Agreement, AgreementStatus, Provision
from ceasefire.domain.compliance import (
    ComplianceStatus,
    ProvisionStatus,
    add_months,
    evaluate_provision,
)
from ceasefire.domain.timeline import TimelineEvent
from ceasefire.errors import ValidationError

__all__ = [
    "DayOverlay",
    "Milestone",
    "ProvisionHistory",
    "StatusRun",
    "combine",
    "days_between",
    "history",
    "provision_history",
]

MAX_DAYS = 20 * 366
_OVERLAID = (ComplianceStatus.MET, ComplianceStatus.BREACHED, ComplianceStatus.DISPUTED)
_SEVERITY = {ComplianceStatus.MET: 0, ComplianceStatus.DISPUTED: 1, ComplianceStatus.BREACHED: 2}


@dataclass(frozen=True, slots=True)
class DayOverlay:
    """What measured data says about a continuous provision on one day (e.g. violations
    counted, traffic below its baseline); combined with the engine's status that day."""

    status: ComplianceStatus
    reason: str
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class StatusRun:
    """Consecutive days with the same status (first and last day inclusive)."""

    first: date
    last: date
    status: ComplianceStatus
    reason: str
    deadline: date | None = None
    amendment_id: str | None = None
    expiry: date | None = None
    notice_deadline: date | None = None
    evidence: tuple[str, ...] = ()

    @property
    def days(self) -> int:
        """How many days the run lasts."""
        return (self.last - self.first).days + 1


@dataclass(frozen=True, slots=True)
class Milestone:
    """A dated change worth naming: `kind` is in_force, amended, met, breached, disputed,
    renewed, notice_deadline or expired."""

    day: date
    kind: str
    note: str


@dataclass(frozen=True, slots=True)
class ProvisionHistory:
    """One provision's status runs over [first, last] and its milestones."""

    provision: Provision
    runs: tuple[StatusRun, ...]
    milestones: tuple[Milestone, ...]


def days_between(first: date, last: date) -> list[date]:
    """Every day from first to last inclusive; a clear error for a reversed or huge range.

    >>> days_between(date(2020, 11, 9), date(2020, 11, 11))[-1]
    datetime.date(2020, 11, 11)
    """
    if last < first:
        raise ValidationError("to", last.isoformat(), f"is before from ({first.isoformat()})")
    count = (last - first).days + 1
    if count > MAX_DAYS:
        raise ValidationError("to", last.isoformat(), f"range longer than {MAX_DAYS} days")
    return [first + timedelta(days=k) for k in range(count)]


def combine(engine: ProvisionStatus, overlay: DayOverlay | None) -> ProvisionStatus:
    """The engine's status that day, made worse (never better) by a measured overlay; a
    provision that is pending, expired or not continuous keeps the engine's status."""
    if overlay is None or not engine.provision.kind.continuous:
        return engine
    if engine.status not in _OVERLAID or overlay.status not in _OVERLAID:
        return engine
    if _SEVERITY[overlay.status] < _SEVERITY[engine.status]:
        return engine
    if overlay.status is engine.status and engine.status is not ComplianceStatus.MET:
        reason = f"{engine.reason}; {overlay.reason}"
    elif overlay.status is ComplianceStatus.MET:
        return engine
    else:
        reason = overlay.reason
    evidence = tuple(dict.fromkeys((*engine.evidence, *overlay.evidence)))
    return replace(engine, status=overlay.status, reason=reason, evidence=evidence)


def history(
    agreements: Iterable[Agreement],
    events: Sequence[TimelineEvent],
    first: date,
    last: date,
    overlays: Mapping[str, Mapping[date, DayOverlay]] | None = None,
) -> list[ProvisionHistory]:
    """Histories of every provision of every signed agreement over [first, last]."""
    days = days_between(first, last)
    by_provision: dict[str, list[TimelineEvent]] = {}
    for event in events:
        for effect in event.effects:
            by_provision.setdefault(effect.provision_id, []).append(event)
    return [
        provision_history(a, p, by_provision.get(p.id, []), days, (overlays or {}).get(p.id, {}))
        for a in agreements
        if a.status is AgreementStatus.SIGNED
        for p in a.provisions
    ]


def provision_history(
    agreement: Agreement,
    provision: Provision,
    events: Sequence[TimelineEvent],
    days: Sequence[date],
    overlay: Mapping[date, DayOverlay],
) -> ProvisionHistory:
    """One provision's runs and milestones over `days` (consecutive, ascending).

    The engine is evaluated only on the days a status can change (the range's first day,
    and each day of and after an event, deadline, amendment, expiry or overlay); between
    them the run continues, exactly as if every day were evaluated."""
    tz = agreement.tz
    first, last = days[0], days[-1]
    daily = []
    for day in _change_days(agreement, provision, events, overlay, first, last):
        end_of_day = datetime.combine(day, time.max, tzinfo=tz)
        status = evaluate_provision(agreement, provision, events, end_of_day)
        daily.append((day, combine(status, overlay.get(day))))
    runs = _runs(daily, last)
    starts = {e.id: e.start for e in events}
    return ProvisionHistory(provision, tuple(runs), tuple(_milestones(daily, starts)))


def _change_days(
    agreement: Agreement,
    provision: Provision,
    events: Sequence[TimelineEvent],
    overlay: Mapping[date, DayOverlay],
    first: date,
    last: date,
) -> list[date]:
    marks: set[date] = set(overlay)
    for event in events:
        marks.update((event.start, event.last_day))
    marks.update(a.agreed_on for a in agreement.amendments if a.provision_id == provision.id)
    marks.update(a.new_deadline for a in agreement.amendments if a.provision_id == provision.id)
    marks.update(d for d in (provision.deadline, provision.ends_on) if d is not None)
    start = provision.starts_at or agreement.in_force_at
    if start is not None:
        begins = start.astimezone(agreement.tz).date()
        marks.add(begins)
        marks.update(_expiries(provision, begins, last))
    candidates = {first} | {d + timedelta(days=k) for d in marks for k in (0, 1)}
    return sorted(d for d in candidates if first <= d <= last)


def _expiries(provision: Provision, begins: date, last: date) -> list[date]:
    term = provision.term
    if term is None:
        return []
    found = [add_months(begins, term.months)]
    while term.renewal_months and found[-1] <= last:
        found.append(add_months(found[-1], term.renewal_months))
    return found


def _run_key(s: ProvisionStatus) -> tuple[object, ...]:
    # A continuous provision's run is one status whatever the day's evidence; the
    # kind-specific series (violations per day, traffic judgement) carry the detail.
    if s.provision.kind.continuous:
        return (s.status,)
    return (s.status, s.deadline, s.amendment.id if s.amendment else None, s.expiry, s.evidence)


def _runs(daily: Sequence[tuple[date, ProvisionStatus]], last: date) -> list[StatusRun]:
    """Runs from statuses on change days: each holds until the day before the next."""
    runs: list[StatusRun] = []
    previous: tuple[object, ...] | None = None
    ends = [d - timedelta(days=1) for d, _ in daily[1:]] + [last]
    for (day, s), end in zip(daily, ends, strict=True):
        key = _run_key(s)
        if runs and key == previous:
            runs[-1] = replace(runs[-1], last=end)
            continue
        previous = key
        runs.append(
            StatusRun(
                first=day,
                last=end,
                status=s.status,
                reason=s.reason,
                deadline=s.deadline,
                amendment_id=s.amendment.id if s.amendment else None,
                expiry=s.expiry,
                notice_deadline=s.notice_deadline,
                evidence=s.evidence,
            )
        )
    return runs


def _milestones(
    daily: Sequence[tuple[date, ProvisionStatus]], starts: Mapping[str, date]
) -> list[Milestone]:
    found: list[Milestone] = []
    before: ProvisionStatus | None = None
    for day, s in daily:
        found.extend(_changes(day, before, s, starts))
        before = s
    if before is not None and before.notice_deadline is not None:
        found.append(
            Milestone(
                before.notice_deadline,
                "notice_deadline",
                f"last day to give notice before the term ends on {before.expiry}",
            )
        )
    return sorted(found, key=lambda m: m.day)


def _changes(
    day: date, before: ProvisionStatus | None, now: ProvisionStatus, starts: Mapping[str, date]
) -> list[Milestone]:
    changes: list[Milestone] = []
    if now.amendment is not None and (before is None or before.amendment != now.amendment):
        a = now.amendment
        changes.append(
            Milestone(
                a.agreed_on,
                "amended",
                f"{a.id}: deadline moved from {now.original_deadline} to {a.new_deadline}"
                f" ({a.reason})",
            )
        )
    if before is None:
        return changes
    was, status = before.status, now.status
    if status is ComplianceStatus.RENEWED and before.expiry != now.expiry:
        changes.append(Milestone(day, "renewed", now.reason))
    if status is was or now.provision.kind.continuous:
        return changes
    if was is ComplianceStatus.PENDING:
        changes.append(Milestone(day, "in_force", now.reason))
    if status is ComplianceStatus.MET:
        on = starts.get(now.evidence[0], day) if now.evidence else day
        changes.append(Milestone(on, "met", now.reason))
    elif status in (ComplianceStatus.BREACHED, ComplianceStatus.DISPUTED, ComplianceStatus.EXPIRED):
        changes.append(Milestone(day, status.value, now.reason))
    return changes
