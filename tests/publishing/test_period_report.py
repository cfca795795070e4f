"""The period figures and the comparison sentences, without a database: both directions,
equal, no data for the period before, singular and plural; periods and their parsing."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from ceasefire.domain.incidents import Incident, VerificationStatus
from ceasefire.domain.period_report import (
    VIOLATIONS,
    MovementRestriction,
    PeriodFigures,
    add_ranges,
    comparison_sentence,
    incidents_of_note,
    period_figures,
    summary_bullets,
    zone_figures,
)
from ceasefire.domain.report_periods import (
    Audience,
    daily_period,
    parse_audience,
    parse_day,
    parse_week,
)
from ceasefire.domain.reports import Casualties, CasualtyRange, Location, TimeSpan
from ceasefire.errors import ValidationError

DAY = daily_period(date(2021, 1, 5))
WEEK = parse_week("2021-W03")
LACHIN = "in the Lachin corridor zone"
NAMES = {"lachin-corridor": "Lachin corridor", "district-aghdam": "Aghdam District"}


def incident(
    n: int,
    *,
    zones: tuple[str, ...] = ("lachin-corridor",),
    event_type: str = "Battles",
    status: VerificationStatus = VerificationStatus.VERIFIED,
    killed: CasualtyRange | None = None,
) -> Incident:
    return Incident(
        id=f"i{n:03d}", report_ids=(f"r{n}",),
        occurred=TimeSpan(datetime(2021, 1, 5, n % 24, tzinfo=UTC)),
        location=Location(39.6, 46.5, place_name=f"Place {n}"), event_type=event_type,
        sub_event_type=None, casualties=Casualties(killed_military=killed or CasualtyRange()),
        status=status, confidence=0.5, zone_ids=zones,
    )  # fmt: skip


def figures(violations: int, by_zone: dict[str, int], reports: int = 10) -> PeriodFigures:
    return PeriodFigures(violations, by_zone, CasualtyRange(), 0, reports)


@pytest.mark.parametrize(
    ("now", "before", "expected"),
    [
        (12, 7, "Compared with the previous 24 hours, more ceasefire violations were recorded"
                f" {LACHIN} (12 against 7)."),
        (3, 7, "Compared with the previous 24 hours, fewer ceasefire violations were recorded"
               f" {LACHIN} (3 against 7)."),
        (0, 4, "Compared with the previous 24 hours, fewer ceasefire violations were recorded"
               f" {LACHIN} (0 against 4)."),
        (7, 7, "Compared with the previous 24 hours, the same number of ceasefire violations"
               f" was recorded {LACHIN} (7)."),
        (12, None, f"12 ceasefire violations were recorded {LACHIN} on 5 January 2021; there"
                   " are no data for the previous 24 hours to compare with."),
        (1, None, f"1 ceasefire violation was recorded {LACHIN} on 5 January 2021; there are"
                  " no data for the previous 24 hours to compare with."),
    ],
)  # fmt: skip
def test_comparison_sentences(now: int, before: int | None, expected: str) -> None:
    assert comparison_sentence(VIOLATIONS, LACHIN, now, before, DAY) == expected


def test_weekly_sentences_name_the_previous_week() -> None:
    assert comparison_sentence(VIOLATIONS, LACHIN, 2, 5, WEEK).startswith(
        "Compared with the previous week, fewer"
    )
    assert "in week 2021-W03 (18–24 January 2021)" in comparison_sentence(
        VIOLATIONS, LACHIN, 2, None, WEEK
    )


def test_summary_compares_the_area_then_each_zone_most_first() -> None:
    now = figures(5, {"lachin-corridor": 4, "district-aghdam": 1})
    before = figures(6, {"lachin-corridor": 2, "district-aghdam": 4})
    assert summary_bullets(now, before, DAY, NAMES) == [
        "Compared with the previous 24 hours, fewer ceasefire violations were recorded"
        " across the mission area (5 against 6).",
        "Compared with the previous 24 hours, more ceasefire violations were recorded"
        " in the Lachin corridor zone (4 against 2).",
        "Compared with the previous 24 hours, fewer ceasefire violations were recorded"
        " in the Aghdam District zone (1 against 4).",
    ]


def test_summary_when_the_previous_period_has_no_data() -> None:
    bullets = summary_bullets(figures(2, {"lachin-corridor": 2}), figures(0, {}, 0), DAY, NAMES)
    assert all("there are no data for the previous 24 hours" in b for b in bullets)
    assert len(bullets) == 2


def test_a_day_without_violations_says_so_honestly() -> None:
    assert summary_bullets(figures(0, {}, 0), figures(0, {}, 0), DAY, NAMES) == [
        "No violations were recorded on 5 January 2021."
    ]
    bullets = summary_bullets(figures(0, {}, 3), figures(2, {"lachin-corridor": 2}), DAY, NAMES)
    assert bullets[0] == "No violations were recorded on 5 January 2021."
    assert "(0 against 2)" in bullets[1]


def test_casualty_ranges_are_added_never_averaged() -> None:
    total = add_ranges([CasualtyRange(1, 2, 5), CasualtyRange(0, 1, 1), CasualtyRange()])
    assert total == CasualtyRange(1, 3, 6)
    assert add_ranges([CasualtyRange(), CasualtyRange()]) == CasualtyRange()


def test_figures_count_violent_unrejected_incidents_per_zone() -> None:
    found = [
        incident(1, killed=CasualtyRange(2, 3, 4)),
        incident(2, zones=("lachin-corridor", "district-aghdam")),
        incident(3, status=VerificationStatus.REJECTED),
        incident(4, event_type="Protests"),
        incident(5, zones=()),
    ]
    restriction = MovementRestriction("r9", datetime(2021, 1, 5, tzinfo=UTC), "Lachin",
                                      ("lachin-corridor",), "Patrol 1", "Stopped.")  # fmt: skip
    totals = period_figures(found, [restriction], reports=9)
    assert totals.violations == 3
    assert totals.by_zone == {"lachin-corridor": 2, "district-aghdam": 1, "": 1}
    assert totals.killed == CasualtyRange(2, 3, 4)
    zones = zone_figures(found, {"i001": {"saw": 2, "uav": 1}}, [restriction], NAMES)
    assert [(z.name, z.violations) for z in zones] == [
        ("Lachin corridor", 2), ("Aghdam District", 1), ("Outside the scenario's zones", 1),
    ]  # fmt: skip
    lachin = zones[0]
    assert dict(lachin.by_how_observed) == {"saw": 2, "heard": 0, "camera": 0, "uav": 1,
                                            "claimed": 0}  # fmt: skip
    assert lachin.casualties == (("killed_military", CasualtyRange(2, 3, 4)),)
    assert lachin.restrictions == (restriction,)
    assert lachin.notable[0].id == "i001"


def test_incidents_of_note_put_the_dead_first() -> None:
    found = [incident(1), incident(2, killed=CasualtyRange(1, 1, 1)), incident(3)]
    assert [i.id for i in incidents_of_note(found, limit=2)] == ["i002", "i001"]


@pytest.mark.parametrize(
    ("parse", "text", "message"),
    [
        (parse_day, "2021-13-01", "date: must be a date as YYYY-MM-DD"),
        (parse_day, "yesterday", "date: must be a date as YYYY-MM-DD"),
        (parse_week, "2021-03", "week: must be an ISO week as YYYY-Www"),
        (parse_week, "2021-W54", "week: 2021 has no ISO week 54"),
        (parse_audience, "press", "audience: must be one of: public, internal"),
    ],
)
def test_bad_input_names_the_option_and_the_value(parse: object, text: str, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse(text)  # type: ignore[operator]
    assert message in str(caught.value) and repr(text) in str(caught.value)


def test_periods() -> None:
    assert parse_week("2020-W53").first == date(2020, 12, 28)
    assert parse_day("2021-01-05").previous.first == date(2021, 1, 4)
    assert WEEK.previous.first == date(2021, 1, 11) and WEEK.slug == "2021-W03"
    assert parse_audience(" Public ") is Audience.PUBLIC
