"""Text to candidate reports: rule-based extraction of events, with the words of every field."""

from ceasefire.extraction.events import MAX_TEXT_CHARS, extract, sentences
from ceasefire.extraction.model import (
    ActorKind,
    ActorValue,
    CasualtyValue,
    DateValue,
    EventKind,
    EventValue,
    ExtractedEvent,
    Extraction,
    Field,
    PlaceRole,
    PlaceValue,
    Span,
)
from ceasefire.extraction.places import PlaceIndex

__all__ = [
    "MAX_TEXT_CHARS",
    "ActorKind",
    "ActorValue",
    "CasualtyValue",
    "DateValue",
    "EventKind",
    "EventValue",
    "ExtractedEvent",
    "Extraction",
    "Field",
    "PlaceIndex",
    "PlaceRole",
    "PlaceValue",
    "Span",
    "extract",
    "sentences",
]
