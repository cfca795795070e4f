"""Mounting the dashboard on the API's app: its pages, its static files and its error
pages."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from ceasefire.config import Settings
from ceasefire.services.rendered_reports import RenderedReports
from ceasefire.web import (
    alert_pages,
    complaint_evidence,
    complaint_pages,
    compliance_pages,
    extraction_pages,
    filing_pages,
    finding_pages,
    incident_actions,
    pages,
    report_pages,
    sign_in,
    timeline_pages,
)
from ceasefire.web.errors import install_page_errors
from ceasefire.web.rendering import Renderer

__all__ = ["STATIC_DIR", "mount_dashboard"]

STATIC_DIR = Path(str(resources.files("ceasefire.web").joinpath("static")))
"""The dashboard's scripts and styles; `static/vendor/` holds the npm libraries that
`make assets` copies in."""


def mount_dashboard(app: FastAPI, settings: Settings, *, api_prefix: str) -> None:
    """Serve the dashboard from `app`: pages at `/`, files under `/static`. Call after the
    API's problem handlers are installed (page errors wrap them)."""
    renderer = Renderer(settings, api_prefix=api_prefix)
    app.state.renderer = renderer
    app.state.rendered_reports = RenderedReports()
    app.include_router(pages.router)
    app.include_router(incident_actions.router)
    app.include_router(sign_in.router)
    app.include_router(filing_pages.router)
    app.include_router(alert_pages.router)
    app.include_router(timeline_pages.router)
    app.include_router(complaint_pages.router)
    app.include_router(complaint_evidence.router)
    app.include_router(compliance_pages.router)
    app.include_router(report_pages.router)
    app.include_router(extraction_pages.router)
    app.include_router(finding_pages.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    install_page_errors(app, renderer)
