"""`ceasefire import`: bring a dataset file in, with a progress bar."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import (
    BarColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeRemainingColumn,
)

from ceasefire.cli.common import DatabaseOption, console, err_console, open_database, settings_for
from ceasefire.errors import InputFileError
from ceasefire.importers.registry import FORMATS
from ceasefire.services.imports import ImportOutcome, import_file
from ceasefire.services.imports import Progress as ProgressCallback

__all__ = ["import_"]


def import_(
    file: Annotated[Path, typer.Argument(help="The file to import.")],
    fmt: Annotated[str, typer.Option("--format", help=f"One of: {', '.join(FORMATS)}.")],
    mapping: Annotated[Path | None, typer.Option(help="YAML column mapping (csv).")] = None,
    source: Annotated[
        str | None, typer.Option(help="Source id of the rows (default: the dataset's own).")
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Validate every row and report; write nothing.")
    ] = False,
    link: Annotated[
        bool,
        typer.Option(
            "--link/--no-link", help="Link the new reports into incidents (or later: `link`)."
        ),
    ] = True,
    database: DatabaseOption = None,
) -> None:
    """Import reports from a file and link them into incidents; the whole file lands or
    nothing does."""
    db = open_database(database)
    total = file.stat().st_size if file.exists() else 0
    with _progress(total) as advance:
        outcome = import_file(
            db=db, path=file, fmt=fmt, actor=settings_for(database).actor, source=source,
            mapping=mapping, dry_run=dry_run, progress=advance, link=link,
        )  # fmt: skip
    _summary(outcome)


@contextmanager
def _progress(total: int) -> Iterator[ProgressCallback]:
    columns = (
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        TextColumn("{task.fields[rows]:,} rows, {task.fields[rate]:,.0f} rows/s"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=err_console, transient=True) as bar:
        task = bar.add_task("importing", total=total or None, rows=0, rate=0.0)

        def advance(rows: int, bytes_read: int) -> None:
            elapsed = bar.tasks[0].elapsed or 0.0
            rate = rows / elapsed if elapsed else 0.0
            bar.update(task, completed=min(bytes_read, total), rows=rows, rate=rate)

        yield advance


def _summary(outcome: ImportOutcome) -> None:
    verb = "would add" if outcome.dry_run else "added"
    console.print(
        f"{outcome.file}: {outcome.rows_read:,} rows read, {verb} {outcome.rows_added:,},"
        f" {outcome.rows_skipped:,} already present (source {outcome.source_id})."
    )
    if outcome.linking is not None:
        console.print(
            f"Linked: {outcome.linking.incidents_written:,} incidents written,"
            f" {outcome.linking.incidents_removed:,} absorbed;"
            f" {outcome.linking.incidents_total:,} incidents in all."
        )
    if outcome.dry_run and outcome.problems:
        for problem in outcome.problems:
            err_console.print(f"problem: {problem}", highlight=False, soft_wrap=True)
        raise InputFileError(
            outcome.file, None, None, None, f"{len(outcome.problems)} problem(s) found"
        )
    if outcome.dry_run:
        console.print("Dry run: no problems found; nothing was written.")


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command("import")(import_)
