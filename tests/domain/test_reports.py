"""Reports are validated on construction; every bad field is named with its value."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ceasefire.domain.event_types import EVENT_TYPES, SUB_EVENT_TYPES
from ceasefire.domain.precision import GeoPrecision, TimePrecision
from ceasefire.domain.report_parsing import parse_report
from ceasefire.errors import ValidationError
from ceasefire.testing import report_data

NOW = datetime(2020, 11, 17, tzinfo=UTC)


def parse(**overrides: Any) -> Any:
    return parse_report(report_data(**overrides), report_id="r1", received_at=NOW)


def test_taxonomy_has_6_types_and_25_sub_types() -> None:
    assert len(EVENT_TYPES) == 6
    assert len(SUB_EVENT_TYPES) == 25


def test_valid_report_round_trips_its_fields() -> None:
    r = parse()
    assert r.location.latitude == pytest.approx(39.9934)
    assert r.occurred.start == datetime(2020, 11, 16, 17, 40, tzinfo=UTC)
    assert r.observations.explosions == 3
    assert r.casualties.wounded_civilian.high == 2
    assert r.weapons[0].value == "mortar"


@pytest.mark.parametrize(
    ("overrides", "field", "value"),
    [
        ({"event_type": "Skirmish"}, "event_type", "Skirmish"),
        ({"sub_event_type": "Armed clash"}, "sub_event_type", "Armed clash"),
        ({"latitude": 91}, "latitude", 91),
        ({"longitude": -181.5}, "longitude", -181.5),
        ({"latitude": "north"}, "latitude", "north"),
        (
            {"occurred_end": "2020-11-16T20:00:00+04:00"},
            "occurred_end",
            "2020-11-16T20:00:00+04:00",
        ),
        ({"occurred_start": "2020-11-16 21:40"}, "occurred_start", "2020-11-16 21:40"),
        ({"occurred_start": "yesterday"}, "occurred_start", "yesterday"),
        ({"credibility": 7}, "credibility", 7),
        ({"how_observed": "smelled"}, "how_observed", "smelled"),
        ({"weapons": ["catapult"]}, "weapons[0]", "catapult"),
        ({"time_precision": "decade"}, "time_precision", "decade"),
        (
            {"casualties": {"killed_military": {"low": 5, "high": 2}}},
            "casualties.killed_military",
            (5, None, 2),
        ),
        ({"casualties": {"killed_horses": 1}}, "casualties.killed_horses", 1),
        ({"casualties": {"killed_civilian": -1}}, "casualties.killed_civilian.low", -1),
        ({"observations": {"explosions": -3}}, "observations.explosions", -3),
        ({"colour": "red"}, "colour", "red"),
        ({"source": ""}, "source", ""),
    ],
)
def test_bad_field_is_named(overrides: dict[str, Any], field: str, value: Any) -> None:
    with pytest.raises(ValidationError) as info:
        parse(**overrides)
    assert info.value.field == field
    assert info.value.value == value
    assert field in str(info.value)


def test_precision_codes_map_to_acled_and_ucdp() -> None:
    assert [p.acled for p in TimePrecision] == [1, 1, 1, 2, 3, 3]
    assert [p.ucdp for p in TimePrecision] == [1, 1, 1, 3, 4, 5]
    assert [p.ucdp for p in GeoPrecision] == [1, 1, 2, 3, 4, 6]
    for code in range(1, 8):
        assert GeoPrecision.from_ucdp(code).ucdp in {code, 4, 6} or code == 5


@given(lat=st.floats(allow_nan=False), lon=st.floats(allow_nan=False))
def test_coordinates_accepted_exactly_when_in_range(lat: float, lon: float) -> None:
    ok = -90 <= lat <= 90 and -180 <= lon <= 180
    try:
        parse(latitude=lat, longitude=lon)
    except ValidationError as exc:
        assert not ok
        assert exc.field in {"latitude", "longitude"}
    else:
        assert ok


@given(low=st.integers(0, 50), extra=st.integers(0, 50))
def test_ranges_accept_ordered_values(low: int, extra: int) -> None:
    r = parse(
        casualties={"killed_military": {"low": low, "best": low + extra, "high": low + 2 * extra}}
    )
    assert r.casualties.killed_military.best == low + extra


def test_acled_and_ucdp_codes() -> None:
    from ceasefire.domain.interop import acled_codes, ucdp_codes

    r = parse(
        time_precision="week",
        geo_precision="district",
        casualties={
            "killed_military": {"low": 15, "best": 16, "high": 17},
            "killed_civilian": 1,
            "military_by_party": [{"party": "AM", "killed": 4}, {"party": "AZ", "killed": 11}],
        },
    )
    acled = acled_codes(r)
    assert (acled.time_precision, acled.geo_precision, acled.fatalities) == (2, 3, 17)
    ucdp = ucdp_codes(r, side_a="AZ", side_b="AM")
    assert (ucdp.date_prec, ucdp.where_prec) == (3, 3)
    assert (ucdp.deaths_a, ucdp.deaths_b, ucdp.deaths_civilians, ucdp.deaths_unknown) == (
        11,
        4,
        1,
        1,
    )
    assert (ucdp.low, ucdp.best, ucdp.high) == (16, 17, 18)


def test_bad_party_toll_is_named() -> None:
    with pytest.raises(ValidationError) as info:
        parse(casualties={"military_by_party": [{"party": "AM", "killed": {"low": 3, "high": 1}}]})
    assert info.value.field == "casualties.military_by_party[0].killed"
