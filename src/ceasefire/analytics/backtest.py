"""Series to backtest the escalation chart on: negative-binomial counts with known change
points, and a daily death series built from a scenario's timeline (its killed figures spread
over each event's days, on a background drawn from the documented yearly rate).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from ceasefire.domain.timeline import DatePrecision, TimelineEvent

__all__ = [
    "KILLED_QUANTITIES",
    "Detection",
    "nb_counts",
    "reference_series",
    "score",
    "timeline_deaths",
]

KILLED_QUANTITIES = frozenset({"deaths", "soldiers_killed", "civilians_killed"})


def nb_counts(rng: np.random.Generator, means: Sequence[float], size: float) -> list[int]:
    """One negative-binomial draw per day with that day's mean and a common size (variance
    `mean + mean**2 / size`).

    >>> counts = nb_counts(np.random.default_rng(1), [2.0] * 1000, 1.0)
    >>> 1.8 < sum(counts) / 1000 < 2.2
    True
    """
    m = np.asarray(means, dtype=float)
    return [int(x) for x in rng.negative_binomial(size, size / (size + m))]


def timeline_deaths(events: Iterable[TimelineEvent], start: date, end: date) -> dict[date, int]:
    """Killed per day from day-precise events with a killed figure: the figures' best (the
    midpoint of low and high when there is no best) summed, then spread evenly over the
    event's days, the remainder on the first days.

    >>> from ceasefire.domain.timeline import Figure, SourceRef
    >>> e = TimelineEvent("x", "clash", date(2020, 7, 12), date(2020, 7, 16),
    ...                   sources=(SourceRef("s"),),
    ...                   figures=(Figure("soldiers_killed", 15, None, 17),
    ...                            Figure("civilians_killed", None, 1, None)))
    >>> list(timeline_deaths([e], date(2020, 7, 1), date(2020, 7, 31)).values())
    [4, 4, 3, 3, 3]
    """
    found: dict[date, int] = {}
    for e in events:
        if e.precision is not DatePrecision.DAY:
            continue
        total = sum(
            _best(f.low, f.best, f.high) for f in e.figures if f.quantity in KILLED_QUANTITIES
        )
        days = [e.start + timedelta(days=i) for i in range((e.last_day - e.start).days + 1)]
        days = [d for d in days if start <= d <= end]
        if total <= 0 or not days:
            continue
        share, extra = divmod(total, len(days))
        for i, d in enumerate(days):
            found[d] = found.get(d, 0) + share + (1 if i < extra else 0)
    return found


def _best(low: int | None, best: int | None, high: int | None) -> int:
    if best is not None:
        return best
    known = [v for v in (low, high) if v is not None]
    return round(sum(known) / len(known)) if known else 0


def reference_series(
    events: Iterable[TimelineEvent],
    start: date,
    end: date,
    *,
    per_year: float = 25.0,
    size: float = 0.5,
    seed: int = 2020,
) -> list[int]:
    """Deaths a day from `start` to `end`: the timeline's killed figures on a background of
    `per_year` deaths a year (negative binomial with `size`, so deaths come in clumps)."""
    n = (end - start).days + 1
    rng = np.random.default_rng(seed)
    background = nb_counts(rng, [per_year / 365.0] * n, size)
    events_by_day = timeline_deaths(events, start, end)
    return [background[i] + events_by_day.get(start + timedelta(days=i), 0) for i in range(n)]


@dataclass(frozen=True, slots=True)
class Detection:
    """How an alarm sequence fared against a known change day (None: no change)."""

    detected: bool
    delay_days: int | None
    false_alarm_episodes: int
    quiet_days: int


def score(
    alarm_days: Sequence[int],
    change_day: int | None,
    n_days: int,
    *,
    first_testable: int,
    horizon: int = 30,
    max_gap: int = 3,
) -> Detection:
    """Detection within `horizon` days of the change, its delay, and false-alarm episodes
    (alarm runs separated by more than `max_gap` days) on the days before the change.

    >>> score([50, 51, 205], 200, 365, first_testable=35)
    Detection(detected=True, delay_days=5, false_alarm_episodes=1, quiet_days=165)
    """
    quiet_end = n_days if change_day is None else change_day
    false_episodes, last = 0, None
    for d in sorted(alarm_days):
        if d >= quiet_end:
            break
        if last is None or d - last > max_gap + 1:
            false_episodes += 1
        last = d
    delay = None
    if change_day is not None:
        hits = [d - change_day for d in alarm_days if change_day <= d < change_day + horizon]
        delay = min(hits) if hits else None
    return Detection(delay is not None, delay, false_episodes, max(0, quiet_end - first_testable))
