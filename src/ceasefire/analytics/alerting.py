"""Escalation and corridor detectors turned into alerts, with the evidence behind each."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from ceasefire.analytics.corridor import BlockedEpisode, CorridorParams, blocked_episodes
from ceasefire.analytics.escalation import ChartParams, Episode, detect_escalation, episodes
from ceasefire.domain.alerts import Alert, AlertKind, Severity

__all__ = ["ALL_ZONES", "CheckpointTraffic", "corridor_alerts", "escalation_alerts"]

ALL_ZONES = "all"
"""The zone key of the mission-wide series (every incident, with or without a zone)."""


@dataclass(frozen=True, slots=True)
class CheckpointTraffic:
    """A checkpoint's daily totals over both directions: day -> (people, vehicles, tonnes)."""

    checkpoint_id: str
    name: str
    zone_id: str | None
    provision_id: str | None
    days: Mapping[date, tuple[int, int, float]] = field(default_factory=dict)

    def series(self) -> tuple[str, dict[date, float]]:
        """The measure the rule watches (vehicles; people when no vehicle is ever logged)."""
        if any(v for _, v, _ in self.days.values()):
            return "vehicles", {d: float(v) for d, (_, v, _) in self.days.items()}
        return "people", {d: float(p) for d, (p, _, _) in self.days.items()}


def escalation_alerts(
    counts: Mapping[str, Mapping[date, int]],
    *,
    start: date,
    end: date,
    since: date,
    zone_names: Mapping[str, str] | None = None,
    params: ChartParams | None = None,
) -> list[Alert]:
    """One alert per zone, escalation episode and severity reached, for episodes that end on
    or after `since`. `counts[zone][day]` is the number of incidents; missing days are 0.

    >>> d0 = date(2020, 1, 1)
    >>> quiet = {d0 + timedelta(days=i): i % 3 % 2 for i in range(120)}
    >>> burst = {**quiet, d0 + timedelta(days=120): 12}
    >>> [a.key for a in escalation_alerts({"z": burst}, start=d0, end=d0 + timedelta(days=120),
    ...                                   since=d0)]
    ['escalation:z:2020-04-30:critical']
    """
    p = params or ChartParams()
    names = zone_names or {}
    n_days = (end - start).days + 1
    found = []
    for zone_id in sorted(counts):
        series = [counts[zone_id].get(start + timedelta(days=i), 0) for i in range(n_days)]
        for episode in episodes(detect_escalation(series, start, p), p.max_gap):
            if episode.last_day >= since:
                found.append(_escalation_alert(zone_id, names.get(zone_id, zone_id), episode, p))
    return found


def _escalation_alert(zone_id: str, name: str, episode: Episode, p: ChartParams) -> Alert:
    worst = episode.worst
    where = "the whole mission area" if zone_id == ALL_ZONES else name
    when = (
        f"in the {worst.window_days} days to {worst.day.isoformat()}"
        if worst.window_days > 1
        else f"on {worst.day.isoformat()}"
    )
    severity = episode.severity
    return Alert(
        key=f"escalation:{zone_id}:{episode.first_day.isoformat()}:{severity.value}",
        kind=AlertKind.ESCALATION,
        severity=severity,
        title=f"Escalation in {where}: {worst.observed} incidents {when}"
        f" against {worst.expected:.1f} expected",
        window_start=episode.first_day,
        window_end=episode.last_day,
        zone_id=None if zone_id == ALL_ZONES else zone_id,
        evidence={
            "summary": f"{worst.observed} seen vs {worst.expected:.2f} expected"
            f" ({worst.window_days}-day window), P = {worst.tail_probability:.1e};"
            f" {len(episode.alarms)} alarm day(s)",
            "method": "negative-binomial control chart" if p.overdispersed else "Poisson chart",
            "parameters": {
                "baseline_days": p.baseline_days,
                "guard_days": p.guard_days,
                "mean_floor": p.mean_floor,
                "warning_p": p.warning_p,
                "critical_p": p.critical_p,
            },
            "alarms": [
                {
                    "day": a.day.isoformat(),
                    "window_days": a.window_days,
                    "observed": a.observed,
                    "expected": round(a.expected, 4),
                    "size": None if a.size is None else round(a.size, 4),
                    "tail_probability": a.tail_probability,
                    "severity": a.severity.value,
                }
                for a in episode.alarms
            ],
        },
    )


def corridor_alerts(
    checkpoints: Iterable[CheckpointTraffic], *, since: date, params: CorridorParams | None = None
) -> list[Alert]:
    """One alert per checkpoint and blocked episode still running or ended on or after
    `since`; critical when traffic is below `critical_share` of the baseline."""
    p = params or CorridorParams()
    found = []
    for cp in sorted(checkpoints, key=lambda c: c.checkpoint_id):
        measure, series = cp.series()
        for episode in blocked_episodes(series, p):
            if episode.last_logged >= since:
                found.append(_corridor_alert(cp, measure, episode, p))
    return found


def _corridor_alert(
    cp: CheckpointTraffic, measure: str, e: BlockedEpisode, p: CorridorParams
) -> Alert:
    severity = Severity.CRITICAL if e.ratio < p.critical_share else Severity.WARNING
    state = "still low" if e.last_day is None else f"until {e.last_day.isoformat()}"
    return Alert(
        key=f"corridor_blocked:{cp.checkpoint_id}:{e.first_day.isoformat()}",
        kind=AlertKind.CORRIDOR_BLOCKED,
        severity=severity,
        title=f"{cp.name} blocked since {e.first_day.isoformat()}: {measure}"
        f" at {e.ratio:.0%} of the usual",
        window_start=e.first_day,
        window_end=e.last_logged,
        zone_id=cp.zone_id,
        evidence={
            "summary": f"{measure} {e.mean_traffic:.1f}/day vs baseline {e.baseline:.1f}/day"
            f" for {e.days} logged day(s), {state}",
            "checkpoint_id": cp.checkpoint_id,
            "provision_id": cp.provision_id,
            "measure": measure,
            "baseline_per_day": e.baseline,
            "mean_per_day": round(e.mean_traffic, 3),
            "logged_days": e.days,
            "ongoing": e.last_day is None,
            "parameters": {
                "share": p.share,
                "min_days": p.min_days,
                "baseline_days": p.baseline_days,
            },
        },
    )
