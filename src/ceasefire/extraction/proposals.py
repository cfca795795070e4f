"""An extracted event as the fields of a report (what `reports add` takes), or why it
cannot be one yet."""

from __future__ import annotations

import hashlib
from typing import Any

from ceasefire.extraction.model import ExtractedEvent

__all__ = ["external_id", "missing_fields", "report_data"]


def missing_fields(event: ExtractedEvent) -> list[str]:
    """The report fields an event lacks: `occurred_start` without a date, `location`
    without a place the gazetteer can put on the map."""
    missing = []
    if event.date is None:
        missing.append("occurred_start")
    if event.location is None:
        missing.append("location")
    return missing


def external_id(text: str, number: int) -> str:
    """The report's external id: the text's hash and the event's number, so accepting the
    same text twice files each event once."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    return f"extract:{digest}:{number}"


def report_data(event: ExtractedEvent, *, source: str, text: str, number: int) -> dict[str, Any]:
    """The report fields of an event that has a date and a location (see missing_fields)."""
    if event.date is None or event.location is None:
        raise ValueError(f"event {number} lacks {', '.join(missing_fields(event))}")
    when, place = event.date.value, event.location.value
    casualties: dict[str, dict[str, int | None]] = {}
    for found in event.casualties:
        value = found.value
        if value.category not in casualties and not value.unknown:
            casualties[value.category] = {"low": value.low, "best": value.best, "high": value.high}
    return {
        "source": source,
        "occurred_start": when.start.isoformat(),
        "occurred_end": when.end.isoformat() if when.end else None,
        "time_precision": when.precision.value,
        "latitude": place.latitude,
        "longitude": place.longitude,
        "geo_precision": place.precision.value,
        "place_name": place.name,
        "event_type": event.event.value.event_type,
        "sub_event_type": event.event.value.sub_event_type,
        "actors": [
            {"name": a.value.name, "side": a.value.side.value, "party": a.value.party_id}
            for a in event.actors
        ],
        "weapons": list(dict.fromkeys(w.value.value for w in event.weapons)),
        "casualties": casualties,
        "how_observed": "claimed",
        "text": event.span.text,
        "external_id": external_id(text, number),
    }
