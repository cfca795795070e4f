"""Build a Report from a plain mapping (a JSON file, CLI flags, an API body), naming bad fields."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from ceasefire.domain.precision import GeoPrecision, TimePrecision
from ceasefire.domain.reports import (
    CASUALTY_FIELDS,
    Actor,
    ActorSide,
    Casualties,
    CasualtyRange,
    HowObserved,
    Location,
    ObservationCounts,
    PartyToll,
    Report,
    TimeSpan,
    WeaponClass,
)
from ceasefire.domain.validation import parse_enum
from ceasefire.errors import ValidationError

__all__ = ["REPORT_FIELDS", "parse_datetime", "parse_report"]

REPORT_FIELDS = frozenset(
    {
        "source",
        "occurred_start",
        "occurred_end",
        "time_precision",
        "latitude",
        "longitude",
        "geo_precision",
        "place_name",
        "event_type",
        "sub_event_type",
        "actors",
        "weapons",
        "observations",
        "casualties",
        "how_observed",
        "credibility",
        "text",
        "external_id",
    }
)
_REQUIRED = ("source", "occurred_start", "latitude", "longitude", "event_type")


def parse_report(data: Mapping[str, Any], *, report_id: str, received_at: datetime) -> Report:
    """Validate `data` field by field and return the Report it describes."""
    if not isinstance(data, Mapping):
        raise ValidationError("report", type(data).__name__, "must be an object of fields")
    unknown = sorted(set(data) - REPORT_FIELDS)
    if unknown:
        raise ValidationError(unknown[0], data[unknown[0]], "is not a report field")
    for name in _REQUIRED:
        if data.get(name) in (None, ""):
            raise ValidationError(name, data.get(name), "is required")
    occurred = TimeSpan(
        start=parse_datetime(data["occurred_start"], "occurred_start"),
        end=parse_datetime(data["occurred_end"], "occurred_end")
        if data.get("occurred_end")
        else None,
        precision=parse_enum(TimePrecision, data.get("time_precision", "minute"), "time_precision"),
    )
    location = Location(
        latitude=_number(data["latitude"], "latitude"),
        longitude=_number(data["longitude"], "longitude"),
        precision=parse_enum(GeoPrecision, data.get("geo_precision", "exact"), "geo_precision"),
        place_name=_text(data.get("place_name", ""), "place_name"),
    )
    return Report(
        id=report_id,
        source_id=_text(data["source"], "source"),
        received_at=received_at,
        occurred=occurred,
        location=location,
        event_type=_text(data["event_type"], "event_type"),
        sub_event_type=data.get("sub_event_type") or None,
        actors=_actors(data.get("actors") or []),
        weapons=tuple(
            parse_enum(WeaponClass, w, f"weapons[{i}]")
            for i, w in enumerate(data.get("weapons") or [])
        ),
        observations=_observations(data.get("observations") or {}),
        casualties=_casualties(data.get("casualties") or {}),
        how_observed=parse_enum(HowObserved, data.get("how_observed", "claimed"), "how_observed"),
        credibility=_integer(data.get("credibility", 6), "credibility"),
        text=_text(data.get("text", ""), "text"),
        external_id=data.get("external_id") or None,
    )


def parse_datetime(value: Any, field: str) -> datetime:
    """An ISO 8601 date-time with a time zone (`Z` accepted)."""
    if isinstance(value, datetime):
        parsed = value
    else:
        try:
            parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        except ValueError:
            raise ValidationError(field, value, "must be an ISO 8601 date and time") from None
    if parsed.tzinfo is None:
        raise ValidationError(field, value, "must include a time zone (e.g. +04:00 or Z)")
    return parsed


def _number(value: Any, field: str) -> float:
    if isinstance(value, bool):
        raise ValidationError(field, value, "must be a number")
    try:
        return float(value)
    except (TypeError, ValueError):
        raise ValidationError(field, value, "must be a number") from None


def _integer(value: Any, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValidationError(field, value, "must be a whole number")
    try:
        return int(value)
    except ValueError:
        raise ValidationError(field, value, "must be a whole number") from None


def _text(value: Any, field: str) -> str:
    if not isinstance(value, str):
        raise ValidationError(field, value, "must be text")
    return value


def _actors(items: Any) -> tuple[Actor, ...]:
    if not isinstance(items, list):
        raise ValidationError("actors", items, "must be a list")
    actors = []
    for i, item in enumerate(items):
        if isinstance(item, str):
            item = {"name": item}
        if not isinstance(item, Mapping) or not item.get("name"):
            raise ValidationError(f"actors[{i}]", item, "must have a name")
        actors.append(
            Actor(
                name=_text(item["name"], f"actors[{i}].name"),
                side=parse_enum(ActorSide, item.get("side", "other"), f"actors[{i}].side"),
                party_id=item.get("party") or None,
            )
        )
    return tuple(actors)


def _observations(data: Any) -> ObservationCounts:
    if not isinstance(data, Mapping):
        raise ValidationError("observations", data, "must be an object")
    names = ("explosions", "projectiles", "bursts", "shots")
    for key in data:
        if key not in names:
            raise ValidationError(f"observations.{key}", data[key], "is not an observation count")
    return ObservationCounts(
        **{
            n: _integer(data[n], f"observations.{n}") if data.get(n) is not None else None
            for n in names
        }
    )


def _casualties(data: Any) -> Casualties:
    if not isinstance(data, Mapping):
        raise ValidationError("casualties", data, "must be an object")
    ranges: dict[str, CasualtyRange] = {}
    tolls = _party_tolls(data.get("military_by_party") or [])
    for key, value in data.items():
        if key == "military_by_party":
            continue
        if key not in CASUALTY_FIELDS:
            raise ValidationError(
                f"casualties.{key}", value, f"must be one of {', '.join(CASUALTY_FIELDS)}"
            )
        ranges[key] = _casualty_range(value, f"casualties.{key}")
    return Casualties(**ranges, military_by_party=tolls)


def _party_tolls(items: Any) -> tuple[PartyToll, ...]:
    field = "casualties.military_by_party"
    if not isinstance(items, list):
        raise ValidationError(field, items, "must be a list of {party, killed, wounded}")
    tolls = []
    for i, item in enumerate(items):
        here = f"{field}[{i}]"
        if (
            not isinstance(item, Mapping)
            or not item.get("party")
            or set(item)
            - {
                "party",
                "killed",
                "wounded",
            }
        ):
            raise ValidationError(here, item, "must be an object with party, killed, wounded")
        tolls.append(
            PartyToll(
                party_id=_text(item["party"], f"{here}.party"),
                killed=_casualty_range(item.get("killed", {}), f"{here}.killed"),
                wounded=_casualty_range(item.get("wounded", {}), f"{here}.wounded"),
            )
        )
    return tuple(tolls)


def _casualty_range(value: Any, field: str) -> CasualtyRange:
    if isinstance(value, int) and not isinstance(value, bool):
        return CasualtyRange(low=value, best=value, high=value)
    if not isinstance(value, Mapping) or set(value) - {"low", "best", "high"}:
        raise ValidationError(field, value, "must be a number or an object with low/best/high")
    return CasualtyRange(
        **{k: _integer(v, f"{field}.{k}") if v is not None else None for k, v in value.items()}
    )
