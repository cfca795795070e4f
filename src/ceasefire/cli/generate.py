"""`ceasefire generate`: synthetic ACLED-format intake for the reference scenario."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from ceasefire.cli.common import console, err_console, parse_date
from ceasefire.errors import ValidationError
from ceasefire.synthetic import DEFAULT_END, DEFAULT_START, generate_acled

__all__ = ["generate", "register"]


class _RowRate(ProgressColumn):
    """Rows written per second."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text("? rows/s" if speed is None else f"{speed:,.0f} rows/s")


def _period(start: str | None, end: str | None) -> tuple[date, date]:
    """The --start and --end days, defaults filled in, checked to be in order."""
    first = parse_date(start, "start") or DEFAULT_START
    last = parse_date(end, "end") or DEFAULT_END
    if last < first:
        raise ValidationError("end", last.isoformat(), f"must not be before start ({first})")
    return first, last


def _check_target(reports: int, out: Path) -> None:
    """Refuse a bad row count or an output file that cannot be created, before any work."""
    if reports < 1:
        raise ValidationError("reports", reports, "must be at least 1")
    if out.is_dir():
        raise ValidationError("out", str(out), "is a directory; give a file name")
    if not out.parent.is_dir():
        raise ValidationError("out", str(out), f"directory {out.parent} does not exist")


def generate(
    reports: Annotated[
        int, typer.Option("--reports", "-n", help="Number of report rows.", show_default=False)
    ],
    out: Annotated[
        Path, typer.Option("--out", "-o", help="CSV file to write (replaced).", show_default=False)
    ],
    seed: Annotated[int, typer.Option(help="Random seed; a seed fixes every byte.")] = 1,
    start: Annotated[
        str | None, typer.Option(help=f"First day, YYYY-MM-DD. Default: {DEFAULT_START}.")
    ] = None,
    end: Annotated[
        str | None, typer.Option(help=f"Last day, YYYY-MM-DD. Default: {DEFAULT_END}.")
    ] = None,
) -> None:
    """Write synthetic ACLED-format reports of the reference scenario, with their true incident."""
    first, last = _period(start, end)
    _check_target(reports, out)
    began = time.perf_counter()
    columns = (
        TextColumn("generating"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("rows"),
        _RowRate(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=err_console) as bar:
        task = bar.add_task("generate", total=reports)
        summary = generate_acled(
            out,
            reports=reports,
            seed=seed,
            start=first,
            end=last,
            progress=lambda done: bar.update(task, completed=done),
        )
    elapsed = max(time.perf_counter() - began, 1e-9)
    console.print(
        f"wrote {summary.reports:,} reports of {summary.incidents:,} incidents to {out}"
        f" in {elapsed:.1f} s ({summary.reports / elapsed:,.0f} rows/s)",
        highlight=False,
        soft_wrap=True,
    )


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command("generate")(generate)
