"""`ceasefire scenario list|load`."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from ceasefire.cli.common import DatabaseOption, console, open_database, settings_for
from ceasefire.services import scenarios

app = typer.Typer(help="List and load scenarios (agreements, parties, zones, timeline).")


@app.command("list")
def list_() -> None:
    """List the scenarios shipped with ceasefire."""
    table = Table("id", "name", "description")
    for info in scenarios.list_scenarios():
        table.add_row(info.id, info.name, info.description)
    console.print(table)


@app.command("load")
def load(
    name: Annotated[str, typer.Argument(help="Scenario id (see `scenario list`) or a directory.")],
    database: DatabaseOption = None,
) -> None:
    """Load a scenario into the database; loading the same scenario again changes nothing."""
    db = open_database(database)
    result = scenarios.load(db=db, name=name, actor=settings_for(database).actor)
    s = result.scenario
    counts = (
        f"{len(s.agreements)} agreements,"
        f" {sum(len(a.provisions) for a in s.agreements)} provisions,"
        f" {len(s.parties)} parties, {len(s.zones)} zones, {len(s.events)} timeline events"
    )
    if not result.changed:
        console.print(f"Scenario {s.id} is already loaded with the same content; nothing changed.")
    elif result.replaced:
        console.print(f"Scenario {s.id} updated to its new content: {counts}.")
    else:
        console.print(f"Scenario {s.id} loaded: {counts}.")
