"""`ceasefire crossings|exchanges|returns`: corridor crossing logs and checkpoints,
exchanges of detainees and bodies with person-level records, returns of displaced persons."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from ceasefire.cli.common import (
    DatabaseOption,
    ViewerOption,
    console,
    open_database,
    parse_date,
    parse_viewer,
    settings_for,
)
from ceasefire.domain.exchanges import ExchangeCategory
from ceasefire.errors import ValidationError
from ceasefire.services import exchanges as exchange_service
from ceasefire.services import returns as return_service
from ceasefire.services import tracking as service
from ceasefire.services.tracking import ImportSummary
from ceasefire.synthetic.crossings import Blockade, generate_crossings

__all__ = ["crossings_app", "exchanges_app", "register", "returns_app"]

crossings_app = typer.Typer(
    help="Corridor checkpoints and their daily crossing logs (people, vehicles, goods)."
)
exchanges_app = typer.Typer(
    help="Exchanges of prisoners of war, hostages, civilian detainees and bodies."
)
returns_app = typer.Typer(help="Returns of displaced persons per district and month.")

Opt = typer.Option
CsvFile = Annotated[Path, typer.Argument(help="CSV file (UTF-8, header line first).")]
FromOption = Annotated[str | None, Opt("--from", help="First day, YYYY-MM-DD.")]
ToOption = Annotated[str | None, Opt("--to", help="Last day, YYYY-MM-DD.")]


def _imported(summary: ImportSummary, what: str) -> None:
    parts = [f"{summary.inserted} {what} stored", f"{summary.skipped} already stored"]
    if summary.updated:
        parts.append(f"{summary.updated} handovers recorded")
    console.print(f"{escape(summary.file)}: {summary.rows} rows; " + ", ".join(parts) + ".")
    if summary.synthetic:
        console.print(f"[yellow]{summary.synthetic} rows are marked SYNTHETIC (not real data).[/]")


# crossings -----------------------------------------------------------------------------------


@crossings_app.command("import")
def crossings_import(file: CsvFile, database: DatabaseOption = None) -> None:
    """Import a daily crossing log: date, checkpoint, direction, people, vehicles,
    goods_tonnes (and an optional note). The whole file or nothing."""
    summary = service.import_crossings(
        db=open_database(database), path=file, actor=settings_for(database).actor
    )
    _imported(summary, "crossings")


@crossings_app.command("list")
def crossings_list(
    date_from: FromOption = None,
    date_to: ToOption = None,
    checkpoint: Annotated[str | None, Opt(help="Only this checkpoint.")] = None,
    database: DatabaseOption = None,
) -> None:
    """List stored crossings by day, checkpoint and direction."""
    rows = service.list_crossings(
        db=open_database(database),
        first=parse_date(date_from, "from"),
        last=parse_date(date_to, "to"),
        checkpoint_id=checkpoint,
    )
    table = Table("day", "checkpoint", "direction", "people", "vehicles", "goods (t)")
    for c in rows:
        table.add_row(
            c.day.isoformat(),
            escape(c.checkpoint_id),
            escape(c.direction),
            str(c.people),
            str(c.vehicles),
            f"{c.goods_tonnes:g}",
        )
    console.print(table)
    console.print(f"{len(rows)} crossings")


@crossings_app.command("checkpoints")
def crossings_checkpoints(database: DatabaseOption = None) -> None:
    """List the checkpoints (registered when a scenario is loaded)."""
    table = Table("id", "name", "provision", "zone", "lat, lon", "directions", "note")
    for c in service.list_checkpoints(db=open_database(database)):
        where = "" if c.latitude is None else f"{c.latitude:.2f}, {c.longitude:.2f} (approx.)"
        table.add_row(
            escape(c.id),
            escape(c.name),
            escape(c.provision_id or ""),
            escape(c.zone_id or ""),
            where,
            escape(", ".join(c.directions)),
            escape(c.note),
        )
    console.print(table)


@crossings_app.command("generate")
def crossings_generate(
    out: Annotated[Path, Opt(help="CSV file to write.")],
    date_from: Annotated[str, Opt("--from", help="First day, YYYY-MM-DD.")] = "2022-09-01",
    date_to: Annotated[str, Opt("--to", help="Last day, YYYY-MM-DD.")] = "2023-02-28",
    blockade_from: Annotated[
        str | None, Opt(help="First day of a blockade-shaped fall, YYYY-MM-DD.")
    ] = None,
    blockade_to: Annotated[str | None, Opt(help="Last day of the fall, YYYY-MM-DD.")] = None,
    seed: Annotated[int, Opt(help="Random seed; the same seed gives the same file.")] = 0,
    database: DatabaseOption = None,
) -> None:
    """Write a SYNTHETIC crossing log for the registered checkpoints (not real data)."""
    first, last = parse_date(date_from, "from"), parse_date(date_to, "to")
    assert first is not None and last is not None
    blockade = None
    if (blockade_from is None) != (blockade_to is None):
        raise ValidationError("blockade", blockade_from or blockade_to, "give both ends or none")
    if blockade_from is not None and blockade_to is not None:
        b_first = parse_date(blockade_from, "blockade_from")
        b_last = parse_date(blockade_to, "blockade_to")
        assert b_first is not None and b_last is not None
        blockade = Blockade(b_first, b_last)
    if out.is_dir() or not out.parent.is_dir():
        raise ValidationError("out", str(out), "must be a file in an existing directory")
    checkpoints = service.list_checkpoints(db=open_database(database))
    summary = generate_crossings(out, checkpoints, first, last, seed=seed, blockade=blockade)
    console.print(
        f"[yellow]SYNTHETIC[/] crossing log written to {escape(str(out))}: {summary.rows} rows,"
        f" {first} to {last}, checkpoints {', '.join(summary.checkpoints)}. It is generated"
        " data for exercises, not real traffic."
    )


# exchanges -----------------------------------------------------------------------------------


@exchanges_app.command("add")
def exchanges_add(
    day: Annotated[str, Opt(help="Day of the handover, YYYY-MM-DD.")],
    category: Annotated[str, Opt(help="prisoners_of_war, hostages, civilian_detainees or bodies.")],
    from_party: Annotated[str, Opt("--from", help="Party handing over, e.g. AZ.")],
    to_party: Annotated[str, Opt("--to", help="Party receiving, e.g. AM.")],
    count: Annotated[int, Opt(help="How many persons (or bodies).")],
    note: Annotated[str, Opt(help="Free text, e.g. who mediated.")] = "",
    provision: Annotated[
        str | None, Opt(help="Provision carried out (default: the only exchange provision).")
    ] = None,
    database: DatabaseOption = None,
) -> None:
    """Record an exchange: counts handed over from one party to another on a day."""
    when = parse_date(day, "day")
    assert when is not None
    exchange = exchange_service.add_exchange(
        db=open_database(database),
        day=when,
        category=ExchangeCategory.parse(category),
        from_party_id=from_party,
        to_party_id=to_party,
        count=count,
        note=note,
        provision_id=provision,
        actor=settings_for(database).actor,
    )
    console.print(
        f"Exchange {exchange.id} recorded: {exchange.count} {exchange.category.value}"
        f" {exchange.from_party_id} -> {exchange.to_party_id} on {exchange.day}."
    )


@exchanges_app.command("list")
def exchanges_list(
    date_from: FromOption = None, date_to: ToOption = None, database: DatabaseOption = None
) -> None:
    """List exchanges and the outstanding counts (persons recorded as held, not handed over)."""
    board = exchange_service.exchange_board(
        db=open_database(database),
        first=parse_date(date_from, "from"),
        last=parse_date(date_to, "to"),
    )
    table = Table("id", "day", "category", "from", "to", "count", "note")
    for e in board.exchanges:
        table.add_row(
            e.id,
            e.day.isoformat(),
            e.category.value,
            e.from_party_id,
            e.to_party_id,
            str(e.count),
            escape(e.note),
        )
    console.print(table)
    outstanding = Table("held by", "category", "recorded", "handed over", "outstanding")
    outstanding.title = "Outstanding (from person-level records)"
    for o in board.outstanding:
        outstanding.add_row(
            o.held_by_party_id,
            o.category.value,
            str(o.recorded),
            str(o.handed_over),
            str(o.outstanding),
        )
    console.print(outstanding)


@exchanges_app.command("persons-import")
def exchanges_persons_import(
    file: CsvFile, viewer: ViewerOption = "admin", database: DatabaseOption = None
) -> None:
    """Import person-level records (staff only): name, category, held_by, of_party,
    recorded_on, and optionally exchange_id and note."""
    settings = settings_for(database)
    summary = exchange_service.import_persons(
        db=open_database(database),
        path=file,
        actor=settings.actor,
        viewer=parse_viewer(viewer, settings),
    )
    _imported(summary, "persons")


@exchanges_app.command("persons")
def exchanges_persons(
    viewer: ViewerOption = "admin",
    held_by: Annotated[str | None, Opt(help="Only persons held by this party.")] = None,
    database: DatabaseOption = None,
) -> None:
    """List person-level records with names: analysts, head of mission and admins only."""
    settings = settings_for(database)
    persons = exchange_service.list_persons(
        db=open_database(database), viewer=parse_viewer(viewer, settings), held_by=held_by
    )
    table = Table("name", "category", "held by", "of party", "recorded", "exchange")
    for p in persons:
        table.add_row(
            escape(p.name),
            p.category.value,
            p.held_by_party_id,
            p.of_party_id,
            p.recorded_on.isoformat(),
            p.exchange_id or "[dim]held[/]",
        )
    console.print(table)


# returns -------------------------------------------------------------------------------------


@returns_app.command("import")
def returns_import(file: CsvFile, database: DatabaseOption = None) -> None:
    """Import returns of displaced persons: district, month (YYYY-MM), people, source."""
    summary = return_service.import_returns(
        db=open_database(database), path=file, actor=settings_for(database).actor
    )
    _imported(summary, "returns")


@returns_app.command("list")
def returns_list(
    date_from: FromOption = None, date_to: ToOption = None, database: DatabaseOption = None
) -> None:
    """Returns per district and month, summed over sources."""
    rows = return_service.list_returns(
        db=open_database(database),
        first=parse_date(date_from, "from"),
        last=parse_date(date_to, "to"),
    )
    table = Table("month", "district", "people", "sources")
    for r in rows:
        table.add_row(
            f"{r.month:%Y-%m}", escape(r.district), f"{r.people:,}", escape(", ".join(r.sources))
        )
    console.print(table)


def register(root: typer.Typer) -> None:
    """Add the crossings, exchanges and returns groups to the root app."""
    root.add_typer(crossings_app, name="crossings")
    root.add_typer(exchanges_app, name="exchanges")
    root.add_typer(returns_app, name="returns")
