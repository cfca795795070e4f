"""`ceasefire compliance`: the compliance board at an instant."""

from __future__ import annotations

import json
from collections import Counter
from enum import StrEnum
from itertools import groupby
from typing import Annotated

import typer
from rich.table import Table

from ceasefire.cli.common import DatabaseOption, console, open_database, parse_instant
from ceasefire.cli.render import STATUS_STYLE, quantity_text
from ceasefire.domain.compliance import ProvisionStatus
from ceasefire.domain.serialise import to_primitive
from ceasefire.services.compliance import compliance_at

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
    database: DatabaseOption = None,
) -> None:
    """Status of every provision at an instant, computed from agreements, amendments and events."""
    instant = parse_instant(at, "at")
    statuses = compliance_at(db=open_database(database), at=instant, agreement_id=agreement)
    if output is OutputFormat.JSON:
        typer.echo(json.dumps([_as_json(s) for s in statuses], indent=2, ensure_ascii=False))
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


def _as_json(s: ProvisionStatus) -> dict[str, object]:
    p = s.provision
    return {
        "agreement_id": p.agreement_id,
        "provision_id": p.id,
        "number": p.number,
        "title": p.title,
        "kind": p.kind.value,
        "obligated": list(p.obligated),
        "status": s.status.value,
        "reason": s.reason,
        "deadline": to_primitive(s.deadline),
        "original_deadline": to_primitive(s.original_deadline),
        "amendment_id": s.amendment.id if s.amendment else None,
        "days_left": s.days_left,
        "expiry": to_primitive(s.expiry),
        "notice_deadline": to_primitive(s.notice_deadline),
        "quantities": to_primitive(p.quantities),
        "evidence": list(s.evidence),
    }


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command("compliance")(compliance)
