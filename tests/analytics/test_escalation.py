"""The negative-binomial escalation chart on small fixed series: a step change alarms within
days, an over-dispersed stationary series rarely does, and the reference timeline's July 2020
clashes and 27 September 2020 alarm while March 2020 stays quiet."""

from __future__ import annotations

import math
from datetime import date, timedelta

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ceasefire.analytics.backtest import nb_counts, reference_series, score, timeline_deaths
from ceasefire.analytics.escalation import (
    ChartParams,
    detect_escalation,
    episodes,
    fit_baseline,
    nb_upper_tail,
)
from ceasefire.domain.alerts import Severity
from ceasefire.scenarios import load_scenario

START = date(2021, 1, 1)


def poisson_tail_direct(x: int, mean: float) -> float:
    return 1.0 - sum(math.exp(-mean) * mean**k / math.factorial(k) for k in range(x))


@pytest.mark.parametrize(("x", "mean"), [(1, 0.5), (3, 0.2), (5, 2.0), (10, 4.0)])
def test_poisson_tail_matches_the_direct_sum(x: int, mean: float) -> None:
    assert nb_upper_tail(x, mean, None) == pytest.approx(poisson_tail_direct(x, mean), rel=1e-9)


def test_negative_binomial_tail_matches_a_large_sample() -> None:
    draws = np.random.default_rng(3).negative_binomial(0.8, 0.8 / (0.8 + 2.0), 400_000)
    assert nb_upper_tail(6, 2.0, 0.8) == pytest.approx(float((draws >= 6).mean()), abs=0.003)


def test_far_tails_stay_positive_and_ordered() -> None:
    tails = [nb_upper_tail(x, 1.0, 2.0) for x in (20, 40, 80)]
    assert all(t > 0 for t in tails)
    assert tails[0] > tails[1] > tails[2]


@given(
    st.integers(min_value=0, max_value=60),
    st.floats(min_value=0.01, max_value=30),
    st.one_of(st.none(), st.floats(min_value=0.05, max_value=50)),
)
def test_tail_is_a_probability_that_falls_with_x(x: int, mean: float, size: float | None) -> None:
    here, further = nb_upper_tail(x, mean, size), nb_upper_tail(x + 1, mean, size)
    assert 0.0 <= further <= here <= 1.0


def test_baseline_uses_moments_with_floors() -> None:
    assert fit_baseline([0] * 30, ChartParams()) == (0.2, None)
    mean, size = fit_baseline([1, 1, 1, 1], ChartParams())
    assert (mean, size) == (1.0, None)  # variance below the mean: Poisson
    _, size = fit_baseline([0, 0, 0, 40], ChartParams())
    assert size == 0.5  # one spike cannot make the zone unalarmable


def test_a_step_change_alarms_within_a_few_days() -> None:
    rng = np.random.default_rng(11)
    before = nb_counts(rng, [2.0] * 150, 2.0)
    after = nb_counts(rng, [10.0] * 20, 2.0)
    alarms = detect_escalation(before + after, START)
    first_after = [a for a in alarms if a.day >= START + timedelta(days=150)]
    assert first_after
    assert (first_after[0].day - (START + timedelta(days=150))).days <= 3
    assert first_after[0].observed > first_after[0].expected


def test_a_stationary_overdispersed_series_gives_few_false_alarms() -> None:
    rng = np.random.default_rng(5)
    series = nb_counts(rng, [3.0] * 730, 0.7)
    found = episodes(detect_escalation(series, START))
    assert len(found) <= 3  # two years: the design aims at about one a year


def test_the_poisson_chart_raises_more_false_alarms_on_the_same_series() -> None:
    rng = np.random.default_rng(5)
    series = nb_counts(rng, [3.0] * 730, 0.7)
    ours = len(episodes(detect_escalation(series, START)))
    poisson = len(episodes(detect_escalation(series, START, ChartParams(overdispersed=False))))
    assert poisson > 3 * max(ours, 1)


def test_nothing_is_tested_before_enough_history() -> None:
    p = ChartParams()
    series = [0] * (p.min_history + p.guard_days - 1) + [50]
    assert detect_escalation(series, START) == []
    assert detect_escalation([*series, 50], START)


def test_severity_follows_the_tail_probability() -> None:
    quiet = [0, 1] * 60
    small = detect_escalation([*quiet, 6], START)
    huge = detect_escalation([*quiet, 40], START)
    assert small[-1].severity is Severity.WARNING
    assert huge[-1].severity is Severity.CRITICAL
    assert huge[-1].tail_probability < 1e-6 <= small[-1].tail_probability


def test_score_counts_false_episodes_and_delay() -> None:
    got = score([10, 11, 100, 205], 200, 365, first_testable=35)
    assert (got.detected, got.delay_days, got.false_alarm_episodes) == (True, 5, 2)
    assert not score([10], 200, 365, first_testable=35).detected


# The reference timeline -------------------------------------------------------------------

REF_START, REF_END = date(2019, 1, 1), date(2020, 11, 30)


@pytest.fixture(scope="module")
def reference() -> list[int]:
    events = load_scenario("nagorno-karabakh-2020").events
    return reference_series(events, REF_START, REF_END, seed=2020)


def test_timeline_deaths_spread_the_figures() -> None:
    events = load_scenario("nagorno-karabakh-2020").events
    deaths = timeline_deaths(events, REF_START, REF_END)
    july = [deaths.get(date(2020, 7, d), 0) for d in range(12, 17)]
    assert sum(july) == 17  # 15-17 soldiers (midpoint 16) and one civilian
    assert deaths[date(2020, 9, 27)] == pytest.approx(6700 / 45, abs=1)


@pytest.mark.parametrize(
    ("label", "first", "last"),
    [
        ("July 2020 clashes", date(2020, 7, 12), date(2020, 7, 17)),
        ("war", date(2020, 9, 27), date(2020, 9, 28)),
    ],
)
def test_reference_escalations_alarm(
    reference: list[int], label: str, first: date, last: date
) -> None:
    days = {a.day for a in detect_escalation(reference, REF_START)}
    assert any(first <= d <= last for d in days), label


def test_reference_quiet_month_does_not_alarm(reference: list[int]) -> None:
    days = [a.day for a in detect_escalation(reference, REF_START)]
    assert not [d for d in days if date(2020, 3, 1) <= d <= date(2020, 3, 31)]
    assert not [d for d in days if d < date(2020, 7, 12)]
