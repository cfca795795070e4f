"""Columns shared by reports and incidents: time, place, event type, casualties."""

from __future__ import annotations

from typing import Any

from ceasefire.domain.precision import GeoPrecision, TimePrecision
from ceasefire.domain.reports import Casualties, CasualtyRange, Location, PartyToll, TimeSpan
from ceasefire.domain.serialise import to_primitive

__all__ = ["casualties_from", "located_from", "located_values"]


def located_values(
    occurred: TimeSpan,
    location: Location,
    event_type: str,
    sub_event_type: str | None,
    casualties: Casualties,
) -> dict[str, Any]:
    """Column values for the shared columns."""
    return {
        "occurred_start": occurred.start,
        "occurred_end": occurred.end,
        "time_precision": occurred.precision.value,
        "latitude": location.latitude,
        "longitude": location.longitude,
        "geo_precision": location.precision.value,
        "place_name": location.place_name,
        "event_type": event_type,
        "sub_event_type": sub_event_type,
        "casualties": to_primitive(casualties),
    }


def located_from(row: Any) -> tuple[TimeSpan, Location]:
    """Time span and location read back from a row."""
    occurred = TimeSpan(
        start=row["occurred_start"],
        end=row["occurred_end"],
        precision=TimePrecision(row["time_precision"]),
    )
    location = Location(
        latitude=row["latitude"],
        longitude=row["longitude"],
        precision=GeoPrecision(row["geo_precision"]),
        place_name=row["place_name"],
    )
    return occurred, location


def casualties_from(doc: dict[str, Any]) -> Casualties:
    """Casualties read back from their JSON document."""
    tolls = tuple(
        PartyToll(t["party_id"], CasualtyRange(**t["killed"]), CasualtyRange(**t["wounded"]))
        for t in doc.get("military_by_party", [])
    )
    ranges = {k: CasualtyRange(**v) for k, v in doc.items() if k != "military_by_party"}
    return Casualties(**ranges, military_by_party=tolls)
