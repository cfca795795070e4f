"""Whole texts: several events, stance with offsets, inherited dates, limits, the dataset."""

from __future__ import annotations

from datetime import date
from importlib import resources
from pathlib import Path

import pytest

from ceasefire.domain.stance import Stance, stance_phrases
from ceasefire.errors import ValidationError
from ceasefire.extraction import MAX_TEXT_CHARS, extract
from ceasefire.extraction.evaluation import evaluate, load_dataset
from ceasefire.extraction.proposals import missing_fields, report_data

DATA = Path(str(resources.files("ceasefire").joinpath("data", "extraction")))


def test_a_text_with_two_events() -> None:
    text = (
        "Three Armenian soldiers were killed in a border shootout with Azerbaijani troops near "
        "Yeraskh on Wednesday, the Armenian defence ministry said. Azerbaijan said two of its "
        "soldiers were wounded by Armenian fire in the Kalbajar district."
    )
    found = extract(text, published=date(2021, 7, 28))
    assert len(found.events) == 2
    first, second = found.events
    assert first.places[0].value.canonical == "Yeraskh"
    assert second.places[0].value.canonical == "Kalbajar"
    assert second.date is not None and second.date.value.day == date(2021, 7, 28)  # inherited
    assert {c.value.category for c in first.casualties} == {"killed_military"}
    assert first.stance.value is Stance.REPORTED


def test_a_denial_carries_the_words() -> None:
    text = (
        "The statement that Armenian units opened fire on Azerbaijani positions near Tovuz "
        "does not correspond to reality."
    )
    event = extract(text, published=date(2020, 7, 13), speaker="AM").events[0]
    assert event.stance.value is Stance.DENIAL
    assert [s.text for s in event.stance.spans] == ["does not correspond to reality"]


def test_stance_phrases_give_offsets() -> None:
    text = "Baku denied it, according to TASS"
    found = stance_phrases(text)
    assert [(p.stance, text[p.start : p.end]) for p in found] == [
        (Stance.DENIAL, "denied"),
        (Stance.REPORTED, "according to"),
    ]


def test_a_text_without_events_proposes_none() -> None:
    assert extract("The weather was fine.", published=date(2021, 1, 1)).events == ()


@pytest.mark.parametrize("text", ["", "   \n\t "])
def test_empty_text_is_refused(text: str) -> None:
    with pytest.raises(ValidationError, match="empty"):
        extract(text, published=date(2021, 1, 1))


def test_huge_text_is_refused_naming_the_limit() -> None:
    with pytest.raises(ValidationError, match=f"{MAX_TEXT_CHARS:,} characters"):
        extract("Shots were fired. " * (MAX_TEXT_CHARS // 10), published=date(2021, 1, 1))


def test_report_data_of_a_complete_event() -> None:
    text = "On 12 July 2020 Armenian units shelled Tovuz with mortars. Two soldiers were killed."
    event = extract(text, published=date(2020, 7, 13)).events[0]
    assert missing_fields(event) == []
    data = report_data(event, source="mod-az", text=text, number=1)
    assert data["event_type"] == "Explosions/Remote violence"
    assert data["weapons"] == ["mortar"]
    assert data["casualties"] == {"killed_military": {"low": 2, "best": 2, "high": 2}}
    assert data["occurred_start"].startswith("2020-07-12")


def test_an_event_without_a_place_cannot_be_a_report() -> None:
    event = extract("Yesterday shots were fired.", published=date(2020, 7, 13)).events[0]
    assert missing_fields(event) == ["location"]


def test_the_packaged_dataset() -> None:
    dev, held_out = load_dataset(DATA / "dev.jsonl"), load_dataset(DATA / "heldout.jsonl")
    assert len(dev) + len(held_out) >= 150 and len(held_out) >= 30
    assert len({t.id for t in dev + held_out}) == len(dev) + len(held_out)
    assert any(t.kind == "analysis" for t in dev)  # the seed passages
    scores = evaluate(held_out[:5])
    assert 0 <= scores["overall"].precision <= 1


def test_a_bad_dataset_line_is_named(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "x"}\n', encoding="utf-8")
    with pytest.raises(ValidationError, match=r"bad\.jsonl:1"):
        load_dataset(path)
