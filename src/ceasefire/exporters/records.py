"""One flat record per report: the column layout of the CSV, GeoJSON, GeoPackage and
GeoParquet exports."""

from __future__ import annotations

from typing import Any

from ceasefire.domain.intake import Enrichment, Provenance
from ceasefire.domain.reports import CASUALTY_FIELDS, Report

__all__ = ["RECORD_COLUMNS", "RECORD_TYPES", "report_record"]

RECORD_TYPES: dict[str, str] = {
    "report_id": "str",
    "incident_id": "str",
    "source_id": "str",
    "external_id": "str",
    "received_at": "datetime",
    "occurred_start": "datetime",
    "occurred_end": "datetime",
    "time_precision": "str",
    "latitude": "float",
    "longitude": "float",
    "geo_precision": "str",
    "place_name": "str",
    "event_type": "str",
    "sub_event_type": "str",
    "actors": "str",
    "weapons": "str",
    "explosions": "int",
    "projectiles": "int",
    "bursts": "int",
    "shots": "int",
    **{f"{name}_{part}": "int" for name in CASUALTY_FIELDS for part in ("low", "best", "high")},
    "how_observed": "str",
    "credibility": "int",
    "text": "str",
    "zone_ids": "str",
    "district": "str",
    "distance_to_line_of_contact_m": "float",
    "dataset": "str",
    "file": "str",
    "row": "int",
    "original_id": "str",
}
"""Column name -> one of str, int, float, datetime (None allowed everywhere but the ids and
coordinates). Lists (actors, weapons, zone ids) are joined with "; "."""

RECORD_COLUMNS: tuple[str, ...] = tuple(RECORD_TYPES)


def report_record(
    report: Report,
    *,
    incident_id: str | None = None,
    provenance: Provenance | None = None,
    enrichment: Enrichment | None = None,
) -> dict[str, Any]:
    """The flat record of one report, with every column of RECORD_COLUMNS."""
    obs = report.observations
    record: dict[str, Any] = {
        "report_id": report.id,
        "incident_id": incident_id,
        "source_id": report.source_id,
        "external_id": report.external_id,
        "received_at": report.received_at,
        "occurred_start": report.occurred.start,
        "occurred_end": report.occurred.end,
        "time_precision": report.occurred.precision.value,
        "latitude": report.location.latitude,
        "longitude": report.location.longitude,
        "geo_precision": report.location.precision.value,
        "place_name": report.location.place_name,
        "event_type": report.event_type,
        "sub_event_type": report.sub_event_type,
        "actors": "; ".join(a.name for a in report.actors),
        "weapons": "; ".join(w.value for w in report.weapons),
        "explosions": obs.explosions,
        "projectiles": obs.projectiles,
        "bursts": obs.bursts,
        "shots": obs.shots,
        "how_observed": report.how_observed.value,
        "credibility": report.credibility,
        "text": report.text,
    }
    for name, r in report.casualties.items():
        record.update({f"{name}_low": r.low, f"{name}_best": r.best, f"{name}_high": r.high})
    e = enrichment or Enrichment()
    record.update(
        zone_ids="; ".join(e.zone_ids),
        district=e.district,
        distance_to_line_of_contact_m=e.distance_to_line_of_contact_m,
    )
    p = provenance
    record.update(
        dataset=p.dataset if p else None,
        file=p.file if p else None,
        row=p.row if p else None,
        original_id=p.original_id if p else None,
    )
    return record
