"""Escalation: daily violation counts against the zone's own baseline, on a negative-binomial
control chart that suits over-dispersed counts.

Why this method: daily incident counts on a line of contact are over-dispersed (quiet weeks,
then a night with ten shelling incidents), so a Poisson chart, whose variance equals its
mean, raises an alarm at every ordinary burst. The negative binomial has variance
`mean + mean**2 / size`; fitting `mean` and `size` to the zone's own recent past makes a
burst that is ordinary *for that zone* unremarkable, while a real change still stands out.

How, for each day t:

- Baseline: the `baseline_days` days that end `guard_days` before t (the most recent days
  are left out so that an escalation under way does not raise its own baseline). Mean and
  variance by the method of moments; `size = mean**2 / (variance - mean)` when the variance
  exceeds the mean (else Poisson), floored at `min_size` so that one old spike cannot make
  the zone unalarmable. The mean is floored at `mean_floor` so that a zone with nothing in
  its baseline is not hair-triggered by its first incident.
- Test: for each window w in `windows` (1, 3 and 7 days by default: a sudden jump, a short
  surge, a week-long rise), the sum of the last w days against a negative binomial with
  mean `w * mean` and size `w * size` (the sum of w independent days). The day alarms when
  the smallest upper-tail probability P(X >= observed) is below `warning_p`; below
  `critical_p` it is critical.

Tail probabilities are computed here with `math.lgamma` (no SciPy at run time). Consecutive
alarm days (gaps up to `max_gap` days) form one episode.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

import numpy as np

from ceasefire.domain.alerts import Severity

__all__ = [
    "Alarm",
    "ChartParams",
    "Episode",
    "detect_escalation",
    "episodes",
    "fit_baseline",
    "nb_upper_tail",
]

_MAX_TERMS = 200_000


@dataclass(frozen=True, slots=True)
class ChartParams:
    """Parameters of the negative-binomial chart (see the module docstring)."""

    baseline_days: int = 90
    guard_days: int = 7
    min_history: int = 28
    mean_floor: float = 0.2
    min_size: float = 0.5
    windows: tuple[int, ...] = (1, 3, 7)
    warning_p: float = 1e-3
    critical_p: float = 1e-6
    overdispersed: bool = True
    max_gap: int = 3


@dataclass(frozen=True, slots=True)
class Alarm:
    """One day that alarms: the window tested, what was seen and what was expected."""

    day: date
    window_days: int
    observed: int
    expected: float
    size: float | None
    tail_probability: float
    severity: Severity


@dataclass(frozen=True, slots=True)
class Episode:
    """Alarm days close together: the first and last day, the worst day, the severity."""

    first_day: date
    last_day: date
    alarms: tuple[Alarm, ...]

    @property
    def severity(self) -> Severity:
        """The highest severity of its days."""
        return max((a.severity for a in self.alarms), key=lambda s: s.rank)

    @property
    def worst(self) -> Alarm:
        """The day with the smallest tail probability."""
        return min(self.alarms, key=lambda a: a.tail_probability)


def nb_upper_tail(x: int, mean: float, size: float | None) -> float:
    """P(X >= x) for X negative binomial with this mean and size; `size` None is Poisson.

    >>> round(nb_upper_tail(3, 0.2, None), 5)  # Poisson(0.2)
    0.00115
    >>> nb_upper_tail(3, 0.2, 1.0) > nb_upper_tail(3, 0.2, None)  # heavier tail
    True
    >>> nb_upper_tail(0, 1.0, 2.0)
    1.0
    """
    if x <= 0:
        return 1.0
    if mean <= 0:
        return 0.0
    log_pmf, ratio = _pmf_terms(mean, size)
    if x <= mean:
        term, below = math.exp(log_pmf(0)), 0.0
        for k in range(x):
            below += term
            term *= ratio(k)
        return min(1.0, max(0.0, 1.0 - below))
    # Beyond the mean the terms only fall, so summing upwards keeps tiny tails exact.
    term = math.exp(log_pmf(x))
    total, k = term, x
    while term > total * 1e-17 and k < x + _MAX_TERMS:
        term *= ratio(k)
        total += term
        k += 1
    return min(1.0, total)


def _pmf_terms(
    mean: float, size: float | None
) -> tuple[Callable[[int], float], Callable[[int], float]]:
    """log P(X = k) and P(X = k + 1) / P(X = k) for a Poisson (size None) or NB law."""
    if size is None:
        log_m = math.log(mean)
        return (
            lambda k: -mean + k * log_m - math.lgamma(k + 1),
            lambda k: mean / (k + 1),
        )
    r = size
    p, q = r / (r + mean), mean / (r + mean)
    log_p, log_q = math.log(p), math.log(q)
    return (
        lambda k: math.lgamma(k + r) - math.lgamma(r) - math.lgamma(k + 1) + r * log_p + k * log_q,
        lambda k: (k + r) / (k + 1) * q,
    )


def fit_baseline(counts: Sequence[int], params: ChartParams) -> tuple[float, float | None]:
    """Mean (floored) and size of a baseline window by the method of moments.

    >>> fit_baseline([0, 0, 0, 0], ChartParams())
    (0.2, None)
    >>> mean, size = fit_baseline([0, 5, 0, 1, 0, 6], ChartParams())
    >>> round(mean, 2), round(size, 2)
    (2.0, 0.71)
    """
    values = np.asarray(counts, dtype=float)
    mean = float(values.mean()) if len(values) else 0.0
    var = float(values.var(ddof=1)) if len(values) > 1 else 0.0
    size: float | None = None
    if params.overdispersed and var > mean > 0:
        size = max(mean * mean / (var - mean), params.min_size)
    return max(mean, params.mean_floor), size


def detect_escalation(
    counts: Sequence[int], start: date, params: ChartParams | None = None
) -> list[Alarm]:
    """Days whose count (or short-window sum) is improbably high for the series' own
    baseline; `counts[i]` is the count on `start + i` days.

    >>> quiet = [0, 1, 0, 2, 0, 0, 1, 0, 3, 0] * 10
    >>> [a.day.isoformat() for a in detect_escalation(quiet + [9], date(2020, 1, 1))]
    ['2020-04-10']
    >>> detect_escalation(quiet, date(2020, 1, 1))
    []
    """
    p = params or ChartParams()
    values = [int(c) for c in counts]
    cumulative = np.concatenate(([0], np.cumsum(values, dtype=np.int64)))
    alarms = []
    for t in range(len(values)):
        end = t - p.guard_days
        begin = max(0, end - p.baseline_days)
        if end - begin < p.min_history:
            continue
        alarm = _test_day(values, cumulative, t, (begin, end), p)
        if alarm is not None:
            alarms.append(replace(alarm, day=start + timedelta(days=t)))
    return alarms


def _test_day(
    values: list[int],
    cumulative: np.ndarray,
    t: int,
    baseline: tuple[int, int],
    p: ChartParams,
) -> Alarm | None:
    mean, size = fit_baseline(values[baseline[0] : baseline[1]], p)
    best: tuple[float, int, int] | None = None
    for w in p.windows:
        if t + 1 - w < 0:
            continue
        observed = int(cumulative[t + 1] - cumulative[t + 1 - w])
        if observed <= w * mean:
            continue
        tail = nb_upper_tail(observed, w * mean, None if size is None else w * size)
        if best is None or tail < best[0]:
            best = (tail, w, observed)
    if best is None or best[0] >= p.warning_p:
        return None
    tail, w, observed = best
    severity = Severity.CRITICAL if tail < p.critical_p else Severity.WARNING
    return Alarm(date.min, w, observed, w * mean, size, tail, severity)


def episodes(alarms: Sequence[Alarm], max_gap: int = 3) -> list[Episode]:
    """Group alarm days into episodes: a new episode starts after more than `max_gap`
    quiet days.

    >>> a = [Alarm(date(2020, 7, d), 1, 5, 0.2, None, 1e-5, Severity.WARNING) for d in (12, 13, 20)]
    >>> [(e.first_day.day, e.last_day.day) for e in episodes(a)]
    [(12, 13), (20, 20)]
    """
    found: list[list[Alarm]] = []
    for alarm in sorted(alarms, key=lambda a: a.day):
        if found and (alarm.day - found[-1][-1].day).days <= max_gap + 1:
            found[-1].append(alarm)
        else:
            found.append([alarm])
    return [Episode(g[0].day, g[-1].day, tuple(g)) for g in found]
