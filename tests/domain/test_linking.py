"""Linking reports into incidents: the grid join finds exactly the overlapping pairs, the
result does not depend on order, origins and analysts' decisions are respected."""

from __future__ import annotations

import random
from datetime import date, datetime

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from ceasefire.domain.linking import (
    Decisions,
    LinkInput,
    LinkRules,
    _distance_km,
    candidate_pairs,
    day_number,
    link,
)


def reports(rows: list[tuple[float, float, float, float, float, int, int, int, int]]) -> LinkInput:
    """(day, half window, lat, lon, radius km, type, sub type, place, origin) per report."""
    columns = list(zip(*rows, strict=True)) if rows else [()] * 9
    floats = [np.array(c, dtype=np.float64) for c in columns[:5]]
    codes = [np.array(c, dtype=np.int64) for c in columns[5:]]
    return LinkInput([f"r{k:03d}" for k in range(len(rows))], *floats, *codes)


report_rows = st.lists(
    st.tuples(
        st.sampled_from([0.0, 0.5, 1.0, 2.0, 3.0, 9.0, 30.0]),
        st.sampled_from([0.0, 0.0, 3.5, 15.5]),
        st.floats(39.0, 40.5),
        st.floats(45.5, 47.0),
        st.sampled_from([1.0, 3.0, 8.0, 25.0]),
        st.integers(0, 1),
        st.integers(0, 1),
        st.integers(-1, 2),
        st.integers(0, 3),
    ),
    max_size=40,
)


@settings(max_examples=60, deadline=None)
@given(report_rows)
def test_grid_join_finds_exactly_the_overlapping_pairs(rows: list[tuple]) -> None:  # type: ignore[type-arg]
    inp = reports(rows)
    rules = LinkRules()
    i, j = candidate_pairs(inp, rules)
    found = set(zip(i.tolist(), j.tolist(), strict=True))
    expected = set()
    n = len(inp)
    for a in range(n):
        for b in range(a + 1, n):
            window = inp.half_window[a] + inp.half_window[b] + rules.slack_days
            reach = inp.radius_km[a] + inp.radius_km[b]
            near = _distance_km(inp, np.array([a]), np.array([b]))[0] <= reach
            if abs(inp.day[a] - inp.day[b]) <= window and near:
                expected.add((a, b))
    assert found == expected


@settings(max_examples=40, deadline=None)
@given(report_rows, st.randoms(use_true_random=False))
def test_linking_does_not_depend_on_order(rows: list[tuple], rng: random.Random) -> None:  # type: ignore[type-arg]
    inp = reports(rows)
    shuffled = np.array(rng.sample(range(len(inp)), len(inp)), dtype=np.int64)
    assert link(inp) == link(inp.take(shuffled))


@settings(max_examples=40, deadline=None)
@given(report_rows)
def test_every_report_in_exactly_one_incident_and_no_origin_twice(rows: list[tuple]) -> None:  # type: ignore[type-arg]
    inp = reports(rows)
    groups = link(inp)
    assert sorted(r for g in groups for r in g) == sorted(inp.ids)
    origin = dict(zip(inp.ids, inp.origin.tolist(), strict=True))
    for group in groups:
        assert len({origin[r] for r in group}) == len(group)


def test_reports_of_one_event_from_three_sources_are_one_incident() -> None:
    inp = reports(
        [
            (100.0, 0.0, 39.80, 46.75, 1.0, 0, 0, 1, 0),  # patrol at the spot
            (100.0, 0.0, 39.81, 46.76, 3.0, 0, 0, 1, 1),  # one party's statement
            (101.0, 0.0, 39.79, 46.74, 8.0, 0, 0, 2, 2),  # media, a day late
            (100.0, 0.0, 40.30, 46.00, 3.0, 0, 0, 3, 1),  # elsewhere: another event
        ]
    )
    assert link(inp) == [["r000", "r001", "r002"], ["r003"]]


def test_different_event_types_stay_apart() -> None:
    inp = reports(
        [(100.0, 0.0, 39.8, 46.75, 1.0, 0, 0, 1, 0), (100.0, 0.0, 39.8, 46.75, 1.0, 1, 1, 1, 1)]
    )
    assert link(inp) == [["r000"], ["r001"]]


def test_same_origin_twice_is_two_events() -> None:
    inp = reports(
        [(100.0, 0.0, 39.8, 46.75, 1.0, 0, 0, 1, 0), (100.0, 0.0, 39.8, 46.75, 1.0, 0, 0, 1, 0)]
    )
    assert link(inp) == [["r000"], ["r001"]]


def test_analysts_merge_is_kept_and_split_never_undone() -> None:
    same = [(100.0, 0.0, 39.8, 46.75, 1.0, 0, 0, 1, k) for k in range(3)]
    inp = reports([*same, (100.0, 0.0, 40.4, 46.0, 1.0, 1, 1, 2, 3)])
    assert link(inp) == [["r000", "r001", "r002"], ["r003"]]
    split = Decisions(apart=[(["r000"], ["r001", "r002"])])
    assert link(inp, decisions=split) == [["r000"], ["r001", "r002"], ["r003"]]
    merged = Decisions(together=[["r000", "r003"]])
    assert ["r000", "r003"] in [sorted(g) for g in link(inp, decisions=merged)]


def test_day_number_counts_from_1970() -> None:
    assert day_number(date(2020, 11, 10)) == 18576.0
    assert day_number(datetime(2020, 11, 10, 6)) == 18576.25
