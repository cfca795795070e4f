"""An extraction as plain JSON data, for the CLI's `--format json` and the API: every
field as its value, the spans of the words it came from and its confidence."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from ceasefire.extraction.model import Extraction, Field

__all__ = ["extraction_json"]

_ONE = ("date", "event", "stance")
_MANY = ("places", "actors", "weapons", "casualties")


def extraction_json(extraction: Extraction) -> dict[str, Any]:
    """`{"published": ..., "events": [...]}`, each event with its span and fields."""
    events = []
    for event in extraction.events:
        item: dict[str, Any] = {"span": {"start": event.span.start, "end": event.span.end}}
        for name in _ONE:
            found = getattr(event, name)
            item[name] = _field(found) if found is not None else None
        for name in _MANY:
            item[name] = [_field(f) for f in getattr(event, name)]
        events.append(item)
    return {"published": extraction.published.isoformat(), "events": events}


def _field(found: Field[Any]) -> dict[str, Any]:
    spans = [{"start": s.start, "end": s.end, "text": s.text} for s in found.spans]
    return {"value": _plain(found.value), "spans": spans, "confidence": found.confidence}


def _plain(value: Any) -> Any:
    """A field value as JSON: dataclasses as objects, enums as their values, dates as ISO
    text."""
    if hasattr(value, "__dataclass_fields__"):
        return {name: _plain(getattr(value, name)) for name in value.__dataclass_fields__}
    if isinstance(value, StrEnum):
        return value.value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value
