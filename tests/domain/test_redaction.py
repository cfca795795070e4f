"""Redaction of finding summaries: each rule, the hits shown to the analyst, rule choice, and
properties (the hits rebuild the text; no listed term survives)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ceasefire.domain.redaction import (
    DEFAULT_RULES,
    RULES,
    RedactionContext,
    parse_rules,
    redact,
)
from ceasefire.errors import ValidationError

CONTEXT = RedactionContext(
    source_names=("OP Aghdam", "op-aghdam"),
    monitor_names=("Ivan Sokolov",),
    evidence_terms=("crater.jpg", "a" * 64),
    personal_names=("Aram Petrosyan",),
)


@pytest.mark.parametrize(
    ("text", "rule", "original"),
    [
        ("Impacts at 39.8177, 46.7528 at dawn.", "coordinates", "39.8177, 46.7528"),
        ("Impacts at 39.82°N 46.75°E.", "coordinates", "39.82°N 46.75°E"),
        ("Position 39°49'04\"N reported.", "coordinates", "39°49'04\"N"),
        (
            "Write to duty.officer@mission.example.org today.",
            "contacts",
            "duty.officer@mission.example.org",
        ),
        ("Call +994 12 555 0100 now.", "contacts", "+994 12 555 0100"),
        ("Call (012) 555-01-00 now.", "contacts", "(012) 555-01-00"),
        ("Seen by op aghdam at night.", "sources", "op aghdam"),
        ("Signed by Ivan Sokolov.", "monitors", "Ivan Sokolov"),
        ("See crater.jpg attached.", "evidence", "crater.jpg"),
        (f"Hash {'b' * 64} checked.", "evidence", "b" * 64),
        ("Witness Aram Petrosyan spoke.", "names", "Aram Petrosyan"),
    ],
)
def test_each_rule_finds_its_passages(text: str, rule: str, original: str) -> None:
    result = redact(text, context=CONTEXT)
    assert [(h.rule, h.original) for h in result.hits] == [(rule, original)]
    hit = result.hits[0]
    assert text[hit.start : hit.end] == original
    assert original not in result.text and RULES[rule].replacement in result.text


@pytest.mark.parametrize(
    "text",
    [
        "On 2020-11-10 at 14:00 three shells, 3.5 km east, 12.5 mm calibre.",
        "Report 1234567 of 10.11.2020; version 2.0.",
        "OP Aghdamski is another post.",
    ],
)
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert redact(text, context=CONTEXT).hits == ()


def test_only_the_chosen_rules_apply_and_counts_include_zeroes() -> None:
    text = "OP Aghdam saw it at 39.8177, 46.7528."
    result = redact(text, ["coordinates", "names"], CONTEXT)
    assert result.text == "OP Aghdam saw it at [location withheld]."
    assert result.counts() == {"coordinates": 1, "names": 0}


def test_unknown_rule_is_rejected_listing_the_known_ones() -> None:
    with pytest.raises(ValidationError, match="known: coordinates, contacts") as err:
        parse_rules(["coordinates", "gps"])
    assert err.value.field == "rules"
    assert parse_rules(None) == parse_rules([]) == DEFAULT_RULES == tuple(RULES)


def test_overlapping_passages_are_removed_once() -> None:
    context = RedactionContext(personal_names=("Aram", "Aram Petrosyan"))
    result = redact("Aram Petrosyan and Aram.", ["names"], context)
    assert [h.original for h in result.hits] == ["Aram Petrosyan", "Aram"]
    assert result.text == "[name withheld] and [name withheld]."


WORDS = st.sampled_from(
    [
        "the",
        "shelling",
        "Aram Petrosyan",
        "OP Aghdam",
        "crater.jpg",
        "at",
        "39.8177, 46.7528",
        "+374 10 555 123",
        "x@y.org",
        "north",
        ",",
        ".",
    ]
)


@given(st.lists(WORDS, max_size=30))
def test_hits_rebuild_the_redacted_text_and_no_term_survives(words: list[str]) -> None:
    text = " ".join(words)
    result = redact(text, context=CONTEXT)
    rebuilt, cursor = [], 0
    for hit in result.hits:
        assert cursor <= hit.start < hit.end and text[hit.start : hit.end] == hit.original
        rebuilt += [text[cursor : hit.start], hit.replacement]
        cursor = hit.end
    rebuilt.append(text[cursor:])
    assert "".join(rebuilt) == result.text
    for term in ("Aram Petrosyan", "OP Aghdam", "crater.jpg", "39.8177", "x@y.org", "555 123"):
        assert term not in result.text
