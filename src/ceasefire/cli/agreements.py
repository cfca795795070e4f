"""`ceasefire agreements list|show`."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from ceasefire.cli.common import DatabaseOption, console, open_database
from ceasefire.cli.render import deadline_text, quantity_text, term_text
from ceasefire.services import agreements as service

app = typer.Typer(help="Agreements and their provisions.")


@app.command("list")
def list_(database: DatabaseOption = None) -> None:
    """List the stored agreements."""
    table = Table("id", "title", "status", "signed", "in force (UTC)", "provisions")
    for a in service.list_agreements(db=open_database(database)):
        table.add_row(
            a.id,
            a.title,
            a.status.value,
            a.signed_on.isoformat() if a.signed_on else "",
            a.in_force_at.isoformat() if a.in_force_at else "",
            str(len(a.provisions)),
        )
    console.print(table)


@app.command("show")
def show(
    agreement_id: Annotated[str, typer.Argument(help="Agreement id, e.g. trilateral-2020-11-10.")],
    text: Annotated[bool, typer.Option("--text", help="Also print each provision's text.")] = False,
    database: DatabaseOption = None,
) -> None:
    """Show one agreement: parties, provisions with kind, obligated party, deadlines, amendments."""
    a = service.get_agreement(db=open_database(database), agreement_id=agreement_id)
    console.print(f"[bold]{a.title}[/] ({a.id}), {a.status.value}")
    if a.signed_on:
        console.print(
            f"signed {a.signed_on}; in force {a.in_force_at.isoformat() if a.in_force_at else '-'}"
        )
    roles = "; ".join(f"{p.party_id}: {', '.join(r.value for r in p.roles)}" for p in a.parties)
    console.print(f"parties: {roles}")
    if a.summary:
        console.print(a.summary)
    table = Table(
        "no.", "id", "kind", "obligated", "deadline", "figures / term", "zones", show_lines=True
    )
    for p in a.provisions:
        figures = [quantity_text(q) for q in p.quantities] + ([term_text(p)] if p.term else [])
        table.add_row(
            p.number,
            f"{p.id}\n{p.title}",
            p.kind.value,
            ", ".join(p.obligated),
            deadline_text(a, p),
            "\n".join(figures),
            ", ".join(p.zone_ids),
        )
    console.print(table)
    for m in a.amendments:
        console.print(
            f"amendment {m.id}: {m.provision_id} deadline -> {m.new_deadline},"
            f" agreed {m.agreed_on};"
            f" {m.reason} (source: {m.source})"
        )
    if text:
        for p in a.provisions:
            refs = "; ".join(r.ref + (f" ({r.note})" if r.note else "") for r in p.sources)
            console.print(f"\n[bold]{p.number}[/] {p.text}")
            if refs:
                console.print(f"    sources: {refs}", highlight=False)
