"""Bodies of text extraction: a text to read, the events proposed with each field's words
and confidence, and the reports an accepted extraction became."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, Field, StringConstraints

from ceasefire.api.schemas.common import Identifier, no_markup
from ceasefire.extraction import MAX_TEXT_CHARS

__all__ = ["AcceptedOut", "ExtractionIn", "ExtractionOut"]


class ExtractionIn(BaseModel):
    """A statement, wire report or monitor's narrative to read."""

    text: Annotated[
        str,
        StringConstraints(min_length=1, max_length=MAX_TEXT_CHARS),
        AfterValidator(no_markup),
    ] = Field(
        description="Plain text (markup is refused, as in every text the API stores)",
        examples=[
            "On 12 July 2020 Armenian armed forces shelled positions near Aghdam village"
            " of the Tovuz district with mortars. Two servicemen were wounded."
        ],
    )
    published: date = Field(
        description="When the text was published: relative dates count from it",
        examples=["2020-07-13"],
    )
    source: Identifier = Field(
        description="The registered source it comes from", examples=["mod-az"]
    )
    speaker: Identifier | None = Field(
        default=None,
        description="The party whose statement it is (reads 'our units', 'the enemy');"
        " default: the source's party when the source is a party's statement",
        examples=["AZ"],
    )


class SpanOut(BaseModel):
    """Characters `start` to `end` of the text, and those characters."""

    start: int
    end: int
    text: str


class FieldOut(BaseModel):
    """One extracted value, the words it came from and how sure the rule is (0 to 1)."""

    value: Any
    spans: list[SpanOut]
    confidence: float


class EventSpan(BaseModel):
    """Where in the text an event is told."""

    start: int
    end: int


class EventOut(BaseModel):
    """One event the text mentions, with every field found for it."""

    span: EventSpan
    date: FieldOut | None
    event: FieldOut
    stance: FieldOut
    places: list[FieldOut]
    actors: list[FieldOut]
    weapons: list[FieldOut]
    casualties: list[FieldOut]
    observations: list[FieldOut] = Field(
        default=[], description="Counts of explosions, projectiles, bursts and shots"
    )


class ExtractionOut(BaseModel):
    """The events proposed for a text (the offsets point into `text`); nothing is stored."""

    text: str
    published: date
    source: str
    events: list[EventOut]


class AcceptedOut(BaseModel):
    """The report one accepted event became."""

    number: int = Field(description="The event's number in the text, from 1")
    report_id: str
    incident_id: str | None
    duplicate: bool = Field(description="The report was already on file: nothing written")
    evidence_attached: bool
