"""Linking reports into incidents: the grid join finds exactly the pairs that can become
edges, the result does not depend on order, origins and analysts' decisions are respected,
the whole-array clustering agrees with the loop, and a component links alone as in batch."""

from __future__ import annotations

import math
import random
from datetime import date, datetime

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ceasefire.domain.linking import (
    Decisions,
    LinkInput,
    LinkRules,
    _distance_km,
    candidate_pairs,
    components,
    day_number,
    link,
    score_pairs,
    strong_edges,
)

Row = tuple[float, float, float, float, float, int, int, int, int, int, int]


def reports(rows: list[Row] | list[tuple[float | int, ...]]) -> LinkInput:
    """(day, half window, lat, lon, radius km, type, sub type, place, origin[, actor,
    fatalities]) per report; actor and fatalities default to unknown."""
    full = [tuple(r) + (-1, -1)[len(r) - 9 :] for r in rows]
    columns = list(zip(*full, strict=True)) if full else [()] * 11
    floats = [np.array(c, dtype=np.float64) for c in columns[:5]]
    codes = [np.array(c, dtype=np.int64) for c in columns[5:]]
    return LinkInput([f"r{k:03d}" for k in range(len(full))], *floats, *codes)


def report_rows(
    lat: tuple[float, float] = (39.0, 40.5),
    lon: tuple[float, float] = (45.5, 47.0),
    days: tuple[float, ...] = (0.0, 0.5, 1.0, 2.0, 3.0, 9.0, 30.0),
    max_size: int = 40,
) -> st.SearchStrategy[list[Row]]:
    return st.lists(
        st.tuples(
            st.sampled_from(days),
            st.sampled_from([0.0, 0.0, 3.5, 15.5]),
            st.floats(*lat),
            st.floats(*lon),
            st.sampled_from([1.0, 3.0, 8.0, 25.0]),
            st.integers(0, 1),
            st.integers(0, 1),
            st.integers(-1, 2),
            st.integers(0, 3),
            st.integers(-1, 1),
            st.integers(-1, 2),
        ),
        max_size=max_size,
    )


# Many reports of few places and days: long chains of edges and large components.
dense_rows = report_rows(lat=(39.80, 39.84), lon=(46.70, 46.75), days=(0.0, 1.0, 2.0), max_size=60)


def overlap(inp: LinkInput, a: int, b: int, rules: LinkRules, share: float = 1.0) -> bool:
    """Whether the windows (with the slack) and `share` of the areas of a and b meet."""
    window = inp.half_window[a] + inp.half_window[b] + rules.slack_days
    reach = share * (inp.radius_km[a] + inp.radius_km[b])
    near = _distance_km(inp, np.array([a]), np.array([b]))[0] <= reach
    return bool(abs(inp.day[a] - inp.day[b]) <= window and near)


def could_link(inp: LinkInput, a: int, rules: LinkRules) -> bool:
    """Whether a report's vagueness and window leave room to reach the threshold."""
    cost = rules.vagueness * math.log(max(inp.radius_km[a] / 2, 1.0))
    cost += rules.window_cost * math.log1p(inp.half_window[a])
    return cost <= rules.best_gain


@settings(max_examples=60, deadline=None)
@given(report_rows())
def test_grid_join_finds_exactly_the_pairs_that_can_become_edges(rows: list[Row]) -> None:
    inp = reports(rows)
    rules = LinkRules()
    i, j = candidate_pairs(inp, rules)
    found = set(zip(i.tolist(), j.tolist(), strict=True))
    expected = set()
    n = len(inp)
    for a in range(n):
        for b in range(a + 1, n):
            same_kind = (
                inp.event_type[a] == inp.event_type[b]
                and inp.sub_event_type[a] == inp.sub_event_type[b]
            )
            places = (inp.place[a], inp.place[b])
            same_place = min(places) < 0 or places[0] == places[1]
            if (
                same_kind
                and same_place
                and inp.origin[a] != inp.origin[b]
                and could_link(inp, a, rules)
                and could_link(inp, b, rules)
                and overlap(inp, a, b, rules, rules.reach_share)
            ):
                expected.add((a, b))
    assert found == expected


@settings(max_examples=60, deadline=None)
@given(report_rows(), st.data())
def test_pairs_of_fresh_reports_are_the_pairs_touching_one(
    rows: list[Row], data: st.DataObject
) -> None:
    inp = reports(rows)
    fresh = np.array(data.draw(st.lists(st.booleans(), min_size=len(inp), max_size=len(inp))),
                     dtype=bool)  # fmt: skip
    i, j = candidate_pairs(inp, LinkRules())
    every = set(zip(i.tolist(), j.tolist(), strict=True))
    i, j = candidate_pairs(inp, LinkRules(), fresh)
    assert set(zip(i.tolist(), j.tolist(), strict=True)) == {
        (a, b) for a, b in every if fresh[a] or fresh[b]
    }
    i, j = strong_edges(inp, LinkRules(), fresh)
    older = ~fresh
    k, m = strong_edges(inp, LinkRules(), older)
    # The old reports' edges and the fresh ones' together are all the edges.
    together = set(zip(i.tolist(), j.tolist(), strict=True)) | set(
        zip(k.tolist(), m.tolist(), strict=True)
    )
    i, j = strong_edges(inp, LinkRules())
    assert together == set(zip(i.tolist(), j.tolist(), strict=True))


@settings(max_examples=60, deadline=None)
@given(report_rows())
def test_no_overlapping_pair_reaching_the_threshold_is_left_out(rows: list[Row]) -> None:
    inp = reports(rows)
    rules = LinkRules()
    n = len(inp)
    every = [(a, b) for a in range(n) for b in range(a + 1, n) if overlap(inp, a, b, rules)]
    ai = np.array([p[0] for p in every], dtype=np.int64)
    bi = np.array([p[1] for p in every], dtype=np.int64)
    scored = zip(every, score_pairs(inp, ai, bi, rules).tolist(), strict=True)
    # Reports of one origin are never one incident, so their pairs are not candidates.
    different = inp.origin[ai] != inp.origin[bi] if every else np.zeros(0, dtype=bool)
    strong = {p for (p, s), d in zip(scored, different, strict=True) if s >= rules.threshold and d}
    i, j = candidate_pairs(inp, rules)
    assert strong <= set(zip(i.tolist(), j.tolist(), strict=True))


@settings(max_examples=40, deadline=None)
@given(report_rows(), st.randoms(use_true_random=False))
def test_linking_does_not_depend_on_order(rows: list[Row], rng: random.Random) -> None:
    inp = reports(rows)
    shuffled = np.array(rng.sample(range(len(inp)), len(inp)), dtype=np.int64)
    assert link(inp) == link(inp.take(shuffled))


@settings(max_examples=40, deadline=None)
@given(dense_rows, st.randoms(use_true_random=False))
def test_dense_linking_does_not_depend_on_order(rows: list[Row], rng: random.Random) -> None:
    inp = reports(rows)
    shuffled = np.array(rng.sample(range(len(inp)), len(inp)), dtype=np.int64)
    assert link(inp) == link(inp.take(shuffled))


@settings(max_examples=40, deadline=None)
@given(report_rows())
def test_every_report_in_exactly_one_incident_and_no_origin_twice(rows: list[Row]) -> None:
    inp = reports(rows)
    groups = link(inp)
    assert sorted(r for g in groups for r in g) == sorted(inp.ids)
    origin = dict(zip(inp.ids, inp.origin.tolist(), strict=True))
    for group in groups:
        assert len({origin[r] for r in group}) == len(group)


@settings(max_examples=60, deadline=None)
@given(dense_rows)
def test_whole_array_clustering_gives_what_the_loop_gives(rows: list[Row]) -> None:
    inp = reports(rows)
    # A decision naming every report on its own changes nothing but sends every
    # component through the loop in Python.
    looped = Decisions(together=[[r] for r in inp.ids])
    assert link(inp) == link(inp, decisions=looped)


@settings(max_examples=60, deadline=None)
@given(dense_rows)
def test_a_component_links_alone_as_it_does_in_batch(rows: list[Row]) -> None:
    inp = reports(rows)
    batch = link(inp)
    label = components(inp)
    for value in np.unique(label):
        members = np.flatnonzero(label == value)
        ids = set(inp.take(members).ids)
        assert link(inp.take(members)) == [g for g in batch if g[0] in ids]
        assert all(set(g) <= ids for g in batch if g[0] in ids)


def test_components_join_reports_along_strong_edges_only() -> None:
    inp = reports(
        [
            (100.0, 0.0, 39.80, 46.75, 3.0, 0, 0, 1, 0),
            (100.0, 0.0, 39.801, 46.751, 3.0, 0, 0, 1, 1),
            (100.0, 0.0, 39.80, 46.75, 3.0, 1, 1, 1, 2),  # another kind of event
            (140.0, 0.0, 39.80, 46.75, 3.0, 0, 0, 1, 3),  # weeks later
        ]
    )
    assert components(inp).tolist() == [0, 0, 2, 3]


def test_reports_of_one_event_from_three_sources_are_one_incident() -> None:
    inp = reports(
        [
            (100.0, 0.0, 39.80, 46.75, 1.0, 0, 0, 1, 0),  # patrol at the spot
            (100.0, 0.0, 39.81, 46.76, 3.0, 0, 0, 1, 1),  # one party's statement
            (101.0, 0.0, 39.79, 46.74, 8.0, 0, 0, 1, 2),  # media, a day late, other spelling
            (100.0, 0.0, 40.30, 46.00, 3.0, 0, 0, 3, 1),  # elsewhere: another event
        ]
    )
    assert link(inp) == [["r000", "r001", "r002"], ["r003"]]


def test_different_event_types_places_or_perpetrators_stay_apart() -> None:
    spot = (100.0, 0.0, 39.8, 46.75, 3.0)
    kinds = [(*spot, 0, 0, 1, 0), (*spot, 1, 1, 1, 1)]
    places = [(*spot, 0, 0, 1, 0), (*spot, 0, 0, 2, 1)]
    actors = [(*spot, 0, 0, 1, 0, 0, -1), (*spot, 0, 0, 1, 1, 1, -1)]
    for rows in (kinds, places, actors):
        assert link(reports(rows)) == [["r000"], ["r001"]]
    unknown = [(*spot, 0, 0, 1, 0, 0, -1), (*spot, 0, 0, -1, 1, -1, -1)]
    assert link(reports(unknown)) == [["r000", "r001"]]


def test_one_strong_link_does_not_outvote_a_clash_across() -> None:
    spot = (100.0, 0.0, 39.8, 46.75, 3.0, 0, 0, 1)
    # r001 names no perpetrator; r000 and r002 name different ones.
    inp = reports([(*spot, 0, 0, -1), (*spot, 1, -1, -1), (*spot, 2, 1, -1)])
    looped = Decisions(together=[[r] for r in inp.ids])
    assert link(inp) == link(inp, decisions=looped) == [["r000", "r001"], ["r002"]]
    no_veto = LinkRules(veto=-100.0)
    assert link(inp, no_veto) == link(inp, no_veto, looped) == [["r000", "r001", "r002"]]


def test_a_day_apart_is_evidence_against_one_event() -> None:
    rules = LinkRules()
    same_day = reports([(100.0, 0.0, 39.8, 46.75, 3.0, 0, 0, 1, 0)] * 2)
    next_day = reports(
        [(100.0, 0.0, 39.8, 46.75, 3.0, 0, 0, 1, 0), (101.0, 0.0, 39.8, 46.75, 3.0, 0, 0, 1, 1)]
    )
    pair = np.array([0]), np.array([1])
    gap = score_pairs(same_day, *pair, rules)[0] - score_pairs(next_day, *pair, rules)[0]
    assert gap == pytest.approx(rules.lateness)


def test_vague_reports_link_to_nothing() -> None:
    month_district = (100.0, 15.5, 39.8, 46.75, 25.0, 0, 0, -1, 0)
    inp = reports([month_district, (100.0, 0.0, 39.8, 46.75, 3.0, 0, 0, -1, 1)])
    assert candidate_pairs(inp, LinkRules(window_cost=2.0))[0].size == 0
    assert link(inp, LinkRules(window_cost=2.0)) == [["r000"], ["r001"]]


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


def test_optional_columns_may_be_left_out() -> None:
    inp = reports([(100.0, 0.0, 39.8, 46.75, 1.0, 0, 0, 1, k) for k in range(2)])
    bare = LinkInput(
        ids=inp.ids, day=inp.day, half_window=inp.half_window, lat=inp.lat, lon=inp.lon,
        radius_km=inp.radius_km, event_type=inp.event_type, sub_event_type=inp.sub_event_type,
        place=inp.place, origin=inp.origin,
    )  # fmt: skip
    assert bare.take(np.array([1, 0])).actor is None
    assert link(bare) == [["r000", "r001"]]


def test_day_number_counts_from_1970() -> None:
    assert day_number(date(2020, 11, 10)) == 18576.0
    assert day_number(datetime(2020, 11, 10, 6)) == 18576.25
