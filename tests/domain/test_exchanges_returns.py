"""Exchanges and outstanding counts; returns per district and month."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from ceasefire.domain.exchanges import Exchange, outstanding
from ceasefire.domain.exchanges import ExchangeCategory as C
from ceasefire.domain.returns import DisplacedReturn, parse_month, returns_by_district_month
from ceasefire.errors import ValidationError


def test_outstanding_counts_per_holder_and_category() -> None:
    got = outstanding(
        [("AZ", C.PRISONERS_OF_WAR, False), ("AZ", C.PRISONERS_OF_WAR, True),
         ("AZ", C.BODIES, True), ("AM", C.PRISONERS_OF_WAR, False)]
    )  # fmt: skip
    assert [(o.held_by_party_id, o.category, o.recorded, o.outstanding) for o in got] == [
        ("AM", C.PRISONERS_OF_WAR, 1, 1),
        ("AZ", C.BODIES, 1, 0),
        ("AZ", C.PRISONERS_OF_WAR, 2, 1),
    ]


def test_categories_parse_and_bad_ones_say_the_choices() -> None:
    assert C.parse("Prisoners of war") is C.PRISONERS_OF_WAR
    with pytest.raises(ValidationError, match="hostages"):
        C.parse("soldiers")


def test_an_exchange_needs_two_parties_and_a_count() -> None:
    when = datetime(2020, 12, 14, tzinfo=UTC)
    with pytest.raises(ValidationError, match="must differ"):
        Exchange("e", date(2020, 12, 14), C.BODIES, "AZ", "AZ", 1, "t", when)
    with pytest.raises(ValidationError, match=">= 0"):
        Exchange("e", date(2020, 12, 14), C.BODIES, "AZ", "AM", -1, "t", when)


def test_returns_sum_over_sources_per_district_and_month() -> None:
    rows = [
        DisplacedReturn("1", "district-aghdam", date(2021, 3, 1), 10, "UNHCR"),
        DisplacedReturn("2", "district-aghdam", date(2021, 3, 1), 5, "ministry"),
        DisplacedReturn("3", "district-lachin", date(2021, 2, 1), 7, "UNHCR"),
    ]
    got = returns_by_district_month(rows)
    assert [(r.district, r.month, r.people) for r in got] == [
        ("district-lachin", date(2021, 2, 1), 7),
        ("district-aghdam", date(2021, 3, 1), 15),
    ]
    assert got[1].sources == ("UNHCR", "ministry")


@pytest.mark.parametrize("text", ["2021-13", "2021-3", "March 2021", ""])
def test_bad_months_are_rejected(text: str) -> None:
    with pytest.raises(ValidationError, match="YYYY-MM"):
        parse_month(text)
