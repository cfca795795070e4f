"""Reports: insert once, never update; read by id or list."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    and_,
    exists,
    func,
    literal,
    or_,
    select,
    tuple_,
    type_coerce,
)
from sqlalchemy.dialects.postgresql import JSONB

from ceasefire.domain.access import Viewer
from ceasefire.domain.incidents import VerificationStatus
from ceasefire.domain.intake import Enrichment, Provenance
from ceasefire.domain.reports import (
    Actor,
    ActorSide,
    HowObserved,
    ObservationCounts,
    Report,
    WeaponClass,
)
from ceasefire.domain.serialise import to_primitive
from ceasefire.enrichment import spatial_cell
from ceasefire.errors import NotFoundError
from ceasefire.storage.repositories.located import casualties_from, located_from, located_values
from ceasefire.storage.repositories.visibility import report_scope
from ceasefire.storage.schema import imports, incident_reports, incidents, reports

__all__ = [
    "BBox",
    "ReportFilter",
    "ReportQuery",
    "StoredReport",
    "add",
    "add_many",
    "find_by_external_id",
    "find_by_external_ids",
    "find_stored",
    "get",
    "in_zone",
    "iter_reports",
    "page",
    "report_from_row",
    "reports_of_incident",
    "within",
]


def add(
    conn: Connection,
    report: Report,
    enrichment: Enrichment | None = None,
    *,
    filed_by: str | None = None,
) -> None:
    """Insert a report, with its zones, district, distance to the line of contact, spatial
    cell and who filed it (a monitor reads the reports they filed; None for imports)."""
    conn.execute(reports.insert().values(**_values(report, enrichment, filed_by)))


def add_many(conn: Connection, filed: Sequence[tuple[Report, Enrichment, str | None]]) -> None:
    """Insert several reports (each with its placing and who filed it) in one statement."""
    if filed:
        conn.execute(reports.insert(), [_values(r, placed, by) for r, placed, by in filed])


def _values(report: Report, enrichment: Enrichment | None, filed_by: str | None) -> dict[str, Any]:
    obs = report.observations
    placed = enrichment or Enrichment()
    loc = report.location
    return {
        "id": report.id,
        "source_id": report.source_id,
        "received_at": report.received_at,
        **located_values(
            report.occurred,
            report.location,
            report.event_type,
            report.sub_event_type,
            report.casualties,
        ),
        "actors": to_primitive(report.actors),
        "weapons": to_primitive(report.weapons),
        "explosions": obs.explosions,
        "projectiles": obs.projectiles,
        "bursts": obs.bursts,
        "shots": obs.shots,
        "how_observed": report.how_observed.value,
        "credibility": report.credibility,
        "text": report.text,
        "external_id": report.external_id,
        "filed_by": filed_by,
        "zone_ids": list(placed.zone_ids),
        "district": placed.district,
        "distance_to_loc_m": placed.distance_to_line_of_contact_m,
        "cell": spatial_cell(loc.latitude, loc.longitude),
    }


def get(conn: Connection, report_id: str) -> Report:
    """The report with this id, or NotFoundError."""
    row = conn.execute(select(reports).where(reports.c.id == report_id)).first()
    if row is None:
        raise NotFoundError("report", report_id)
    return report_from_row(row._mapping)


def find_by_external_id(conn: Connection, external_id: str) -> Report | None:
    """The report filed under this external id, if any."""
    row = conn.execute(select(reports).where(reports.c.external_id == external_id)).first()
    return None if row is None else report_from_row(row._mapping)


def find_by_external_ids(conn: Connection, external_ids: Collection[str]) -> dict[str, Report]:
    """The reports filed under these external ids, by external id (those on file)."""
    if not external_ids:
        return {}
    rows = conn.execute(select(reports).where(reports.c.external_id.in_(sorted(external_ids))))
    return {r.external_id: report_from_row(r._mapping) for r in rows}


def report_from_row(row: Any) -> Report:
    """Rebuild a Report from a row of the reports table."""
    occurred, location = located_from(row)
    return Report(
        id=row["id"],
        source_id=row["source_id"],
        received_at=row["received_at"],
        occurred=occurred,
        location=location,
        event_type=row["event_type"],
        sub_event_type=row["sub_event_type"],
        actors=tuple(
            Actor(name=a["name"], side=ActorSide(a["side"]), party_id=a["party_id"])
            for a in row["actors"]
        ),
        weapons=tuple(WeaponClass(w) for w in row["weapons"]),
        observations=ObservationCounts(
            explosions=row["explosions"],
            projectiles=row["projectiles"],
            bursts=row["bursts"],
            shots=row["shots"],
        ),
        casualties=casualties_from(row["casualties"]),
        how_observed=HowObserved(row["how_observed"]),
        credibility=row["credibility"],
        text=row["text"],
        external_id=row["external_id"],
    )


@dataclass(frozen=True, slots=True)
class ReportFilter:
    """Which reports to read; None means no restriction."""

    since: datetime | None = None
    until: datetime | None = None
    source_id: str | None = None
    dataset: str | None = None


@dataclass(frozen=True, slots=True)
class StoredReport:
    """A report with what intake added to it and the incident it belongs to."""

    report: Report
    provenance: Provenance | None
    enrichment: Enrichment
    incident_id: str | None


def iter_reports(
    conn: Connection, flt: ReportFilter, *, batch_size: int = 5_000
) -> Iterator[list[StoredReport]]:
    """Matching reports in (occurred_start, id) order, in batches, with constant memory."""
    conds = []
    if flt.since is not None:
        conds.append(reports.c.occurred_start >= flt.since)
    if flt.until is not None:
        conds.append(reports.c.occurred_start <= flt.until)
    if flt.source_id is not None:
        conds.append(reports.c.source_id == flt.source_id)
    if flt.dataset is not None:
        conds.append(imports.c.dataset == flt.dataset)
    query = _stored_select().order_by(reports.c.occurred_start, reports.c.id).limit(batch_size)
    after: tuple[datetime, str] | None = None
    while True:
        page = query.where(*conds)
        if after is not None:
            page = page.where(tuple_(reports.c.occurred_start, reports.c.id) > tuple_(*after))
        rows = conn.execute(page).all()
        if not rows:
            return
        yield [_stored(r._mapping) for r in rows]
        after = (rows[-1].occurred_start, rows[-1].id)


@dataclass(frozen=True, slots=True)
class BBox:
    """A box in WGS84 degrees; `min_lon` > `max_lon` means it crosses the antimeridian."""

    min_lon: float
    min_lat: float
    max_lon: float
    max_lat: float


@dataclass(frozen=True, slots=True)
class ReportQuery:
    """One page of reports for a reader: filters (None: no restriction), the position after
    which the page starts (occurred_start, id) and its size."""

    since: datetime | None = None
    until: datetime | None = None
    bbox: BBox | None = None
    zone_id: str | None = None
    event_type: str | None = None
    status: VerificationStatus | None = None
    source_id: str | None = None
    after: tuple[datetime, str] | None = None
    limit: int = 100


def page(conn: Connection, viewer: Viewer, q: ReportQuery) -> list[StoredReport]:
    """Up to `q.limit` reports `viewer` may read that match `q`, in (occurred_start, id)
    order after `q.after`: one query, walking the occurred_start index."""
    query = _stored_select().where(report_scope(viewer), *_conditions(conn, q))
    if q.status is not None:
        query = query.join(incidents, incidents.c.id == incident_reports.c.incident_id).where(
            incidents.c.status == q.status.value
        )
    if q.after is not None:
        start, report_id = q.after
        query = query.where(
            reports.c.occurred_start >= start,
            or_(reports.c.occurred_start > start, reports.c.id > report_id),
        )
    query = query.order_by(reports.c.occurred_start, reports.c.id).limit(q.limit)
    return [_stored(r._mapping) for r in conn.execute(query)]


def find_stored(conn: Connection, report_id: str, viewer: Viewer) -> StoredReport | None:
    """The report with this id as stored, if `viewer` may read it (None otherwise, exactly
    as when it does not exist)."""
    query = _stored_select().where(reports.c.id == report_id, report_scope(viewer))
    row = conn.execute(query).first()
    return None if row is None else _stored(row._mapping)


def reports_of_incident(conn: Connection, incident_id: str, viewer: Viewer) -> list[StoredReport]:
    """The reports of an incident that `viewer` may read, in (occurred_start, id) order."""
    query = (
        _stored_select()
        .where(incident_reports.c.incident_id == incident_id, report_scope(viewer))
        .order_by(reports.c.occurred_start, reports.c.id)
    )
    return [_stored(r._mapping) for r in conn.execute(query)]


def _stored_select() -> Select[Any]:
    return (
        select(reports, imports.c.dataset, imports.c.file, incident_reports.c.incident_id)
        .outerjoin(imports, imports.c.id == reports.c.import_id)
        .outerjoin(incident_reports, incident_reports.c.report_id == reports.c.id)
    )


def _conditions(conn: Connection, q: ReportQuery) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = []
    if q.since is not None:
        conds.append(reports.c.occurred_start >= q.since)
    if q.until is not None:
        conds.append(reports.c.occurred_start <= q.until)
    if q.event_type is not None:
        conds.append(reports.c.event_type == q.event_type)
    if q.source_id is not None:
        conds.append(reports.c.source_id == q.source_id)
    if q.zone_id is not None:
        conds.append(in_zone(conn, reports.c.zone_ids, q.zone_id))
    if q.bbox is not None:
        conds.append(within(q.bbox, reports.c.latitude, reports.c.longitude))
    return conds


def in_zone(conn: Connection, zone_ids: Any, zone_id: str) -> ColumnElement[bool]:
    """`zone_ids` (a JSON list column) holds `zone_id`: JSONB containment on PostgreSQL,
    `json_each` on SQLite."""
    if conn.dialect.name == "postgresql":
        return type_coerce(zone_ids, JSONB).contains([zone_id])
    each = func.json_each(zone_ids).table_valued("value")
    return exists(select(literal(1)).select_from(each).where(each.c.value == zone_id))


def within(box: BBox, latitude: Any, longitude: Any) -> ColumnElement[bool]:
    """The point (`latitude`, `longitude`) lies in `box` (edges included)."""
    west, south, east, north = (
        float(v) for v in (box.min_lon, box.min_lat, box.max_lon, box.max_lat)
    )
    lat = latitude.between(south, north)
    if west <= east:
        return and_(lat, longitude.between(west, east))
    return and_(lat, or_(longitude >= west, longitude <= east))


def _stored(row: Any) -> StoredReport:
    provenance = None
    if row["import_id"] is not None:
        provenance = Provenance(
            dataset=row["dataset"], file=row["file"], row=row["import_row"],
            original_id=row["original_id"] or "", extra=row["extra"] or {},
        )  # fmt: skip
    enrichment = Enrichment(
        zone_ids=tuple(row["zone_ids"] or ()),
        district=row["district"],
        distance_to_line_of_contact_m=row["distance_to_loc_m"],
    )
    return StoredReport(report_from_row(row), provenance, enrichment, row["incident_id"])
