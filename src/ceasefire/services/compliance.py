"""Compliance of every provision at an instant, from the stored agreements and timeline."""

from __future__ import annotations

from datetime import datetime

from ceasefire.domain.compliance import ProvisionStatus, evaluate
from ceasefire.services.database import Database
from ceasefire.storage.repositories import scenarios as repo

__all__ = ["compliance_at"]


def compliance_at(
    *, db: Database, at: datetime, agreement_id: str | None = None
) -> list[ProvisionStatus]:
    """Status of every provision of the signed agreements (or of one agreement) at `at`."""
    with db.read() as conn:
        agreements = repo.list_agreements(conn, agreement_id)
        events = repo.list_events(conn)
    return evaluate(agreements, events, at)
