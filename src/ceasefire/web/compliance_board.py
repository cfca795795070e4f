"""What the compliance board shows, prepared from the services' answers: each provision of
the signed agreements with its status now, its deadline countdown, its history as
sparklines and the incidents behind it. The template only lays these out."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from markupsafe import Markup

from ceasefire.domain.agreements import Agreement, AgreementStatus, Provision
from ceasefire.domain.compliance import ComplianceStatus, ProvisionStatus
from ceasefire.domain.compliance_history import MAX_DAYS
from ceasefire.domain.incidents import Incident
from ceasefire.domain.violations import ViolationPeriod, period_start
from ceasefire.errors import ValidationError
from ceasefire.services.compliance import ComplianceHistory
from ceasefire.services.provision_incidents import ProvisionIncidents
from ceasefire.web.listing import date_param
from ceasefire.web.sparklines import STATUS_COLOURS, count_line, status_strip

__all__ = [
    "DEFAULT_YEARS",
    "AgreementSection",
    "Board",
    "BoardQuery",
    "ProvisionRow",
    "board_of",
    "countdown",
    "dense_counts",
    "read_board_query",
]

DEFAULT_YEARS = 10
"""The history shown by default: since the agreements came into force, at most this long."""


@dataclass(frozen=True, slots=True)
class BoardQuery:
    """What the board shows: one agreement or every signed one, over [first, last]."""

    agreement_id: str | None
    first: date
    last: date


@dataclass(frozen=True, slots=True)
class ProvisionRow:
    """One provision on the board."""

    provision: Provision
    status: ComplianceStatus
    reason: str
    deadline: date | None
    countdown: str
    """"12 days left", "due today", "3 days overdue", or empty without a running deadline."""
    overdue: bool
    strip: Markup
    violations: Markup | None
    """Violations per period, for a ceasefire provision."""
    incident_total: int
    incidents: tuple[Incident, ...]
    """The latest incidents bearing on the provision, newest first."""


@dataclass(frozen=True, slots=True)
class AgreementSection:
    """The provisions of one agreement."""

    agreement: Agreement
    rows: tuple[ProvisionRow, ...]


@dataclass(frozen=True, slots=True)
class Board:
    """The whole board."""

    query: BoardQuery
    sections: tuple[AgreementSection, ...]
    legend: tuple[tuple[ComplianceStatus, str], ...]
    period: str
    """What one point of a violations line is: day, week or month."""


def signed(agreements: Sequence[Agreement]) -> list[Agreement]:
    """The agreements the compliance engine judges (signed ones), in scenario order."""
    return [a for a in agreements if a.status is AgreementStatus.SIGNED]


def read_board_query(
    params: Mapping[str, str], agreements: Sequence[Agreement], today: date
) -> BoardQuery:
    """The board a query string asks for (`agreement`, `from`, `to`); ValidationError naming
    the first wrong field. Without dates the history runs from the day the agreements shown
    came into force (at most DEFAULT_YEARS back) to today."""
    known = signed(agreements)
    chosen = params.get("agreement", "").strip() or None
    if chosen is not None and chosen not in {a.id for a in known}:
        listed = ", ".join(a.id for a in known) or "none"
        raise ValidationError("agreement", chosen, f"must be a signed agreement ({listed})")
    last = date_param(params, "to") or today
    first = date_param(params, "from") or _default_first(known, chosen, last)
    if last < first:
        raise ValidationError("to", last.isoformat(), f"is before from ({first.isoformat()})")
    if (last - first).days + 1 > MAX_DAYS:
        raise ValidationError("from", first.isoformat(), f"range longer than {MAX_DAYS} days")
    return BoardQuery(chosen, first, last)


def _default_first(agreements: Sequence[Agreement], chosen: str | None, last: date) -> date:
    earliest = last - timedelta(days=365 * DEFAULT_YEARS)
    starts = [
        a.in_force_at.astimezone(a.tz).date()
        for a in agreements
        if a.in_force_at is not None and chosen in (None, a.id)
    ]
    return min(max(earliest, min(starts, default=earliest)), last)


def countdown(status: ProvisionStatus) -> tuple[str, bool]:
    """The deadline countdown the compliance engine computed, in words, and whether the
    deadline has passed.

    >>> from types import SimpleNamespace as S
    >>> countdown(S(days_left=12)), countdown(S(days_left=0)), countdown(S(days_left=-3))
    (('12 days left', False), ('due today', False), ('3 days overdue', True))
    """
    left = status.days_left
    if left is None:
        return "", False
    if left < 0:
        return f"{-left} day{'' if left == -1 else 's'} overdue", True
    if left == 0:
        return "due today", False
    return f"{left} day{'' if left == 1 else 's'} left", False


def dense_counts(
    periods: Sequence[ViolationPeriod], period: str, first: date, last: date
) -> list[int]:
    """Counted violations of every period from the one holding `first` to the one holding
    `last`, zero where the history lists none (it lists only periods with incidents).

    >>> from ceasefire.domain.violations import ViolationPeriod as P
    >>> dense_counts([P(date(2020, 12, 1), date(2020, 12, 31), counted=4)], "month",
    ...              date(2020, 11, 9), date(2021, 1, 2))
    [0, 4, 0]
    """
    counted = {p.first: p.counted for p in periods}
    out = []
    start = period_start(first, period)
    while start <= last:
        out.append(counted.get(start, 0))
        start = _next_start(start, period)
    return out


def _next_start(start: date, period: str) -> date:
    if period == "month":
        return (start.replace(day=28) + timedelta(days=4)).replace(day=1)
    return start + timedelta(days=7 if period == "week" else 1)


def board_of(
    query: BoardQuery,
    agreements: Sequence[Agreement],
    statuses: Sequence[ProvisionStatus],
    history: ComplianceHistory,
    incidents: Mapping[str, ProvisionIncidents],
) -> Board:
    """The board from the services' answers about the same agreements and days."""
    runs = {h.provision.id: h.runs for h in history.provisions}
    periods = {s.provision_id: s for s in history.ceasefire}
    period = next(iter(periods.values())).period if periods else ""
    by_agreement: dict[str, list[ProvisionRow]] = {}
    for status in statuses:
        provision = status.provision
        text, overdue = countdown(status)
        series = periods.get(provision.id)
        behind = incidents.get(provision.id)
        row = ProvisionRow(
            provision=provision,
            status=status.status,
            reason=status.reason,
            deadline=status.deadline,
            countdown=text,
            overdue=overdue,
            strip=status_strip(runs.get(provision.id, ()), query.first, query.last),
            violations=None
            if series is None
            else count_line(
                dense_counts(series.periods, series.period, query.first, query.last),
                label=f"Violations per {series.period}",
            ),
            incident_total=behind.total if behind else 0,
            incidents=behind.latest if behind else (),
        )
        by_agreement.setdefault(provision.agreement_id, []).append(row)
    sections = tuple(
        AgreementSection(a, tuple(by_agreement[a.id])) for a in agreements if a.id in by_agreement
    )
    return Board(query, sections, tuple(STATUS_COLOURS.items()), period)
