"""Judging a passage guarantee from a checkpoint's daily crossings: each day's traffic
(people, vehicles, goods) against its own recent baseline.

The rule (defaults in `PassageRule`): the baseline of a measure is the median of the
`window` most recent earlier days with data that were not judged low; a day is *low* when
any measure with a positive baseline falls below `share` of it; `breach_after` low days in
a row (counting days with data; days without data neither count nor break the streak)
make a *breach* from the first of them on, until a day is no longer low. Before
`min_history` days of baseline exist the day is judged *no baseline*; days without any
log are *no data*. Low days are excluded from the baseline, so a blockade does not
become the new normal.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from ceasefire.domain.compliance import ComplianceStatus
from ceasefire.domain.compliance_history import DayOverlay
from ceasefire.domain.validation import check_non_empty
from ceasefire.errors import ValidationError

__all__ = [
    "MEASURES",
    "Checkpoint",
    "Crossing",
    "DailyTraffic",
    "PassageDay",
    "PassageJudgement",
    "PassageRule",
    "daily_totals",
    "judge_passage",
    "judgement_runs",
    "passage_overlay",
]

MEASURES = ("people", "vehicles", "goods_tonnes")


class PassageJudgement(StrEnum):
    """How one day's traffic at a checkpoint is judged."""

    MET = "met"
    LOW = "low"
    BREACHED = "breached"
    NO_BASELINE = "no_baseline"
    NO_DATA = "no_data"


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """A crossing point whose daily logs measure a passage guarantee."""

    id: str
    name: str
    directions: tuple[str, ...]
    provision_id: str | None = None
    zone_id: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    note: str = ""

    def __post_init__(self) -> None:
        check_non_empty(self.id, "checkpoint.id")
        check_non_empty(self.name, f"checkpoints[{self.id}].name")
        if not self.directions:
            raise ValidationError(f"checkpoints[{self.id}].directions", [], "needs a direction")


@dataclass(frozen=True, slots=True)
class Crossing:
    """One day's log at a checkpoint in one direction."""

    checkpoint_id: str
    day: date
    direction: str
    people: int
    vehicles: int
    goods_tonnes: float


@dataclass(frozen=True, slots=True)
class DailyTraffic:
    """A checkpoint's traffic on one day, both directions together."""

    day: date
    people: int
    vehicles: int
    goods_tonnes: float

    def measure(self, name: str) -> float:
        """The value of one of MEASURES."""
        return float(getattr(self, name))


@dataclass(frozen=True, slots=True)
class PassageRule:
    """Parameters of the judgement (see the module docstring)."""

    window: int = 28
    min_history: int = 7
    share: float = 0.4
    breach_after: int = 3

    def __post_init__(self) -> None:
        if not 0 < self.share <= 1:
            raise ValidationError("share", self.share, "must be > 0 and <= 1")
        for name in ("window", "min_history", "breach_after"):
            if getattr(self, name) < 1:
                raise ValidationError(name, getattr(self, name), "must be >= 1")
        if self.min_history > self.window:
            raise ValidationError("min_history", self.min_history, "must be <= window")


@dataclass(frozen=True, slots=True)
class PassageDay:
    """One day's judgement, the traffic and the baseline it was measured against."""

    day: date
    judgement: PassageJudgement
    traffic: DailyTraffic | None = None
    baseline: Mapping[str, float] = field(default_factory=dict)
    low_measures: tuple[str, ...] = ()
    breach_since: date | None = None


def daily_totals(crossings: Iterable[Crossing]) -> dict[date, DailyTraffic]:
    """Crossings summed over directions per day (one checkpoint's logs)."""
    sums: dict[date, list[float]] = {}
    for c in crossings:
        row = sums.setdefault(c.day, [0, 0, 0.0])
        row[0] += c.people
        row[1] += c.vehicles
        row[2] += c.goods_tonnes
    return {
        d: DailyTraffic(d, int(v[0]), int(v[1]), round(v[2], 3)) for d, v in sorted(sums.items())
    }


def judge_passage(
    traffic: Mapping[date, DailyTraffic], days: Sequence[date], rule: PassageRule | None = None
) -> list[PassageDay]:
    """Judge every day of `days` (ascending); traffic before the first day feeds the
    baseline."""
    rule = rule or PassageRule()
    history: list[DailyTraffic] = []
    streak: list[int] = []
    out: list[PassageDay] = []
    wanted = set(days)
    last = days[-1] if days else None
    for day in sorted({*traffic, *days}):
        if last is not None and day > last:
            break
        today = traffic.get(day)
        if today is None:
            if day in wanted:
                out.append(PassageDay(day, PassageJudgement.NO_DATA))
            continue
        judged = _judge(today, history, rule)
        if judged.judgement is PassageJudgement.LOW:
            streak.append(len(out))
        else:
            streak.clear()
            history.append(today)
        out.append(judged)
        if len(streak) >= rule.breach_after:
            _mark_breach(out, streak)
    return [d for d in out if d.day in wanted]


def _judge(today: DailyTraffic, history: Sequence[DailyTraffic], rule: PassageRule) -> PassageDay:
    recent = history[-rule.window :]
    if len(recent) < rule.min_history:
        return PassageDay(today.day, PassageJudgement.NO_BASELINE, today)
    baseline = {m: statistics.median(t.measure(m) for t in recent) for m in MEASURES}
    low = tuple(
        m for m in MEASURES if baseline[m] > 0 and today.measure(m) < rule.share * baseline[m]
    )
    judgement = PassageJudgement.LOW if low else PassageJudgement.MET
    return PassageDay(today.day, judgement, today, baseline, low)


def _mark_breach(out: list[PassageDay], streak: Sequence[int]) -> None:
    since = out[streak[0]].day
    for k in streak:
        d = out[k]
        if d.judgement is not PassageJudgement.BREACHED:
            out[k] = PassageDay(
                d.day, PassageJudgement.BREACHED, d.traffic, d.baseline, d.low_measures, since
            )


def passage_overlay(
    checkpoint: Checkpoint, judged: Iterable[PassageDay], rule: PassageRule
) -> dict[date, DayOverlay]:
    """Breached on the days the checkpoint's traffic was judged breached."""
    overlay = {}
    for d in judged:
        if d.judgement is not PassageJudgement.BREACHED or d.traffic is None:
            continue
        figures = ", ".join(
            f"{m} {d.traffic.measure(m):g} vs baseline {d.baseline[m]:g}" for m in d.low_measures
        )
        overlay[d.day] = DayOverlay(
            ComplianceStatus.BREACHED,
            f"traffic at {checkpoint.name} below {rule.share:.0%} of its baseline since"
            f" {d.breach_since}: {figures}",
            (f"checkpoint:{checkpoint.id}",),
        )
    return overlay


def judgement_runs(days: Sequence[PassageDay]) -> list[tuple[date, date, PassageJudgement]]:
    """Consecutive days with the same judgement as (first, last, judgement)."""
    runs: list[tuple[date, date, PassageJudgement]] = []
    for d in days:
        if runs and runs[-1][2] is d.judgement and (d.day - runs[-1][1]).days == 1:
            runs[-1] = (runs[-1][0], d.day, d.judgement)
        else:
            runs.append((d.day, d.day, d.judgement))
    return runs
