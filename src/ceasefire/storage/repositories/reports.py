"""Reports: insert once, never update; read by id or list."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select, tuple_

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
from ceasefire.storage.schema import imports, incident_reports, reports

__all__ = [
    "ReportFilter",
    "StoredReport",
    "add",
    "find_by_external_id",
    "get",
    "iter_reports",
    "report_from_row",
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
    obs = report.observations
    placed = enrichment or Enrichment()
    loc = report.location
    conn.execute(
        reports.insert().values(
            id=report.id,
            source_id=report.source_id,
            received_at=report.received_at,
            **located_values(
                report.occurred,
                report.location,
                report.event_type,
                report.sub_event_type,
                report.casualties,
            ),
            actors=to_primitive(report.actors),
            weapons=to_primitive(report.weapons),
            explosions=obs.explosions,
            projectiles=obs.projectiles,
            bursts=obs.bursts,
            shots=obs.shots,
            how_observed=report.how_observed.value,
            credibility=report.credibility,
            text=report.text,
            external_id=report.external_id,
            filed_by=filed_by,
            zone_ids=list(placed.zone_ids),
            district=placed.district,
            distance_to_loc_m=placed.distance_to_line_of_contact_m,
            cell=spatial_cell(loc.latitude, loc.longitude),
        )
    )


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
    query = (
        select(reports, imports.c.dataset, imports.c.file, incident_reports.c.incident_id)
        .outerjoin(imports, imports.c.id == reports.c.import_id)
        .outerjoin(incident_reports, incident_reports.c.report_id == reports.c.id)
        .order_by(reports.c.occurred_start, reports.c.id)
        .limit(batch_size)
    )
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
