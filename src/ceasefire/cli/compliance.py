"""`ceasefire compliance`: the compliance board at an instant, or its history over a range
of days (`--from`/`--to`)."""

from __future__ import annotations

import json
from collections import Counter
from enum import StrEnum
from itertools import groupby
from typing import Annotated

import typer
from rich.table import Table

from ceasefire.cli.common import (
    DatabaseOption,
    console,
    open_database,
    parse_date,
    parse_instant,
)
from ceasefire.cli.compliance_history import print_history
from ceasefire.cli.render import STATUS_STYLE, quantity_text
from ceasefire.domain.compliance import ProvisionStatus
from ceasefire.errors import ValidationError
from ceasefire.services.clock import utc_now
from ceasefire.services.compliance import compliance_at, compliance_history
from ceasefire.services.compliance_documents import history_json, status_json

__all__ = ["compliance"]


class OutputFormat(StrEnum):
    """How to print."""

    TABLE = "table"
    JSON = "json"


def compliance(
    at: Annotated[
        str | None,
        typer.Option(
            help="Instant: YYYY-MM-DD (read as 12:00 UTC) or ISO date-time. Default: now."
        ),
    ] = None,
    agreement: Annotated[str | None, typer.Option(help="Only this agreement.")] = None,
    output: Annotated[
        OutputFormat, typer.Option("--format", help="table or json.")
    ] = OutputFormat.TABLE,
    date_from: Annotated[
        str | None,
        typer.Option("--from", help="History from this day (YYYY-MM-DD) instead of one instant."),
    ] = None,
    date_to: Annotated[
        str | None, typer.Option("--to", help="Last day of the history (default: today, UTC).")
    ] = None,
    period: Annotated[
        str | None,
        typer.Option(
            help="Violations per day, week or month (default: by the length of the range)."
        ),
    ] = None,
    database: DatabaseOption = None,
) -> None:
    """Status of every provision at an instant, or its history from --from to --to, computed
    from agreements, amendments, events, incidents and tracking data."""
    if date_from is not None or date_to is not None or period is not None:
        _history(at, agreement, output, date_from, date_to, period, database)
        return
    instant = parse_instant(at, "at")
    statuses = compliance_at(db=open_database(database), at=instant, agreement_id=agreement)
    if output is OutputFormat.JSON:
        typer.echo(json.dumps([status_json(s) for s in statuses], indent=2, ensure_ascii=False))
        return
    console.print(f"[bold]Compliance board at {instant.isoformat()}[/]")
    for agreement_id, rows in groupby(statuses, key=lambda s: s.provision.agreement_id):
        table = Table("no.", "provision", "obligated", "status", "dates", "reason", show_lines=True)
        table.title = agreement_id
        for s in rows:
            p = s.provision
            style = STATUS_STYLE[s.status]
            table.add_row(
                p.number,
                f"{p.title}\n[dim]{p.id}[/]",
                ", ".join(p.obligated),
                f"[{style}]{s.status.value}[/]",
                _dates(s),
                _reason(s),
            )
        console.print(table)
    counts = Counter(s.status.value for s in statuses)
    console.print(", ".join(f"{n} {status}" for status, n in sorted(counts.items())))


def _history(
    at: str | None,
    agreement: str | None,
    output: OutputFormat,
    date_from: str | None,
    date_to: str | None,
    period: str | None,
    database: str | None,
) -> None:
    if at is not None:
        raise ValidationError("at", at, "give --at for one instant or --from/--to, not both")
    first = parse_date(date_from, "from")
    if first is None:
        raise ValidationError("from", None, "give --from with --to or --period")
    last = parse_date(date_to, "to") or utc_now().date()
    found = compliance_history(
        db=open_database(database), first=first, last=last, agreement_id=agreement, period=period
    )
    if output is OutputFormat.JSON:
        document = history_json(found, agreement)
        typer.echo(json.dumps(document, indent=2, ensure_ascii=False))
        return
    print_history(found)


def _dates(s: ProvisionStatus) -> str:
    parts = []
    if s.deadline is not None:
        parts.append(f"due {s.deadline}")
        if s.original_deadline is not None and s.original_deadline != s.deadline:
            parts.append(f"(was {s.original_deadline})")
    if s.expiry is not None:
        parts.append(f"expires {s.expiry}")
    if s.notice_deadline is not None:
        parts.append(f"notice by {s.notice_deadline}")
    return "\n".join(parts)


def _reason(s: ProvisionStatus) -> str:
    figures = "; ".join(quantity_text(q) for q in s.provision.quantities)
    return s.reason + (f"\n{figures}" if figures else "")


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command("compliance")(compliance)
