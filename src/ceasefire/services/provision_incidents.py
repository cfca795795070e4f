"""The incidents behind each provision: how many incidents bearing on it began in a period,
and the latest of them, counting only those the viewer may read (the public and the
parties' liaisons: published incidents), as the compliance history counts them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from ceasefire.domain.access import Viewer
from ceasefire.domain.incidents import Incident
from ceasefire.errors import ValidationError
from ceasefire.services.database import Database
from ceasefire.storage.repositories import incidents as incident_repo
from ceasefire.storage.repositories import tracking as tracking_repo

__all__ = ["MAX_LATEST", "ProvisionIncidents", "incidents_by_provision"]

MAX_LATEST = 50


@dataclass(frozen=True, slots=True)
class ProvisionIncidents:
    """The incidents bearing on one provision in a period: how many, and the latest."""

    provision_id: str
    total: int
    latest: tuple[Incident, ...]
    """Newest first, at most the number asked for."""


def incidents_by_provision(
    *, db: Database, viewer: Viewer, first: date, last: date, latest: int = 5
) -> dict[str, ProvisionIncidents]:
    """Provision id -> the incidents bearing on it that began from `first` to `last` (UTC
    days, inclusive) and that `viewer` may read; provisions without any are left out."""
    if last < first:
        raise ValidationError("to", last.isoformat(), f"is before from ({first.isoformat()})")
    if not 0 <= latest <= MAX_LATEST:
        raise ValidationError("latest", latest, f"must be from 0 to {MAX_LATEST}")
    since = datetime.combine(first, time(0), tzinfo=UTC)
    until = datetime.combine(last + timedelta(days=1), time(0), tzinfo=UTC)
    with db.read() as conn:
        facts = tracking_repo.incident_facts(conn, since, until, viewer)
        totals: dict[str, int] = {}
        newest: dict[str, list[str]] = {}
        # The facts come oldest first: the last ones seen are the newest.
        for fact in reversed(facts):
            for provision_id in dict.fromkeys(fact.provision_ids):
                totals[provision_id] = totals.get(provision_id, 0) + 1
                chosen = newest.setdefault(provision_id, [])
                if len(chosen) < latest:
                    chosen.append(fact.id)
        wanted = sorted({i for ids in newest.values() for i in ids})
        found = {i.id: i for i in incident_repo.by_ids(conn, wanted)}
    return {
        provision_id: ProvisionIncidents(
            provision_id,
            total,
            tuple(found[i] for i in newest.get(provision_id, ()) if i in found),
        )
        for provision_id, total in totals.items()
    }
