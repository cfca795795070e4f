"""Corridor blocked: daily traffic through a checkpoint below a share of its own baseline for
several days running (the Lachin corridor from 12 December 2022: traffic fell to near zero
and stayed there).

The baseline is the median of the `baseline_days` logged days before a low run starts (the
median, so that a single holiday or a single convoy day does not move it). A day is low when
its traffic is below `share` of that baseline; `min_days` low days in a row make a blocked
episode, dated from its first low day. The baseline is frozen while the run lasts, so a long
blockade does not become the new normal. Days with no log are skipped: they neither extend
nor break a run (a checkpoint that stops reporting is not a blockade).
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

__all__ = ["BlockedEpisode", "CorridorParams", "blocked_episodes"]


@dataclass(frozen=True, slots=True)
class CorridorParams:
    """How low for how long, against which baseline."""

    share: float = 0.25
    min_days: int = 3
    baseline_days: int = 28
    min_history: int = 7
    critical_share: float = 0.05


@dataclass(frozen=True, slots=True)
class BlockedEpisode:
    """Traffic below `share` of its baseline from `first_day` to `last_day` (None: still
    low on the last logged day)."""

    first_day: date
    last_day: date | None
    last_logged: date
    days: int
    baseline: float
    mean_traffic: float

    @property
    def ratio(self) -> float:
        """Mean traffic in the episode as a share of the baseline."""
        return self.mean_traffic / self.baseline if self.baseline else 0.0


def blocked_episodes(
    traffic: Mapping[date, float], params: CorridorParams | None = None
) -> list[BlockedEpisode]:
    """Blocked episodes in a daily traffic series (day -> vehicles, or people, that day).

    >>> from datetime import timedelta
    >>> d0 = date(2022, 11, 1)
    >>> series = {d0 + timedelta(days=i): 100.0 if i < 41 else 2.0 for i in range(50)}
    >>> [(e.first_day.isoformat(), e.last_day, e.days) for e in blocked_episodes(series)]
    [('2022-12-12', None, 9)]
    """
    p = params or CorridorParams()
    days = sorted(traffic)
    found: list[BlockedEpisode] = []
    run: list[date] = []
    baseline = 0.0
    for i, day in enumerate(days):
        value = traffic[day]
        if not run:
            history = [traffic[d] for d in days[max(0, i - p.baseline_days) : i]]
            if len(history) < p.min_history:
                continue
            baseline = float(statistics.median(history))
        if baseline > 0 and value < p.share * baseline:
            run.append(day)
            continue
        if len(run) >= p.min_days:
            found.append(_episode(traffic, run, baseline, last_day=run[-1]))
        run = []
    if len(run) >= p.min_days:
        found.append(_episode(traffic, run, baseline, last_day=None))
    return found


def _episode(
    traffic: Mapping[date, float], run: list[date], baseline: float, *, last_day: date | None
) -> BlockedEpisode:
    return BlockedEpisode(
        first_day=run[0],
        last_day=last_day,
        last_logged=run[-1],
        days=len(run),
        baseline=baseline,
        mean_traffic=sum(traffic[d] for d in run) / len(run),
    )
