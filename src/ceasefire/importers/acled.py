"""ACLED CSV exports: rows to reports (accepting the quirks of real exports) and back."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ceasefire.domain.intake import Provenance
from ceasefire.domain.precision import GeoPrecision, TimePrecision
from ceasefire.domain.reports import (
    Actor,
    ActorSide,
    Casualties,
    CasualtyRange,
    Location,
    Report,
    TimeSpan,
)
from ceasefire.importers.formats import ACLED_ACTOR_TYPES, ACLED_COLUMNS
from ceasefire.importers.parties import PartyMatcher
from ceasefire.importers.values import RowReader

__all__ = ["AcledFormat", "normalise_actor_type"]

_MAPPED = frozenset(
    {
        "event_id_cnty", "event_date", "time_precision", "event_type", "sub_event_type",
        "actor1", "actor2", "location", "latitude", "longitude", "geo_precision", "notes",
        "fatalities",
    }
)  # fmt: skip
_NORMALISED = ("inter1", "inter2")
# Domain field names whose errors belong to an ACLED column of another name.
FIELD_COLUMNS = {"occurred_start": "event_date", "text": "notes", "place_name": "location"}


def normalise_actor_type(raw: str) -> str:
    """ACLED's old numeric actor-type codes ('1', '1.0') as today's names.

    >>> normalise_actor_type("1.0"), normalise_actor_type("State forces"), normalise_actor_type("")
    ('State forces', 'State forces', '')
    """
    text = raw.strip()
    try:
        code = float(text)
    except ValueError:
        return text
    return ACLED_ACTOR_TYPES.get(int(code), text) if code.is_integer() else text


class AcledFormat:
    """The 31 standard columns of an ACLED export; other columns are kept as they are."""

    dataset = "acled"
    required_columns = ACLED_COLUMNS
    field_columns = FIELD_COLUMNS

    def __init__(self, parties: PartyMatcher) -> None:
        self.parties = parties

    def key(self, row: RowReader) -> str:
        """The natural key: event_id_cnty."""
        return row.required("event_id_cnty")

    def to_report(
        self, row: RowReader, *, report_id: str, received_at: datetime, source_id: str
    ) -> tuple[Report, Provenance]:
        """One row as a report and its provenance."""
        key = self.key(row)
        fatalities = row.count("fatalities")
        report = Report(
            id=report_id,
            source_id=source_id,
            received_at=received_at,
            occurred=TimeSpan(
                start=row.day("event_date"),
                precision=TimePrecision.from_acled(row.code("time_precision", range(1, 4))),
            ),
            location=Location(
                latitude=row.number("latitude", low=-90, high=90),
                longitude=row.number("longitude", low=-180, high=180),
                precision=GeoPrecision.from_acled(row.code("geo_precision", range(1, 4))),
                place_name=row.text("location"),
            ),
            event_type=row.required("event_type"),
            sub_event_type=row.text("sub_event_type") or None,
            actors=self._actors(row),
            casualties=Casualties(killed_unknown=CasualtyRange(fatalities, fatalities, fatalities)),
            text=row.text("notes"),
            external_id=f"{self.dataset}:{key}",
        )
        extra = row.extra(_MAPPED)
        for column in _NORMALISED:
            if column in extra:
                extra[column] = normalise_actor_type(extra[column])
        return report, Provenance(self.dataset, row.file, row.line, key, extra)

    def _actors(self, row: RowReader) -> tuple[Actor, ...]:
        actors = []
        for column, side in (("actor1", ActorSide.INITIATOR), ("actor2", ActorSide.TARGET)):
            name = row.text(column)
            if name:
                actors.append(Actor(name, side, self.parties.match(name)))
        return tuple(actors)

    @staticmethod
    def to_row(report: Report, provenance: Provenance | None) -> dict[str, Any]:
        """The ACLED columns of a report; unmapped columns come back from its provenance."""
        extra = dict(provenance.extra) if provenance else {}
        by_side = {a.side: a.name for a in report.actors}
        start = report.occurred.start
        row: dict[str, Any] = {column: extra.pop(column, "") for column in ACLED_COLUMNS}
        row.update(
            event_id_cnty=provenance.original_id if provenance else report.id,
            event_date=start.date().isoformat(),
            year=row["year"] or str(start.year),
            time_precision=str(report.occurred.precision.acled),
            event_type=report.event_type,
            sub_event_type=report.sub_event_type or "",
            actor1=by_side.get(ActorSide.INITIATOR, ""),
            actor2=by_side.get(ActorSide.TARGET, ""),
            location=report.location.place_name,
            latitude=_coordinate(report.location.latitude),
            longitude=_coordinate(report.location.longitude),
            geo_precision=str(report.location.precision.acled),
            notes=report.text,
            fatalities=str(report.casualties.total_killed_best()),
        )
        row.update(extra)
        return row


def _coordinate(value: float) -> str:
    """At most 6 decimals, no trailing zeros: ACLED writes 4."""
    return f"{value:.6f}".rstrip("0").rstrip(".")
