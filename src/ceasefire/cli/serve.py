"""`ceasefire serve`: run the HTTP API (uvicorn) over the configured database."""

from __future__ import annotations

from typing import Annotated

import typer

from ceasefire.cli.common import DatabaseOption, console, settings_for
from ceasefire.errors import ValidationError
from ceasefire.services.database import Database

__all__ = ["register", "serve"]


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port to listen on.")] = 8000,
    log_level: Annotated[
        str, typer.Option(help="uvicorn log level: critical, error, warning, info, debug.")
    ] = "info",
    access_log: Annotated[
        bool, typer.Option(help="Log every request (off for load tests).")
    ] = True,
    database: DatabaseOption = None,
) -> None:
    """Serve the HTTP API; the OpenAPI document is at /api/v1/openapi.json, the interactive
    documentation at /api/v1/docs. The database must be initialised (`ceasefire init`)."""
    import uvicorn

    from ceasefire.api import create_app

    if not 1 <= port <= 65_535:
        raise ValidationError("port", port, "must be between 1 and 65535")
    levels = ("critical", "error", "warning", "info", "debug")
    if log_level not in levels:
        raise ValidationError("log-level", log_level, f"must be one of {', '.join(levels)}")
    settings = settings_for(database)
    Database(settings).ensure_current()
    console.print(f"Serving the ceasefire API on http://{host}:{port}/api/v1/docs", highlight=False)
    uvicorn.run(
        create_app(settings),
        host=host,
        port=port,
        log_level=log_level,
        access_log=access_log,
    )


def register(app: typer.Typer) -> None:
    """Add `serve` to the top-level command."""
    app.command("serve")(serve)
