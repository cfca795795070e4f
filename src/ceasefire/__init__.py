"""ceasefire: open-source ceasefire monitoring and verification.

The names users import most are re-exported here; the geo helpers load shapely and pyproj
on first use only, so the CLI starts fast.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from ceasefire.config import Settings
from ceasefire.domain.agreements import Agreement, Party, Provision, ProvisionKind
from ceasefire.domain.compliance import ComplianceStatus, ProvisionStatus, evaluate
from ceasefire.domain.incidents import Incident, VerificationStatus
from ceasefire.domain.reports import Report
from ceasefire.domain.scenario import Scenario
from ceasefire.domain.sources import Source
from ceasefire.domain.timeline import TimelineEvent
from ceasefire.domain.zones import Zone
from ceasefire.errors import (
    AuditChainError,
    CeasefireError,
    ConflictError,
    NotFoundError,
    ScenarioError,
    StorageError,
    ValidationError,
)
from ceasefire.scenarios import available_scenarios, load_scenario

__version__ = "0.1.0"

_LAZY = {
    "Gazetteer": "ceasefire.gazetteer",
    "ZoneIndex": "ceasefire.geo",
    "distance_m": "ceasefire.geo",
    "distances_m": "ceasefire.geo",
}

__all__ = [
    "Agreement",
    "AuditChainError",
    "CeasefireError",
    "ComplianceStatus",
    "ConflictError",
    "Gazetteer",
    "Incident",
    "NotFoundError",
    "Party",
    "Provision",
    "ProvisionKind",
    "ProvisionStatus",
    "Report",
    "Scenario",
    "ScenarioError",
    "Settings",
    "Source",
    "StorageError",
    "TimelineEvent",
    "ValidationError",
    "VerificationStatus",
    "Zone",
    "ZoneIndex",
    "__version__",
    "available_scenarios",
    "distance_m",
    "distances_m",
    "evaluate",
    "load_scenario",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'ceasefire' has no attribute {name!r}")
