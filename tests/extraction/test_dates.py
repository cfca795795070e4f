"""Dates and times: absolute, relative to publication, ranges, clock times and precision."""

from __future__ import annotations

from datetime import date

import pytest

from ceasefire.extraction.dates import find_date

PUBLISHED = date(2021, 5, 14)  # a Friday


@pytest.mark.parametrize(
    ("sentence", "start", "end", "precision"),
    [
        ("On 11 January 2022 units fired", "2022-01-11T00:00", None, "day"),
        ("On May 13 units fired", "2021-05-13T00:00", None, "day"),
        ("On September 27, 2020, forces attacked", "2020-09-27T00:00", None, "day"),
        ("on 13th May the post was hit", "2021-05-13T00:00", None, "day"),
        ("On 20 December units fired", "2020-12-20T00:00", None, "day"),  # year before
        ("the night of 13 to 14 May", "2021-05-13T00:00", "2021-05-14T00:00", "day"),
        ("The Four days war 2-5 April 2016", "2016-04-02T00:00", "2016-04-05T00:00", "day"),
        (
            "from the evening of 2 May to the night of 3 May",
            "2021-05-02T00:00",
            "2021-05-03T00:00",
            "day",
        ),
        ("in April 2016 the fighting", "2016-04-01T00:00", None, "month"),
        ("yesterday units fired", "2021-05-13T00:00", None, "day"),
        ("last night units fired", "2021-05-13T00:00", "2021-05-14T00:00", "day"),
        ("At 07:30 today units fired", "2021-05-14T07:30", None, "minute"),
        ("on Tuesday units fired", "2021-05-11T00:00", None, "day"),
        ("On Friday units fired", "2021-05-14T00:00", None, "day"),
        ("On May 13, at around 23:00, units fired", "2021-05-13T23:00", None, "hour"),
        (
            "On May 13, from 23:40 till 00:15, units fired",
            "2021-05-13T23:40",
            "2021-05-14T00:15",
            "minute",
        ),
        (
            "From 02:10 to 03:00 on 9 May units fired",
            "2021-05-09T02:10",
            "2021-05-09T03:00",
            "minute",
        ),
        ("From 22:00 on 7 May to 02:00 on 8 May", "2021-05-07T22:00", "2021-05-08T02:00", "minute"),
        (
            "Yesterday, between 18:40 and 19:15, units fired",
            "2021-05-13T18:40",
            "2021-05-13T19:15",
            "minute",
        ),
    ],
)
def test_dates(sentence: str, start: str, end: str | None, precision: str) -> None:
    found = find_date(sentence, 0, PUBLISHED)
    assert found is not None
    assert found.value.start.strftime("%Y-%m-%dT%H:%M") == start
    assert (found.value.end.strftime("%Y-%m-%dT%H:%M") if found.value.end else None) == end
    assert found.value.precision.value == precision
    assert 0 <= found.confidence <= 1
    for span in found.spans:
        assert sentence[span.start : span.end] == span.text


@pytest.mark.parametrize(
    "sentence",
    [
        "Units fired at the positions.",
        "in violation of the 9 November 2020 statement",
        "since the November truce",
        "at 23:40 the post was hit",  # a time without a day is no date
    ],
)
def test_no_event_date(sentence: str) -> None:
    assert find_date(sentence, 0, PUBLISHED) is None


def test_times_are_local_and_offsets_shift() -> None:
    found = find_date("On May 13 at 10:00", 100, PUBLISHED)
    assert found is not None
    assert found.value.start.utcoffset().total_seconds() == 4 * 3600  # type: ignore[union-attr]
    assert [s.start for s in found.spans] == [103, 113]
