"""Dated events of a scenario, with their sources, disputed figures and effects on provisions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from ceasefire.domain.validation import check_non_empty, check_range
from ceasefire.errors import ValidationError

__all__ = [
    "DatePrecision",
    "EffectOutcome",
    "Figure",
    "ProvisionEffect",
    "SourceRef",
    "TimelineEvent",
]


class DatePrecision(StrEnum):
    """How exactly an event's date is known."""

    DAY = "day"
    MONTH = "month"
    YEAR = "year"


class EffectOutcome(StrEnum):
    """What an event does to a provision."""

    MET = "met"
    BREACHED = "breached"
    DISPUTED = "disputed"
    NOTICE_GIVEN = "notice_given"
    ENDED = "ended"


@dataclass(frozen=True, slots=True)
class SourceRef:
    """Where a fact comes from: a seed document ("seed:000") or "public record"."""

    ref: str
    note: str = ""

    def __post_init__(self) -> None:
        check_non_empty(self.ref, "source.ref")


@dataclass(frozen=True, slots=True)
class Figure:
    """A number sources give for an event, kept as low / best / high when they disagree."""

    quantity: str
    low: int | None
    best: int | None
    high: int | None
    unit: str = ""
    note: str = ""
    sources: tuple[SourceRef, ...] = ()

    def __post_init__(self) -> None:
        check_range(self.low, self.best, self.high, f"figure[{self.quantity}]")
        if self.low is None and self.best is None and self.high is None:
            raise ValidationError(
                f"figure[{self.quantity}]", None, "needs at least one of low/best/high"
            )


@dataclass(frozen=True, slots=True)
class ProvisionEffect:
    """An event's bearing on one provision, e.g. a handover that meets a deadline."""

    provision_id: str
    outcome: EffectOutcome
    note: str = ""


@dataclass(frozen=True, slots=True)
class TimelineEvent:
    """One dated event; `end` is set for events that last (a blockade, a war)."""

    id: str
    title: str
    start: date
    end: date | None = None
    precision: DatePrecision = DatePrecision.DAY
    sources: tuple[SourceRef, ...] = ()
    figures: tuple[Figure, ...] = ()
    effects: tuple[ProvisionEffect, ...] = ()

    def __post_init__(self) -> None:
        check_non_empty(self.id, "event.id")
        check_non_empty(self.title, f"events[{self.id}].title")
        if self.end is not None and self.end < self.start:
            raise ValidationError(f"events[{self.id}].end", self.end.isoformat(), "is before start")
        if not self.sources:
            raise ValidationError(f"events[{self.id}].sources", [], "every event needs a source")

    @property
    def last_day(self) -> date:
        """The last day the event covers."""
        return self.end or self.start

    def label(self) -> str:
        """The date as precisely as it is known, e.g. '2020-11', '2016-04-02 – 2016-04-05'."""
        width = {DatePrecision.DAY: 10, DatePrecision.MONTH: 7, DatePrecision.YEAR: 4}[
            self.precision
        ]
        text = self.start.isoformat()[:width]
        if self.end is not None and self.end != self.start:
            text += " – " + self.end.isoformat()[:width]
        return text
