"""Reports: one source's account of one event, validated on construction and never edited."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from ceasefire.domain.event_types import check_event_type
from ceasefire.domain.precision import GeoPrecision, TimePrecision
from ceasefire.domain.validation import (
    check_aware,
    check_latitude,
    check_longitude,
    check_non_negative,
    check_range,
)
from ceasefire.errors import ValidationError

__all__ = [
    "Actor",
    "ActorSide",
    "Casualties",
    "CasualtyRange",
    "HowObserved",
    "Location",
    "ObservationCounts",
    "PartyToll",
    "Report",
    "TimeSpan",
    "WeaponClass",
]


class HowObserved(StrEnum):
    """How the source knows: monitors distinguish what they saw from what they heard."""

    SAW = "saw"
    HEARD = "heard"
    CAMERA = "camera"
    UAV = "uav"
    CLAIMED = "claimed"


class WeaponClass(StrEnum):
    """Weapon classes as monitors record them."""

    SMALL_ARMS = "small_arms"
    SNIPER = "sniper"
    HEAVY_MACHINE_GUN = "heavy_machine_gun"
    GRENADE_LAUNCHER = "grenade_launcher"
    ANTI_TANK = "anti_tank"
    MORTAR = "mortar"
    ARTILLERY = "artillery"
    MLRS = "mlrs"
    TANK = "tank"
    DRONE = "drone"
    AIRCRAFT = "aircraft"
    MINE = "mine"
    UNKNOWN = "unknown"


class ActorSide(StrEnum):
    """An actor's role in the event (ACLED actor1 initiates, actor2 is targeted)."""

    INITIATOR = "initiator"
    TARGET = "target"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class Actor:
    """An actor named in a report, mapped to a scenario party where known."""

    name: str
    side: ActorSide = ActorSide.OTHER
    party_id: str | None = None


@dataclass(frozen=True, slots=True)
class TimeSpan:
    """When an event happened: a start, an optional end, and a precision."""

    start: datetime
    end: datetime | None = None
    precision: TimePrecision = TimePrecision.MINUTE

    def __post_init__(self) -> None:
        check_aware(self.start, "occurred_start")
        if self.end is not None:
            check_aware(self.end, "occurred_end")
            if self.end < self.start:
                raise ValidationError(
                    "occurred_end",
                    self.end.isoformat(),
                    f"is before occurred_start {self.start.isoformat()}",
                )


@dataclass(frozen=True, slots=True)
class Location:
    """Where an event happened, in WGS84, with the precision of that knowledge."""

    latitude: float
    longitude: float
    precision: GeoPrecision = GeoPrecision.EXACT
    place_name: str = ""

    def __post_init__(self) -> None:
        check_latitude(self.latitude)
        check_longitude(self.longitude)


@dataclass(frozen=True, slots=True)
class CasualtyRange:
    """A casualty figure as low / best / high; None means not known."""

    low: int | None = None
    best: int | None = None
    high: int | None = None

    @property
    def known(self) -> bool:
        """True when any figure is given."""
        return self.low is not None or self.best is not None or self.high is not None


CASUALTY_FIELDS = (
    "killed_military",
    "killed_civilian",
    "killed_unknown",
    "wounded_military",
    "wounded_civilian",
    "wounded_unknown",
)


@dataclass(frozen=True, slots=True)
class PartyToll:
    """Military killed and wounded of one party, as parties and UCDP (deaths_a/b) count them."""

    party_id: str
    killed: CasualtyRange = field(default_factory=CasualtyRange)
    wounded: CasualtyRange = field(default_factory=CasualtyRange)


@dataclass(frozen=True, slots=True)
class Casualties:
    """Killed and wounded by military / civilian / unknown, each a range; military tolls may
    also be split by party."""

    killed_military: CasualtyRange = field(default_factory=CasualtyRange)
    killed_civilian: CasualtyRange = field(default_factory=CasualtyRange)
    killed_unknown: CasualtyRange = field(default_factory=CasualtyRange)
    wounded_military: CasualtyRange = field(default_factory=CasualtyRange)
    wounded_civilian: CasualtyRange = field(default_factory=CasualtyRange)
    wounded_unknown: CasualtyRange = field(default_factory=CasualtyRange)
    military_by_party: tuple[PartyToll, ...] = ()

    def __post_init__(self) -> None:
        for name in CASUALTY_FIELDS:
            r: CasualtyRange = getattr(self, name)
            check_range(r.low, r.best, r.high, f"casualties.{name}")
        for i, toll in enumerate(self.military_by_party):
            for kind in ("killed", "wounded"):
                r = getattr(toll, kind)
                check_range(r.low, r.best, r.high, f"casualties.military_by_party[{i}].{kind}")

    def party_killed(self, party_id: str) -> CasualtyRange:
        """Military killed of one party; unknown when the report does not split by party."""
        for toll in self.military_by_party:
            if toll.party_id == party_id:
                return toll.killed
        return CasualtyRange()

    def items(self) -> list[tuple[str, CasualtyRange]]:
        """The six categories with their ranges, in a fixed order."""
        return [(name, getattr(self, name)) for name in CASUALTY_FIELDS]

    def total_killed_best(self) -> int:
        """Best estimate of all killed, counting unknown figures as zero."""
        return sum((r.best or 0) for n, r in self.items() if n.startswith("killed"))


@dataclass(frozen=True, slots=True)
class ObservationCounts:
    """What monitors count: explosions, projectiles, bursts and single shots."""

    explosions: int | None = None
    projectiles: int | None = None
    bursts: int | None = None
    shots: int | None = None

    def __post_init__(self) -> None:
        for name in ("explosions", "projectiles", "bursts", "shots"):
            check_non_negative(getattr(self, name), f"observations.{name}")


@dataclass(frozen=True, slots=True)
class Report:
    """One source's account of one event, kept exactly as received."""

    id: str
    source_id: str
    received_at: datetime
    occurred: TimeSpan
    location: Location
    event_type: str
    sub_event_type: str | None = None
    actors: tuple[Actor, ...] = ()
    weapons: tuple[WeaponClass, ...] = ()
    observations: ObservationCounts = field(default_factory=ObservationCounts)
    casualties: Casualties = field(default_factory=Casualties)
    how_observed: HowObserved = HowObserved.CLAIMED
    credibility: int = 6
    text: str = ""
    external_id: str | None = None

    def __post_init__(self) -> None:
        check_aware(self.received_at, "received_at")
        check_event_type(self.event_type, self.sub_event_type)
        if isinstance(self.credibility, bool) or self.credibility not in range(1, 7):
            raise ValidationError("credibility", self.credibility, "must be an integer from 1 to 6")
