"""Zones of the loaded scenarios: list them, and place points in them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ceasefire.domain.reports import Location
from ceasefire.domain.zones import Zone
from ceasefire.geo import ZoneIndex
from ceasefire.services.database import Database
from ceasefire.storage.repositories import scenarios as repo

__all__ = ["ZoneDistance", "distances_to_zones", "list_zones", "zones_of"]


@dataclass(frozen=True, slots=True)
class ZoneDistance:
    """How far a point is from one zone (0 when inside it)."""

    zone: Zone
    distance_m: float


def list_zones(*, db: Database) -> list[Zone]:
    """Every stored zone, by id."""
    with db.read() as conn:
        return repo.list_zones(conn)


def zones_of(*, db: Database, locations: Sequence[Location]) -> list[list[str]]:
    """Ids of the zones containing each location, in one vectorised lookup."""
    if not locations:
        return []
    index = ZoneIndex(list_zones(db=db))
    return index.locate([x.latitude for x in locations], [x.longitude for x in locations])


def distances_to_zones(*, db: Database, latitude: float, longitude: float) -> list[ZoneDistance]:
    """Distance from a point to every zone, nearest first."""
    zones = list_zones(db=db)
    index = ZoneIndex(zones)
    found = [ZoneDistance(z, index.nearest_distance_m(z.id, latitude, longitude)) for z in zones]
    return sorted(found, key=lambda d: (d.distance_m, d.zone.id))
