"""Reports: insert once, never update; read by id or list."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select

from ceasefire.domain.reports import (
    Actor,
    ActorSide,
    HowObserved,
    ObservationCounts,
    Report,
    WeaponClass,
)
from ceasefire.domain.serialise import to_primitive
from ceasefire.errors import NotFoundError
from ceasefire.storage.repositories.located import casualties_from, located_from, located_values
from ceasefire.storage.schema import reports

__all__ = ["add", "find_by_external_id", "get"]


def add(conn: Connection, report: Report) -> None:
    """Insert a report."""
    obs = report.observations
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
