"""Bodies of the reports routes: a report to file, a report as stored, pages and GeoJSON."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, Strict

from ceasefire.api.schemas.common import Identifier, PlainText, ShortText, decode_cursor
from ceasefire.domain.event_types import EVENT_TYPES, SUB_EVENT_TYPES
from ceasefire.domain.precision import GeoPrecision, TimePrecision
from ceasefire.domain.reports import (
    ActorSide,
    Casualties,
    CasualtyRange,
    HowObserved,
    Report,
    WeaponClass,
)
from ceasefire.errors import ValidationError
from ceasefire.services.reports import FiledReport
from ceasefire.storage.repositories.reports import BBox, StoredReport

__all__ = [
    "LISTING_TEXT_LIMITS",
    "PAGE_SIZE",
    "ActorIn",
    "ActorOut",
    "CasualtiesIn",
    "CasualtiesOut",
    "CasualtyRangeIn",
    "CasualtyRangeOut",
    "FiledReportOut",
    "ObservationsIn",
    "ObservationsOut",
    "PartyTollIn",
    "PartyTollOut",
    "ReportIn",
    "ReportOut",
    "parse_bbox",
    "position_of",
]


Count = Annotated[int, Strict(), Field(ge=0, le=1_000_000)]
"""A whole number of things counted (JSON numbers only: no strings, no booleans)."""

Latitude = Annotated[float, Strict(), Field(ge=-90, le=90, allow_inf_nan=False)]
Longitude = Annotated[float, Strict(), Field(ge=-180, le=180, allow_inf_nan=False)]
EXAMPLE_TEXT = (
    "22:10-22:40 the OP heard 3 explosions assessed as mortar impacts 2-3 km south-east of"
    " Aghdam; one civilian lightly wounded according to the village head."
)


class ActorIn(BaseModel):
    """An actor named in a report; `party` maps it to a scenario party where known."""

    model_config = ConfigDict(extra="forbid")
    name: ShortText = Field(examples=["Armed Forces of Armenia"])
    side: ActorSide = Field(default=ActorSide.OTHER, examples=["initiator"])
    party: Identifier | None = Field(default=None, examples=["AM"])


class ObservationsIn(BaseModel):
    """What monitors counted, as OSCE monitors count it."""

    model_config = ConfigDict(extra="forbid")
    explosions: Count | None = Field(default=None, examples=[3])
    projectiles: Count | None = None
    bursts: Count | None = None
    shots: Count | None = None


class CasualtyRangeIn(BaseModel):
    """A casualty figure as low / best / high; leave out what is not known."""

    model_config = ConfigDict(extra="forbid")
    low: Count | None = Field(default=None, examples=[1])
    best: Count | None = Field(default=None, examples=[1])
    high: Count | None = Field(default=None, examples=[2])


CasualtyIn = CasualtyRangeIn | Count
"""A range, or one number for low = best = high."""


class PartyTollIn(BaseModel):
    """Military killed and wounded of one party."""

    model_config = ConfigDict(extra="forbid")
    party: Identifier = Field(examples=["AZ"])
    killed: CasualtyIn | None = None
    wounded: CasualtyIn | None = None


class CasualtiesIn(BaseModel):
    """Killed and wounded by military / civilian / unknown; military tolls may also be
    split by party."""

    model_config = ConfigDict(extra="forbid")
    killed_military: CasualtyIn | None = None
    killed_civilian: CasualtyIn | None = None
    killed_unknown: CasualtyIn | None = None
    wounded_military: CasualtyIn | None = None
    wounded_civilian: CasualtyIn | None = Field(
        default=None, examples=[{"low": 1, "best": 1, "high": 2}]
    )
    wounded_unknown: CasualtyIn | None = None
    military_by_party: list[PartyTollIn] = Field(default_factory=list, max_length=20)


class ReportIn(BaseModel):
    """One source's account of one event, as `ceasefire reports add --file` reads it."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "source": "jmc-op",
                    "occurred_start": "2020-11-16T22:10:00+04:00",
                    "occurred_end": "2020-11-16T22:40:00+04:00",
                    "time_precision": "minute",
                    "latitude": 39.9934,
                    "longitude": 46.9274,
                    "geo_precision": "near",
                    "place_name": "Aghdam",
                    "event_type": "Explosions/Remote violence",
                    "sub_event_type": "Shelling/artillery/missile attack",
                    "actors": [{"name": "Unknown forces", "side": "initiator"}],
                    "weapons": ["mortar"],
                    "observations": {"explosions": 3},
                    "casualties": {"wounded_civilian": {"low": 1, "best": 1, "high": 2}},
                    "how_observed": "heard",
                    "credibility": 3,
                    "text": EXAMPLE_TEXT,
                    "external_id": "JMC-OP3-2020-11-16-014",
                }
            ]
        },
    )
    source: Identifier = Field(description="A registered source id (GET /sources)")
    occurred_start: AwareDatetime = Field(description="When it happened, with a time zone")
    occurred_end: AwareDatetime | None = Field(default=None, description="End, if it lasted")
    time_precision: TimePrecision = TimePrecision.MINUTE
    latitude: Latitude = Field(description="WGS84 degrees")
    longitude: Longitude = Field(description="WGS84 degrees")
    geo_precision: GeoPrecision = GeoPrecision.EXACT
    place_name: PlainText = Field(default="", max_length=500, description="As reported")
    event_type: str = Field(
        max_length=60, json_schema_extra={"enum": list(EVENT_TYPES)}, description="ACLED"
    )
    sub_event_type: str | None = Field(
        default=None,
        max_length=60,
        json_schema_extra={"enum": [*SUB_EVENT_TYPES, None]},
        description="ACLED; must belong to the event type",
    )
    actors: list[ActorIn] = Field(default_factory=list, max_length=50)
    weapons: list[WeaponClass] = Field(default_factory=list, max_length=20)
    observations: ObservationsIn | None = None
    casualties: CasualtiesIn | None = None
    how_observed: HowObserved = HowObserved.CLAIMED
    credibility: Annotated[int, Strict()] = Field(
        default=6, ge=1, le=6, description="Information credibility 1 (confirmed) to 6"
    )
    text: PlainText = Field(default="", description="The report's text as received")
    external_id: Identifier | None = Field(
        default=None, description="The sender's own id: filing it again stores it once"
    )

    def fields(self) -> dict[str, Any]:
        """The mapping `file_report` takes (what a report file holds)."""
        return self.model_dump(mode="json", exclude_none=True)


class ActorOut(BaseModel):
    """An actor named in a report."""

    name: str
    side: ActorSide
    party: str | None


class ObservationsOut(BaseModel):
    """What monitors counted; None: not counted."""

    explosions: int | None
    projectiles: int | None
    bursts: int | None
    shots: int | None


class CasualtyRangeOut(BaseModel):
    """A casualty figure as low / best / high."""

    low: int | None
    best: int | None
    high: int | None

    @classmethod
    def of(cls, r: CasualtyRange) -> CasualtyRangeOut | None:
        """The range, or None when nothing is known."""
        return cls(low=r.low, best=r.best, high=r.high) if r.known else None


class PartyTollOut(BaseModel):
    """Military killed and wounded of one party."""

    party: str
    killed: CasualtyRangeOut | None
    wounded: CasualtyRangeOut | None


class CasualtiesOut(BaseModel):
    """Killed and wounded; None where the figure is not known."""

    killed_military: CasualtyRangeOut | None
    killed_civilian: CasualtyRangeOut | None
    killed_unknown: CasualtyRangeOut | None
    wounded_military: CasualtyRangeOut | None
    wounded_civilian: CasualtyRangeOut | None
    wounded_unknown: CasualtyRangeOut | None
    military_by_party: list[PartyTollOut]

    @classmethod
    def of(cls, c: Casualties) -> CasualtiesOut:
        """The body for a domain casualty record."""
        ranges = {name: CasualtyRangeOut.of(r) for name, r in c.items()}
        tolls = [
            PartyTollOut(
                party=t.party_id,
                killed=CasualtyRangeOut.of(t.killed),
                wounded=CasualtyRangeOut.of(t.wounded),
            )
            for t in c.military_by_party
        ]
        return cls(**ranges, military_by_party=tolls)


class _ReportFields(BaseModel):
    """A report as received, and the incident it is linked into."""

    id: str = Field(examples=["4f1c0c9e-3f55-4d7e-9a57-6a3c1b9f2d10"])
    source: str = Field(examples=["jmc-op"])
    received_at: datetime
    occurred_start: datetime
    occurred_end: datetime | None
    time_precision: TimePrecision
    latitude: float = Field(examples=[39.9934])
    longitude: float = Field(examples=[46.9274])
    geo_precision: GeoPrecision
    place_name: str = Field(examples=["Aghdam"])
    event_type: str = Field(examples=["Explosions/Remote violence"])
    sub_event_type: str | None = Field(examples=["Shelling/artillery/missile attack"])
    actors: list[ActorOut]
    weapons: list[WeaponClass]
    observations: ObservationsOut
    casualties: CasualtiesOut
    how_observed: HowObserved
    credibility: int = Field(examples=[3])
    text: str = Field(examples=[EXAMPLE_TEXT])
    external_id: str | None = Field(examples=["JMC-OP3-2020-11-16-014"])
    incident_id: str | None = Field(description="The incident the report is linked into")

    @staticmethod
    def values(report: Report, incident_id: str | None) -> dict[str, Any]:
        """Field values of a domain report (times in UTC, as stored)."""
        obs, loc, occurred = report.observations, report.location, report.occurred
        return {
            "id": report.id,
            "source": report.source_id,
            "received_at": report.received_at.astimezone(UTC),
            "occurred_start": occurred.start.astimezone(UTC),
            "occurred_end": occurred.end.astimezone(UTC) if occurred.end else None,
            "time_precision": occurred.precision,
            "latitude": loc.latitude,
            "longitude": loc.longitude,
            "geo_precision": loc.precision,
            "place_name": loc.place_name,
            "event_type": report.event_type,
            "sub_event_type": report.sub_event_type,
            "actors": [ActorOut(name=a.name, side=a.side, party=a.party_id) for a in report.actors],
            "weapons": list(report.weapons),
            "observations": ObservationsOut(
                explosions=obs.explosions,
                projectiles=obs.projectiles,
                bursts=obs.bursts,
                shots=obs.shots,
            ),
            "casualties": CasualtiesOut.of(report.casualties),
            "how_observed": report.how_observed,
            "credibility": report.credibility,
            "text": report.text,
            "external_id": report.external_id,
            "incident_id": incident_id,
        }


class ReportOut(_ReportFields):
    """A report as stored: as received, with the zones and district it lies in."""

    zone_ids: list[str] = Field(examples=[["district-aghdam", "handover-aghdam"]])
    district: str | None = Field(examples=["Aghdam"])
    distance_to_line_of_contact_m: float | None = Field(examples=[5230.0])
    dataset: str | None = Field(description="The dataset it was imported from (None: filed)")

    @classmethod
    def of(cls, stored: StoredReport) -> ReportOut:
        """The body for a stored report."""
        placed = stored.enrichment
        return cls(
            **cls.values(stored.report, stored.incident_id),
            zone_ids=list(placed.zone_ids),
            district=placed.district,
            distance_to_line_of_contact_m=placed.distance_to_line_of_contact_m,
            dataset=stored.provenance.dataset if stored.provenance else None,
        )


class FiledReportOut(_ReportFields):
    """The report filed (or the one already on file under its external id)."""

    duplicate: bool = Field(
        description="True when a report with this external id was already on file: nothing"
        " was written and this is the report on file"
    )
    linking: Literal["linked", "queued"] = Field(
        description="queued: stored, waiting to be linked into an incident (moments, as a"
        " rule); `incident_id` is null until then"
    )

    @classmethod
    def of(cls, filed: FiledReport) -> FiledReportOut:
        """The body for the result of filing."""
        return cls(
            **cls.values(filed.report, filed.incident_id),
            duplicate=filed.duplicate,
            linking="queued" if filed.incident_id is None else "linked",
        )


LISTING_TEXT_LIMITS = {"bbox": 200, "zone": 200, "event_type": 60, "source": 200, "cursor": 1000}
"""The longest value GET /reports takes for each text parameter (longer ones are a 422);
the route declares them and `api.fast_listing` leaves longer ones to the route."""
PAGE_SIZE = 100
"""GET /reports' page size when `limit` is not given."""


def parse_bbox(text: str) -> BBox:
    """`min_lon,min_lat,max_lon,max_lat` in WGS84 degrees; ValidationError naming `bbox`.
    A box whose min_lon exceeds its max_lon crosses the antimeridian."""
    parts = text.split(",")
    try:
        numbers = [float(p) for p in parts]
    except ValueError:
        numbers = []
    if len(numbers) != 4 or not all(-1e9 < n < 1e9 for n in numbers):
        raise ValidationError("bbox", text, "must be four numbers: min_lon,min_lat,max_lon,max_lat")
    min_lon, min_lat, max_lon, max_lat = numbers
    if not (-180 <= min_lon <= 180 and -180 <= max_lon <= 180):
        raise ValidationError("bbox", text, "longitudes must be between -180 and 180")
    if not (-90 <= min_lat <= max_lat <= 90):
        raise ValidationError("bbox", text, "latitudes must be between -90 and 90, min first")
    return BBox(min_lon, min_lat, max_lon, max_lat)


def position_of(cursor: str) -> tuple[datetime, str]:
    """The (occurred_start, id) a cursor of a reports or incidents page points after;
    ValidationError naming `cursor`."""
    start, key = decode_cursor(cursor, 2)
    try:
        when = datetime.fromisoformat(start) if isinstance(start, str) else None
    except ValueError:
        when = None
    if when is None or when.tzinfo is None or not isinstance(key, str) or not key:
        raise ValidationError("cursor", cursor, "is not a cursor this list gave out")
    return when, key
