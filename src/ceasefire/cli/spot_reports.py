"""`ceasefire spot-reports list|show|edit|send`: the short reports drafted when an alert
fires, edited by an analyst and marked sent."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
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
    parse_viewer,
    settings_for,
)
from ceasefire.domain.spot_reports import SpotReport, SpotReportStatus
from ceasefire.errors import ValidationError
from ceasefire.services import spot_reports as service

__all__ = ["spot_reports_app"]

spot_reports_app = typer.Typer(
    help="Spot reports: drafted when an alert fires, for an analyst to edit and send.",
    no_args_is_help=True,
)

Opt = typer.Option
SpotId = Annotated[
    str, typer.Argument(help="Spot report id (or its first 8 characters), or its alert's id.")
]


class StatusChoice(StrEnum):
    """Which spot reports by status."""

    DRAFT = "draft"
    SENT = "sent"
    ALL = "all"


@spot_reports_app.command("list")
def list_(
    status: Annotated[StatusChoice, Opt(help="draft, sent or all.")] = StatusChoice.ALL,
    limit: Annotated[int | None, Opt(help="At most this many.", min=1)] = None,
    as_: ViewerOption = "admin",
    database: DatabaseOption = None,
) -> None:
    """List spot reports, newest first."""
    found = service.list_spot_reports(
        db=open_database(database),
        status=None if status is StatusChoice.ALL else SpotReportStatus(status.value),
        limit=limit,
        viewer=parse_viewer(as_, settings_for(database)),
    )
    table = Table("id", "status", "version", "created (UTC)", "title", "incidents")
    for r in found:
        table.add_row(
            r.id[:8], r.status.value, str(r.version), r.created_at.strftime("%Y-%m-%d %H:%M"),
            escape(r.title), str(len(r.incident_ids)),
        )  # fmt: skip
    console.print(table)
    console.print(f"{len(found)} spot report(s) ({status.value})", highlight=False)


@spot_reports_app.command("show")
def show(spot_id: SpotId, as_: ViewerOption = "admin", database: DatabaseOption = None) -> None:
    """Show one spot report: its text, version and whether it was sent."""
    r = service.show_spot_report(
        db=open_database(database),
        key=_full_id(spot_id, database, as_),
        viewer=parse_viewer(as_, settings_for(database)),
    )
    _print(r)


@spot_reports_app.command("edit")
def edit(
    spot_id: SpotId,
    title: Annotated[str | None, Opt(help="A new title.")] = None,
    text: Annotated[str | None, Opt(help="A new text.")] = None,
    file: Annotated[
        Path | None, Opt("--file", help="Read the new text from this file (UTF-8).")
    ] = None,
    as_: ViewerOption = "admin",
    database: DatabaseOption = None,
) -> None:
    """Edit a draft's title and/or text in your name (a new version; audited)."""
    if text is not None and file is not None:
        raise ValidationError("file", str(file), "give --text or --file, not both")
    if file is not None:
        if not file.is_file():
            raise ValidationError("file", str(file), "no such file")
        text = file.read_text(encoding="utf-8")
    settings = settings_for(database)
    r = service.edit_spot_report(
        db=open_database(database),
        key=_full_id(spot_id, database, as_),
        actor=settings.actor,
        title=title,
        text=text,
        viewer=parse_viewer(as_, settings),
    )
    console.print(f"Spot report {r.id} is now at version {r.version}.", highlight=False)


@spot_reports_app.command("send")
def send(
    spot_id: SpotId,
    to: Annotated[
        str | None, Opt(help="Who it was sent to (e.g. 'both parties, the guarantors').")
    ] = None,
    as_: ViewerOption = "admin",
    database: DatabaseOption = None,
) -> None:
    """Mark a spot report sent, in your name (once; audited); it can no longer be edited."""
    settings = settings_for(database)
    r = service.send_spot_report(
        db=open_database(database),
        key=_full_id(spot_id, database, as_),
        actor=settings.actor,
        to=to,
        viewer=parse_viewer(as_, settings),
    )
    console.print(f"Spot report {r.id} marked sent by {escape(r.sent_by or '')}.")


def _print(r: SpotReport) -> None:
    console.print(f"[bold]{escape(r.title)}[/]")
    console.print(
        f"Spot report {r.id} about alert {r.alert_id}: {r.status.value}, version {r.version}",
        highlight=False,
    )
    if r.edited_by:
        console.print(f"Last edited by {escape(r.edited_by)} at {r.updated_at.isoformat()}")
    if r.sent_at is not None:
        to = f" to {r.sent_to}" if r.sent_to else ""
        console.print(f"Sent by {r.sent_by} at {r.sent_at.isoformat()}{to}", markup=False)
    console.print("")
    console.print(r.text, markup=False, highlight=False)


def _full_id(spot_id: str, database: str | None, as_: str) -> str:
    """Accept the 8-character prefix `spot-reports list` shows when it names exactly one."""
    viewer = parse_viewer(as_, settings_for(database))
    return expand_prefix(
        spot_id,
        lambda: (
            r.id for r in service.list_spot_reports(db=open_database(database), viewer=viewer)
        ),
    )
