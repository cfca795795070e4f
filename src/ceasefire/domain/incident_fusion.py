"""The fused account of an incident: when, where and what, from the reports linked to it.

Casualties are fused separately (ranges, see `casualty_fusion`); here each attribute comes
from the reports that know it best, never from an average over vague and precise ones:

- when: the start of the most precise report (the earliest among equally precise ones);
- where: the centre of the most precisely located reports, named as most of them name it;
- what: the event type and sub-event type most reports give (ties: the alphabetically
  first, so the result does not depend on the order of the reports);
- zones: those of the most precisely located reports.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from ceasefire.domain.precision import GeoPrecision, TimePrecision
from ceasefire.domain.reports import Location, TimeSpan
from ceasefire.errors import ValidationError

__all__ = ["FusedAccount", "Member", "fuse_members"]

_TIME_ORDER = list(TimePrecision)
_GEO_ORDER = list(GeoPrecision)


@dataclass(frozen=True, slots=True)
class Member:
    """What fusion needs of one report."""

    report_id: str
    occurred: TimeSpan
    location: Location
    event_type: str
    sub_event_type: str | None
    zone_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class FusedAccount:
    """When, where and what an incident is, fused from its reports."""

    occurred: TimeSpan
    location: Location
    event_type: str
    sub_event_type: str | None
    zone_ids: tuple[str, ...]


def fuse_members(members: Sequence[Member]) -> FusedAccount:
    """The fused account of an incident's reports (independent of their order)."""
    if not members:
        raise ValidationError("reports", [], "an incident needs at least one report")
    ordered = sorted(members, key=lambda m: m.report_id)
    finest_time = min(_TIME_ORDER.index(m.occurred.precision) for m in ordered)
    timed = [m for m in ordered if _TIME_ORDER.index(m.occurred.precision) == finest_time]
    first = min(timed, key=lambda m: (m.occurred.start, m.report_id))
    finest_geo = min(_GEO_ORDER.index(m.location.precision) for m in ordered)
    placed = [m for m in ordered if _GEO_ORDER.index(m.location.precision) == finest_geo]
    names = Counter(m.location.place_name for m in placed if m.location.place_name)
    name = min(names, key=lambda n: (-names[n], n)) if names else ""
    location = Location(
        latitude=sum(m.location.latitude for m in placed) / len(placed),
        longitude=sum(m.location.longitude for m in placed) / len(placed),
        precision=placed[0].location.precision,
        place_name=name,
    )
    kinds = Counter((m.event_type, m.sub_event_type or "") for m in ordered)
    event_type, sub = min(kinds, key=lambda k: (-kinds[k], k))
    zones = sorted({z for m in placed for z in m.zone_ids})
    return FusedAccount(
        occurred=first.occurred,
        location=location,
        event_type=event_type,
        sub_event_type=sub or None,
        zone_ids=tuple(zones),
    )
