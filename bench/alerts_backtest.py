"""Backtest of the escalation chart: generated series with known change points, and the
reference timeline (July 2020 clashes, 27 September 2020), beside two naive charts run on the
same series: a Poisson chart (same windows and thresholds, ignores over-dispersion) and a
fixed threshold of baseline mean + 3 sd (one day).

    .venv/bin/python bench/alerts_backtest.py [--series 100] [--seed 7]

Prints Markdown tables for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time
from collections.abc import Callable, Sequence
from datetime import date, timedelta

import numpy as np

from ceasefire.analytics.backtest import Detection, nb_counts, reference_series, score
from ceasefire.analytics.escalation import ChartParams, detect_escalation
from ceasefire.scenarios import load_scenario

N_DAYS = 365
CHANGE_DAY = 240
START = date(2021, 1, 1)
MEANS = (0.5, 2.0, 5.0)
SIZES = (0.5, 2.0)
STEPS = (1.5, 2.0, 3.0, 5.0)

Detector = Callable[[Sequence[int]], list[int]]


def chart(overdispersed: bool) -> Detector:
    params = ChartParams(overdispersed=overdispersed)

    def run(counts: Sequence[int]) -> list[int]:
        return [(a.day - START).days for a in detect_escalation(counts, START, params)]

    return run


def three_sigma(counts: Sequence[int]) -> list[int]:
    """Alarm when a day's count exceeds the baseline mean + 3 sd (same baseline window)."""
    p = ChartParams()
    days = []
    for t in range(len(counts)):
        end = t - p.guard_days
        begin = max(0, end - p.baseline_days)
        if end - begin < p.min_history:
            continue
        window = np.asarray(counts[begin:end], dtype=float)
        limit = max(window.mean(), p.mean_floor) + 3 * window.std(ddof=1)
        if counts[t] > limit:
            days.append(t)
    return days


METHODS: dict[str, Detector] = {
    "negative-binomial chart (ours)": chart(True),
    "Poisson chart": chart(False),
    "mean + 3 sd": three_sigma,
}
FIRST_TESTABLE = ChartParams().min_history + ChartParams().guard_days


def synthetic(n_series: int, seed: int) -> list[str]:
    rng = np.random.default_rng(seed)
    rows = []
    for mean in MEANS:
        for size in SIZES:
            quiet = [nb_counts(rng, [mean] * N_DAYS, size) for _ in range(n_series)]
            changed = {
                k: [
                    nb_counts(rng, [mean] * CHANGE_DAY + [mean * k] * (N_DAYS - CHANGE_DAY), size)
                    for _ in range(n_series)
                ]
                for k in STEPS
            }
            for name, method in METHODS.items():
                rows.append(_row(mean, size, name, method, quiet, changed))
    return rows


def _row(
    mean: float,
    size: float,
    name: str,
    method: Detector,
    quiet: list[list[int]],
    changed: dict[float, list[list[int]]],
) -> str:
    q = [score(method(s), None, N_DAYS, first_testable=FIRST_TESTABLE) for s in quiet]
    false_per_month = sum(d.false_alarm_episodes for d in q) / sum(d.quiet_days for d in q) * 30
    cells = [f"{mean:g}", f"{size:g}", name, f"{false_per_month:.3f}"]
    for k in STEPS:
        found = [
            score(method(s), CHANGE_DAY, N_DAYS, first_testable=FIRST_TESTABLE) for s in changed[k]
        ]
        cells.append(_detection(found))
    return "| " + " | ".join(cells) + " |"


def _detection(found: list[Detection]) -> str:
    delays = [d.delay_days for d in found if d.delay_days is not None]
    rate = len(delays) / len(found)
    if not delays:
        return "0%"
    return f"{rate:.0%}, {statistics.median(delays):g} d"


REFERENCE_START, REFERENCE_END = date(2015, 1, 1), date(2020, 11, 30)
CHECKS = {
    "April 2016 (2-5 Apr)": (date(2016, 4, 2), date(2016, 4, 5)),
    "July 2020 (12-16 Jul)": (date(2020, 7, 12), date(2020, 7, 16)),
    "27 Sep 2020": (date(2020, 9, 27), date(2020, 11, 10)),
}
QUIET_MONTH = (date(2020, 3, 1), date(2020, 3, 31))


def reference(seeds: range) -> list[str]:
    events = load_scenario("nagorno-karabakh-2020").events
    eventful = _eventful_days()
    rows = []
    for name, method in METHODS.items():
        delays: dict[str, list[int]] = {k: [] for k in CHECKS}
        quiet_month_alarms = false_episodes = quiet_days = 0
        for seed in seeds:
            series = reference_series(events, REFERENCE_START, REFERENCE_END, seed=seed)
            days = [REFERENCE_START + timedelta(days=d) for d in method(series)]
            for label, (first, last) in CHECKS.items():
                hits = [(d - first).days for d in days if first <= d <= last + timedelta(days=7)]
                if hits:
                    delays[label].append(min(hits))
            quiet_month_alarms += any(QUIET_MONTH[0] <= d <= QUIET_MONTH[1] for d in days)
            quiet = [d for d in days if d not in eventful]
            false_episodes += len(episodes_of(quiet))
            quiet_days += _quiet_day_count(eventful)
        cells = [name]
        for label in CHECKS:
            got = delays[label]
            cells.append(f"{len(got)}/{len(seeds)}" + (f", delay {max(got)} d max" if got else ""))
        cells.append(f"{quiet_month_alarms}/{len(seeds)}")
        cells.append(f"{false_episodes / quiet_days * 30:.3f}")
        rows.append("| " + " | ".join(cells) + " |")
    return rows


def episodes_of(days: list[date]) -> list[list[date]]:
    found: list[list[date]] = []
    for d in sorted(days):
        if found and (d - found[-1][-1]).days <= 4:
            found[-1].append(d)
        else:
            found.append([d])
    return found


def _eventful_days() -> set[date]:
    """Days within 30 days after the start of a checked event, or during one (not quiet)."""
    days: set[date] = set()
    for first, last in CHECKS.values():
        d = first - timedelta(days=3)
        while d <= last + timedelta(days=30):
            days.add(d)
            d += timedelta(days=1)
    return days


def _quiet_day_count(eventful: set[date]) -> int:
    first = REFERENCE_START + timedelta(days=FIRST_TESTABLE)
    total = (REFERENCE_END - first).days + 1
    return total - sum(1 for d in eventful if first <= d <= REFERENCE_END)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--series", type=int, default=100, help="series per configuration")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--reference-seeds", type=int, default=20)
    args = parser.parse_args()
    started = time.perf_counter()
    print(
        f"Machine: {platform.processor() or platform.machine()}, Python {platform.python_version()}"
    )
    print(
        f"\nGenerated series: {args.series} per cell, {N_DAYS} days,"
        f" change on day {CHANGE_DAY}, seed {args.seed}\n"
    )
    header = "| mean | size | method | false alarms / month (no change) | " + " | ".join(
        f"x{k:g}: detected, median delay" for k in STEPS
    )
    print(header + " |")
    print("|" + "---|" * (4 + len(STEPS)))
    for row in synthetic(args.series, args.seed):
        print(row)
    seeds = range(2020, 2020 + args.reference_seeds)
    print(
        f"\nReference timeline {REFERENCE_START} to {REFERENCE_END},"
        f" {len(seeds)} background draws\n"
    )
    print("| method | " + " | ".join(CHECKS) + " | alarms in March 2020 | false alarms / month |")
    print("|" + "---|" * (len(CHECKS) + 3))
    for row in reference(seeds):
        print(row)
    print(f"\n{time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
