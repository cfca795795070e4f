"""The API's routers, one module per resource group."""

from fastapi import APIRouter

from ceasefire.api.routes import (
    accounts,
    agreements,
    alerts,
    audit,
    complaints,
    evidence,
    exports,
    extractions,
    findings,
    incidents,
    reports,
    sources,
    timeline,
    zones,
)

__all__ = ["ROUTERS"]

ROUTERS: list[APIRouter] = [
    accounts.router,
    agreements.router,
    zones.router,
    sources.router,
    reports.router,
    extractions.router,
    incidents.router,
    findings.router,
    complaints.router,
    alerts.router,
    evidence.router,
    timeline.router,
    audit.router,
    exports.router,
]
