"""Daily and weekly reports: read what the audience may see of a period and the period
before, and put the figures, sections and chart data together for `ceasefire.publishing`.

The public report is read as the public viewer (published incidents and their reports,
published findings, no complaints, no alerts); the internal one as the staff member asking.
Every read goes through the repositories' viewer filters; nothing is filtered afterwards
by audience.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import Connection

from ceasefire.domain.access import Role, Viewer
from ceasefire.domain.alerts import Alert, check_may_read
from ceasefire.domain.complaints import Complaint
from ceasefire.domain.compliance import ComplianceStatus
from ceasefire.domain.findings import Finding
from ceasefire.domain.incidents import Incident
from ceasefire.domain.period_report import (
    PeriodFigures,
    ZoneFigures,
    is_violation,
    period_figures,
    stable_order,
    summary_bullets,
    zone_figures,
)
from ceasefire.domain.report_periods import Audience, ReportPeriod
from ceasefire.domain.zones import Zone
from ceasefire.errors import AccessDeniedError
from ceasefire.services.compliance import ComplianceHistory, compliance_history
from ceasefire.services.database import Database
from ceasefire.storage.repositories import alerts as alert_repo
from ceasefire.storage.repositories import complaints as complaint_repo
from ceasefire.storage.repositories import findings as finding_repo
from ceasefire.storage.repositories import period_reports as repo
from ceasefire.storage.repositories import scenarios as scenario_repo
from ceasefire.storage.repositories.alerts import AlertFilter
from ceasefire.storage.repositories.complaints import ComplaintFilter
from ceasefire.storage.repositories.findings import FindingFilter

__all__ = [
    "CHART_DAYS",
    "ComplaintLine",
    "DayCount",
    "PeriodReport",
    "StatusChange",
    "ZoneSection",
    "build_period_report",
    "report_viewer",
]

CHART_DAYS = 30


@dataclass(frozen=True, slots=True)
class ComplaintLine:
    """A complaint as a report names it. A report is a document that travels, so it never
    quotes a complaint's text the filing party marked confidential (`allegation` None)."""

    reference: str
    party_id: str
    received_at: datetime
    place_name: str
    status: str
    allegation: str | None

    @classmethod
    def of(cls, c: Complaint) -> ComplaintLine:
        """The line of complaint `c` (its text left out when confidential or withheld)."""
        text = None if c.confidential else c.allegation
        return cls(c.reference, c.party_id, c.received_at, c.place.name, c.status.value, text)


@dataclass(frozen=True, slots=True)
class ZoneSection:
    """One zone's section: its figures, and the complaints received and alerts raised about
    it in the period."""

    figures: ZoneFigures
    complaints: tuple[ComplaintLine, ...]
    alerts: tuple[Alert, ...]


@dataclass(frozen=True, slots=True)
class StatusChange:
    """A provision's status changing on a day of the period (or another dated milestone)."""

    day: date
    provision_id: str
    number: str
    title: str
    before: str | None
    after: str
    note: str


@dataclass(frozen=True, slots=True)
class DayCount:
    """One day of the 30-day chart: violations, reports, and whether an alert covers it."""

    day: date
    violations: int
    reports: int
    alerted: bool


@dataclass(frozen=True, slots=True)
class PeriodReport:
    """Everything a daily or weekly report shows, as the audience may read it."""

    period: ReportPeriod
    audience: Audience
    summary: tuple[str, ...]
    now: PeriodFigures
    before: PeriodFigures
    sections: tuple[ZoneSection, ...]
    complaints: tuple[ComplaintLine, ...]
    """Complaints received in the period without a zone."""
    findings: tuple[Finding, ...]
    status_changes: tuple[StatusChange, ...]
    alerts: tuple[Alert, ...] | None
    """Alerts without a zone; None when the audience may not read alerts at all."""
    daily: tuple[DayCount, ...]
    zones: tuple[Zone, ...]
    incidents: tuple[Incident, ...]
    """The period's violations, for the map."""
    compliance: ComplianceHistory


def report_viewer(audience: Audience, viewer: Viewer) -> Viewer:
    """Who the report is read as: the public for a public report; for an internal one the
    staff member asking (anyone else is refused, naming their role)."""
    if audience is Audience.PUBLIC:
        return Viewer(Role.PUBLIC)
    if not viewer.is_staff:
        raise AccessDeniedError(
            "as",
            viewer.role.value,
            "an internal report is for the mission's staff: read as analyst, head_of_mission"
            " or admin, or ask for --audience public",
        )
    return viewer


def build_period_report(
    *, db: Database, period: ReportPeriod, audience: Audience, viewer: Viewer
) -> PeriodReport:
    """The report of `period` for `audience` (internal: read as `viewer`, who must be staff)."""
    reader = report_viewer(audience, viewer)
    chart_first = period.last - timedelta(days=CHART_DAYS - 1)
    with db.read() as conn:
        zones = tuple(scenario_repo.list_zones(conn))
        names = {z.id: z.name for z in zones}
        now_incidents = repo.incidents_between(conn, period.since, period.until, reader)
        now = _figures(conn, period, reader, now_incidents)
        before_period = period.previous
        before_incidents = repo.incidents_between(
            conn, before_period.since, before_period.until, reader
        )
        before = _figures(conn, before_period, reader, before_incidents)
        observed = repo.how_observed(conn, period.since, period.until, reader)
        restrictions = repo.movement_restrictions(conn, period.since, period.until, reader)
        figures = zone_figures(now_incidents, observed, restrictions, names)
        complaints = _complaints(conn, period, reader)
        findings = _findings(conn, period, reader)
        alerts = _alerts(conn, period, reader)
        violations = repo.violations_per_day(conn, chart_first, period.last, reader)
        received = repo.reports_per_day(conn, chart_first, period.last, reader)
    history = compliance_history(db=db, first=chart_first, last=period.last, viewer=reader)
    sections, loose_complaints, loose_alerts = _sections(figures, complaints, alerts, names)
    alert_days = _alert_days(alerts or [])
    daily = tuple(
        DayCount(d, violations.get(d, 0), received.get(d, 0), d in alert_days)
        for d in (chart_first + timedelta(days=k) for k in range(CHART_DAYS))
    )
    return PeriodReport(
        period=period,
        audience=audience,
        summary=tuple(summary_bullets(now, before, period, names)),
        now=now,
        before=before,
        sections=sections,
        complaints=loose_complaints,
        findings=tuple(findings),
        status_changes=tuple(_status_changes(history, period)),
        alerts=None if alerts is None else loose_alerts,
        daily=daily,
        zones=zones,
        incidents=tuple(sorted((i for i in now_incidents if is_violation(i)), key=stable_order)),
        compliance=history,
    )


def _figures(
    conn: Connection, period: ReportPeriod, reader: Viewer, incidents: Sequence[Incident]
) -> PeriodFigures:
    restrictions = repo.movement_restrictions(conn, period.since, period.until, reader)
    count = repo.report_count(conn, period.since, period.until, reader)
    return period_figures(incidents, restrictions, count)


def _complaints(conn: Connection, period: ReportPeriod, reader: Viewer) -> list[Complaint]:
    return [
        c
        for c in complaint_repo.list_complaints(conn, reader, ComplaintFilter())
        if period.since <= c.received_at < period.until
    ]


def _findings(conn: Connection, period: ReportPeriod, reader: Viewer) -> list[Finding]:
    """Findings published in the period (issued: made public or sent to the parties)."""
    return [
        f
        for f in finding_repo.list_findings(conn, FindingFilter(), reader)
        if f.published_at is not None and period.since <= f.published_at < period.until
    ]


def _alerts(conn: Connection, period: ReportPeriod, reader: Viewer) -> list[Alert] | None:
    """Alerts about days of the period (or raised in it, when about no day); None for a
    reader who may not read alerts."""
    try:
        check_may_read(reader)
    except AccessDeniedError:
        return None
    found = []
    for a in alert_repo.list_alerts(conn, AlertFilter()):
        if a.window_start is not None:
            last = a.window_end or a.window_start
            if a.window_start <= period.last and last >= period.first:
                found.append(a)
        elif a.raised_at is not None and period.since <= a.raised_at < period.until:
            found.append(a)
    return sorted(found, key=lambda a: (a.window_start or date.min, a.kind.value, a.title, a.key))


def _alert_days(alerts: Sequence[Alert]) -> set[date]:
    days: set[date] = set()
    for a in alerts:
        if a.window_start is None:
            continue
        last = a.window_end or a.window_start
        days.update(
            a.window_start + timedelta(days=k) for k in range((last - a.window_start).days + 1)
        )
    return days


def _sections(
    figures: Sequence[ZoneFigures],
    complaints: Sequence[Complaint],
    alerts: Sequence[Alert] | None,
    names: dict[str, str],
) -> tuple[tuple[ZoneSection, ...], tuple[ComplaintLine, ...], tuple[Alert, ...]]:
    """Zone sections with the complaints and alerts of their zone; those without a zone
    (or in a zone the scenario does not know) are returned apart."""
    by_zone: dict[str, tuple[list[ComplaintLine], list[Alert]]] = {}
    loose_c: list[ComplaintLine] = []
    loose_a: list[Alert] = []
    for c in complaints:
        zone = next((z for z in sorted(c.zone_ids) if z in names), None)
        if zone is None:
            loose_c.append(ComplaintLine.of(c))
        else:
            by_zone.setdefault(zone, ([], []))[0].append(ComplaintLine.of(c))
    for a in alerts or ():
        if a.zone_id is None or a.zone_id not in names:
            loose_a.append(a)
        else:
            by_zone.setdefault(a.zone_id, ([], []))[1].append(a)
    known = {f.zone_id for f in figures}
    extra = [_empty(z, names) for z in sorted(set(by_zone) - known, key=lambda z: names[z])]
    sections = tuple(
        ZoneSection(f, tuple(by_zone.get(f.zone_id, ([], []))[0]),
                    tuple(by_zone.get(f.zone_id, ([], []))[1]))
        for f in [*figures, *extra]
    )  # fmt: skip
    return sections, tuple(loose_c), tuple(loose_a)


def _empty(zone_id: str, names: dict[str, str]) -> ZoneFigures:
    return ZoneFigures(zone_id, names.get(zone_id, zone_id), 0, (), (), (), (), ())


def _status_changes(history: ComplianceHistory, period: ReportPeriod) -> list[StatusChange]:
    """Runs of a new status starting in the period, and the other dated milestones in it
    (deadline moved, renewal, notice deadline)."""
    found = []
    status_kinds = {s.value for s in ComplianceStatus} | {"in_force"}
    for p in history.provisions:
        prov = p.provision
        for earlier, run in zip(p.runs, p.runs[1:], strict=False):
            if period.first <= run.first <= period.last:
                found.append(
                    StatusChange(run.first, prov.id, prov.number, prov.title,
                                 earlier.status.value, run.status.value, run.reason)
                )  # fmt: skip
        for m in p.milestones:
            if period.first <= m.day <= period.last and m.kind not in status_kinds:
                found.append(StatusChange(m.day, prov.id, prov.number, prov.title, None,
                                          m.kind.replace("_", " "), m.note))  # fmt: skip
    return sorted(found, key=lambda c: (c.day, c.provision_id, c.after))
