"""Bulk inserts of reports for imports: executemany on SQLite, COPY on PostgreSQL, and the
set-based SQL that opens one incident per imported report."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, bindparam, select, text

from ceasefire.domain.intake import Enrichment, Provenance
from ceasefire.domain.reports import CASUALTY_FIELDS, Report
from ceasefire.enrichment import spatial_cell
from ceasefire.storage.schema import reports

__all__ = [
    "BULK_COLUMNS",
    "existing_external_ids",
    "insert_reports",
    "open_incidents",
    "row_values",
]

BULK_COLUMNS: tuple[str, ...] = (
    "id", "source_id", "received_at", "occurred_start", "occurred_end", "time_precision",
    "latitude", "longitude", "geo_precision", "place_name", "event_type", "sub_event_type",
    "casualties", "actors", "weapons", "explosions", "projectiles", "bursts", "shots",
    "how_observed", "credibility", "text", "external_id", "import_id", "import_row",
    "original_id", "extra", "zone_ids", "district", "distance_to_loc_m", "cell",
)  # fmt: skip
_JSON = frozenset({"casualties", "actors", "weapons", "extra", "zone_ids"})
_TIMES = frozenset({"received_at", "occurred_start", "occurred_end"})
_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def row_values(
    report: Report, provenance: Provenance, enrichment: Enrichment, import_id: str
) -> tuple[Any, ...]:
    """One report as values in BULK_COLUMNS order (JSON and times still as Python objects)."""
    loc, obs, cas = report.location, report.observations, report.casualties
    casualties: dict[str, Any] = {}
    for name in CASUALTY_FIELDS:
        r = getattr(cas, name)
        if r.known:
            casualties[name] = {"low": r.low, "best": r.best, "high": r.high}
    if cas.military_by_party:
        casualties["military_by_party"] = [
            {
                "party_id": t.party_id,
                "killed": {"low": t.killed.low, "best": t.killed.best, "high": t.killed.high},
                "wounded": {"low": t.wounded.low, "best": t.wounded.best, "high": t.wounded.high},
            }
            for t in cas.military_by_party
        ]
    return (
        report.id, report.source_id, report.received_at, report.occurred.start,
        report.occurred.end, report.occurred.precision.value, loc.latitude, loc.longitude,
        loc.precision.value, loc.place_name, report.event_type, report.sub_event_type,
        casualties,
        [{"name": a.name, "side": a.side.value, "party_id": a.party_id} for a in report.actors],
        [w.value for w in report.weapons], obs.explosions, obs.projectiles, obs.bursts,
        obs.shots, report.how_observed.value, report.credibility, report.text,
        report.external_id, import_id, provenance.row, provenance.original_id,
        provenance.extra or None, list(enrichment.zone_ids), enrichment.district,
        enrichment.distance_to_line_of_contact_m, spatial_cell(loc.latitude, loc.longitude),
    )  # fmt: skip


def existing_external_ids(conn: Connection, external_ids: Sequence[str]) -> set[str]:
    """Which of these external ids are already stored."""
    found: set[str] = set()
    column = reports.c.external_id
    for start in range(0, len(external_ids), 500):
        chunk = list(external_ids[start : start + 500])
        found.update(conn.execute(select(column).where(column.in_(chunk))).scalars())
    return found


def insert_reports(conn: Connection, rows: Sequence[tuple[Any, ...]]) -> None:
    """Insert many rows in BULK_COLUMNS order."""
    if not rows:
        return
    if conn.dialect.name == "postgresql":
        _copy(conn, rows)
        return
    names = ", ".join(f'"{c}"' for c in BULK_COLUMNS)
    marks = ", ".join("?" for _ in BULK_COLUMNS)
    sql = f"INSERT INTO reports ({names}) VALUES ({marks})"
    conn.exec_driver_sql(sql, [_sqlite_values(r) for r in rows])


_JSON_AT = tuple(i for i, c in enumerate(BULK_COLUMNS) if c in _JSON)
_TIMES_AT = tuple(i for i, c in enumerate(BULK_COLUMNS) if c in _TIMES)


def _sqlite_values(row: tuple[Any, ...]) -> tuple[Any, ...]:
    """JSON as text and times as SQLAlchemy's SQLite format, UTC without offset."""
    values = list(row)
    for i in _JSON_AT:
        if values[i] is not None:
            values[i] = _dumps(values[i])
    for i in _TIMES_AT:
        if values[i] is not None:
            values[i] = values[i].astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    return tuple(values)


def _copy(conn: Connection, rows: Sequence[tuple[Any, ...]]) -> None:
    names = ", ".join(f'"{c}"' for c in BULK_COLUMNS)
    raw = conn.connection.driver_connection
    assert raw is not None
    with raw.cursor() as cursor, cursor.copy(f"COPY reports ({names}) FROM STDIN") as copy:
        for row in rows:
            values = list(row)
            for i in _JSON_AT:
                if values[i] is not None:
                    values[i] = _dumps(values[i])
            copy.write_row(values)


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
