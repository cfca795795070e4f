"""`ceasefire alerts [list|run|show|ack]`: early-warning alerts and their acknowledgement."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from ceasefire.cli.common import (
    DatabaseOption,
    ViewerOption,
    console,
    expand_prefix,
    open_database,
    parse_date,
    parse_instant,
    parse_viewer,
    settings_for,
)
from ceasefire.domain.alerts import Alert, AlertKind, AlertStatus, Severity
from ceasefire.services import alerts as service
from ceasefire.services.alerts import AlertFilter

__all__ = ["alerts_app", "register"]

alerts_app = typer.Typer(
    help="Early warning: escalation, corridor blocked, deadlines, heavy weapons, casualties and"
    " overdue complaints. Without a subcommand: the open alerts.",
    invoke_without_command=True,
)

Opt = typer.Option
AlertId = Annotated[str, typer.Argument(help="Alert id (see `alerts list`).")]

SEVERITY_STYLE = {
    Severity.CRITICAL: "bold red",
    Severity.WARNING: "yellow",
    Severity.INFO: "cyan",
}


class StatusChoice(StrEnum):
    """Which alerts by status."""

    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"
    ALL = "all"


@alerts_app.callback()
def alerts_default(ctx: typer.Context, database: DatabaseOption = None) -> None:
    """Early-warning alerts; `ceasefire alerts` alone lists the open ones."""
    if ctx.invoked_subcommand is None:
        list_(database=database)


@alerts_app.command("list")
def list_(
    status: Annotated[StatusChoice, Opt(help="open, acknowledged or all.")] = StatusChoice.OPEN,
    kind: Annotated[AlertKind | None, Opt(help="Only alerts of this kind.")] = None,
    severity: Annotated[Severity | None, Opt(help="Only alerts of this severity.")] = None,
    zone: Annotated[str | None, Opt(help="Only alerts about this zone id.")] = None,
    limit: Annotated[int | None, Opt(help="At most this many.", min=1)] = None,
    as_: ViewerOption = "admin",
    database: DatabaseOption = None,
) -> None:
    """List alerts, newest first: severity, kind, title, window, zone and evidence."""
    flt = AlertFilter(
        status=None if status is StatusChoice.ALL else AlertStatus(status.value),
        kind=kind,
        severity=severity,
        zone_id=zone,
        limit=limit,
    )
    found = service.list_alerts(
        db=open_database(database), flt=flt, viewer=parse_viewer(as_, settings_for(database))
    )
    table = Table("id", "severity", "kind", "title", "window", "zone", "evidence", "status")
    for a in found:
        table.add_row(
            a.id[:8],
            _severity(a.severity),
            a.kind.value,
            escape(a.title),
            _window(a),
            escape(a.zone_id or "-"),
            escape(a.summary),
            a.status.value,
        )
    console.print(table)
    console.print(f"{len(found)} alert(s) ({status.value})", highlight=False)


@alerts_app.command("run")
def run(
    at: Annotated[
        str | None,
        Opt(help="Run as of this instant: YYYY-MM-DD (12:00 UTC) or ISO date-time. Default: now."),
    ] = None,
    since: Annotated[
        str | None, Opt(help="Raise alerts about days from this date on. Default: 30 days before.")
    ] = None,
    database: DatabaseOption = None,
) -> None:
    """Run every alert rule over the store and raise the new alerts (running twice raises
    nothing new)."""
    result = service.raise_alerts(
        db=open_database(database),
        now=parse_instant(at, "at"),
        since=parse_date(since, "since"),
        actor=settings_for(database).actor,
    )
    console.print(
        f"Alert run at {result.at.isoformat()} over days from {result.since.isoformat()}:"
        f" {len(result.raised)} new alert(s), {result.already_raised} raised before;"
        f" {len(result.spot_reports)} spot report(s) drafted (see `ceasefire spot-reports`).",
        highlight=False,
    )
    for a in result.raised:
        console.print(
            f"  {_severity(a.severity)} {a.kind.value} [dim]{a.id[:8]}[/] {escape(a.title)}",
            highlight=False,
        )


@alerts_app.command("show")
def show(
    alert_id: AlertId,
    as_: ViewerOption = "admin",
    database: DatabaseOption = None,
) -> None:
    """Show one alert with all its evidence."""
    a = service.show_alert(
        db=open_database(database),
        alert_id=_full_id(alert_id, database, as_),
        viewer=parse_viewer(as_, settings_for(database)),
    )
    console.print(f"[bold]{escape(a.title)}[/]")
    console.print(f"Alert {a.id}: {_severity(a.severity)} {a.kind.value}, {a.status.value}")
    console.print(f"Window: {_window(a)}   Zone: {escape(a.zone_id or '-')}", highlight=False)
    if a.raised_at is not None:
        console.print(f"Raised {a.raised_at.isoformat()}", highlight=False)
    if a.acknowledged_at is not None:
        note = f": {a.note}" if a.note else ""
        console.print(
            f"Acknowledged by {a.acknowledged_by} at {a.acknowledged_at.isoformat()}{note}",
            markup=False,
            highlight=False,
        )
    console.print(f"Evidence: {a.summary}", markup=False, highlight=False)
    console.print(json.dumps(dict(a.evidence), indent=2, ensure_ascii=False), markup=False)


@alerts_app.command("ack")
def ack(
    alert_id: AlertId,
    note: Annotated[str | None, Opt(help="What was done or decided, for the record.")] = None,
    as_: ViewerOption = "admin",
    database: DatabaseOption = None,
) -> None:
    """Acknowledge an alert in your name (once; recorded in the audit log)."""
    settings = settings_for(database)
    a = service.acknowledge_alert(
        db=open_database(database),
        alert_id=_full_id(alert_id, database, as_),
        actor=settings.actor,
        note=note,
        viewer=parse_viewer(as_, settings),
    )
    console.print(f"Alert {a.id} acknowledged by {escape(a.acknowledged_by or '')}.")


def _full_id(alert_id: str, database: str | None, as_: str) -> str:
    """Accept the 8-character prefix `alerts list` shows when it names exactly one alert."""
    viewer = parse_viewer(as_, settings_for(database))
    return expand_prefix(
        alert_id,
        lambda: (a.id for a in service.list_alerts(db=open_database(database), viewer=viewer)),
    )


def _severity(s: Severity) -> str:
    return f"[{SEVERITY_STYLE[s]}]{s.value}[/]"


def _window(a: Alert) -> str:
    if a.window_start is None:
        return "-"
    if a.window_end is None or a.window_end == a.window_start:
        return a.window_start.isoformat()
    return f"{a.window_start.isoformat()} – {a.window_end.isoformat()}"


def register(root: typer.Typer) -> None:
    """Add `ceasefire alerts` to the root app."""
    root.add_typer(alerts_app, name="alerts")
