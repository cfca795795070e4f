"""`ceasefire demo`: generated reports, one account per role and a few published findings,
for trying the dashboard."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from ceasefire.cli.common import DatabaseOption, console, open_database
from ceasefire.errors import ValidationError
from ceasefire.services.demo import DEMO_PUBLISHED, DEMO_REPORTS, DemoOutcome, load_demo

__all__ = ["register"]


def demo(
    reports: Annotated[
        int, typer.Option("--reports", "-n", help="Generated reports to import.")
    ] = DEMO_REPORTS,
    seed: Annotated[int, typer.Option(help="Random seed of the generated reports.")] = 1,
    publish: Annotated[
        int,
        typer.Option(help="Incidents to take to a published finding (0: none)."),
    ] = DEMO_PUBLISHED,
    database: DatabaseOption = None,
) -> None:
    """Load a demonstration: generated reports of the reference scenario (source
    "demo-generated": invented events, not real ones), linked into incidents; one account
    per role; and a few incidents verified, signed off by the demonstration monitors and
    published, for the public view. Passwords of new accounts are printed once; loading
    again adds nothing."""
    if not 1 <= reports <= 100_000:
        raise ValidationError("--reports", reports, "must be between 1 and 100,000")
    if not 0 <= publish <= 100:
        raise ValidationError("--publish", publish, "must be between 0 and 100")
    db = open_database(database)
    try:
        outcome = load_demo(
            db=db, actor=db.settings.actor, reports=reports, seed=seed, publish=publish
        )
    finally:
        db.dispose()
    imported = outcome.imported
    console.print(
        f"Demonstration data: {imported.rows_added:,} generated reports added"
        f" ({imported.rows_skipped:,} already there), source demo-generated.",
        highlight=False,
    )
    if outcome.created:
        table = Table(title="Demonstration accounts (passwords are shown only now)")
        for column in ("username", "role", "party / nation", "password"):
            table.add_column(column)
        for account, password in outcome.created:
            scope = account.party_id or account.nation or ""
            table.add_row(account.username, account.role.value, scope, password)
        console.print(table)
    if outcome.existing:
        console.print(
            f"Accounts already there (passwords unchanged): {', '.join(outcome.existing)}."
            " Set a new one with `ceasefire users password NAME`.",
            highlight=False,
        )
    _print_published(outcome)


def _print_published(outcome: DemoOutcome) -> None:
    """What the demonstration published, which the public view shows."""
    if outcome.published_before:
        console.print(
            "Findings: published by an earlier load (its demo-* signing keys are registered).",
            highlight=False,
        )
        return
    if not outcome.published:
        return
    verified = sum(1 for p in outcome.published if p.verified)
    console.print(
        f"Published findings on {len(outcome.published)} incidents ({verified} verified now),"
        f" signed off with the keys {', '.join(outcome.keys)} (private keys not kept):"
        " the public map and incident list show them.",
        highlight=False,
    )


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command("demo")(demo)
