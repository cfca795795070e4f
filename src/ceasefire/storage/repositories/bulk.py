"""Bulk inserts of reports for imports: executemany on SQLite, COPY on PostgreSQL, and the
set-based SQL that opens one incident per imported report."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, bindparam, select, text

from ceasefire.domain.intake import Enrichment, Provenance
from ceasefire.domain.reports import CASUALTY_FIELDS, Casualties, Report
from ceasefire.enrichment import spatial_cell
from ceasefire.storage.schema import reports

__all__ = [
    "BASE_COLUMNS",
    "BULK_COLUMNS",
    "base_values",
    "casualties_json",
    "dumps",
    "existing_external_ids",
    "insert_reports",
    "open_incidents",
    "time_text",
    "with_enrichment",
]

BULK_COLUMNS: tuple[str, ...] = (
    "id", "source_id", "received_at", "occurred_start", "occurred_end", "time_precision",
    "latitude", "longitude", "geo_precision", "place_name", "event_type", "sub_event_type",
    "casualties", "actors", "weapons", "explosions", "projectiles", "bursts", "shots",
    "how_observed", "credibility", "text", "external_id", "import_id", "import_row",
    "original_id", "extra", "zone_ids", "district", "distance_to_loc_m", "cell",
)  # fmt: skip
"""Columns written by bulk inserts: the report's own (up to `extra`), then the enrichment."""
BASE_COLUMNS = BULK_COLUMNS[: BULK_COLUMNS.index("zone_ids")]
dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
"""Compact JSON text as stored in the JSON columns."""


def time_text(value: datetime | None, dialect: str) -> str | None:
    """A UTC instant as stored: SQLAlchemy's SQLite text, or text with +00 for PostgreSQL."""
    if value is None:
        return None
    text_ = value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    return text_ + "+00" if dialect == "postgresql" else text_


def casualties_json(cas: Casualties) -> str:
    """Casualties as their JSON document (known categories only)."""
    doc: dict[str, Any] = {}
    for name in CASUALTY_FIELDS:
        r = getattr(cas, name)
        if r.known:
            doc[name] = {"low": r.low, "best": r.best, "high": r.high}
    if cas.military_by_party:
        doc["military_by_party"] = [
            {
                "party_id": t.party_id,
                "killed": {"low": t.killed.low, "best": t.killed.best, "high": t.killed.high},
                "wounded": {"low": t.wounded.low, "best": t.wounded.best, "high": t.wounded.high},
            }
            for t in cas.military_by_party
        ]
    return dumps(doc)


def base_values(
    report: Report, provenance: Provenance, import_id: str, dialect: str
) -> tuple[Any, ...]:
    """A report's own columns (BASE_COLUMNS), ready to store: JSON and times as text."""
    loc, obs = report.location, report.observations
    actors = [{"name": a.name, "side": a.side.value, "party_id": a.party_id} for a in report.actors]
    return (
        report.id, report.source_id, time_text(report.received_at, dialect),
        time_text(report.occurred.start, dialect), time_text(report.occurred.end, dialect),
        report.occurred.precision.value, loc.latitude, loc.longitude, loc.precision.value,
        loc.place_name, report.event_type, report.sub_event_type,
        casualties_json(report.casualties), dumps(actors),
        dumps([w.value for w in report.weapons]), obs.explosions, obs.projectiles, obs.bursts,
        obs.shots, report.how_observed.value, report.credibility, report.text,
        report.external_id, import_id, provenance.row, provenance.original_id,
        dumps(provenance.extra) if provenance.extra else None,
    )  # fmt: skip


def with_enrichment(
    base: tuple[Any, ...], enrichment: Enrichment, lat: float, lon: float
) -> tuple[Any, ...]:
    """Base values followed by the enrichment columns and the spatial cell."""
    return (
        *base,
        dumps(list(enrichment.zone_ids)),
        enrichment.district,
        enrichment.distance_to_line_of_contact_m,
        spatial_cell(lat, lon),
    )


def existing_external_ids(conn: Connection, external_ids: Sequence[str]) -> set[str]:
    """Which of these external ids are already stored."""
    found: set[str] = set()
    column = reports.c.external_id
    for start in range(0, len(external_ids), 500):
        chunk = list(external_ids[start : start + 500])
        found.update(conn.execute(select(column).where(column.in_(chunk))).scalars())
    return found


def insert_reports(conn: Connection, rows: Sequence[tuple[Any, ...]]) -> None:
    """Insert many ready rows in BULK_COLUMNS order."""
    if not rows:
        return
    names = ", ".join(f'"{c}"' for c in BULK_COLUMNS)
    if conn.dialect.name == "postgresql":
        raw = conn.connection.driver_connection
        assert raw is not None
        with raw.cursor() as cursor, cursor.copy(f"COPY reports ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    marks = ", ".join("?" for _ in BULK_COLUMNS)
    conn.exec_driver_sql(f"INSERT INTO reports ({names}) VALUES ({marks})", list(rows))


def open_incidents(conn: Connection, import_id: str, now: datetime) -> int:
    """One unverified incident per report of this import (linking merges them later)."""
    shared = (
        "occurred_start, occurred_end, time_precision, latitude, longitude, geo_precision,"
        " place_name, event_type, sub_event_type, casualties"
    )
    stamp = now.astimezone(UTC)
    if conn.dialect.name == "sqlite":
        stamp_value: Any = stamp.strftime("%Y-%m-%d %H:%M:%S.%f")
    else:
        stamp_value = stamp
    result = conn.execute(
        text(
            f"INSERT INTO incidents (id, {shared}, status, confidence, attributed_party_id,"
            f" provision_ids, created_at, updated_at)"
            f" SELECT id, {shared}, 'unverified', 0.0, NULL, '[]', :now, :now"
            " FROM reports WHERE import_id = :import_id"
        ).bindparams(bindparam("now", stamp_value), bindparam("import_id", import_id))
    )
    conn.execute(
        text(
            "INSERT INTO incident_reports (report_id, incident_id)"
            " SELECT id, id FROM reports WHERE import_id = :import_id"
        ),
        {"import_id": import_id},
    )
    return int(result.rowcount or 0)
