"""`ceasefire timeline`: the scenario's dated events with sources and disputed figures."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from ceasefire.cli.common import DatabaseOption, console, open_database, parse_date
from ceasefire.cli.render import number_text
from ceasefire.domain.timeline import Figure
from ceasefire.services.agreements import source_catalogue
from ceasefire.services.agreements import timeline as list_events

__all__ = ["timeline"]


def timeline(
    from_: Annotated[str | None, typer.Option("--from", help="First day, YYYY-MM-DD.")] = None,
    to: Annotated[str | None, typer.Option("--to", help="Last day, YYYY-MM-DD.")] = None,
    database: DatabaseOption = None,
) -> None:
    """The scenario's dated events, each with its source and low/best/high figures."""
    since = parse_date(from_, "from")
    until = parse_date(to, "to")
    db = open_database(database)
    events = list_events(db=db, since=since, until=until)
    table = Table("date", "event", "figures (low / best / high)", "sources", show_lines=True)
    for e in events:
        table.add_row(
            e.label(),
            e.title,
            "\n".join(figure_text(f) for f in e.figures),
            "\n".join(s.ref + (f": {s.note}" if s.note else "") for s in e.sources),
        )
    console.print(table)
    console.print(f"{len(events)} events")
    cited = sorted({s.ref for e in events for s in e.sources})
    catalogue = source_catalogue(db=db)
    for ref in cited:
        if ref in catalogue:
            console.print(f"  {ref}: {catalogue[ref]}", highlight=False)


def figure_text(f: Figure) -> str:
    """'deaths: 6,500 / 6,700 / 6,700 persons (seed:001, seed:003)'."""

    def show(v: int | None) -> str:
        return "?" if v is None else number_text(v)

    refs = ", ".join(s.ref for s in f.sources)
    unit = f" {f.unit}" if f.unit else ""
    note = f"; {f.note}" if f.note else ""
    cited = f" ({refs})" if refs else ""
    values = f"{show(f.low)} / {show(f.best)} / {show(f.high)}"
    return f"{f.quantity.replace('_', ' ')}: {values}{unit}{cited}{note}"


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command("timeline")(timeline)
