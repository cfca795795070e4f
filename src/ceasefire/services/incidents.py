"""Read incidents, and the analysts' decisions on them: merge, split, verdicts on status and
attribution. Every decision needs a reason, is an audit entry, and is never undone by
linking."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

from ceasefire.domain.assessment import KEEP, Override
from ceasefire.domain.incidents import Incident, VerificationStatus
from ceasefire.domain.link_decisions import DecisionKind, LinkDecision
from ceasefire.errors import ValidationError
from ceasefire.services.database import Database
from ceasefire.services.incident_building import IncidentBuilder
from ceasefire.services.linking import LinkOutcome, link_within
from ceasefire.storage.repositories import audit, incidents
from ceasefire.storage.repositories import linking as repo
from ceasefire.storage.repositories import scenarios as scenario_repo
from ceasefire.storage.repositories.incidents import IncidentFilter
from ceasefire.storage.repositories.linking import OverrideRow

__all__ = [
    "IncidentFilter",
    "get_incident",
    "list_incidents",
    "merge_incidents",
    "set_verdict",
    "split_incident",
]


def list_incidents(*, db: Database, flt: IncidentFilter | None = None) -> list[Incident]:
    """Incidents matching the filter, newest first."""
    with db.read() as conn:
        return incidents.list_incidents(conn, flt or IncidentFilter())


def get_incident(*, db: Database, incident_id: str) -> Incident:
    """One incident by id."""
    with db.read() as conn:
        return incidents.get(conn, incident_id)


def merge_incidents(
    *,
    db: Database,
    incident_ids: Sequence[str],
    reason: str,
    actor: str,
    now: datetime | None = None,
) -> LinkOutcome:
    """Merge incidents into one; linking keeps their reports together from now on."""
    when = now or datetime.now(UTC)
    distinct = sorted(set(incident_ids))
    if len(distinct) < 2:
        raise ValidationError("incidents", list(incident_ids), "a merge needs two incidents")
    with db.transaction() as conn:
        for incident_id in distinct:
            incidents.get(conn, incident_id)
        report_ids = sorted(repo.reports_of_incidents(conn, distinct))
        decision = LinkDecision(DecisionKind.MERGE, (tuple(report_ids),), reason.strip())
        decision_id = str(uuid.uuid4())
        repo.add_decision(conn, decision_id, decision, actor=actor, at=when)
        audit.append(
            conn, actor=actor, action="incident.merge", entity="incident",
            entity_id=distinct[0],
            after={"decision": decision_id, "incidents": distinct, "reports": report_ids,
                   "reason": decision.reason},
            at=when,
        )  # fmt: skip
        return link_within(conn, report_ids, actor=actor, now=when)


def split_incident(
    *,
    db: Database,
    incident_id: str,
    report_ids: Sequence[str],
    reason: str,
    actor: str,
    now: datetime | None = None,
) -> LinkOutcome:
    """Split the given reports off an incident; linking never joins the two sides again
    (until an analyst merges them)."""
    when = now or datetime.now(UTC)
    with db.transaction() as conn:
        incidents.get(conn, incident_id)
        members = set(repo.reports_of_incidents(conn, [incident_id]))
        moving = sorted(set(report_ids))
        strangers = [r for r in moving if r not in members]
        if strangers:
            raise ValidationError("reports", strangers, f"not reports of incident {incident_id}")
        staying = sorted(members - set(moving))
        if not moving or not staying:
            raise ValidationError("reports", moving, "a split must leave reports on both sides")
        decision = LinkDecision(DecisionKind.SPLIT, (tuple(moving), tuple(staying)), reason.strip())
        decision_id = str(uuid.uuid4())
        repo.add_decision(conn, decision_id, decision, actor=actor, at=when)
        audit.append(
            conn, actor=actor, action="incident.split", entity="incident",
            entity_id=incident_id,
            after={"decision": decision_id, "moved": moving, "stayed": staying,
                   "reason": decision.reason},
            at=when,
        )  # fmt: skip
        return link_within(conn, sorted(members), actor=actor, now=when)


def set_verdict(
    *,
    db: Database,
    incident_id: str,
    reason: str,
    actor: str,
    status: VerificationStatus | None = None,
    attribute: bool = False,
    party_id: str | None = None,
    now: datetime | None = None,
) -> Incident:
    """An analyst's verdict on an incident's status and/or its attribution (`attribute`
    with `party_id` None: responsible party unknown). The assessment is recomputed and
    explains the verdict; linking keeps it when the incident changes."""
    when = now or datetime.now(UTC)
    verdict = Override(
        status=status, attributed_party_id=party_id if attribute else KEEP,
        reason=reason.strip(), actor=actor,
    )  # fmt: skip
    with db.transaction() as conn:
        before = incidents.get(conn, incident_id)
        if party_id is not None:
            known = {p.id for p in scenario_repo.list_parties(conn)}
            if party_id not in known:
                raise ValidationError(
                    "party", party_id, f"unknown party (known: {', '.join(sorted(known))})"
                )
        row = OverrideRow(
            id=str(uuid.uuid4()), incident_id=incident_id,
            status=status.value if status else None, sets_attribution=verdict.sets_attribution,
            attributed_party_id=party_id, reason=verdict.reason, actor=actor, at=when,
        )  # fmt: skip
        repo.add_override(conn, row)
        rebuilt = IncidentBuilder(conn).build([(incident_id, before.report_ids)], now=when)
        repo.upsert_incidents(conn, rebuilt)
        after = incidents.get(conn, incident_id)
        audit.append(
            conn, actor=actor, action="incident.verdict", entity="incident",
            entity_id=incident_id,
            before={"status": before.status.value,
                    "attributed_party_id": before.attributed_party_id},
            after={"status": after.status.value, "attributed_party_id": after.attributed_party_id,
                   "reason": row.reason},
            at=when,
        )  # fmt: skip
        return after
