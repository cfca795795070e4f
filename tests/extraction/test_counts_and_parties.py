"""Observation counts (explosions, projectiles, bursts, shots) and casualties by party: the
rules on single sentences, how an event adds its counts up, and the report fields they
become (`observations`, `casualties.military_by_party`)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from ceasefire.domain.report_parsing import parse_report
from ceasefire.extraction import extract
from ceasefire.extraction.casualties import find_casualties
from ceasefire.extraction.observations import find_observations
from ceasefire.extraction.proposals import casualties_data, report_data


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The patrol heard 12 explosions 3 km east.", [("explosions", 12)]),
        ("They fired 12 mortar rounds at the village.", [("projectiles", 12)]),
        ("three bursts of machine-gun fire", [("bursts", 3)]),
        ("about 40 shots of small-arms fire", [("shots", 40)]),
        ("seven undetermined explosions and at least 30 bursts",
         [("explosions", 7), ("bursts", 30)]),
        ("22 outgoing artillery rounds", [("projectiles", 22)]),
        ("twenty-five bursts and a dozen single shots", [("bursts", 25), ("shots", 12)]),
        ("a single explosion at 07:50", [("explosions", 1)]),
        ("fired 120mm shells", []),
        ("single shots from small arms were fired", []),
        ("an unknown number of bursts of automatic fire", []),
        ("after two rounds of talks in Moscow", []),
        ("the Defence Army shot down two drones", []),
        ("2-3 km south-east of the post", []),
    ],
)  # fmt: skip
def test_counts(sentence: str, expected: list[tuple[str, int]]) -> None:
    found = find_observations(sentence, 0)
    assert [(f.value.kind.value, f.value.count) for f in found] == expected
    for f in found:
        (span,) = f.spans
        assert sentence[span.start : span.end] == span.text
        assert 0 < f.confidence <= 1


def test_an_events_counts_of_one_kind_add_up() -> None:
    text = (
        "On 9 February the patrol positioned near Horadiz heard 12 explosions. Later it heard"
        " four more explosions and 30 bursts of small-arms fire."
    )
    (event,) = extract(text, published=date(2021, 2, 10)).events
    counts = {o.value.kind.value: o.value.count for o in event.observations}
    assert counts == {"explosions": 16, "bursts": 30}
    explosions = next(o for o in event.observations if o.value.kind.value == "explosions")
    assert [s.text for s in explosions.spans] == ["12 explosions", "four more explosions"]


@pytest.mark.parametrize(
    ("sentence", "speaker", "expected"),
    [
        ("Two Armenian servicemen were killed and one Azerbaijani soldier wounded", None,
         [("killed_military", 2, "AM"), ("wounded_military", 1, "AZ")]),
        ("two servicemen of the Azerbaijan Army were killed and five were wounded", None,
         [("killed_military", 2, "AZ"), ("wounded_military", 5, "AZ")]),
        ("Three Karabakh police officers and two Azerbaijani soldiers were killed", None,
         [("killed_military", 3, "NK"), ("killed_military", 2, "AZ")]),
        ("Azerbaijan said that seven of its soldiers had been killed", None,
         [("killed_military", 7, "AZ")]),
        ("Our two servicemen were wounded", "AM", [("wounded_military", 2, "AM")]),
        ("Our two servicemen were wounded", None, [("wounded_military", 2, None)]),
        ("The enemy suffered losses among the personnel", "AZ", [("killed_military", None, "AM")]),
        ("There are no casualties on the Armenian side", None,
         [("killed_military", 0, "AM"), ("wounded_military", 0, "AM")]),
        ("A Russian peacekeeper was wounded", None, [("wounded_military", 1, "RU")]),
        ("49 servicemen were killed", "AM", [("killed_military", 49, None)]),
        ("Four civilians were wounded", None, [("wounded_civilian", 4, None)]),
    ],
)  # fmt: skip
def test_casualties_by_party(
    sentence: str, speaker: str | None, expected: list[tuple[str, int | None, str | None]]
) -> None:
    found = find_casualties(sentence, 0, speaker)
    assert [(c.value.category, c.value.best, c.value.party_id) for c in found] == expected
    for f in found:
        for span in f.spans:
            assert sentence[span.start : span.end] == span.text


TEXT = (
    "On 12 July 2020 Armenian units shelled Aghdam village of the Tovuz district with mortars;"
    " about 40 shells exploded. Two Azerbaijani servicemen were killed and one Armenian soldier"
    " was wounded."
)


def test_the_report_gets_the_counts_and_the_tolls_by_party() -> None:
    (event,) = extract(TEXT, published=date(2020, 7, 13)).events
    data = report_data(event, source="mod-az", text=TEXT, number=1)
    assert data["observations"] == {"projectiles": 40}
    assert data["casualties"] == {
        "killed_military": {"low": 2, "best": 2, "high": 2},
        "wounded_military": {"low": 1, "best": 1, "high": 1},
        "military_by_party": [
            {"party": "AZ", "killed": {"low": 2, "best": 2, "high": 2}},
            {"party": "AM", "wounded": {"low": 1, "best": 1, "high": 1}},
        ],
    }
    report = parse_report(data, report_id="r1", received_at=datetime(2020, 7, 13, tzinfo=UTC))
    assert report.observations.projectiles == 40
    assert report.casualties.party_killed("AZ").best == 2


def test_a_categorys_total_is_the_sum_of_its_parties() -> None:
    text = (
        "On 12 July 2020 fighting broke out near Aghdam village of the Tovuz district. Four"
        " Armenian soldiers were killed. At least three Azerbaijani soldiers were killed."
    )
    (event,) = extract(text, published=date(2020, 7, 13)).events
    data = casualties_data(event)
    assert data["killed_military"] == {"low": 7, "best": None, "high": None}
    parties = {t["party"]: t["killed"] for t in data["military_by_party"]}
    assert parties == {
        "AM": {"low": 4, "best": 4, "high": 4},
        "AZ": {"low": 3, "best": None, "high": None},
    }
