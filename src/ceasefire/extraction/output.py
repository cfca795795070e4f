"""An extraction as plain JSON data, for the CLI's `--format json` and the API: every
field as its value, the spans of the words it came from and its confidence; and an event's
fields as rows people read (the CLI's table, the dashboard's extraction page)."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from ceasefire.extraction.model import ExtractedEvent, Extraction, Field

__all__ = ["extraction_json", "field_rows"]

_ONE = ("date", "event", "stance")
_MANY = ("places", "actors", "weapons", "casualties", "observations")


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


def field_rows(event: ExtractedEvent) -> list[tuple[str, str, Field[Any]]]:
    """Every field of an event as (name, value as people read it, the field), in the order
    the CLI and the dashboard show them."""
    rows: list[tuple[str, str, Field[Any]]] = []
    if event.date is not None:
        d = event.date.value
        until = f" to {d.end:%Y-%m-%d %H:%M}" if d.end else ""
        rows.append(("date", f"{d.start:%Y-%m-%d %H:%M}{until} ({d.precision.value})", event.date))
    for p in event.places:
        place = p.value
        rows.append(
            (f"place ({place.role.value})", f"{place.canonical} ({place.precision.value})", p)
        )
    for a in event.actors:
        who = a.value
        label = f"{who.kind.value} {who.party_id or ''}".strip()
        rows.append((f"actor ({who.side.value})", label, a))
    rows += [("weapon", w.value.value, w) for w in event.weapons]
    e = event.event.value
    rows.append(("event", f"{e.event_type} / {e.sub_event_type}; {e.kind.value}", event.event))
    for c in event.casualties:
        toll = c.value
        figure = "unknown number" if toll.unknown else _figure(toll.low, toll.best, toll.high)
        party = f" ({toll.party_id})" if toll.party_id else ""
        rows.append((f"{toll.category}{party}", figure, c))
    rows += [(o.value.kind.value, str(o.value.count), o) for o in event.observations]
    rows.append(("stance", event.stance.value.value, event.stance))
    return rows


def _figure(low: int | None, best: int | None, high: int | None) -> str:
    if best is not None and low == best == high:
        return str(best)
    parts = [f"low {low}" if low is not None else "", f"best {best}" if best is not None else "",
             f"high {high}" if high is not None else ""]  # fmt: skip
    return ", ".join(p for p in parts if p)
