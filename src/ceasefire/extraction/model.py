"""What extraction proposes: fields with the words they came from and a confidence."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Generic, TypeVar

from ceasefire.domain.precision import GeoPrecision, TimePrecision
from ceasefire.domain.reports import ActorSide, WeaponClass
from ceasefire.domain.stance import Stance

__all__ = [
    "ActorKind",
    "ActorValue",
    "CasualtyValue",
    "DateValue",
    "EventKind",
    "EventValue",
    "ExtractedEvent",
    "Extraction",
    "Field",
    "ObservationKind",
    "ObservationValue",
    "PlaceRole",
    "PlaceValue",
    "Span",
]

V = TypeVar("V")


@dataclass(frozen=True, slots=True)
class Span:
    """Characters `start` to `end` of the original text, and those characters."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Field(Generic[V]):
    """One extracted value, the words it came from, and how sure the rule is (0 to 1)."""

    value: V
    spans: tuple[Span, ...]
    confidence: float


class EventKind(StrEnum):
    """What the event is to a ceasefire monitor, beside its ACLED type."""

    SMALL_ARMS_FIRE = "small_arms_fire"
    SHELLING = "shelling"
    DRONE_STRIKE = "drone_strike"
    MINE_EXPLOSION = "mine_explosion"
    GROUND_ASSAULT = "ground_assault"
    TERRITORY_CHANGE = "territory_change"
    HANDOVER = "handover"
    AIRCRAFT_DOWNED = "aircraft_downed"
    OBSTRUCTION = "obstruction"
    DETENTION = "detention"
    PROTEST = "protest"
    OTHER = "other"


class ActorKind(StrEnum):
    """Who an actor is: a party's armed forces, police or government, peacekeepers, civilians."""

    MILITARY = "military"
    POLICE = "police"
    GOVERNMENT = "government"
    PEACEKEEPERS = "peacekeepers"
    CIVILIANS = "civilians"


class PlaceRole(StrEnum):
    """Where the event happened (or fire landed), or where fire came from."""

    LOCATION = "location"
    ORIGIN = "origin"


@dataclass(frozen=True, slots=True)
class DateValue:
    """When: a start, an optional end, and how precisely the text says it."""

    start: datetime
    end: datetime | None
    precision: TimePrecision

    @property
    def day(self) -> date:
        """The local date the event started."""
        return self.start.date()


@dataclass(frozen=True, slots=True)
class PlaceValue:
    """A place as written, what the gazetteer makes of it, and its role in the event.

    `latitude`/`longitude` are None for a name the gazetteer does not know and whose
    district the text does not give."""

    name: str
    canonical: str
    role: PlaceRole
    precision: GeoPrecision
    latitude: float | None
    longitude: float | None
    country_code: str | None
    district: str | None


@dataclass(frozen=True, slots=True)
class ActorValue:
    """An actor, mapped to a scenario party where the text says which."""

    name: str
    kind: ActorKind
    party_id: str | None
    side: ActorSide


@dataclass(frozen=True, slots=True)
class EventValue:
    """The ACLED event and sub-event type and the ceasefire-specific kind."""

    event_type: str
    sub_event_type: str
    kind: EventKind


@dataclass(frozen=True, slots=True)
class CasualtyValue:
    """Killed or wounded of one category; all three figures None means "some, number unknown".

    `party_id` is the party whose soldiers they are, for military casualties the text
    attributes ("two Armenian servicemen", "our servicemen"); None when it does not say."""

    category: str
    low: int | None
    best: int | None
    high: int | None
    party_id: str | None = None

    @property
    def unknown(self) -> bool:
        """True when the text says there were casualties but not how many."""
        return self.low is None and self.best is None and self.high is None


class ObservationKind(StrEnum):
    """What monitors count (the report's `observations`)."""

    EXPLOSIONS = "explosions"
    PROJECTILES = "projectiles"
    BURSTS = "bursts"
    SHOTS = "shots"


@dataclass(frozen=True, slots=True)
class ObservationValue:
    """A count of explosions, projectiles, bursts or shots the text gives for the event."""

    kind: ObservationKind
    count: int


@dataclass(frozen=True, slots=True)
class ExtractedEvent:
    """One event mentioned in a text, with every field found for it."""

    span: Span
    date: Field[DateValue] | None
    places: tuple[Field[PlaceValue], ...]
    actors: tuple[Field[ActorValue], ...]
    weapons: tuple[Field[WeaponClass], ...]
    event: Field[EventValue]
    casualties: tuple[Field[CasualtyValue], ...]
    stance: Field[Stance]
    observations: tuple[Field[ObservationValue], ...] = ()

    @property
    def location(self) -> Field[PlaceValue] | None:
        """The first place where the event happened that has coordinates, if any."""
        for place in self.places:
            if place.value.role is PlaceRole.LOCATION and place.value.latitude is not None:
                return place
        return None


@dataclass(frozen=True, slots=True)
class Extraction:
    """The events proposed for one text published on `published`."""

    text: str
    published: date
    events: tuple[ExtractedEvent, ...]
