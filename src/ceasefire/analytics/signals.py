"""The simpler alert rules: heavy weapons where only small arms were seen, casualties,
deadlines due soon or missed, complaints overdue. Pure functions from plain records to alerts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from ceasefire.domain.alerts import Alert, AlertKind, Severity
from ceasefire.domain.compliance import ComplianceStatus, ProvisionStatus

__all__ = [
    "HEAVY_WEAPONS",
    "SMALL_ARMS",
    "CasualtyIncident",
    "OpenComplaint",
    "WeaponSighting",
    "casualty_alerts",
    "complaint_alerts",
    "deadline_alerts",
    "heavy_weapon_alerts",
]

SMALL_ARMS = frozenset({"small_arms", "sniper", "heavy_machine_gun", "grenade_launcher"})
HEAVY_WEAPONS = frozenset({"mortar", "artillery", "mlrs", "tank", "drone", "aircraft"})
_CRITICAL_WEAPONS = frozenset({"artillery", "mlrs", "tank", "aircraft"})
OPEN_COMPLAINT_STATUSES = ("received", "acknowledged", "under_investigation")


@dataclass(frozen=True, slots=True)
class WeaponSighting:
    """The weapon classes one report saw in one zone on one day."""

    day: date
    zone_id: str
    weapons: frozenset[str]
    report_id: str


@dataclass(frozen=True, slots=True)
class CasualtyIncident:
    """An incident with its killed figures (summed over military, civilian and unknown)."""

    incident_id: str
    day: date
    zone_ids: tuple[str, ...]
    place_name: str
    status: str
    killed_low: int
    killed_best: int
    killed_high: int


@dataclass(frozen=True, slots=True)
class OpenComplaint:
    """A complaint still open, with its two deadlines (no allegation text: alerts never
    carry a party's confidential material)."""

    id: str
    reference: str
    party_id: str
    status: str
    received_at: datetime
    acknowledge_by: datetime
    finding_by: datetime


def heavy_weapon_alerts(
    sightings: Iterable[WeaponSighting], *, since: date, lookback_days: int = 90
) -> list[Alert]:
    """An alert on the first day heavy weapons are seen in a zone where, in the previous
    `lookback_days`, small arms were seen and no heavy weapon.

    >>> d = date(2021, 3, 1)
    >>> seen = [WeaponSighting(d, "z", frozenset({"small_arms"}), "r1"),
    ...         WeaponSighting(d + timedelta(days=5), "z", frozenset({"mortar"}), "r2"),
    ...         WeaponSighting(d + timedelta(days=6), "z", frozenset({"artillery"}), "r3")]
    >>> [(a.window_start.day, a.severity.value) for a in heavy_weapon_alerts(seen, since=d)]
    [(6, 'warning')]
    """
    by_zone: dict[str, dict[date, list[WeaponSighting]]] = defaultdict(lambda: defaultdict(list))
    for s in sightings:
        by_zone[s.zone_id][s.day].append(s)
    found = []
    for zone_id, days in sorted(by_zone.items()):
        last_small: date | None = None
        last_heavy: date | None = None
        for day in sorted(days):
            seen = frozenset().union(*(s.weapons for s in days[day]))
            heavy = seen & HEAVY_WEAPONS
            recent = day - timedelta(days=lookback_days)
            had_small = last_small is not None and last_small >= recent
            had_heavy = last_heavy is not None and last_heavy >= recent
            if heavy and had_small and not had_heavy and day >= since:
                assert last_small is not None
                found.append(_heavy_alert(zone_id, day, heavy, days[day], last_small))
            if heavy:
                last_heavy = day
            if seen & SMALL_ARMS:
                last_small = day
    return found


def _heavy_alert(
    zone_id: str, day: date, heavy: frozenset[str], seen: list[WeaponSighting], last_small: date
) -> Alert:
    names = sorted(heavy)
    reports = sorted(s.report_id for s in seen if s.weapons & heavy)
    severity = Severity.CRITICAL if heavy & _CRITICAL_WEAPONS else Severity.WARNING
    return Alert(
        key=f"heavy_weapons:{zone_id}:{day.isoformat()}",
        kind=AlertKind.HEAVY_WEAPONS,
        severity=severity,
        title=f"Heavy weapons ({', '.join(names)}) in {zone_id}, where only small arms were"
        " seen before",
        window_start=day,
        window_end=day,
        zone_id=zone_id,
        evidence={
            "summary": f"{', '.join(names)} in {len(reports)} report(s);"
            f" small arms last seen {last_small.isoformat()}",
            "weapons": names,
            "report_ids": reports,
            "last_small_arms_day": last_small.isoformat(),
        },
    )


def casualty_alerts(
    incidents: Iterable[CasualtyIncident], *, since: date, critical_killed: int = 5
) -> list[Alert]:
    """An alert for each incident since `since` with someone killed (best figure); critical
    from `critical_killed` dead.

    >>> i = CasualtyIncident("i1", date(2020, 7, 12), ("z",), "Tovuz", "verified", 4, 5, 6)
    >>> [(a.key, a.severity.value) for a in casualty_alerts([i], since=date(2020, 7, 1))]
    [('casualties:i1', 'critical')]
    """
    found = []
    for i in sorted(incidents, key=lambda i: (i.day, i.incident_id)):
        if i.killed_best <= 0 or i.day < since:
            continue
        severity = Severity.CRITICAL if i.killed_best >= critical_killed else Severity.WARNING
        span = f"{i.killed_low}-{i.killed_high}" if i.killed_low != i.killed_high else ""
        found.append(
            Alert(
                key=f"casualties:{i.incident_id}",
                kind=AlertKind.CASUALTIES,
                severity=severity,
                title=f"{i.killed_best} killed near {i.place_name} on {i.day.isoformat()}",
                window_start=i.day,
                window_end=i.day,
                zone_id=i.zone_ids[0] if i.zone_ids else None,
                evidence={
                    "summary": f"incident {i.incident_id} ({i.status}): {i.killed_best} killed"
                    + (f" (range {span})" if span else ""),
                    "incident_id": i.incident_id,
                    "status": i.status,
                    "killed": {"low": i.killed_low, "best": i.killed_best, "high": i.killed_high},
                    "zone_ids": list(i.zone_ids),
                },
            )
        )
    return found


def deadline_alerts(statuses: Iterable[ProvisionStatus], *, due_within: int = 7) -> list[Alert]:
    """Deadlines due within `due_within` days (info; warning from 2 days left) and deadlines
    passed with no completion recorded (critical), from the compliance board."""
    found = []
    for s in statuses:
        if s.deadline is None or s.days_left is None:
            continue
        p = s.provision
        if s.status is ComplianceStatus.DUE and s.days_left <= due_within:
            kind = AlertKind.DEADLINE_DUE
            severity = Severity.WARNING if s.days_left <= 2 else Severity.INFO
            title = f"Deadline of {p.id} ({p.title}) in {s.days_left} day(s)"
        elif s.status is ComplianceStatus.BREACHED and s.days_left < 0:
            kind, severity = AlertKind.DEADLINE_MISSED, Severity.CRITICAL
            title = f"Deadline of {p.id} ({p.title}) missed {-s.days_left} day(s) ago"
        else:
            continue
        found.append(
            Alert(
                key=f"{kind.value}:{p.id}:{s.deadline.isoformat()}",
                kind=kind,
                severity=severity,
                title=title,
                window_start=s.deadline,
                window_end=s.deadline,
                zone_id=p.zone_ids[0] if p.zone_ids else None,
                evidence={
                    "summary": s.reason,
                    "provision_id": p.id,
                    "agreement_id": p.agreement_id,
                    "obligated": list(p.obligated),
                    "deadline": s.deadline.isoformat(),
                    "days_left": s.days_left,
                    "status": s.status.value,
                },
            )
        )
    return found


def complaint_alerts(
    complaints: Iterable[OpenComplaint], *, now: datetime, critical_after_days: int = 7
) -> list[Alert]:
    """Complaints whose acknowledgement or finding is overdue at `now`; critical once more
    than `critical_after_days` late.

    >>> t = datetime(2021, 3, 1)
    >>> c = OpenComplaint("c1", "AM-2021-0001", "AM", "received", t, t + timedelta(days=2),
    ...                   t + timedelta(days=30))
    >>> [a.key for a in complaint_alerts([c], now=t + timedelta(days=3))]
    ['complaint_overdue:c1:acknowledge']
    """
    found = []
    for c in sorted(complaints, key=lambda c: c.reference):
        if c.status not in OPEN_COMPLAINT_STATUSES:
            continue
        due = []
        if c.status == "received":
            due.append(("acknowledge", "acknowledgement", c.acknowledge_by))
        due.append(("finding", "finding", c.finding_by))
        for step, noun, by in due:
            if by >= now:
                continue
            late = now - by
            severity = (
                Severity.CRITICAL
                if late > timedelta(days=critical_after_days)
                else Severity.WARNING
            )
            found.append(
                Alert(
                    key=f"complaint_overdue:{c.id}:{step}",
                    kind=AlertKind.COMPLAINT_OVERDUE,
                    severity=severity,
                    title=f"Complaint {c.reference} ({c.party_id}): {noun} overdue since"
                    f" {by.date().isoformat()}",
                    window_start=by.date(),
                    window_end=by.date(),
                    zone_id=None,
                    evidence={
                        "summary": f"status {c.status}; {noun} was due {by.isoformat()},"
                        f" {late.days} day(s) late",
                        "complaint_id": c.id,
                        "reference": c.reference,
                        "party_id": c.party_id,
                        "status": c.status,
                        "due": by.isoformat(),
                    },
                )
            )
    return found
