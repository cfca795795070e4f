"""`ceasefire sources add|list`."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from ceasefire.cli.common import DatabaseOption, console, open_database, settings_for
from ceasefire.domain.sources import Affiliation, Reliability, Source, SourceKind
from ceasefire.services import sources as service

app = typer.Typer(help="Sources that reports come from, with their reliability grade.")


@app.command("add")
def add(
    source_id: Annotated[str, typer.Argument(help="Short id, e.g. op-7 or az-mod.")],
    name: Annotated[str, typer.Option(help="Full name.")],
    kind: Annotated[SourceKind, typer.Option(help="What kind of source.")],
    affiliation: Annotated[
        Affiliation, typer.Option(help="Whose side it is on.")
    ] = Affiliation.NEUTRAL,
    party: Annotated[
        str | None, typer.Option(help="Party or monitoring nation id, e.g. AZ or RU.")
    ] = None,
    reliability: Annotated[Reliability, typer.Option(help="Admiralty grade A-F.")] = Reliability.F,
    database: DatabaseOption = None,
) -> None:
    """Register a source."""
    source = Source(
        id=source_id,
        name=name,
        kind=kind,
        affiliation=affiliation,
        party_id=party,
        reliability=reliability,
    )
    service.add_source(
        db=open_database(database), source=source, actor=settings_for(database).actor
    )
    console.print(
        f"Source {source.id} added ({source.kind.value}, grade {source.reliability.value})."
    )


@app.command("list")
def list_(database: DatabaseOption = None) -> None:
    """List the registered sources."""
    table = Table("id", "name", "kind", "affiliation", "party", "grade")
    for s in service.list_sources(db=open_database(database)):
        table.add_row(
            s.id, s.name, s.kind.value, s.affiliation.value, s.party_id or "", s.reliability.value
        )
    console.print(table)
