"""`ceasefire report daily|weekly`: the mission's daily and weekly reports as Markdown,
HTML or PDF, for the public or for the mission's staff."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from ceasefire.cli.common import (
    DatabaseOption,
    ViewerOption,
    err_console,
    open_database,
    parse_viewer,
    settings_for,
)
from ceasefire.domain.report_periods import ReportPeriod, parse_audience, parse_day, parse_week
from ceasefire.errors import ValidationError
from ceasefire.publishing.render import parse_format, render_report
from ceasefire.services.period_reports import build_period_report

__all__ = ["report_app"]

report_app = typer.Typer(
    help="Daily and weekly reports (Markdown, HTML or PDF) for the public or the mission's staff.",
    no_args_is_help=True,
)

Opt = typer.Option
FormatOption = Annotated[str, Opt("--format", "-f", help="md, html or pdf.")]
OutputOption = Annotated[
    Path | None,
    Opt("--output", "-o", help="File to write (replaced). Default: standard output."),
]
AudienceOption = Annotated[
    str,
    Opt(
        help="internal (the mission's staff: read --as analyst, head_of_mission or admin) or"
        " public (published material only)."
    ),
]


@report_app.command("daily")
def daily(
    date_: Annotated[str, Opt("--date", help="The day (UTC), YYYY-MM-DD.", show_default=False)],
    format_: FormatOption = "md",
    output: OutputOption = None,
    audience: AudienceOption = "internal",
    as_: ViewerOption = "admin",
    database: DatabaseOption = None,
) -> None:
    """The report of one day, compared with the previous 24 hours."""
    _write(parse_day(date_, "date"), format_, output, audience, as_, database)


@report_app.command("weekly")
def weekly(
    week: Annotated[
        str, Opt("--week", help="The ISO week, YYYY-Www (e.g. 2021-W03).", show_default=False)
    ],
    format_: FormatOption = "md",
    output: OutputOption = None,
    audience: AudienceOption = "internal",
    as_: ViewerOption = "admin",
    database: DatabaseOption = None,
) -> None:
    """The report of one ISO week (Monday to Sunday, UTC), compared with the week before."""
    _write(parse_week(week, "week"), format_, output, audience, as_, database)


def _write(
    period: ReportPeriod,
    format_: str,
    output: Path | None,
    audience: str,
    as_: str,
    database: str | None,
) -> None:
    fmt = parse_format(format_, "format")
    reader = parse_audience(audience, "audience")
    if output is not None and output.is_dir():
        raise ValidationError("output", str(output), "is a directory; give a file name")
    if output is not None and not output.parent.is_dir():
        raise ValidationError("output", str(output), f"directory {output.parent} does not exist")
    settings = settings_for(database)
    report = build_period_report(
        db=open_database(database),
        period=period,
        audience=reader,
        viewer=parse_viewer(as_, settings),
    )
    data = render_report(report, fmt, generated_at=datetime.now(UTC).replace(microsecond=0))
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    output.write_bytes(data)
    err_console.print(
        f"wrote the {reader.value} {period.kind.value} report of {period.label} to {output}"
        f" ({len(data):,} bytes, {fmt.value})",
        highlight=False,
        soft_wrap=True,
    )
