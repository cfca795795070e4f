"""Bulk inserts of reports for imports, from columns: executemany on SQLite, COPY on
PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeAlias

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from sqlalchemy import Connection

from ceasefire.arrow_text import has_bytes
from ceasefire.arrow_text import text as text_scalar
from ceasefire.domain.intake import Provenance
from ceasefire.domain.reports import CASUALTY_FIELDS, Casualties, Report

__all__ = [
    "ARROW_TYPES",
    "BASE_COLUMNS",
    "BULK_COLUMNS",
    "Column",
    "Constant",
    "base_values",
    "casualties_json",
    "dumps",
    "existing_external_ids",
    "insert_reports",
    "time_text",
]

BULK_COLUMNS: tuple[str, ...] = (
    "id", "source_id", "received_at", "occurred_start", "occurred_end", "time_precision",
    "latitude", "longitude", "geo_precision", "place_name", "event_type", "sub_event_type",
    "casualties", "actors", "weapons", "explosions", "projectiles", "bursts", "shots",
    "how_observed", "credibility", "text", "external_id", "import_id", "import_row",
    "original_id", "extra", "origin", "zone_ids", "district", "distance_to_loc_m", "cell",
)  # fmt: skip
"""Columns written by bulk inserts: the report's own (up to `extra`), then the enrichment."""
BASE_COLUMNS = BULK_COLUMNS[: BULK_COLUMNS.index("zone_ids")]
_FLOATS = ("latitude", "longitude", "distance_to_loc_m")
_INTEGERS = ("explosions", "projectiles", "bursts", "shots", "credibility", "import_row", "cell")
ARROW_TYPES: dict[str, pa.DataType] = {
    name: pa.float64() if name in _FLOATS else pa.int64() if name in _INTEGERS else pa.string()
    for name in BULK_COLUMNS
}
"""The Arrow type of each bulk column's values (times and JSON documents as text)."""
_NULL = "\\N"
"""COPY's null (made into an Arrow scalar on use: building one imports pandas)."""
_CONSTANT_TYPES = {str: pa.string(), int: pa.int64(), float: pa.float64()}
_COPY_ESCAPES = (("\\", "\\\\"), ("\n", "\\n"), ("\r", "\\r"), ("\t", "\\t"))
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
        dumps(provenance.extra) if provenance.extra else None, provenance.origin,
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class Constant:
    """One value for every row of a batch (written once into the statement, not per row)."""

    value: str | int | float | None


Column: TypeAlias = pa.Array | Constant
"""A batch's values for one column: an Arrow array with a value per row, or a constant."""


def existing_external_ids(conn: Connection, external_ids: Sequence[str]) -> set[str]:
    """Which of these external ids are already stored."""
    found: set[str] = set()
    if conn.dialect.name == "postgresql":
        sql = "SELECT external_id FROM reports WHERE external_id = ANY(%s)"
        for start in range(0, len(external_ids), 10_000):
            chunk = list(external_ids[start : start + 10_000])
            found.update(row[0] for row in conn.exec_driver_sql(sql, (chunk,)))
        return found
    for start in range(0, len(external_ids), 500):
        part = tuple(external_ids[start : start + 500])
        marks = ",".join("?" * len(part))
        sql = f"SELECT external_id FROM reports WHERE external_id IN ({marks})"
        found.update(row[0] for row in conn.exec_driver_sql(sql, part))
    return found


def insert_reports(conn: Connection, columns: Mapping[str, Column], rows: int) -> None:
    """Insert `rows` rows given as one Column per name of BULK_COLUMNS."""
    if rows == 0:
        return
    missing = [name for name in BULK_COLUMNS if name not in columns]
    if missing:
        raise ValueError(f"insert_reports: no values for {missing}")
    if conn.dialect.name == "postgresql":
        _copy_reports(conn, columns)
    else:
        _executemany_reports(conn, columns)


def _executemany_reports(conn: Connection, columns: Mapping[str, Column]) -> None:
    """SQLite: one executemany; constants are written into the statement as literals (fewer
    bindings per row)."""
    names = ", ".join(f'"{c}"' for c in BULK_COLUMNS)
    values = []
    varying: list[list[Any]] = []
    for name in BULK_COLUMNS:
        column = columns[name]
        if isinstance(column, Constant):
            values.append(_sql_literal(column.value))
        else:
            values.append("?")
            varying.append(column.to_pylist())
    sql = f"INSERT INTO reports ({names}) VALUES ({', '.join(values)})"
    conn.exec_driver_sql(sql, list(zip(*varying, strict=True)))


def _sql_literal(value: str | int | float | None) -> str:
    """A constant as an SQL literal.

    >>> _sql_literal("it's"), _sql_literal(None), _sql_literal(6)
    ("'it''s'", 'NULL', '6')
    """
    if value is None:
        return "NULL"
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise TypeError(f"no SQL literal for {value!r}")
    if isinstance(value, str):
        if "\x00" in value:
            raise ValueError("text with a NUL character")
        return "'" + value.replace("'", "''") + "'"
    return repr(value)


def _copy_reports(conn: Connection, columns: Mapping[str, Column]) -> None:
    """PostgreSQL: COPY in text format, the payload built by Arrow kernels in one piece."""
    fields = [_copy_field(columns[name]) for name in BULK_COLUMNS]
    rows = pc.binary_join_element_wise(*fields, text_scalar("\t"))
    lines = pc.binary_join_element_wise(rows, text_scalar("\n"), text_scalar(""))
    payload = _string_buffer(lines)
    names = ", ".join(f'"{c}"' for c in BULK_COLUMNS)
    raw = conn.connection.driver_connection
    assert raw is not None
    with raw.cursor() as cursor, cursor.copy(f"COPY reports ({names}) FROM STDIN") as copy:
        copy.write(payload)


def _copy_field(column: Column) -> pa.Array | pa.Scalar:
    """A column in COPY's text format: tabs, line breaks and backslashes escaped, \\N for
    null."""
    if isinstance(column, Constant):
        if column.value is None:
            return text_scalar(_NULL)
        array = pa.array([column.value], _CONSTANT_TYPES[type(column.value)])
    else:
        array = column
    if not pa.types.is_string(array.type):
        values = pc.cast(array, pa.string())
    else:
        values = array
        if has_bytes(array, among=b"\\\n\r\t"):
            for raw, shown in _COPY_ESCAPES:
                values = pc.replace_substring(values, raw, shown)
    values = pc.fill_null(values, text_scalar(_NULL))
    return values[0] if isinstance(column, Constant) else values


def _string_buffer(lines: pa.StringArray) -> bytes | memoryview:
    """Every value one after another: the data buffer of the array, as it is laid out."""
    offsets = lines.buffers()[1]
    data = lines.buffers()[2]
    assert offsets is not None and data is not None
    bounds = np.frombuffer(offsets, dtype=np.int32)
    start, end = int(bounds[lines.offset]), int(bounds[lines.offset + len(lines)])
    return memoryview(data)[start:end]
