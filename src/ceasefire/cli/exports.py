"""`ceasefire export`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ceasefire.cli.common import DatabaseOption, console, open_database, parse_instant
from ceasefire.services.exports import EXPORT_FORMATS, export_reports
from ceasefire.storage.repositories.reports import ReportFilter

__all__ = ["export"]


def export(
    fmt: Annotated[str, typer.Option("--format", help=f"One of: {', '.join(EXPORT_FORMATS)}.")],
    out: Annotated[Path, typer.Option(help="File to write (must not exist).")],
    since: Annotated[str | None, typer.Option("--from", help="Occurred on or after.")] = None,
    until: Annotated[str | None, typer.Option("--to", help="Occurred on or before.")] = None,
    source: Annotated[str | None, typer.Option(help="Only reports of this source.")] = None,
    dataset: Annotated[
        str | None, typer.Option(help="Only rows imported from this dataset.")
    ] = None,
    database: DatabaseOption = None,
) -> None:
    """Export reports, streamed, in a format other tools open."""
    flt = ReportFilter(
        since=parse_instant(since, "from") if since else None,
        until=parse_instant(until, "to") if until else None,
        source_id=source,
        dataset=dataset,
    )
    count = export_reports(db=open_database(database), fmt=fmt, out=out, flt=flt)
    console.print(f"Wrote {count:,} reports to {out} ({fmt}).")


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command("export")(export)
