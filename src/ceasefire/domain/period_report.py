"""The figures of a daily or weekly report and the sentences comparing them with the period
before ("Compared with the previous 24 hours, more ceasefire violations were recorded in
the Lachin corridor zone (12 against 7).").

Pure: the service reads what the reader may see, these functions count it and word it.

- A *ceasefire violation* is an incident (not rejected) of a violent event type: battles,
  explosions/remote violence, violence against civilians. Protests, riots and strategic
  developments are not counted as violations.
- A *restriction of the monitors' movement* is a report by one of the mission's own
  sources (affiliation monitor: patrols, observation posts, UAVs) of the ACLED event type
  "Strategic developments", sub-event type "Other": a patrol stopped at a checkpoint, a UAV
  jammed. docs/reports.md says how to file one.
- Casualties are the incidents' fused ranges, added figure by figure (the lows, the bests,
  the highs), never averaged; a figure no incident gives stays unknown.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from ceasefire.domain.incidents import Incident, VerificationStatus
from ceasefire.domain.report_periods import ReportPeriod
from ceasefire.domain.reports import CASUALTY_FIELDS, CasualtyRange, HowObserved
from ceasefire.domain.sources import Affiliation

__all__ = [
    "MOVEMENT_RESTRICTION",
    "NO_ZONE",
    "VIOLENT_EVENT_TYPES",
    "MovementRestriction",
    "Noun",
    "PeriodFigures",
    "ZoneFigures",
    "add_ranges",
    "comparison_sentence",
    "incidents_of_note",
    "is_movement_restriction",
    "is_violation",
    "killed_range",
    "period_figures",
    "range_phrase",
    "stable_order",
    "summary_bullets",
    "zone_figures",
]

VIOLENT_EVENT_TYPES = ("Battles", "Explosions/Remote violence", "Violence against civilians")
MOVEMENT_RESTRICTION = ("Strategic developments", "Other")
"""The (event type, sub-event type) the mission's own sources file a restriction under."""
NO_ZONE = ""
"""The zone id under which violations outside every zone are counted."""
NOTABLE_PER_ZONE = 5


@dataclass(frozen=True, slots=True)
class Noun:
    """A counted thing in the singular and the plural."""

    one: str
    many: str

    def count(self, n: int) -> str:
        """'1 ceasefire violation', '3 ceasefire violations', 'No ceasefire violations'."""
        if n == 0:
            return f"No {self.many}"
        return f"{n} {self.one if n == 1 else self.many}"


VIOLATIONS = Noun("ceasefire violation", "ceasefire violations")
RESTRICTIONS = Noun(
    "restriction of the monitors' movement", "restrictions of the monitors' movement"
)


@dataclass(frozen=True, slots=True)
class MovementRestriction:
    """A restriction of the monitors' movement, as a report of the mission's own source."""

    report_id: str
    occurred: datetime
    place_name: str
    zone_ids: tuple[str, ...]
    source_name: str
    text: str


@dataclass(frozen=True, slots=True)
class ZoneFigures:
    """What a zone's section shows for one period."""

    zone_id: str
    name: str
    violations: int
    by_event_type: tuple[tuple[str, int], ...]
    by_how_observed: tuple[tuple[str, int], ...]
    casualties: tuple[tuple[str, CasualtyRange], ...]
    notable: tuple[Incident, ...]
    restrictions: tuple[MovementRestriction, ...]


@dataclass(frozen=True, slots=True)
class PeriodFigures:
    """The totals a summary compares: violations overall and per zone, people killed,
    restrictions, and how many reports the reader may see in the period (none: no data)."""

    violations: int
    by_zone: Mapping[str, int]
    killed: CasualtyRange
    restrictions: int
    reports: int
    restrictions_by_zone: Mapping[str, int] = field(default_factory=dict)

    @property
    def has_data(self) -> bool:
        """True when anything at all was reported in the period."""
        return self.reports > 0 or self.violations > 0 or self.restrictions > 0


def is_violation(incident: Incident) -> bool:
    """A not-rejected incident of a violent event type."""
    return (
        incident.event_type in VIOLENT_EVENT_TYPES
        and incident.status is not VerificationStatus.REJECTED
    )


def is_movement_restriction(
    event_type: str, sub_event_type: str | None, affiliation: Affiliation | str
) -> bool:
    """A report of the mission's own source under "Strategic developments" / "Other".

    >>> is_movement_restriction("Strategic developments", "Other", "monitor")
    True
    >>> is_movement_restriction("Strategic developments", "Other", "neutral")
    False
    """
    return (event_type, sub_event_type) == MOVEMENT_RESTRICTION and affiliation == (
        Affiliation.MONITOR
    )


def add_ranges(ranges: Iterable[CasualtyRange]) -> CasualtyRange:
    """Lows, bests and highs added separately; a figure none gives stays unknown.

    >>> add_ranges([CasualtyRange(1, 2, 3), CasualtyRange(None, 1, 4), CasualtyRange()])
    CasualtyRange(low=1, best=3, high=7)
    """
    lows, bests, highs = [], [], []
    for r in ranges:
        lows += [r.low] if r.low is not None else []
        bests += [r.best] if r.best is not None else []
        highs += [r.high] if r.high is not None else []
    return CasualtyRange(
        sum(lows) if lows else None, sum(bests) if bests else None, sum(highs) if highs else None
    )


def range_phrase(r: CasualtyRange) -> str:
    """'5 (range 4–7)', '5', 'an unknown number'.

    >>> range_phrase(CasualtyRange(4, 5, 7)), range_phrase(CasualtyRange(2, 2, 2))
    ('5 (range 4–7)', '2')
    """
    if not r.known:
        return "an unknown number"
    best = "?" if r.best is None else str(r.best)
    if r.low == r.high == r.best:
        return best
    low = "?" if r.low is None else str(r.low)
    high = "?" if r.high is None else str(r.high)
    return f"{best} (range {low}–{high})"


def killed_range(incident: Incident) -> CasualtyRange:
    """Everyone killed in an incident: military, civilian and unknown added up."""
    c = incident.casualties
    return add_ranges([c.killed_military, c.killed_civilian, c.killed_unknown])


def _casualty_totals(incidents: Sequence[Incident]) -> tuple[tuple[str, CasualtyRange], ...]:
    totals = []
    for name in CASUALTY_FIELDS:
        total = add_ranges(getattr(i.casualties, name) for i in incidents)
        if total.known:
            totals.append((name, total))
    return tuple(totals)


def incidents_of_note(
    incidents: Sequence[Incident], limit: int = NOTABLE_PER_ZONE
) -> list[Incident]:
    """The incidents a section names: most killed, then wounded, then the best verified
    (status, confidence), then the most reported; ties by `stable_order`."""
    order = list(VerificationStatus)

    def weight(i: Incident) -> tuple[object, ...]:
        c = i.casualties
        wounded = add_ranges([c.wounded_military, c.wounded_civilian, c.wounded_unknown])
        return (
            -(killed_range(i).best or 0),
            -(wounded.best or 0),
            order.index(i.status) if i.status is not VerificationStatus.DISPUTED else 1.5,
            -i.confidence,
            -len(i.report_ids),
            *stable_order(i),
        )

    return sorted(incidents, key=weight)[:limit]


def stable_order(i: Incident) -> tuple[object, ...]:
    """A sort key from what an incident is (time, place, event, status), its random id
    last: equal data sort alike in every store."""
    return (
        i.occurred.start, i.location.place_name, i.location.latitude, i.location.longitude,
        i.event_type, i.sub_event_type or "", i.status.value, i.confidence, i.id,
    )  # fmt: skip


def _zone_keys(zone_ids: Sequence[str]) -> list[str]:
    return sorted(set(zone_ids)) or [NO_ZONE]


def zone_figures(
    incidents: Sequence[Incident],
    observations: Mapping[str, Mapping[str, int]],
    restrictions: Sequence[MovementRestriction],
    zone_names: Mapping[str, str],
) -> list[ZoneFigures]:
    """A section's figures for every zone with a violation or a restriction, most
    violations first (then by name); an incident in two zones counts in both.
    `observations` maps an incident id to its reports counted by how observed."""
    members: dict[str, list[Incident]] = {}
    for i in incidents:
        if is_violation(i):
            for zone in _zone_keys(i.zone_ids):
                members.setdefault(zone, []).append(i)
    held: dict[str, list[MovementRestriction]] = {}
    for r in restrictions:
        for zone in _zone_keys(r.zone_ids):
            held.setdefault(zone, []).append(r)
    out = []
    for zone in set(members) | set(held):
        mine = members.get(zone, [])
        seen: Counter[str] = Counter()
        for i in mine:
            seen.update(observations.get(i.id, {}))
        out.append(
            ZoneFigures(
                zone_id=zone,
                name=_zone_name(zone, zone_names),
                violations=len(mine),
                by_event_type=tuple(sorted(Counter(i.event_type for i in mine).items())),
                by_how_observed=tuple((h.value, seen[h.value]) for h in HowObserved),
                casualties=_casualty_totals(mine),
                notable=tuple(incidents_of_note(mine)),
                restrictions=tuple(
                    sorted(held.get(zone, []), key=lambda r: (r.occurred, r.report_id))
                ),
            )
        )
    return sorted(out, key=lambda z: (-z.violations, z.zone_id == NO_ZONE, z.name))


def _zone_name(zone_id: str, names: Mapping[str, str]) -> str:
    if zone_id == NO_ZONE:
        return "Outside the scenario's zones"
    return names.get(zone_id, zone_id)


def period_figures(
    incidents: Sequence[Incident], restrictions: Sequence[MovementRestriction], reports: int
) -> PeriodFigures:
    """The totals of one period for the summary."""
    violations = [i for i in incidents if is_violation(i)]
    by_zone: Counter[str] = Counter()
    for i in violations:
        by_zone.update(_zone_keys(i.zone_ids))
    held: Counter[str] = Counter()
    for r in restrictions:
        held.update(_zone_keys(r.zone_ids))
    return PeriodFigures(
        violations=len(violations),
        by_zone=dict(by_zone),
        killed=add_ranges(killed_range(i) for i in violations),
        restrictions=len(restrictions),
        reports=reports,
        restrictions_by_zone=dict(held),
    )


def comparison_sentence(
    noun: Noun, where: str, now: int, before: int | None, period: ReportPeriod
) -> str:
    """Compare a count with the period before, in both directions, equal, or with no data
    for the period before (`before` None).

    >>> from datetime import date
    >>> from ceasefire.domain.report_periods import daily_period
    >>> comparison_sentence(VIOLATIONS, "in the Lachin corridor zone", 12, 7,
    ...                     daily_period(date(2021, 1, 5)))[37:]
    'more ceasefire violations were recorded in the Lachin corridor zone (12 against 7).'
    """
    phrase = period.previous_phrase
    if before is None:
        verb = "was" if now == 1 else "were"
        return (
            f"{noun.count(now)} {verb} recorded {where} {period.on_label};"
            f" there are no data for {phrase} to compare with."
        )
    if now == before:
        return (
            f"Compared with {phrase}, the same number of {noun.many} was recorded {where} ({now})."
        )
    more = "more" if now > before else "fewer"
    return (
        f"Compared with {phrase}, {more} {noun.many} were recorded {where}"
        f" ({now} against {before})."
    )


def _killed_sentence(now: CasualtyRange, before: CasualtyRange | None, period: ReportPeriod) -> str:
    if before is None:
        verb = "person was" if now.best == 1 else "people were"
        return (
            f"{range_phrase(now).capitalize()} {verb} reported killed {period.on_label};"
            f" there are no data for {period.previous_phrase} to compare with."
        )
    a, b = now.best or 0, before.best or 0
    word = "the same number of" if a == b else "more" if a > b else "fewer"
    return (
        f"Compared with {period.previous_phrase}, {word} people were reported killed:"
        f" {range_phrase(now)} against {range_phrase(before)}."
    )


def _where(zone_id: str, names: Mapping[str, str]) -> str:
    if zone_id == NO_ZONE:
        return "outside the scenario's zones"
    return f"in the {names.get(zone_id, zone_id)} zone"


def summary_bullets(
    now: PeriodFigures,
    before: PeriodFigures,
    period: ReportPeriod,
    zone_names: Mapping[str, str],
) -> list[str]:
    """The summary: violations in the whole area, then zone by zone (most first), people
    killed, restrictions of the monitors' movement; each compared with the period before
    (or saying it has no data)."""
    known = before.has_data
    bullets = []
    if now.violations == 0:
        bullets.append(f"No violations were recorded {period.on_label}.")
        if known and before.violations:
            bullets.append(comparison_sentence(VIOLATIONS, "across the mission area", 0,
                                               before.violations, period))  # fmt: skip
    else:
        bullets.append(
            comparison_sentence(
                VIOLATIONS, "across the mission area", now.violations,
                before.violations if known else None, period,
            )
        )  # fmt: skip
    zones = sorted(
        set(now.by_zone) | set(before.by_zone if known else {}),
        key=lambda z: (-now.by_zone.get(z, 0), -before.by_zone.get(z, 0), z == NO_ZONE,
                       zone_names.get(z, z)),
    )  # fmt: skip
    for zone in zones:
        bullets.append(
            comparison_sentence(
                VIOLATIONS, _where(zone, zone_names), now.by_zone.get(zone, 0),
                before.by_zone.get(zone, 0) if known else None, period,
            )
        )  # fmt: skip
    if now.killed.known or (known and before.killed.known):
        bullets.append(_killed_sentence(now.killed, before.killed if known else None, period))
    if now.restrictions or (known and before.restrictions):
        bullets.append(
            comparison_sentence(
                RESTRICTIONS, "across the mission area", now.restrictions,
                before.restrictions if known else None, period,
            )
        )  # fmt: skip
    return bullets
