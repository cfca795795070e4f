"""Judging corridor traffic against its own baseline: a blockade-shaped series, short
dips, gaps without data, parameters; and the synthetic generator's shape."""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ceasefire.domain.compliance import ComplianceStatus
from ceasefire.domain.passage import (
    Checkpoint,
    Crossing,
    DailyTraffic,
    PassageRule,
    daily_totals,
    judge_passage,
    judgement_runs,
    passage_overlay,
)
from ceasefire.domain.passage import (
    PassageJudgement as J,
)
from ceasefire.errors import ValidationError
from ceasefire.synthetic.crossings import SYNTHETIC_NOTE, Blockade, generate_crossings

START = date(2022, 10, 1)
CHECKPOINT = Checkpoint("cp", "Test checkpoint", ("in", "out"), provision_id="p")


def series(levels: list[float]) -> dict[date, DailyTraffic]:
    return {
        START + timedelta(days=k): DailyTraffic(
            START + timedelta(days=k), round(500 * v), round(100 * v), 300.0 * v
        )
        for k, v in enumerate(levels)
    }


def days(n: int) -> list[date]:
    return [START + timedelta(days=k) for k in range(n)]


def test_a_blockade_is_breached_from_its_first_day_and_stays_breached() -> None:
    levels = [1.0, 0.9, 1.1, 1.0, 0.95, 0.7, 0.6] * 6 + [0.02] * 60
    judged = judge_passage(series(levels), days(len(levels)))
    blockade_start = START + timedelta(days=42)
    assert judged[0].judgement is J.NO_BASELINE
    assert all(d.judgement is J.MET for d in judged[7:42])
    assert all(d.judgement is J.BREACHED for d in judged[42:])
    assert {d.breach_since for d in judged[42:]} == {blockade_start}
    # The blockade never becomes the baseline: day 100 is still measured against normal.
    assert judged[-1].baseline["vehicles"] >= 90
    runs = judgement_runs(judged)
    assert [r[2] for r in runs] == [J.NO_BASELINE, J.MET, J.BREACHED]


def test_a_short_dip_is_low_not_breached_and_recovery_ends_a_breach() -> None:
    levels = [1.0] * 10 + [0.1, 0.1] + [1.0] * 3 + [0.1] * 4 + [1.0] * 2
    judged = judge_passage(series(levels), days(len(levels)))
    got = [d.judgement for d in judged[10:]]
    assert got == [J.LOW, J.LOW] + [J.MET] * 3 + [J.BREACHED] * 4 + [J.MET] * 2


def test_days_without_logs_are_no_data_and_do_not_break_a_streak() -> None:
    traffic = series([1.0] * 10 + [0.0, 0.0, 0.0, 0.0, 0.0])
    del traffic[START + timedelta(days=11)]
    judged = judge_passage(traffic, days(15))
    assert judged[11].judgement is J.NO_DATA and judged[11].traffic is None
    assert [d.judgement for d in judged[12:]] == [J.BREACHED] * 3
    assert judged[10].judgement is J.BREACHED  # three low days with data, one gap between


def test_one_measure_falling_is_enough() -> None:
    traffic = series([1.0] * 20)
    for k in range(10, 20):
        d = START + timedelta(days=k)
        traffic[d] = DailyTraffic(d, 500, 100, 0.0)  # people pass, goods stopped
    judged = judge_passage(traffic, days(20))
    assert judged[15].judgement is J.BREACHED
    assert judged[15].low_measures == ("goods_tonnes",)


def test_the_baseline_uses_earlier_logs_outside_the_range() -> None:
    traffic = series([1.0] * 30 + [0.0] * 5)
    judged = judge_passage(traffic, days(35)[30:])
    assert [d.judgement for d in judged] == [J.BREACHED] * 5


def test_rule_parameters_change_the_judgement_and_are_checked() -> None:
    levels = [1.0] * 10 + [0.5] * 5
    assert judge_passage(series(levels), days(15))[-1].judgement is J.MET
    strict = PassageRule(share=0.6, breach_after=5)
    assert judge_passage(series(levels), days(15), strict)[-1].judgement is J.BREACHED
    with pytest.raises(ValidationError, match="share"):
        PassageRule(share=0)
    with pytest.raises(ValidationError, match="min_history"):
        PassageRule(window=5, min_history=7)


def test_totals_sum_both_directions() -> None:
    d = START
    totals = daily_totals(
        [Crossing("cp", d, "in", 10, 2, 1.5), Crossing("cp", d, "out", 5, 1, 0.25)]
    )
    assert totals[d] == DailyTraffic(d, 15, 3, 1.75)


def test_the_overlay_names_the_checkpoint_and_the_figures() -> None:
    judged = judge_passage(series([1.0] * 10 + [0.0] * 3), days(13))
    overlay = passage_overlay(CHECKPOINT, judged, PassageRule())
    assert sorted(overlay) == days(13)[10:]
    first = overlay[START + timedelta(days=10)]
    assert first.status is ComplianceStatus.BREACHED
    assert "Test checkpoint" in first.reason and "vehicles 0 vs baseline 100" in first.reason


@given(st.lists(st.floats(min_value=0, max_value=2), min_size=1, max_size=60))
def test_every_requested_day_gets_exactly_one_judgement(levels: list[float]) -> None:
    judged = judge_passage(series(levels), days(len(levels) + 3))
    assert [d.day for d in judged] == days(len(levels) + 3)
    assert all(d.judgement is J.NO_DATA for d in judged[len(levels) :])


def test_the_synthetic_log_is_marked_seeded_and_blockade_shaped(tmp_path: Path) -> None:
    out = tmp_path / "x.csv"
    blockade = Blockade(date(2022, 12, 12), date(2022, 12, 31))
    s = generate_crossings(out, [CHECKPOINT], date(2022, 11, 1), date(2022, 12, 31), seed=3,
                           blockade=blockade)  # fmt: skip
    again = tmp_path / "y.csv"
    generate_crossings(again, [CHECKPOINT], date(2022, 11, 1), date(2022, 12, 31), seed=3,
                       blockade=blockade)  # fmt: skip
    assert out.read_bytes() == again.read_bytes()
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert s.rows == len(rows) == 61 * 2
    assert {r["note"] for r in rows} == {SYNTHETIC_NOTE}
    traffic = daily_totals(
        Crossing("cp", date.fromisoformat(r["date"]), r["direction"], int(r["people"]),
                 int(r["vehicles"]), float(r["goods_tonnes"]))
        for r in rows
    )  # fmt: skip
    judged = judge_passage(traffic, sorted(traffic))
    breached = [d.day for d in judged if d.judgement is J.BREACHED]
    assert breached[0] == date(2022, 12, 12) and breached[-1] == date(2022, 12, 31)
    assert all(d.judgement is not J.LOW for d in judged)  # weekly rhythm is not a dip
