"""Pages of reports as the API lists them, read lean: only the columns a listed report
shows, its times as UTC text and its JSON documents as text, for the service to write out
as JSON without building domain objects (`reports.page` reads the same page as domain
objects)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any, NamedTuple

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Connection,
    Row,
    Select,
    Text,
    and_,
    bindparam,
    cast,
    exists,
    func,
    literal,
    or_,
    select,
    type_coerce,
)
from sqlalchemy.dialects.postgresql import JSONB

from ceasefire.domain.access import Viewer
from ceasefire.storage.repositories.reports import ReportQuery
from ceasefire.storage.repositories.visibility import report_scope
from ceasefire.storage.schema import imports, incident_reports, incidents, reports

__all__ = ["COLUMNS", "TIME_TEXT", "page_rows"]

COLUMNS = (
    "id",
    "source_id",
    "received_at",
    "occurred_start",
    "occurred_end",
    "time_precision",
    "latitude",
    "longitude",
    "geo_precision",
    "place_name",
    "event_type",
    "sub_event_type",
    "actors",
    "weapons",
    "explosions",
    "projectiles",
    "bursts",
    "shots",
    "casualties",
    "how_observed",
    "credibility",
    "text",
    "external_id",
    "incident_id",
    "zone_ids",
    "district",
    "distance_to_loc_m",
    "dataset",
)
"""The columns of a row of `page_rows`, in order. Times are UTC text (TIME_TEXT); actors,
weapons, casualties and zone_ids are JSON text; dataset is None for reports that were
filed, not imported."""

TIME_TEXT = "YYYY-MM-DD HH:MM:SS.ffffff"
"""The form of the times of `page_rows`: UTC, as SQLAlchemy stores datetimes in SQLite."""

_TIMES = frozenset({"received_at", "occurred_start", "occurred_end"})
_DOCUMENTS = frozenset({"actors", "weapons", "casualties", "zone_ids"})
_PG_TIME_TEXT = "YYYY-MM-DD HH24:MI:SS.US"


class _Shape(NamedTuple):
    """Which filters a query has (the statement), apart from their values (its
    parameters)."""

    since: bool
    until: bool
    event_type: bool
    source: bool
    zone: bool
    box: str | None
    status: bool
    after: bool


def page_rows(conn: Connection, viewer: Viewer, q: ReportQuery) -> Sequence[Row[Any]]:
    """Up to `q.limit` reports `viewer` may read that match `q`, in (occurred_start, id)
    order after `q.after`, as rows of COLUMNS: one query, walking the index on
    (occurred_start, id, event_type, latitude, longitude), which checks the event type and
    the box before a row of the table is read."""
    statement = _statement(conn.dialect.name, viewer, _shape(q))
    return conn.execute(statement, _parameters(conn, q)).all()


def _shape(q: ReportQuery) -> _Shape:
    box = None
    if q.bbox is not None:
        box = "plain" if q.bbox.min_lon <= q.bbox.max_lon else "antimeridian"
    return _Shape(
        since=q.since is not None,
        until=q.until is not None,
        event_type=q.event_type is not None,
        source=q.source_id is not None,
        zone=q.zone_id is not None,
        box=box,
        status=q.status is not None,
        after=q.after is not None,
    )


def _parameters(conn: Connection, q: ReportQuery) -> dict[str, Any]:
    values: dict[str, Any] = {
        "since": q.since,
        "until": q.until,
        "event_type": q.event_type,
        "source_id": q.source_id,
        "status": None if q.status is None else q.status.value,
        "limit": q.limit,
    }
    if q.zone_id is not None:
        postgresql = conn.dialect.name == "postgresql"
        values["zone_id"] = [q.zone_id] if postgresql else q.zone_id
    if q.bbox is not None:
        box = q.bbox
        values |= {
            "west": float(box.min_lon),
            "south": float(box.min_lat),
            "east": float(box.max_lon),
            "north": float(box.max_lat),
        }
    if q.after is not None:
        values["after_start"], values["after_id"] = q.after
    return {name: value for name, value in values.items() if value is not None}


# Building the statement costs several times what running it does; the statements (not
# connections) are kept, one per dialect, reader and set of filters used.
@lru_cache(maxsize=512)
def _statement(dialect: str, viewer: Viewer, shape: _Shape) -> Select[Any]:
    joined = reports.outerjoin(imports, imports.c.id == reports.c.import_id).outerjoin(
        incident_reports, incident_reports.c.report_id == reports.c.id
    )
    if shape.status:
        joined = joined.join(incidents, incidents.c.id == incident_reports.c.incident_id)
    query = (
        select(*_columns(dialect))
        .select_from(joined)
        .where(report_scope(viewer), *_conditions(dialect, shape))
    )
    return query.order_by(reports.c.occurred_start, reports.c.id).limit(bindparam("limit"))


def _conditions(dialect: str, shape: _Shape) -> list[ColumnElement[bool]]:
    """The filters of a query of `shape` as conditions on `reports`, with parameters named
    as `_parameters` names them."""
    start = reports.c.occurred_start
    conds: list[ColumnElement[bool]] = []
    if shape.since:
        conds.append(start >= bindparam("since"))
    if shape.until:
        conds.append(start <= bindparam("until"))
    if shape.event_type:
        conds.append(reports.c.event_type == bindparam("event_type"))
    if shape.source:
        conds.append(reports.c.source_id == bindparam("source_id"))
    if shape.zone:
        conds.append(_in_zone(dialect))
    if shape.box is not None:
        conds.append(_in_box(antimeridian=shape.box == "antimeridian"))
    if shape.status:
        conds.append(incidents.c.status == bindparam("status"))
    if shape.after:
        after: BindParameter[Any] = bindparam("after_start")
        conds.append(and_(start >= after, or_(start > after, reports.c.id > bindparam("after_id"))))
    return conds


def _in_zone(dialect: str) -> ColumnElement[bool]:
    """zone_ids holds the zone `zone_id` (as `reports.in_zone`, with a parameter)."""
    if dialect == "postgresql":
        return type_coerce(reports.c.zone_ids, JSONB).contains(bindparam("zone_id", type_=JSONB))
    each = func.json_each(reports.c.zone_ids).table_valued("value")
    return exists(select(literal(1)).select_from(each).where(each.c.value == bindparam("zone_id")))


def _in_box(*, antimeridian: bool) -> ColumnElement[bool]:
    """The report lies in the box west, south, east, north, edges included (as
    `reports.within`, with parameters); across the antimeridian west > east."""
    latitude, longitude = reports.c.latitude, reports.c.longitude
    lat = latitude.between(bindparam("south"), bindparam("north"))
    if antimeridian:
        return and_(lat, or_(longitude >= bindparam("west"), longitude <= bindparam("east")))
    return and_(lat, longitude.between(bindparam("west"), bindparam("east")))


def _columns(dialect: str) -> list[ColumnElement[Any]]:
    postgresql = dialect == "postgresql"
    found: list[ColumnElement[Any]] = []
    for name in COLUMNS:
        table = {"incident_id": incident_reports, "dataset": imports}.get(name, reports)
        column: ColumnElement[Any] = table.c[name]
        if name in _TIMES:
            # SQLite holds the UTC text already; PostgreSQL writes it (no datetimes made).
            column = (
                func.to_char(func.timezone("UTC", column), _PG_TIME_TEXT, type_=Text)
                if postgresql
                else type_coerce(column, Text)
            )
        elif name in _DOCUMENTS:
            # As text, so neither the driver nor SQLAlchemy decodes them: the service does.
            column = cast(column, Text) if postgresql else type_coerce(column, Text)
        found.append(column.label(name))
    return found
