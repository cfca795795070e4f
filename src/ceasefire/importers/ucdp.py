"""UCDP GED CSV files: rows to reports, deaths by side and codes kept verbatim, and back."""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Any

from ceasefire.domain.intake import Provenance
from ceasefire.domain.interop import ucdp_codes
from ceasefire.domain.precision import GeoPrecision, TimePrecision
from ceasefire.domain.reports import (
    Actor,
    ActorSide,
    Casualties,
    CasualtyRange,
    Location,
    PartyToll,
    Report,
    TimeSpan,
)
from ceasefire.importers.formats import UCDP_COLUMNS
from ceasefire.importers.parties import PartyMatcher
from ceasefire.importers.values import RowReader

__all__ = ["UcdpFormat"]

# Columns the model holds exactly; every other non-empty cell is kept in Provenance.extra,
# including the codes and deaths the model holds lossily (date_prec 2 and 3 both read as a
# week, where_prec 5 and 7 as region and country) and best/low/high.
_MAPPED = frozenset(
    {
        "id", "date_start", "date_end", "latitude", "longitude", "where_coordinates",
        "side_a", "side_b", "source_headline",
    }
)  # fmt: skip
_SIDES = (("side_a", "deaths_a", ActorSide.INITIATOR), ("side_b", "deaths_b", ActorSide.TARGET))
_VIOLENCE = {
    1: ("Battles", "Armed clash"),  # state-based
    2: ("Battles", "Armed clash"),  # non-state
    3: ("Violence against civilians", "Attack"),  # one-sided
}
# Domain field names whose errors belong to a UCDP column of another name.
FIELD_COLUMNS = {
    "occurred_start": "date_start",
    "occurred_end": "date_end",
    "place_name": "where_coordinates",
    "text": "source_headline",
    "event_type": "type_of_violence",
    "sub_event_type": "type_of_violence",
    "casualties": "best",
}


class UcdpFormat:
    """The 49 columns of a UCDP Georeferenced Event Dataset (GED) CSV file."""

    dataset = "ucdp"
    required_columns = UCDP_COLUMNS
    field_columns = FIELD_COLUMNS

    def __init__(self, parties: PartyMatcher) -> None:
        self.parties = parties

    def key(self, row: RowReader) -> str:
        """The natural key: id."""
        return row.required("id")

    def to_report(
        self, row: RowReader, *, report_id: str, received_at: datetime, source_id: str
    ) -> tuple[Report, Provenance]:
        """One row as a report and its provenance."""
        key = self.key(row)
        event_type, sub_event_type = _VIOLENCE[row.code("type_of_violence", range(1, 4))]
        actors = self._actors(row)
        report = Report(
            id=report_id,
            source_id=source_id,
            received_at=received_at,
            occurred=_occurred(row),
            location=Location(
                latitude=row.number("latitude", low=-90, high=90),
                longitude=row.number("longitude", low=-180, high=180),
                precision=GeoPrecision.from_ucdp(row.code("where_prec", range(1, 8))),
                place_name=row.text("where_coordinates"),
            ),
            event_type=event_type,
            sub_event_type=sub_event_type,
            actors=tuple(actor for actor in actors.values() if actor is not None),
            casualties=_casualties(row, actors),
            text=row.text("source_headline"),
            external_id=f"{self.dataset}:{key}",
        )
        return report, Provenance(self.dataset, row.file, row.line, key, row.extra(_MAPPED))

    def _actors(self, row: RowReader) -> dict[str, Actor | None]:
        """side_a as the initiator and side_b as the target, by column (None when empty)."""
        actors: dict[str, Actor | None] = {}
        for column, _, side in _SIDES:
            name = row.text(column)
            actors[column] = Actor(name, side, self.parties.match(name)) if name else None
        return actors

    @staticmethod
    def to_row(report: Report, provenance: Provenance | None) -> dict[str, Any]:
        """The UCDP columns of a report; codes and deaths come verbatim from a UCDP row's
        provenance where kept, else from the model. Other datasets' extra fields are left
        out, since their columns of the same name (country, region) mean other things."""
        from_ucdp = provenance is not None and provenance.dataset == "ucdp"
        extra = dict(provenance.extra) if provenance is not None and from_ucdp else {}
        row: dict[str, Any] = {column: extra.pop(column, "") for column in UCDP_COLUMNS}
        for column, value in _computed(report).items():
            row[column] = row[column] or value
        by_side = _names_by_side(report)
        start = report.occurred.start
        row.update(
            id=provenance.original_id if provenance is not None else report.id,
            date_start=start.date().isoformat(),
            date_end=(report.occurred.end or start).date().isoformat(),
            latitude=_coordinate(report.location.latitude),
            longitude=_coordinate(report.location.longitude),
            where_coordinates=report.location.place_name,
            side_a=by_side.get(ActorSide.INITIATOR, ""),
            side_b=by_side.get(ActorSide.TARGET, ""),
            source_headline=report.text,
        )
        return row


def _occurred(row: RowReader) -> TimeSpan:
    """date_start to date_end (calendar days; a time part such as 00:00:00.000 is dropped)."""
    start, end = (
        datetime.combine(row.date_only(column), time(), UTC)
        for column in ("date_start", "date_end")
    )
    precision = TimePrecision.from_ucdp(row.code("date_prec", range(1, 6)))
    return TimeSpan(start=start, end=end if end != start else None, precision=precision)


def _count(row: RowReader, column: str) -> int:
    """A required whole number >= 0."""
    value = row.count(column)
    assert value is not None
    return value


def _casualties(row: RowReader, actors: dict[str, Actor | None]) -> Casualties:
    """Deaths by side as military (split by party where the side is one), civilian, unknown."""
    _check_estimates(row)
    tolls: list[PartyToll] = []
    military = 0
    for side_column, deaths_column, _ in _SIDES:
        deaths = _count(row, deaths_column)
        military += deaths
        actor = actors[side_column]
        party = actor.party_id if actor is not None else None
        if party is not None and all(t.party_id != party for t in tolls):
            tolls.append(PartyToll(party, killed=_exact(deaths)))
    return Casualties(
        killed_military=_exact(military),
        killed_civilian=_exact(_count(row, "deaths_civilians")),
        killed_unknown=_exact(_count(row, "deaths_unknown")),
        military_by_party=tuple(tolls),
    )


def _check_estimates(row: RowReader) -> None:
    """best, low and high are whole numbers with low <= best <= high."""
    low, best, high = (_count(row, column) for column in ("low", "best", "high"))
    if low > best:
        raise row.fail("low", row.text("low"), f"must not be more than best ({best})")
    if high < best:
        raise row.fail("high", row.text("high"), f"must not be less than best ({best})")


def _exact(count: int) -> CasualtyRange:
    return CasualtyRange(count, count, count)


def _names_by_side(report: Report) -> dict[ActorSide, str]:
    """The first actor named on each side."""
    names: dict[ActorSide, str] = {}
    for actor in report.actors:
        names.setdefault(actor.side, actor.name)
    return names


def _computed(report: Report) -> dict[str, str]:
    """The UCDP codes, deaths and derived columns of a report, from the model alone."""
    parties: dict[ActorSide, str] = {}
    for actor in report.actors:
        if actor.party_id is not None:
            parties.setdefault(actor.side, actor.party_id)
    codes = ucdp_codes(
        report,
        side_a=parties.get(ActorSide.INITIATOR, ""),
        side_b=parties.get(ActorSide.TARGET, ""),
    )
    location = report.location
    violence = 3 if report.event_type == "Violence against civilians" else 1
    return {
        "year": str(report.occurred.start.year),
        "type_of_violence": str(violence),
        "geom_wkt": f"POINT ({_coordinate(location.longitude)} {_coordinate(location.latitude)})",
        "date_prec": str(codes.date_prec),
        "where_prec": str(codes.where_prec),
        "deaths_a": str(codes.deaths_a),
        "deaths_b": str(codes.deaths_b),
        "deaths_civilians": str(codes.deaths_civilians),
        "deaths_unknown": str(codes.deaths_unknown),
        "best": str(codes.best),
        "low": str(codes.low),
        "high": str(codes.high),
    }


def _coordinate(value: float) -> str:
    """At most 6 decimals, no trailing zeros."""
    return f"{value:.6f}".rstrip("0").rstrip(".")
