"""Bodies of the timeline: dated events with their sources, disputed figures and
effects on provisions."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from pydantic import BaseModel, Field

from ceasefire.domain.timeline import (
    DatePrecision,
    EffectOutcome,
    Figure,
    SourceRef,
    TimelineEvent,
)

__all__ = ["TimelineEventOut"]


class CitedSource(BaseModel):
    """Where a fact comes from, with the title of the document cited when it is known."""

    ref: str = Field(examples=["seed:000"])
    note: str = Field(examples=["handover on 25 November 2020, the amended deadline"])
    title: str | None = Field(
        examples=["Lecture slides on the way to the second Nagorno-Karabakh war"]
    )

    @classmethod
    def of(cls, s: SourceRef, titles: Mapping[str, str]) -> CitedSource:
        """The body for a source reference."""
        return cls(ref=s.ref, note=s.note, title=titles.get(s.ref))


class FigureOut(BaseModel):
    """A number the sources give, kept as low / best / high when they disagree."""

    quantity: str = Field(examples=["deaths"])
    low: int | None = Field(examples=[6500])
    best: int | None = Field(examples=[6700])
    high: int | None = Field(examples=[6700])
    unit: str = Field(examples=["persons"])
    note: str
    sources: list[CitedSource]

    @classmethod
    def of(cls, f: Figure, titles: Mapping[str, str]) -> FigureOut:
        """The body for a figure."""
        return cls(
            quantity=f.quantity,
            low=f.low,
            best=f.best,
            high=f.high,
            unit=f.unit,
            note=f.note,
            sources=[CitedSource.of(s, titles) for s in f.sources],
        )


class EffectOut(BaseModel):
    """The event's bearing on one provision."""

    provision_id: str = Field(examples=["tri2020-6-kelbajar"])
    outcome: EffectOutcome
    note: str


class TimelineEventOut(BaseModel):
    """One dated event; `end` is set for events that last."""

    id: str = Field(examples=["kelbajar-handover-2020"])
    title: str = Field(examples=["Kelbajar district handed over to Azerbaijan"])
    start: date
    end: date | None
    precision: DatePrecision
    label: str = Field(examples=["2020-11-25"], description="The date as precisely as known")
    sources: list[CitedSource]
    figures: list[FigureOut]
    effects: list[EffectOut]

    @classmethod
    def of(cls, e: TimelineEvent, titles: Mapping[str, str]) -> TimelineEventOut:
        """The body for an event; `titles` names the documents cited, by reference."""
        return cls(
            id=e.id,
            title=e.title,
            start=e.start,
            end=e.end,
            precision=e.precision,
            label=e.label(),
            sources=[CitedSource.of(s, titles) for s in e.sources],
            figures=[FigureOut.of(f, titles) for f in e.figures],
            effects=[
                EffectOut(provision_id=x.provision_id, outcome=x.outcome, note=x.note)
                for x in e.effects
            ],
        )
