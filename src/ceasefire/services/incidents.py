"""Read incidents, and the analysts' decisions on them: merge, split, verdicts on status and
attribution. Every decision needs a reason, is an audit entry, and is never undone by
linking."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from datetime import UTC, datetime

from sqlalchemy import Connection

from ceasefire.domain.access import Viewer
from ceasefire.domain.assessment import KEEP, Override
from ceasefire.domain.incidents import Incident, VerificationStatus
from ceasefire.domain.link_decisions import DecisionKind, LinkDecision
from ceasefire.domain.sources import SourceKind
from ceasefire.domain.validation import check_listing, parse_enum
from ceasefire.errors import ValidationError
from ceasefire.services.database import Database
from ceasefire.services.incident_building import IncidentBuilder
from ceasefire.services.linking import LinkOutcome, link_within
from ceasefire.storage.repositories import audit, incidents, reports
from ceasefire.storage.repositories import linking as repo
from ceasefire.storage.repositories import scenarios as scenario_repo
from ceasefire.storage.repositories.incidents import IncidentFilter, IncidentOrder
from ceasefire.storage.repositories.linking import OverrideRow
from ceasefire.storage.repositories.reports import StoredReport

__all__ = [
    "IncidentChange",
    "IncidentFilter",
    "IncidentOrder",
    "IncidentPage",
    "IncidentTable",
    "IncidentView",
    "get_incident",
    "incident_span",
    "list_incidents",
    "merge_incidents",
    "page_incidents",
    "set_verdict",
    "show_incident",
    "split_incident",
    "table_of_incidents",
]


MAX_PAGE = 500


@dataclass(frozen=True, slots=True)
class IncidentView:
    """An incident with the reports of it that the reader may see."""

    incident: Incident
    reports: list[StoredReport]


@dataclass(slots=True)
class IncidentChange(LinkOutcome):
    """What a merge or split did, and the incidents the reports concerned are in now."""

    incidents: tuple[Incident, ...] = ()


def list_incidents(
    *, db: Database, flt: IncidentFilter | None = None, viewer: Viewer | None = None
) -> list[Incident]:
    """Incidents matching the filter (that `viewer` may read, when given), newest first."""
    with db.read() as conn:
        return incidents.list_incidents(conn, flt or IncidentFilter(), viewer)


@dataclass(frozen=True, slots=True)
class IncidentPage:
    """One page of incidents, newest first, and the position (occurred_start, id) the next
    page starts after; None on the last page."""

    items: list[Incident]
    next_after: tuple[datetime, str] | None


def page_incidents(*, db: Database, viewer: Viewer, flt: IncidentFilter) -> IncidentPage:
    """The incidents `viewer` may read that match `flt`, newest first: staff and monitors
    read every incident, liaisons and the public published ones."""
    _check_filter(flt)
    with db.read() as conn:
        rows = incidents.list_incidents(conn, replace(flt, limit=flt.limit + 1), viewer)
    items = rows[: flt.limit]
    last = items[-1] if items and len(rows) > flt.limit else None
    return IncidentPage(items, (last.occurred.start, last.id) if last else None)


@dataclass(frozen=True, slots=True)
class IncidentTable:
    """One page of a sorted table of incidents, and how many match in all."""

    items: list[Incident]
    total: int
    offset: int


def table_of_incidents(
    *,
    db: Database,
    viewer: Viewer,
    flt: IncidentFilter,
    order: IncidentOrder = IncidentOrder.TIME,
    descending: bool = True,
    offset: int = 0,
) -> IncidentTable:
    """The incidents `viewer` may read that match `flt`, sorted by `order`, `flt.limit`
    from `offset` on, with the number matching (for a table with pages)."""
    _check_filter(flt)
    if offset < 0:
        raise ValidationError("offset", offset, "must not be negative")
    with db.read() as conn:
        total = incidents.count_matching(conn, flt, viewer)
        items = incidents.ordered(
            conn, flt, viewer, order=order, descending=descending, offset=offset
        )
    return IncidentTable(items, total, offset)


def incident_span(*, db: Database, viewer: Viewer) -> tuple[datetime, datetime] | None:
    """When the earliest and the latest incident `viewer` may read began (None without
    any): the range a time slider offers."""
    with db.read() as conn:
        return incidents.span(conn, viewer)


def _check_filter(flt: IncidentFilter) -> None:
    """ValidationError naming the first field of `flt` that cannot match anything."""
    check_listing(
        limit=flt.limit, max_limit=MAX_PAGE, since=flt.since, until=flt.until,
        event_type=flt.event_type,
    )  # fmt: skip
    if flt.source_kind is not None:
        parse_enum(SourceKind, flt.source_kind, "source_kind")


def get_incident(*, db: Database, incident_id: str, viewer: Viewer | None = None) -> Incident:
    """One incident by id (NotFoundError also when `viewer`, if given, may not read it)."""
    with db.read() as conn:
        return incidents.get(conn, incident_id, viewer)


def show_incident(*, db: Database, incident_id: str, viewer: Viewer) -> IncidentView:
    """One incident as `viewer` may read it, with the reports of it they may read."""
    with db.read() as conn:
        incident = incidents.get(conn, incident_id, viewer)
        return IncidentView(incident, reports.reports_of_incident(conn, incident.id, viewer))


def _change(conn: Connection, outcome: LinkOutcome, report_ids: Sequence[str]) -> IncidentChange:
    """`outcome` with the incidents `report_ids` now belong to."""
    now_in = sorted(set(repo.memberships(conn, report_ids).values()))
    done = {f.name: getattr(outcome, f.name) for f in fields(outcome)}
    return IncidentChange(**done, incidents=tuple(incidents.by_ids(conn, now_in)))


def merge_incidents(
    *,
    db: Database,
    incident_ids: Sequence[str],
    reason: str,
    actor: str,
    now: datetime | None = None,
) -> IncidentChange:
    """Merge incidents into one; linking keeps their reports together from now on. The
    answer lists the incident the reports are in now."""
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
        outcome = link_within(conn, report_ids, actor=actor, now=when)
        return _change(conn, outcome, report_ids)


def split_incident(
    *,
    db: Database,
    incident_id: str,
    report_ids: Sequence[str],
    reason: str,
    actor: str,
    now: datetime | None = None,
) -> IncidentChange:
    """Split the given reports off an incident; linking never joins the two sides again
    (until an analyst merges them). The answer lists the incidents the reports are in now."""
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
        outcome = link_within(conn, sorted(members), actor=actor, now=when)
        return _change(conn, outcome, sorted(members))


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
