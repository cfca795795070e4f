"""Shared CLI pieces: the error-handling group, the database option, consoles, date parsing."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, time
from typing import Annotated, Any

import typer
from rich.console import Console
from typer.core import TyperGroup

from ceasefire.config import Settings
from ceasefire.domain.access import Viewer
from ceasefire.errors import CeasefireError, ValidationError
from ceasefire.services.database import Database

__all__ = [
    "DatabaseOption",
    "ErrorHandlingGroup",
    "ViewerOption",
    "console",
    "err_console",
    "expand_prefix",
    "open_database",
    "parse_date",
    "parse_instant",
    "parse_viewer",
    "settings_for",
]

console = Console()
err_console = Console(stderr=True)

DatabaseOption = Annotated[
    str | None,
    typer.Option(
        "--database",
        "-d",
        help="Database URL (sqlite:///FILE or postgresql://USER@HOST/DB)."
        " Default: $CEASEFIRE_DATABASE_URL, else ./ceasefire.db.",
        show_default=False,
    ),
]


ViewerOption = Annotated[
    str,
    typer.Option(
        "--as",
        help="Read as this role: admin, head_of_mission, analyst, monitor, public or"
        " liaison:PARTY (what that party's liaison may see).",
    ),
]


def parse_viewer(value: str, settings: Settings) -> Viewer:
    """The --as option as a Viewer named after the acting user."""
    return Viewer.parse(value, name=settings.actor)


class ErrorHandlingGroup(TyperGroup):
    """Turns ceasefire's own errors into one line on stderr and a non-zero exit code."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except CeasefireError as exc:
            err_console.print(
                f"[bold red]error:[/] {exc}", markup=True, highlight=False, soft_wrap=True
            )
            raise typer.Exit(exc.exit_code) from None


def settings_for(database: str | None) -> Settings:
    """Settings from the --database option, the environment and defaults."""
    return Settings.from_env(database_url=database)


def open_database(database: str | None) -> Database:
    """The database named by --database (or the default), checked to be initialised."""
    return Database(settings_for(database))


def parse_date(value: str | None, field: str) -> date | None:
    """A YYYY-MM-DD option value."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValidationError(field, value, "must be a date as YYYY-MM-DD") from None


def parse_instant(value: str | None, field: str) -> datetime:
    """A date (read as 12:00 UTC that day) or an ISO date-time; None means now."""
    if value is None:
        return datetime.now(UTC)
    try:
        if len(value) == 10:
            return datetime.combine(date.fromisoformat(value), time(12, 0), tzinfo=UTC)
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ValidationError(field, value, "must be YYYY-MM-DD or an ISO date-time") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def expand_prefix(key: str, ids: Callable[[], Iterable[str]]) -> str:
    """The full id a listing's 8-character prefix names, when it names exactly one of
    `ids()` (read only for a short key); otherwise `key` as given."""
    if len(key) >= 36:
        return key
    matches = [i for i in ids() if i.startswith(key)]
    return matches[0] if len(matches) == 1 else key
