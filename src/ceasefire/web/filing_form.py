"""The report form: the text a browser sends, read into the body `POST /api/v1/reports`
takes (`ReportIn`, with the same rules), or refused with the first wrong field and its
value named; and the choices the form offers.

A form is filed once however often it is sent: the page gives every draft an id, which
becomes the report's `external_id` (`web:<draft id>`). The reports table holds each
external id once (a unique column) and filing finds a report already on file under it,
so a form sent again (a retry after the connection dropped, a reload, a second tap) is
answered with the report on file and writes nothing."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NoReturn

import pydantic

from ceasefire.api.schemas.reports import ReportIn
from ceasefire.domain.event_types import EVENT_TYPES, check_event_type
from ceasefire.domain.precision import GeoPrecision, TimePrecision
from ceasefire.domain.reports import CASUALTY_FIELDS, ActorSide, HowObserved, WeaponClass
from ceasefire.errors import ValidationError

__all__ = [
    "ACTOR_SIDES",
    "BOUNDS",
    "COUNTS",
    "DRAFT_PREFIX",
    "UTC_OFFSETS",
    "FormChoices",
    "draft_of",
    "new_draft",
    "read_report_form",
]

DRAFT_PREFIX = "web:"
COUNTS = ("explosions", "projectiles", "bursts", "shots")
BOUNDS = ("low", "best", "high")
ACTOR_SIDES = (ActorSide.INITIATOR, ActorSide.TARGET)
UTC_OFFSETS = tuple(
    f"{'-' if q < 0 else '+'}{abs(q) // 4:02d}:{abs(q) % 4 * 15:02d}" for q in range(-48, 57)
)
"""Every UTC offset a clock may show, in quarter hours: -12:00 to +14:00."""
MAX_COUNT = 1_000_000


@dataclass(frozen=True, slots=True)
class FormChoices:
    """What the form's lists offer (sources and parties come from the services)."""

    sources: list[tuple[str, str]]
    parties: list[tuple[str, str]]
    event_types: dict[str, tuple[str, ...]]
    time_precisions: tuple[TimePrecision, ...] = tuple(TimePrecision)
    geo_precisions: tuple[GeoPrecision, ...] = tuple(GeoPrecision)
    how_observed: tuple[HowObserved, ...] = tuple(HowObserved)
    weapons: tuple[WeaponClass, ...] = tuple(WeaponClass)


def new_draft() -> str:
    """A fresh draft id for an empty form."""
    return str(uuid.uuid4())


def draft_of(external_id: str | None) -> str | None:
    """The draft id of a report filed from the form (None for any other report).

    >>> draft_of("web:8c3e1a52-7d7a-4a77-9b0e-0e6f9f3d5b21")
    '8c3e1a52-7d7a-4a77-9b0e-0e6f9f3d5b21'
    """
    if external_id is None or not external_id.startswith(DRAFT_PREFIX):
        return None
    return external_id.removeprefix(DRAFT_PREFIX)


def read_report_form(form: Mapping[str, str], weapons: list[str]) -> ReportIn:
    """The report the form describes, checked by the API's own rules; ValidationError
    naming the first wrong field and its value, so nothing is filed."""
    data: dict[str, Any] = {
        "external_id": DRAFT_PREFIX + _draft(form),
        "source": _text(form, "source") or _missing("source", "choose the source"),
        "occurred_start": _moment(form, "occurred_start", required=True),
        "occurred_end": _moment(form, "occurred_end", required=False),
        "time_precision": _text(form, "time_precision") or TimePrecision.MINUTE.value,
        "latitude": _degrees(form, "latitude", 90),
        "longitude": _degrees(form, "longitude", 180),
        "geo_precision": _text(form, "geo_precision") or GeoPrecision.EXACT.value,
        "place_name": _text(form, "place_name"),
        "how_observed": _text(form, "how_observed") or HowObserved.CLAIMED.value,
        "credibility": _credibility(form),
        "text": form.get("text", "").strip(),
        "weapons": weapons,
        "actors": _actors(form),
        "observations": _counts(form, {name: name for name in COUNTS}),
        "casualties": {name: r for name in CASUALTY_FIELDS if (r := _casualty(form, name))},
    }
    data["event_type"], data["sub_event_type"] = _event(form)
    try:
        return ReportIn.model_validate(data)
    except pydantic.ValidationError as exc:
        raise _first_problem(exc, data) from None


def _text(form: Mapping[str, str], name: str) -> str:
    return form.get(name, "").strip()


def _missing(name: str, message: str) -> NoReturn:
    raise ValidationError(name, "", message)


def _draft(form: Mapping[str, str]) -> str:
    text = _text(form, "draft")
    try:
        return str(uuid.UUID(text))
    except ValueError:
        raise ValidationError("draft", text, "is not a draft id this page gave out") from None


def _moment(form: Mapping[str, str], name: str, *, required: bool) -> str | None:
    """`YYYY-MM-DDTHH:MM` (a datetime-local field) at the form's UTC offset, as ISO 8601."""
    text = _text(form, name)
    if not text:
        return _missing(name, "enter the date and time") if required else None
    offset = _text(form, "utc_offset") or "+00:00"
    if offset not in UTC_OFFSETS:
        raise ValidationError("utc_offset", offset, "must be an offset like +04:00")
    try:
        return datetime.fromisoformat(text + offset).isoformat()
    except ValueError:
        raise ValidationError(name, text, "must be a date and time, YYYY-MM-DDTHH:MM") from None


def _degrees(form: Mapping[str, str], name: str, limit: int) -> float:
    text = _text(form, name).replace(",", ".")
    if not text:
        _missing(name, "click the map or type the position in degrees")
    try:
        value = float(text)
    except ValueError:
        raise ValidationError(name, text, "must be a number of degrees, e.g. 39.99") from None
    if not -limit <= value <= limit:
        raise ValidationError(name, text, f"must be between -{limit} and {limit} degrees")
    return value


def _count(form: Mapping[str, str], name: str) -> int | None:
    text = _text(form, name)
    if not text:
        return None
    if not (text.isascii() and text.isdigit()) or int(text) > MAX_COUNT:
        raise ValidationError(name, text, f"must be a whole number from 0 to {MAX_COUNT:,}")
    return int(text)


def _credibility(form: Mapping[str, str]) -> int:
    given = _count(form, "credibility")
    return 6 if given is None else given


def _counts(form: Mapping[str, str], fields: Mapping[str, str]) -> dict[str, int]:
    """The counts given, by their key in the body (`fields`: key -> the form's field)."""
    found = {key: _count(form, name) for key, name in fields.items()}
    return {key: value for key, value in found.items() if value is not None}


def _casualty(form: Mapping[str, str], category: str) -> dict[str, int]:
    """The low / best / high given for one category (fields `killed_civilian_best`...)."""
    return _counts(form, {bound: f"{category}_{bound}" for bound in BOUNDS})


def _actors(form: Mapping[str, str]) -> list[dict[str, str]]:
    actors = []
    for side in ACTOR_SIDES:
        name = _text(form, f"{side.value}_name")
        party = _text(form, f"{side.value}_party")
        if party and not name:
            raise ValidationError(f"{side.value}_name", "", "name the actor of the party chosen")
        if name:
            actors.append({"name": name, "side": side.value, **({"party": party} if party else {})})
    return actors


def _event(form: Mapping[str, str]) -> tuple[str, str | None]:
    event_type = _text(form, "event_type") or _missing("event_type", "choose the event type")
    sub = _text(form, "sub_event_type") or None
    if event_type not in EVENT_TYPES:
        raise ValidationError("event_type", event_type, f"must be one of: {'; '.join(EVENT_TYPES)}")
    return check_event_type(event_type, sub)


def _first_problem(exc: pydantic.ValidationError, data: Mapping[str, Any]) -> ValidationError:
    """The first error of the API's body model, as the form names its fields."""
    first = exc.errors()[0]
    path = [str(p) for p in first.get("loc", ())]
    field = _form_field(path, data)
    message = str(first.get("msg", "is not valid")).removeprefix("Value error, ")
    return ValidationError(field, first.get("input"), message[:1].lower() + message[1:])


def _form_field(path: list[str], data: Mapping[str, Any]) -> str:
    """The form's name for a place in the body: ["actors", "0", "name"] -> "initiator_name"."""
    if len(path) >= 3 and path[0] == "actors" and path[1].isdigit():
        return f"{data['actors'][int(path[1])]['side']}_{path[2]}"
    if len(path) >= 2 and path[0] == "observations":
        return path[1]
    if len(path) >= 3 and path[0] == "casualties":
        return f"{path[1]}_{path[-1]}"
    if path and path[0] == "weapons":
        return "weapons"
    return path[0] if path else "form"
