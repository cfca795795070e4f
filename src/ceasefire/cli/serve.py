"""`ceasefire serve`: run the HTTP API (uvicorn) over the configured database."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from ceasefire.cli.common import DatabaseOption, console, settings_for
from ceasefire.config import Settings
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
    linking: Annotated[
        str,
        typer.Option(
            help="Where reports filed over the API are linked: process (a process of its own),"
            " thread (inside the server), off (run `ceasefire link` yourself)."
        ),
    ] = "process",
    workers: Annotated[
        int,
        typer.Option(
            help="Server processes (uvicorn workers). More than one uses more cores; the"
            " linking worker then runs in one process of its own."
        ),
    ] = 1,
    database: DatabaseOption = None,
) -> None:
    """Serve the web dashboard (at /) and the HTTP API; the OpenAPI document is at
    /api/v1/openapi.json, the interactive documentation at /api/v1/docs. The database must
    be initialised (`ceasefire init`)."""
    import uvicorn

    from ceasefire.api import create_app
    from ceasefire.api.app import LinkingMode
    from ceasefire.api.server import LINKING_ENV, tune_process
    from ceasefire.services.link_process import LinkProcess

    if not 1 <= port <= 65_535:
        raise ValidationError("port", port, "must be between 1 and 65535")
    levels = ("critical", "error", "warning", "info", "debug")
    if log_level not in levels:
        raise ValidationError("log-level", log_level, f"must be one of {', '.join(levels)}")
    modes: tuple[LinkingMode, ...] = ("process", "thread", "off")
    mode = next((m for m in modes if m == linking), None)
    if mode is None:
        raise ValidationError("linking", linking, f"must be one of {', '.join(modes)}")
    if not 1 <= workers <= 64:
        raise ValidationError("workers", workers, "must be between 1 and 64")
    if workers > 1 and mode == "thread":
        raise ValidationError("linking", linking, "with several workers use process or off")
    settings = settings_for(database)
    Database(settings).ensure_current()
    console.print(
        f"Serving the ceasefire dashboard on http://{host}:{port}/ and the API on"
        f" http://{host}:{port}/api/v1/docs",
        highlight=False,
    )
    # asyncio's own event loop, not uvloop: saturated by 50 connections, uvloop served some
    # of them far later than others (p99 ten times p50 for a 0.7 ms endpoint; asyncio's
    # loop about 1.1 times, at the same requests/s; docs/benchmarks.md).
    options = {
        "host": host, "port": port, "log_level": log_level, "access_log": access_log,
        "loop": "asyncio",
    }  # fmt: skip
    if workers == 1:
        app = create_app(settings, linking=mode)
        tune_process()
        uvicorn.run(app, **options)  # type: ignore[arg-type]
        return
    # Worker processes build their own app from the environment; one linking process
    # serves them all (it finds its work in the database).
    os.environ.update(_environment(settings))
    os.environ[LINKING_ENV] = "off"
    linker = LinkProcess(settings) if mode == "process" else None
    if linker is not None:
        linker.start()
    try:
        uvicorn.run(
            "ceasefire.api.server:app_from_environment",
            factory=True,
            workers=workers,
            **options,  # type: ignore[arg-type]
        )
    finally:
        if linker is not None:
            linker.stop()


def _environment(settings: Settings) -> dict[str, str]:
    """The `CEASEFIRE_*` variables that rebuild `settings` in a worker process."""
    env = {
        "CEASEFIRE_DATABASE_URL": settings.database_url,
        "CEASEFIRE_ACTOR": settings.actor,
        "CEASEFIRE_EVIDENCE_DIR": str(settings.evidence_dir),
    }
    if settings.tile_url is not None:
        env["CEASEFIRE_TILE_URL"] = settings.tile_url
        env["CEASEFIRE_TILE_ATTRIBUTION"] = settings.tile_attribution
    if settings.signoff_quorum is not None:
        env["CEASEFIRE_SIGNOFF_QUORUM"] = ",".join(
            f"{nation}={n}" for nation, n in settings.signoff_quorum.items()
        )
    return env


def register(app: typer.Typer) -> None:
    """Add `serve` to the top-level command."""
    app.command("serve")(serve)
