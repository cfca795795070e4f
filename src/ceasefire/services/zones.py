"""Zones of the loaded scenarios: list them, say who controls them from when, and place
points in them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from ceasefire.domain.agreements import (
    Agreement,
    AgreementStatus,
    PartyRole,
    Provision,
    ProvisionKind,
)
from ceasefire.domain.compliance import ComplianceStatus, ProvisionStatus, evaluate_provision
from ceasefire.domain.reports import Location
from ceasefire.domain.timeline import TimelineEvent
from ceasefire.domain.zones import Zone
from ceasefire.enrichment import admin_units
from ceasefire.errors import NotFoundError
from ceasefire.geo import ZoneIndex
from ceasefire.services.clock import utc_now
from ceasefire.services.database import Database
from ceasefire.storage.repositories import scenarios as repo

__all__ = [
    "ControlPeriod",
    "ZoneDistance",
    "ZoneWithControl",
    "admin_boundaries",
    "control_by_zone",
    "distances_to_zones",
    "list_zones",
    "zones_of",
    "zones_with_control",
]

_CONTROL_KINDS = (ProvisionKind.HANDOVER, ProvisionKind.CORRIDOR_CONTROL)
_RECIPIENT_ROLES = (PartyRole.PARTY, PartyRole.SIGNATORY)


@dataclass(frozen=True, slots=True)
class ZoneDistance:
    """How far a point is from one zone (0 when inside it)."""

    zone: Zone
    distance_m: float


@dataclass(frozen=True, slots=True)
class ControlPeriod:
    """Who controls a zone from when (to when), by which provision of a signed agreement:
    a handover once it is met (to the agreement's other parties), or a corridor put under
    a party's control while that provision is in force."""

    party_id: str
    since: date
    until: date | None
    provision_id: str
    basis: ProvisionKind
    status: ComplianceStatus


@dataclass(frozen=True, slots=True)
class ZoneWithControl:
    """A zone and its control periods, earliest first (empty when no provision says)."""

    zone: Zone
    control: tuple[ControlPeriod, ...]


def admin_boundaries() -> tuple[Zone, ...]:
    """The region's districts and provinces (Natural Earth, packaged with ceasefire): what
    a map draws under the zones when it has no tiles (a closed network)."""
    return admin_units()


def list_zones(*, db: Database) -> list[Zone]:
    """Every stored zone, by id."""
    with db.read() as conn:
        return repo.list_zones(conn)


def zones_with_control(
    *, db: Database, zone_id: str | None = None, at: datetime | None = None
) -> list[ZoneWithControl]:
    """Every zone (or the one `zone_id`, NotFoundError if absent) with who controls it
    according to the signed agreements and the timeline as known at `at` (default: now)."""
    with db.read() as conn:
        zones = repo.list_zones(conn)
        agreements = repo.list_agreements(conn)
        events = repo.list_events(conn)
    if zone_id is not None:
        zones = [z for z in zones if z.id == zone_id]
        if not zones:
            raise NotFoundError("zone", zone_id)
    control = control_by_zone(agreements, events, at or utc_now())
    return [ZoneWithControl(z, tuple(control.get(z.id, ()))) for z in zones]


def control_by_zone(
    agreements: Iterable[Agreement], events: Sequence[TimelineEvent], at: datetime
) -> dict[str, list[ControlPeriod]]:
    """Zone id -> control periods, earliest first, from the handover and corridor-control
    provisions of signed agreements and their computed status at `at`."""
    by_event = {e.id: e for e in events}
    found: dict[str, list[ControlPeriod]] = {}
    for a in agreements:
        if a.status is not AgreementStatus.SIGNED:
            continue
        for p in a.provisions:
            if p.kind not in _CONTROL_KINDS or not p.zone_ids:
                continue
            status = evaluate_provision(a, p, events, at)
            for period in _periods(a, p, status, by_event):
                for zone_id in p.zone_ids:
                    found.setdefault(zone_id, []).append(period)
    return {z: sorted(ps, key=lambda c: (c.since, c.party_id)) for z, ps in found.items()}


def _periods(
    a: Agreement, p: Provision, s: ProvisionStatus, by_event: dict[str, TimelineEvent]
) -> list[ControlPeriod]:
    if p.kind is ProvisionKind.HANDOVER:
        if s.status is not ComplianceStatus.MET or not s.evidence:
            return []
        since = by_event[s.evidence[0]].start
        recipients = [
            x.party_id
            for x in a.parties
            if x.party_id not in p.obligated and any(r in x.roles for r in _RECIPIENT_ROLES)
        ]
        return [ControlPeriod(r, since, None, p.id, p.kind, s.status) for r in recipients]
    start = p.starts_at or a.in_force_at
    if s.status is ComplianceStatus.PENDING or start is None:
        return []
    until = p.ends_on
    if s.status is ComplianceStatus.EXPIRED and s.evidence:
        until = by_event[s.evidence[0]].start
    since = start.astimezone(a.tz).date()
    return [ControlPeriod(o, since, until, p.id, p.kind, s.status) for o in p.obligated]


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
