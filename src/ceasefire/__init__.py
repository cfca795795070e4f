"""ceasefire: open-source ceasefire monitoring and verification."""

from __future__ import annotations

from ceasefire.config import Settings
from ceasefire.errors import (
    AuditChainError,
    CeasefireError,
    ConflictError,
    NotFoundError,
    ScenarioError,
    StorageError,
    ValidationError,
)

__version__ = "0.1.0"

__all__ = [
    "AuditChainError",
    "CeasefireError",
    "ConflictError",
    "NotFoundError",
    "ScenarioError",
    "Settings",
    "StorageError",
    "ValidationError",
    "__version__",
]
