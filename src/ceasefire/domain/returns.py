"""Returns of displaced persons: counts per district and month, summed over sources."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from ceasefire.errors import ValidationError

__all__ = ["DisplacedReturn", "ReturnCount", "parse_month", "returns_by_district_month"]


@dataclass(frozen=True, slots=True)
class DisplacedReturn:
    """People a source counts as returned to a district in a month (month: its first day)."""

    id: str
    district: str
    month: date
    people: int
    source: str

    def __post_init__(self) -> None:
        if self.people < 0:
            raise ValidationError("people", self.people, "must be a whole number >= 0")
        if self.month.day != 1:
            raise ValidationError("month", self.month.isoformat(), "must be a month's first day")


@dataclass(frozen=True, slots=True)
class ReturnCount:
    """Returns to one district in one month, with the sources counted."""

    district: str
    month: date
    people: int
    sources: tuple[str, ...]


def parse_month(text: str, field: str = "month") -> date:
    """A month as YYYY-MM, as its first day.

    >>> parse_month("2021-03")
    datetime.date(2021, 3, 1)
    """
    raw = text.strip()
    try:
        if len(raw) != 7 or raw[4] != "-":
            raise ValueError(raw)
        return date(int(raw[:4]), int(raw[5:]), 1)
    except ValueError:
        raise ValidationError(field, text, "must be a month as YYYY-MM, e.g. 2021-03") from None


def returns_by_district_month(rows: Iterable[DisplacedReturn]) -> list[ReturnCount]:
    """Counts summed per (district, month), ordered by month then district."""
    sums: dict[tuple[date, str], tuple[int, list[str]]] = {}
    for r in rows:
        people, sources = sums.get((r.month, r.district), (0, []))
        sums[(r.month, r.district)] = (people + r.people, [*sources, r.source])
    return [
        ReturnCount(district, month, people, tuple(sorted(set(sources))))
        for (month, district), (people, sources) in sorted(sums.items())
    ]
