"""Reporting periods: a day or an ISO week in UTC, the period before it, and who reads the
report (its audience). Parsed from what a user types, with errors naming the option."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum

from ceasefire.domain.validation import parse_enum
from ceasefire.errors import ValidationError

__all__ = [
    "Audience",
    "PeriodKind",
    "ReportPeriod",
    "daily_period",
    "parse_audience",
    "parse_day",
    "parse_week",
    "weekly_period",
]

_WEEK = re.compile(r"^(\d{4})-?W(\d{2})$")


class PeriodKind(StrEnum):
    """How long a reporting period is."""

    DAILY = "daily"
    WEEKLY = "weekly"


class Audience(StrEnum):
    """Who a report is for: the public (published material only) or the mission's staff."""

    PUBLIC = "public"
    INTERNAL = "internal"


@dataclass(frozen=True, slots=True)
class ReportPeriod:
    """Days `first` to `last` (inclusive, UTC) of a daily or weekly report."""

    kind: PeriodKind
    first: date
    last: date

    @property
    def since(self) -> datetime:
        """The period's first instant (00:00 UTC of its first day)."""
        return datetime.combine(self.first, time(0), tzinfo=UTC)

    @property
    def until(self) -> datetime:
        """The instant just after the period (00:00 UTC the day after its last day)."""
        return datetime.combine(self.last + timedelta(days=1), time(0), tzinfo=UTC)

    @property
    def days(self) -> int:
        """How many days the period has."""
        return (self.last - self.first).days + 1

    @property
    def previous(self) -> ReportPeriod:
        """The period of the same length just before this one."""
        step = timedelta(days=self.days)
        return ReportPeriod(self.kind, self.first - step, self.last - step)

    @property
    def label(self) -> str:
        """'16 November 2020' or 'week 2020-W47 (16–22 November 2020)'.

        >>> weekly_period(date(2020, 11, 18)).label
        'week 2020-W47 (16–22 November 2020)'
        """
        if self.kind is PeriodKind.DAILY:
            return _day_text(self.first)
        year, week, _ = self.first.isocalendar()
        return f"week {year}-W{week:02d} ({_span_text(self.first, self.last)})"

    @property
    def on_label(self) -> str:
        """How a sentence names the period: 'on 16 November 2020', 'in week 2020-W47 (...)'."""
        return f"on {self.label}" if self.kind is PeriodKind.DAILY else f"in {self.label}"

    @property
    def previous_phrase(self) -> str:
        """How a comparison names the period before: 'the previous 24 hours' or week."""
        return "the previous 24 hours" if self.kind is PeriodKind.DAILY else "the previous week"

    @property
    def slug(self) -> str:
        """A file-name part: '2020-11-16' or '2020-W47'."""
        if self.kind is PeriodKind.DAILY:
            return self.first.isoformat()
        year, week, _ = self.first.isocalendar()
        return f"{year}-W{week:02d}"


def daily_period(day: date) -> ReportPeriod:
    """The one-day period of `day`."""
    return ReportPeriod(PeriodKind.DAILY, day, day)


def weekly_period(day: date) -> ReportPeriod:
    """The ISO week (Monday to Sunday) holding `day`."""
    monday = day - timedelta(days=day.weekday())
    return ReportPeriod(PeriodKind.WEEKLY, monday, monday + timedelta(days=6))


def parse_day(text: str, field: str = "date") -> ReportPeriod:
    """A daily period from YYYY-MM-DD.

    >>> parse_day("2020-11-16").first
    datetime.date(2020, 11, 16)
    """
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError(
            field, text, "must be a date as YYYY-MM-DD, e.g. 2020-11-16"
        ) from None
    return daily_period(day)


def parse_week(text: str, field: str = "week") -> ReportPeriod:
    """A weekly period from an ISO week, YYYY-Www (e.g. 2021-W03).

    >>> parse_week("2021-W03").first
    datetime.date(2021, 1, 18)
    """
    found = _WEEK.match(text.strip())
    if found is None:
        raise ValidationError(field, text, "must be an ISO week as YYYY-Www, e.g. 2021-W03")
    year, week = int(found.group(1)), int(found.group(2))
    try:
        monday = date.fromisocalendar(year, week, 1)
    except ValueError:
        raise ValidationError(field, text, f"{year} has no ISO week {week}") from None
    return weekly_period(monday)


def parse_audience(text: str, field: str = "audience") -> Audience:
    """'public' or 'internal'."""
    return parse_enum(Audience, text.strip().lower(), field)


_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip
"""Month names written out, whatever the locale."""


def _day_text(day: date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def _span_text(first: date, last: date) -> str:
    if first.year != last.year:
        return f"{_day_text(first)} – {_day_text(last)}"
    if first.month != last.month:
        return f"{first.day} {_MONTHS[first.month - 1]} – {_day_text(last)}"
    return f"{first.day}–{_day_text(last)}"
