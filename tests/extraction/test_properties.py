"""Properties: extraction never crashes, and every span slices exactly its words."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from ceasefire.extraction import ExtractedEvent, Field, extract

WORDS = st.sampled_from(
    [
        "On",
        "13",
        "May",
        "2021",
        "at",
        "23:40",
        "till",
        "00:15",
        "units",
        "of",
        "the",
        "Armenian",
        "Azerbaijani",
        "forces",
        "fired",
        "shelled",
        "at",
        "positions",
        "near",
        "Tovuz",
        "Tavush",
        "Kalbajar",
        "region",
        "village",
        "settlements",
        "from",
        "towards",
        "two",
        "soldiers",
        "were",
        "killed",
        "wounded",
        "a dozen",
        "several hundred",
        "no casualties",
        "mortars",
        "drones",
        "large-calibre",
        "machine",
        "guns",
        "denied",
        "said",
        "the",
        "night",
        "to",
        "14",
        "yesterday",
        "on Tuesday",
        "Defence Army",
        "peacekeepers",
        "civilians",
        ".",
        ",",
        "\n",
        "•",
        "İstanbul",
        "Kəlbəcər",
        "ß",
    ]
)
TEXTS = st.one_of(
    st.text(min_size=1, max_size=400),
    st.lists(WORDS, min_size=1, max_size=60).map(" ".join),
)


def _fields(event: ExtractedEvent) -> list[Field[object]]:
    fields: list[Field[object]] = [event.event, event.stance]  # type: ignore[list-item]
    if event.date is not None:
        fields.append(event.date)  # type: ignore[arg-type]
    for group in (event.places, event.actors, event.weapons, event.casualties):
        fields.extend(group)  # type: ignore[arg-type]
    return fields


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_never_crashes_and_spans_slice_their_words(text: str) -> None:
    if not text.strip():
        return
    found = extract(text, published=date(2021, 5, 14))
    for event in found.events:
        assert text[event.span.start : event.span.end] == event.span.text
        for field in _fields(event):
            assert 0.0 <= field.confidence <= 1.0
            for span in field.spans:
                assert 0 <= span.start <= span.end <= len(text)
                assert text[span.start : span.end] == span.text
