"""Exchanges of prisoners of war, hostages, civilian detainees and bodies: counts handed
over per exchange, and outstanding counts from person-level records (persons recorded as
held and not yet handed over, per holding party and category).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from ceasefire.domain.validation import check_non_empty
from ceasefire.errors import ValidationError

__all__ = [
    "DetainedPerson",
    "Exchange",
    "ExchangeCategory",
    "Outstanding",
    "outstanding",
]


class ExchangeCategory(StrEnum):
    """Who is handed over, in the words of the 2020 statement's provision 8."""

    PRISONERS_OF_WAR = "prisoners_of_war"
    HOSTAGES = "hostages"
    CIVILIAN_DETAINEES = "civilian_detainees"
    BODIES = "bodies"

    @classmethod
    def parse(cls, text: str, field: str = "category") -> ExchangeCategory:
        """A category from its value (spaces and hyphens read as underscores)."""
        key = text.strip().lower().replace(" ", "_").replace("-", "_")
        try:
            return cls(key)
        except ValueError:
            choices = ", ".join(c.value for c in cls)
            raise ValidationError(field, text, f"must be one of {choices}") from None


@dataclass(frozen=True, slots=True)
class Exchange:
    """One handover: on `day`, `count` persons (or bodies) of a category from one party
    to another."""

    id: str
    day: date
    category: ExchangeCategory
    from_party_id: str
    to_party_id: str
    count: int
    recorded_by: str
    recorded_at: datetime
    provision_id: str | None = None
    note: str = ""

    def __post_init__(self) -> None:
        check_non_empty(self.from_party_id, "from")
        check_non_empty(self.to_party_id, "to")
        if self.count < 0:
            raise ValidationError("count", self.count, "must be a whole number >= 0")
        if self.from_party_id == self.to_party_id:
            raise ValidationError("to", self.to_party_id, "must differ from the handing party")


@dataclass(frozen=True, slots=True)
class DetainedPerson:
    """A person recorded as held by a party; `exchange_id` once handed over. Names are
    person-level data: only the mission's staff read them."""

    id: str
    name: str
    category: ExchangeCategory
    held_by_party_id: str
    of_party_id: str
    recorded_on: date
    exchange_id: str | None = None
    note: str = ""

    def __post_init__(self) -> None:
        check_non_empty(self.name, "name")


@dataclass(frozen=True, slots=True)
class Outstanding:
    """Persons of one category recorded as held by one party: all, handed over, still held."""

    held_by_party_id: str
    category: ExchangeCategory
    recorded: int
    handed_over: int

    @property
    def outstanding(self) -> int:
        """Recorded and not yet handed over."""
        return self.recorded - self.handed_over


def outstanding(records: Iterable[tuple[str, ExchangeCategory, bool]]) -> list[Outstanding]:
    """Counts per (holding party, category) from (held_by, category, handed_over) triples.

    >>> [o.outstanding for o in outstanding([("AZ", ExchangeCategory.HOSTAGES, False),
    ...                                       ("AZ", ExchangeCategory.HOSTAGES, True)])]
    [1]
    """
    counts: dict[tuple[str, ExchangeCategory], list[int]] = {}
    for held_by, category, handed in records:
        row = counts.setdefault((held_by, category), [0, 0])
        row[0] += 1
        row[1] += int(handed)
    return [
        Outstanding(held_by, category, n, h)
        for (held_by, category), (n, h) in sorted(counts.items())
    ]
