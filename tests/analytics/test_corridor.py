"""Corridor blocked on a series shaped like the December 2022 blockade: traffic falls to
near zero on 12 December and stays there."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from ceasefire.analytics.alerting import CheckpointTraffic, corridor_alerts
from ceasefire.analytics.corridor import CorridorParams, blocked_episodes
from ceasefire.domain.alerts import AlertKind, Severity

D0 = date(2022, 10, 1)
BLOCKADE = date(2022, 12, 12)
USUAL = [410, 395, 430, 380, 405, 300, 260]  # vehicles a day, quieter at weekends


def blockade_series(until: date) -> dict[date, float]:
    series = {}
    day = D0
    while day <= until:
        usual = USUAL[(day - D0).days % 7]
        series[day] = float(usual if day < BLOCKADE else (day - BLOCKADE).days % 3)
        day += timedelta(days=1)
    return series


@pytest.mark.parametrize("days_after", [0, 1])
def test_no_episode_before_n_low_days(days_after: int) -> None:
    assert blocked_episodes(blockade_series(BLOCKADE + timedelta(days=days_after))) == []


def test_one_episode_from_the_first_low_day_after_n_days() -> None:
    found = blocked_episodes(blockade_series(BLOCKADE + timedelta(days=2)))
    assert len(found) == 1
    assert found[0].first_day == BLOCKADE
    assert found[0].last_day is None and found[0].days == 3


def test_a_long_blockade_stays_one_open_episode() -> None:
    found = blocked_episodes(blockade_series(date(2023, 9, 19)))
    assert [(e.first_day, e.last_day) for e in found] == [(BLOCKADE, None)]
    assert found[0].ratio < 0.01
    assert found[0].baseline == pytest.approx(395)


def test_a_reopening_closes_the_episode_and_a_short_dip_is_none() -> None:
    series = blockade_series(BLOCKADE + timedelta(days=9))
    for i in range(10, 20):
        series[BLOCKADE + timedelta(days=i)] = 400.0
    series[BLOCKADE + timedelta(days=30)] = 5.0  # one bad day only
    series[BLOCKADE + timedelta(days=31)] = 400.0
    found = blocked_episodes(series)
    assert [(e.first_day, e.last_day) for e in found] == [(BLOCKADE, BLOCKADE + timedelta(days=9))]


def test_weekend_lows_are_not_a_blockade() -> None:
    assert blocked_episodes(blockade_series(BLOCKADE - timedelta(days=1))) == []


def test_missing_log_days_neither_extend_nor_break_a_run() -> None:
    series = blockade_series(BLOCKADE + timedelta(days=3))
    del series[BLOCKADE + timedelta(days=1)]
    found = blocked_episodes(series)
    assert found[0].first_day == BLOCKADE and found[0].days == 3


def test_share_and_days_are_parameters() -> None:
    series = blockade_series(BLOCKADE + timedelta(days=2))
    assert blocked_episodes(series, CorridorParams(min_days=4)) == []


def test_corridor_alert_carries_the_evidence() -> None:
    series = blockade_series(BLOCKADE + timedelta(days=5))
    cp = CheckpointTraffic(
        "lachin-cp", "Lachin checkpoint", "lachin-corridor", "tri2020-6-safe-traffic",
        {d: (2 * int(v), int(v), v / 10) for d, v in series.items()},
    )  # fmt: skip
    (alert,) = corridor_alerts([cp], since=BLOCKADE)
    assert alert.kind is AlertKind.CORRIDOR_BLOCKED and alert.severity is Severity.CRITICAL
    assert alert.key == "corridor_blocked:lachin-cp:2022-12-12"
    assert alert.window_start == BLOCKADE
    assert alert.evidence["measure"] == "vehicles" and alert.evidence["ongoing"] is True
    assert corridor_alerts([cp], since=BLOCKADE + timedelta(days=6)) == []
