"""YAML mapping files: which report field comes from which column of a CSV or GeoJSON file."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from ceasefire.domain.precision import GeoPrecision, TimePrecision
from ceasefire.domain.report_parsing import REPORT_FIELDS
from ceasefire.domain.reports import CASUALTY_FIELDS, ActorSide, HowObserved
from ceasefire.domain.validation import parse_enum
from ceasefire.errors import ValidationError

__all__ = [
    "GEOCODE_MIN_CONFIDENCE",
    "OBSERVATION_FIELDS",
    "SCALAR_FIELDS",
    "ActorColumn",
    "ColumnMapping",
    "load_mapping",
    "parse_mapping",
]

SCALAR_FIELDS = (
    "occurred_start", "occurred_end", "time_precision", "latitude", "longitude",
    "geo_precision", "place_name", "event_type", "sub_event_type", "how_observed",
    "credibility", "text",
)  # fmt: skip
assert REPORT_FIELDS.issuperset(SCALAR_FIELDS)
OBSERVATION_FIELDS = ("explosions", "projectiles", "bursts", "shots")
GEOCODE_MIN_CONFIDENCE = 0.85
"""A place name is geocoded only to a gazetteer match at least this sure (an alternate name
scores 0.95, a close fuzzy spelling up to 0.9)."""

_MAPPING_KEYS = (
    "key", "columns", "casualties", "observations", "actors", "weapons", "defaults",
    "date_format", "country",
)  # fmt: skip
_RANGE_PARTS = ("low", "best", "high")
_PLACE_FIELDS = ("latitude", "longitude", "place_name")
_ENUM_FIELDS = {
    "time_precision": TimePrecision,
    "geo_precision": GeoPrecision,
    "how_observed": HowObserved,
}


@dataclass(frozen=True, slots=True)
class ActorColumn:
    """A column naming an actor, the actor's side, and optionally its party for every row."""

    column: str
    side: ActorSide = ActorSide.OTHER
    party: str | None = None


@dataclass(frozen=True, slots=True)
class ColumnMapping:
    """Which column holds each report field, and constants for the fields a file lacks."""

    key: str
    columns: dict[str, str] = field(default_factory=dict)
    casualties: dict[str, dict[str, str]] = field(default_factory=dict)
    observations: dict[str, str] = field(default_factory=dict)
    actors: tuple[ActorColumn, ...] = ()
    weapons: str | None = None
    defaults: dict[str, str] = field(default_factory=dict)
    date_format: str | None = None
    country: str | None = None

    def used_columns(self) -> tuple[str, ...]:
        """Every column the mapping names, the key first, each once."""
        names = [self.key, *self.columns.values(), *self.observations.values()]
        names += [column for parts in self.casualties.values() for column in parts.values()]
        names += [actor.column for actor in self.actors]
        names += [self.weapons] if self.weapons else []
        return tuple(dict.fromkeys(names))

    def field_columns(self) -> dict[str, str]:
        """Report field paths, as ValidationError names them, -> the column each comes from."""
        found = dict(self.columns)
        for name, parts in self.casualties.items():
            found[f"casualties.{name}"] = parts.get("best") or next(iter(parts.values()))
            found.update({f"casualties.{name}.{part}": c for part, c in parts.items()})
        found.update({f"observations.{name}": c for name, c in self.observations.items()})
        if self.actors:
            found["actors"] = self.actors[0].column
        if self.weapons:
            found["weapons"] = self.weapons
        return found


def load_mapping(path: Path, *, geojson: bool = False) -> ColumnMapping:
    """Read and check a YAML mapping file (for a GeoJSON file with `geojson`)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ValidationError("mapping", str(path), "file does not exist") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ValidationError("mapping", str(path), f"cannot be read: {exc}") from None
    except yaml.YAMLError as exc:
        reason = " ".join(str(exc).split())
        raise ValidationError("mapping", str(path), f"is not valid YAML: {reason}") from None
    return parse_mapping(data, geojson=geojson)


def parse_mapping(data: Any, *, geojson: bool = False) -> ColumnMapping:
    """Check a mapping read from YAML; errors name the key of the mapping that is wrong.

    For GeoJSON (`geojson`) the key defaults to the feature's id and the coordinates come
    from the geometry; otherwise they come from two columns or a place name to geocode.
    """
    if not isinstance(data, dict):
        raise ValidationError("mapping", data, "must be a YAML mapping (key, columns, ...)")
    for name in data:
        if name not in _MAPPING_KEYS:
            allowed = ", ".join(_MAPPING_KEYS)
            raise ValidationError(str(name), data[name], f"is not a mapping key; use: {allowed}")
    if "key" not in data and geojson:
        data = {**data, "key": "id"}
    if data.get("key") is None:
        raise ValidationError("key", None, "is required: the column holding each row's unique id")
    mapping = ColumnMapping(
        key=_column(data.get("key"), "key"),
        columns=_named_columns(_section(data, "columns"), "columns", SCALAR_FIELDS),
        casualties=_casualties(_section(data, "casualties")),
        observations=_named_columns(
            _section(data, "observations"), "observations", OBSERVATION_FIELDS
        ),
        actors=_actors(data.get("actors") or []),
        weapons=_column(data["weapons"], "weapons") if data.get("weapons") else None,
        defaults=_defaults(_section(data, "defaults")),
        date_format=_date_format(data.get("date_format")),
        country=_country(data.get("country")),
    )
    _check_place(mapping, geojson=geojson)
    return mapping


def _check_place(mapping: ColumnMapping, *, geojson: bool) -> None:
    """Coordinates come from both latitude and longitude, or from a place name to geocode."""
    given = {n for n in _PLACE_FIELDS if n in mapping.columns or n in mapping.defaults}
    coordinates = sorted(given - {"place_name"})
    if geojson and coordinates:
        where = f"columns.{coordinates[0]}"
        raise ValidationError(where, None, "comes from each feature's geometry in GeoJSON")
    if not geojson and len(coordinates) == 1:
        other = "longitude" if coordinates == ["latitude"] else "latitude"
        raise ValidationError(f"columns.{other}", None, f"is required with {coordinates[0]}")
    if not geojson and not given:
        reason = "must map latitude and longitude, or place_name to geocode"
        raise ValidationError("columns", None, reason)


def _section(data: dict[Any, Any], name: str) -> dict[Any, Any]:
    value = data.get(name) or {}
    if not isinstance(value, dict):
        raise ValidationError(name, value, "must be a mapping of names to columns")
    return value


def _column(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(where, value, "must be the name of a column of the file")
    return value.strip()


def _named_columns(data: dict[Any, Any], section: str, names: tuple[str, ...]) -> dict[str, str]:
    """A section mapping some of `names` to columns."""
    for name in data:
        if name not in names:
            reason = f"is not a field; use: {', '.join(names)}"
            raise ValidationError(f"{section}.{name}", data[name], reason)
    return {name: _column(column, f"{section}.{name}") for name, column in data.items()}


def _casualties(data: dict[Any, Any]) -> dict[str, dict[str, str]]:
    found: dict[str, dict[str, str]] = {}
    for name, value in data.items():
        where = f"casualties.{name}"
        if name not in CASUALTY_FIELDS:
            raise ValidationError(where, value, f"must be one of: {', '.join(CASUALTY_FIELDS)}")
        if isinstance(value, dict):
            if not value or set(value) - set(_RANGE_PARTS):
                raise ValidationError(where, value, "must map some of low, best, high to columns")
            found[name] = {part: _column(c, f"{where}.{part}") for part, c in value.items()}
        else:
            found[name] = {"best": _column(value, where)}
    return found


def _actors(items: Any) -> tuple[ActorColumn, ...]:
    if not isinstance(items, list):
        raise ValidationError("actors", items, "must be a list of {column, side, party}")
    actors = []
    for i, item in enumerate(items):
        where = f"actors[{i}]"
        if not isinstance(item, dict) or set(item) - {"column", "side", "party"}:
            raise ValidationError(where, item, "must be a mapping with column, side, party")
        party = item.get("party")
        if party is not None and not isinstance(party, str):
            raise ValidationError(f"{where}.party", party, "must be a party id such as AZ")
        side = parse_enum(ActorSide, item.get("side", "other"), f"{where}.side")
        actors.append(ActorColumn(_column(item.get("column"), f"{where}.column"), side, party))
    return tuple(actors)


def _defaults(data: dict[Any, Any]) -> dict[str, str]:
    defaults: dict[str, str] = {}
    for name, value in data.items():
        where = f"defaults.{name}"
        if name not in SCALAR_FIELDS:
            raise ValidationError(where, value, f"is not a field; use: {', '.join(SCALAR_FIELDS)}")
        if not isinstance(value, str | int | float | date) or isinstance(value, bool):
            raise ValidationError(where, value, "must be a single value")
        defaults[name] = value.isoformat() if isinstance(value, date) else str(value)
        if name in _ENUM_FIELDS:
            parse_enum(_ENUM_FIELDS[name], defaults[name], where)
    return defaults


def _date_format(value: Any) -> str | None:
    if value is not None and (not isinstance(value, str) or "%" not in value):
        raise ValidationError("date_format", value, "must be a strptime format such as %d.%m.%Y")
    return value


def _country(value: Any) -> str | None:
    if value is not None and not (isinstance(value, str) and re.fullmatch("[A-Z]{2}", value)):
        raise ValidationError("country", value, "must be an ISO 3166-1 alpha-2 code such as AZ")
    return value
