"""Compliance of every provision at an instant, and its history over a range of days with
the kind-specific series (violations, corridor traffic, exchanges, returns)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Connection

from ceasefire.domain.access import Viewer
from ceasefire.domain.agreements import Agreement, AgreementStatus, ProvisionKind
from ceasefire.domain.compliance import ProvisionStatus, evaluate
from ceasefire.domain.compliance_history import (
    DayOverlay,
    ProvisionHistory,
    days_between,
    history,
)
from ceasefire.domain.exchanges import Exchange, Outstanding
from ceasefire.domain.passage import (
    Checkpoint,
    PassageDay,
    PassageRule,
    daily_totals,
    judge_passage,
    passage_overlay,
)
from ceasefire.domain.returns import ReturnCount, returns_by_district_month
from ceasefire.domain.violations import (
    ViolationPeriod,
    roll_up,
    violation_overlay,
    violation_series,
)
from ceasefire.errors import ValidationError
from ceasefire.services.database import Database
from ceasefire.storage.repositories import exchanges as exchange_repo
from ceasefire.storage.repositories import scenarios as repo
from ceasefire.storage.repositories import tracking as tracking_repo

__all__ = [
    "CeasefireSeries",
    "ComplianceHistory",
    "PassageSeries",
    "compliance_at",
    "compliance_history",
    "default_period",
]

PERIODS = ("day", "week", "month")


@dataclass(frozen=True, slots=True)
class CeasefireSeries:
    """Violations of one ceasefire provision per period (day, week or month)."""

    provision_id: str
    period: str
    periods: tuple[ViolationPeriod, ...]


@dataclass(frozen=True, slots=True)
class PassageSeries:
    """One checkpoint's traffic judgement for a passage guarantee."""

    provision_id: str
    checkpoint: Checkpoint
    rule: PassageRule
    days: tuple[PassageDay, ...]


@dataclass(frozen=True, slots=True)
class ComplianceHistory:
    """Status runs of every provision over [first, last] and the kind-specific series."""

    first: date
    last: date
    provisions: tuple[ProvisionHistory, ...]
    ceasefire: tuple[CeasefireSeries, ...]
    passage: tuple[PassageSeries, ...]
    exchanges: tuple[Exchange, ...]
    outstanding: tuple[Outstanding, ...]
    returns: tuple[ReturnCount, ...]


def compliance_at(
    *, db: Database, at: datetime, agreement_id: str | None = None
) -> list[ProvisionStatus]:
    """Status of every provision of the signed agreements (or of one agreement) at `at`."""
    with db.read() as conn:
        agreements = repo.list_agreements(conn, agreement_id)
        events = repo.list_events(conn)
    return evaluate(agreements, events, at)


def default_period(first: date, last: date) -> str:
    """Days for up to two months, weeks for up to a year, months beyond.

    >>> default_period(date(2020, 11, 1), date(2021, 12, 31))
    'month'
    """
    span = (last - first).days + 1
    return "day" if span <= 62 else "week" if span <= 366 else "month"


def compliance_history(
    *,
    db: Database,
    first: date,
    last: date,
    agreement_id: str | None = None,
    period: str | None = None,
    rule: PassageRule | None = None,
    viewer: Viewer | None = None,
) -> ComplianceHistory:
    """History of every provision over [first, last] with violations counted from
    verified and corroborated incidents and corridor traffic judged from crossing logs.
    With a `viewer`, only incidents they may read count: the public's and the liaisons'
    history rests on published incidents alone."""
    days = days_between(first, last)
    if period is not None and period not in PERIODS:
        raise ValidationError("period", period, f"must be one of {', '.join(PERIODS)}")
    rule = rule or PassageRule()
    with db.read() as conn:
        agreements = repo.list_agreements(conn, agreement_id)
        events = repo.list_events(conn)
        ceasefire, overlays = _ceasefire(conn, agreements, first, last, viewer)
        passage = _passage(conn, agreements, days, rule, overlays)
        board = exchange_repo.list_exchanges(conn, first=first, last=last)
        outstanding = exchange_repo.outstanding_counts(conn, as_of=last)
        returns = tracking_repo.list_returns(conn, first=first, last=last)
    chosen = period or default_period(first, last)
    return ComplianceHistory(
        first=first,
        last=last,
        provisions=tuple(history(agreements, events, first, last, overlays)),
        ceasefire=tuple(
            CeasefireSeries(s.provision_id, chosen, tuple(roll_up(s.periods, chosen)))
            for s in ceasefire
        ),
        passage=tuple(passage),
        exchanges=tuple(board),
        outstanding=tuple(outstanding),
        returns=tuple(returns_by_district_month(returns)),
    )


def _signed(agreements: Sequence[Agreement], kind: ProvisionKind) -> list[tuple[Agreement, str]]:
    return [
        (a, p.id)
        for a in agreements
        if a.status is AgreementStatus.SIGNED
        for p in a.provisions
        if p.kind is kind
    ]


def _ceasefire(
    conn: Connection,
    agreements: Sequence[Agreement],
    first: date,
    last: date,
    viewer: Viewer | None,
) -> tuple[list[CeasefireSeries], dict[str, dict[date, DayOverlay]]]:
    provisions = _signed(agreements, ProvisionKind.CEASEFIRE)
    if not provisions:
        return [], {}
    # Local days can start up to 14 hours before UTC midnight and end after it.
    since = datetime.combine(first - timedelta(days=1), time(0), tzinfo=UTC)
    until = datetime.combine(last + timedelta(days=2), time(0), tzinfo=UTC)
    facts = tracking_repo.incident_facts(conn, since, until, viewer)
    series, overlays = [], {}
    for agreement, provision_id in provisions:
        daily = violation_series(facts, provision_id, first, last, agreement.tz)
        series.append(CeasefireSeries(provision_id, "day", tuple(daily)))
        overlays[provision_id] = violation_overlay(daily)
    return series, overlays


def _passage(
    conn: Connection,
    agreements: Sequence[Agreement],
    days: Sequence[date],
    rule: PassageRule,
    overlays: dict[str, dict[date, DayOverlay]],
) -> list[PassageSeries]:
    out = []
    for _, provision_id in _signed(agreements, ProvisionKind.GUARANTEE_PASSAGE):
        for checkpoint in tracking_repo.list_checkpoints(conn, provision_id):
            logs = tracking_repo.list_crossings(conn, last=days[-1], checkpoint_ids=[checkpoint.id])
            judged = judge_passage(daily_totals(logs), days, rule)
            out.append(PassageSeries(provision_id, checkpoint, rule, tuple(judged)))
            mine = overlays.setdefault(provision_id, {})
            for day, overlay in passage_overlay(checkpoint, judged, rule).items():
                mine.setdefault(day, overlay)
    return out
