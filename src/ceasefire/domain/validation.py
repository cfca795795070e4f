"""Small checks shared by the domain's data classes; each ValidationError names the field."""

from __future__ import annotations

import math
from datetime import datetime
from enum import Enum
from typing import TypeVar

from ceasefire.domain.event_types import EVENT_TYPES
from ceasefire.errors import ValidationError

__all__ = [
    "check_aware",
    "check_latitude",
    "check_listing",
    "check_longitude",
    "check_non_empty",
    "check_non_negative",
    "check_range",
    "parse_enum",
]

E = TypeVar("E", bound=Enum)


def parse_enum(enum: type[E], value: object, field: str) -> E:
    """Return the member of `enum` whose value is `value`, or fail listing the allowed ones."""
    if isinstance(value, enum):
        return value
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(str(m.value) for m in enum)
        raise ValidationError(field, value, f"must be one of: {allowed}") from None


def check_non_empty(value: str, field: str) -> str:
    """Strip and require a non-empty string."""
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(field, value, "must not be empty")
    return value.strip()


def check_latitude(value: float, field: str = "latitude") -> float:
    """Latitude in decimal degrees, -90..90."""
    if not isinstance(value, int | float) or math.isnan(value) or not -90 <= value <= 90:
        raise ValidationError(field, value, "must be a number between -90 and 90")
    return float(value)


def check_longitude(value: float, field: str = "longitude") -> float:
    """Longitude in decimal degrees, -180..180."""
    if not isinstance(value, int | float) or math.isnan(value) or not -180 <= value <= 180:
        raise ValidationError(field, value, "must be a number between -180 and 180")
    return float(value)


def check_non_negative(value: int | None, field: str) -> int | None:
    """A count: None (unknown) or an integer >= 0."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValidationError(field, value, "must be a whole number >= 0")
    return value


def check_range(low: int | None, best: int | None, high: int | None, field: str) -> None:
    """low <= best <= high wherever the values are known."""
    if low is None and best is None and high is None:
        return
    for name, v in (("low", low), ("best", best), ("high", high)):
        check_non_negative(v, f"{field}.{name}")
    known = [v for v in (low, best, high) if v is not None]
    if known != sorted(known):
        raise ValidationError(field, (low, best, high), "must satisfy low <= best <= high")


def check_aware(value: datetime, field: str) -> datetime:
    """Datetimes carry a time zone; ceasefire stores UTC."""
    if not isinstance(value, datetime):
        raise ValidationError(field, value, "must be a date and time")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValidationError(
            field, value.isoformat(), "must include a time zone (e.g. +04:00 or Z)"
        )
    return value


def check_listing(
    *,
    limit: int,
    max_limit: int,
    since: datetime | None,
    until: datetime | None,
    event_type: str | None,
) -> None:
    """The checks every filtered list makes: a page size in range, a time window that is
    not reversed, an ACLED event type. ValidationError names the first field that fails."""
    if not 1 <= limit <= max_limit:
        raise ValidationError("limit", limit, f"must be from 1 to {max_limit}")
    if since is not None and until is not None and until < since:
        raise ValidationError("until", until.isoformat(), "is before since")
    if event_type is not None and event_type not in EVENT_TYPES:
        raise ValidationError("event_type", event_type, f"must be one of: {'; '.join(EVENT_TYPES)}")
