"""Casualty fusion: ranges across reports, never an average, with the source of each figure."""

from __future__ import annotations

import json
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ceasefire.domain.casualty_fusion import FusedCasualties, fuse_casualties
from ceasefire.domain.reports import Casualties, CasualtyRange, PartyToll
from ceasefire.errors import ValidationError


def best(n: int) -> CasualtyRange:
    return CasualtyRange(best=n)


# The July 2020 Tavush/Tovuz clashes: two sources, two military tolls, one civilian.
TAVUSH_A = Casualties(killed_military=best(15), killed_civilian=best(1))
TAVUSH_B = Casualties(killed_military=best(17), killed_civilian=best(1))


def test_tavush_gives_a_range_with_the_best_figure_of_the_heavier_report() -> None:
    fused = fuse_casualties([("tavush-a", TAVUSH_A, 0.4), ("tavush-b", TAVUSH_B, 0.7)])
    assert fused.casualties.killed_military == CasualtyRange(15, 17, 17)
    assert fused.sources["killed_military"] == ("tavush-a", "tavush-b", "tavush-b")
    assert fused.casualties.killed_civilian == CasualtyRange(1, 1, 1)
    assert fused.sources["killed_civilian"] == ("tavush-a", "tavush-b", "tavush-a")
    assert fused.disagreements() == ["killed_military"]


def test_tavush_heavier_report_the_other_way_round() -> None:
    fused = fuse_casualties([("tavush-a", TAVUSH_A, 0.9), ("tavush-b", TAVUSH_B, 0.2)])
    assert fused.casualties.killed_military == CasualtyRange(15, 15, 17)
    assert fused.sources["killed_military"] == ("tavush-a", "tavush-a", "tavush-b")


def test_equal_weights_take_the_lower_best_figure() -> None:
    fused = fuse_casualties([("b", TAVUSH_B, 0.5), ("a", TAVUSH_A, 0.5)])
    assert fused.casualties.killed_military == CasualtyRange(15, 15, 17)


def test_unknown_categories_stay_unknown_and_have_no_sources() -> None:
    fused = fuse_casualties([("a", TAVUSH_A, 1.0)])
    assert fused.casualties.wounded_military == CasualtyRange()
    assert not fused.casualties.wounded_military.known
    assert "wounded_military" not in fused.sources
    assert set(fused.sources) == {"killed_military", "killed_civilian"}


def test_no_reports_fuse_to_all_unknown() -> None:
    fused = fuse_casualties([])
    assert fused.casualties == Casualties()
    assert fused.sources == {}


def test_reported_bounds_are_kept() -> None:
    fused = fuse_casualties(
        [
            ("low", Casualties(wounded_civilian=CasualtyRange(3, 4, 9)), 0.2),
            ("high", Casualties(wounded_civilian=CasualtyRange(None, 6, 12)), 0.8),
            ("none", Casualties(), 1.0),
        ]
    )
    assert fused.casualties.wounded_civilian == CasualtyRange(3, 6, 12)
    assert fused.sources["wounded_civilian"] == ("low", "high", "high")


def test_contradictory_bounds_widen_to_every_figure_given() -> None:
    at_least_30 = Casualties(killed_unknown=CasualtyRange(low=30))
    up_to_10 = Casualties(killed_unknown=CasualtyRange(high=10))
    fused = fuse_casualties([("a", at_least_30, 1.0), ("b", up_to_10, 1.0)])
    assert fused.casualties.killed_unknown == CasualtyRange(10, None, 30)
    assert fused.sources["killed_unknown"] == ("b", None, "a")


def test_military_tolls_are_fused_per_party() -> None:
    am = Casualties(
        military_by_party=(PartyToll("AM", killed=best(4)), PartyToll("AZ", killed=best(12)))
    )
    az = Casualties(military_by_party=(PartyToll("AZ", killed=best(11), wounded=best(2)),))
    fused = fuse_casualties([("am", am, 0.3), ("az", az, 0.6)])
    assert fused.casualties.party_killed("AZ") == CasualtyRange(11, 11, 12)
    assert fused.casualties.party_killed("AM") == CasualtyRange(4, 4, 4)
    assert fused.sources["military_by_party.AZ.killed"] == ("az", "az", "am")
    assert fused.sources["military_by_party.AZ.wounded"] == ("az", "az", "az")
    assert [t.party_id for t in fused.casualties.military_by_party] == ["AM", "AZ"]


def test_json_round_trip() -> None:
    fused = fuse_casualties(
        [
            ("tavush-a", TAVUSH_A, 0.4),
            ("tavush-b", TAVUSH_B, 0.7),
            ("t", Casualties(military_by_party=(PartyToll("AZ", killed=best(11)),)), 0.1),
        ]
    )
    stored = json.loads(json.dumps(fused.to_json()))
    assert FusedCasualties.from_json(stored) == fused


@pytest.mark.parametrize(
    ("items", "field"),
    [
        ([("", TAVUSH_A, 1.0)], "items[0].report_id"),
        ([("a", TAVUSH_A, -1.0)], "items[0].weight"),
        ([("a", TAVUSH_A, float("nan"))], "items[0].weight"),
        ([("a", TAVUSH_A, 1.0), ("b", "fifteen", 1.0)], "items[1].casualties"),
    ],
)
def test_bad_items_name_the_field(items: list[tuple[str, object, float]], field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        fuse_casualties(items)  # type: ignore[arg-type]
    assert caught.value.field == field


def test_bad_stored_sources_are_rejected() -> None:
    with pytest.raises(ValidationError) as caught:
        FusedCasualties.from_json({"casualties": {}, "sources": {"killed_military": ["a"]}})
    assert caught.value.field == "casualties.sources[killed_military]"


figure = st.none() | st.integers(0, 500)


@st.composite
def casualty_range(draw: st.DrawFn) -> CasualtyRange:
    values = sorted(v for v in (draw(figure), draw(figure), draw(figure)) if v is not None)
    slots = draw(st.sampled_from(["lbh", "b", "lh", "l", "h", "bh", "lb"]))
    picked = dict(zip(slots, values, strict=False))
    return CasualtyRange(picked.get("l"), picked.get("b"), picked.get("h"))


reports = st.lists(
    st.tuples(
        st.text("abcdef", min_size=1, max_size=4),
        st.builds(Casualties, killed_military=casualty_range(), wounded_civilian=casualty_range()),
        st.floats(0, 1),
    ),
    max_size=6,
    unique_by=lambda item: item[0],
)


@given(reports, st.randoms())
def test_fusion_is_a_valid_range_spanning_every_figure_and_ignores_order(
    items: list[tuple[str, Casualties, float]], rnd: random.Random
) -> None:
    fused = fuse_casualties(items)
    shuffled = list(items)
    rnd.shuffle(shuffled)
    assert fuse_casualties(shuffled) == fused
    r = fused.casualties.killed_military
    given_bests = [
        c.killed_military.best for _, c, _ in items if c.killed_military.best is not None
    ]
    if given_bests:
        assert r.best in given_bests  # a figure someone gave, never an average
        assert r.low is not None and r.high is not None
        assert r.low <= min(given_bests) and r.high >= max(given_bests)
    if not any(c.killed_military.known for _, c, _ in items):
        assert not r.known
