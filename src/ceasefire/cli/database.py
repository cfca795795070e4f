"""`ceasefire init`: create or upgrade the database."""

from __future__ import annotations

import typer

from ceasefire.cli.common import DatabaseOption, console, settings_for
from ceasefire.services.setup import init_database

__all__ = ["init"]


def init(database: DatabaseOption = None) -> None:
    """Create or upgrade the database (SQLite file by default, PostgreSQL by URL)."""
    result = init_database(settings=settings_for(database))
    if result.before == result.after:
        console.print(f"Database {result.url} is up to date (schema {result.after}).")
    else:
        start = result.before or "empty"
        console.print(f"Database {result.url} upgraded from {start} to schema {result.after}.")


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command("init")(init)
