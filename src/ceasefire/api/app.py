"""`create_app(settings)`: the HTTP API and the web dashboard of one installation."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Literal

from fastapi import FastAPI

from ceasefire import __version__
from ceasefire.api.fast_listing import FastListing
from ceasefire.api.idempotency import Idempotency
from ceasefire.api.limits import BodyLimit
from ceasefire.api.problems import PROBLEM_RESPONSES, install_problem_handlers
from ceasefire.api.routes import ROUTERS
from ceasefire.config import Settings
from ceasefire.domain.evidence import MAX_SIZE
from ceasefire.services.database import Database
from ceasefire.services.filing import ReportFiler
from ceasefire.services.idempotency import AnswerRecorder
from ceasefire.services.link_process import LinkProcess
from ceasefire.services.link_queue import LinkWorker

__all__ = ["API_PREFIX", "MAX_JSON_BODY", "LinkingMode", "create_app"]

API_PREFIX = "/api/v1"
MAX_JSON_BODY = 1_000_000
"""Largest request body outside evidence uploads, in bytes."""
UPLOAD_BODY = MAX_SIZE + 1_000_000
"""Largest evidence upload: the largest file kind allowed, plus room for the form around it."""

DESCRIPTION = """
The API of `ceasefire`: agreements and their compliance, zones, sources, reports,
incidents, findings, complaints, alerts, the timeline, the audit log and exports.

**Who you are.** Send an API token as `Authorization: Bearer cf_...` (create one with
`ceasefire tokens create` or `POST /api/v1/tokens`), or sign in with `POST /api/v1/auth/login`
for a session cookie. Without either you read as the public: published material only.
What each role may read is decided in the queries, so a party's liaison never receives the
other party's complaints, whatever the route.

**Errors** are RFC 9457 problem details (`application/problem+json`) naming the field and
the value that was refused.

**Retries.** Send an `Idempotency-Key` header (a UUID) with any write: a retry with the
same key gets the first answer again (with `Idempotent-Replayed: true`) and writes nothing.
"""


def body_limit(path: str) -> int:
    """Evidence uploads (also with the dashboard's report form) may be large; every other
    body is small."""
    return UPLOAD_BODY if path.endswith("/evidence") or path == "/reports/new" else MAX_JSON_BODY


LinkingMode = Literal["thread", "process", "off"]
"""Where the linking worker runs: a thread of the server (tests), a process of its own (the
server: see `services.link_process`), or nowhere (`ceasefire link` links the queue)."""


def create_app(
    settings: Settings, *, linking: LinkingMode = "thread", fast_listing: bool = True
) -> FastAPI:
    """The API (under `API_PREFIX`) and the dashboard (at `/`) over the database in
    `settings` (which must be initialised). With `fast_listing`, plain report listings are
    answered before FastAPI's routing (`api.fast_listing`: same answers, less work)."""
    db = Database(settings)
    linker: LinkWorker | LinkProcess | None = None
    if linking == "thread":
        linker = LinkWorker(db)
    elif linking == "process":
        linker = LinkProcess(settings)
    # Reports filed through the API are stored together with those of concurrent requests
    # (one commit for all) and linked afterwards by the linking worker.
    filer = ReportFiler(db, on_stored=linker.notify if linker is not None else None)
    # The answers of requests made with an Idempotency-Key are stored together as well.
    answers = AnswerRecorder(db)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        db.ensure_current()
        if linker is not None:
            linker.start()
        yield
        filer.stop()
        answers.stop()
        if linker is not None:
            linker.stop()
        db.dispose()

    app = FastAPI(
        title="ceasefire",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=f"{API_PREFIX}/docs",
        redoc_url=None,
        responses=PROBLEM_RESPONSES,
    )
    app.state.settings = settings
    app.state.db = db
    app.state.link_worker = linker
    app.state.report_filer = filer
    app.state.answer_recorder = answers
    install_problem_handlers(app)
    for router in ROUTERS:
        app.include_router(router, prefix=API_PREFIX)
    # Imported here: the dashboard's pages use the API's dependencies (ceasefire.api.deps),
    # so importing ceasefire.web first must not need this module finished.
    from ceasefire.web.mount import mount_dashboard

    mount_dashboard(app, settings, api_prefix=API_PREFIX)
    app.add_middleware(Idempotency)
    app.add_middleware(BodyLimit, limit_for=body_limit)
    if fast_listing:
        app.add_middleware(FastListing, path=f"{API_PREFIX}/reports", db=db)
    return app
