"""An extracted event as the fields of a report (what `reports add` takes), or why it
cannot be one yet."""

from __future__ import annotations

import hashlib
from typing import Any

from ceasefire.extraction.model import ExtractedEvent

__all__ = ["casualties_data", "external_id", "missing_fields", "report_data"]

Figures = dict[str, int | None]


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
        "observations": {o.value.kind.value: o.value.count for o in event.observations},
        "casualties": casualties_data(event),
        "how_observed": "claimed",
        "text": event.span.text,
        "external_id": external_id(text, number),
    }


def casualties_data(event: ExtractedEvent) -> dict[str, Any]:
    """The report's `casualties` from an event's figures (those with a number).

    Military figures the text gives by party go to `military_by_party`, and a category's
    total is the sum of its parties' figures; otherwise a category takes the first figure
    the text gives for it (a figure said twice is not counted twice).
    """
    first: dict[str, Figures] = {}
    by_party: dict[tuple[str, str], Figures] = {}
    for found in event.casualties:
        value = found.value
        if value.unknown:
            continue
        figures: Figures = {"low": value.low, "best": value.best, "high": value.high}
        first.setdefault(value.category, figures)
        if value.party_id is not None and value.category.endswith("_military"):
            by_party.setdefault((value.party_id, value.category), figures)
    data: dict[str, Any] = dict(first)
    for category in {c for _, c in by_party}:
        data[category] = _sum([f for (_, c), f in by_party.items() if c == category])
    parties = list(dict.fromkeys(p for p, _ in by_party))
    if parties:
        data["military_by_party"] = [
            {"party": party}
            | {
                outcome: by_party[(party, f"{outcome}_military")]
                for outcome in ("killed", "wounded")
                if (party, f"{outcome}_military") in by_party
            }
            for party in parties
        ]
    return data


def _sum(figures: list[Figures]) -> Figures:
    """Figures added up bound by bound; a bound one of them lacks is not known in total."""
    total: Figures = {}
    for bound in ("low", "best", "high"):
        values = [f[bound] for f in figures]
        total[bound] = None if None in values else sum(v for v in values if v is not None)
    return total
