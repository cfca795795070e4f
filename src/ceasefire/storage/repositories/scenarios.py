"""Scenario content: parties, agreements with provisions and amendments, zones, timeline."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, delete, select

from ceasefire.domain.agreements import (
    Agreement,
    AgreementParty,
    AgreementStatus,
    Amendment,
    ComplaintDeadlines,
    Party,
    PartyRole,
    Provision,
    ProvisionKind,
    Quantity,
    Term,
)
from ceasefire.domain.scenario import Scenario
from ceasefire.domain.serialise import to_primitive
from ceasefire.domain.timeline import (
    DatePrecision,
    EffectOutcome,
    Figure,
    ProvisionEffect,
    SourceRef,
    TimelineEvent,
)
from ceasefire.domain.zones import Zone, ZoneKind
from ceasefire.errors import NotFoundError
from ceasefire.storage.schema import (
    agreements,
    amendments,
    parties,
    provisions,
    scenarios,
    timeline_events,
    zones,
)

__all__ = [
    "list_agreements",
    "list_events",
    "list_parties",
    "list_zones",
    "loaded_fingerprint",
    "loaded_hash",
    "replace",
    "source_catalogue",
]


def loaded_hash(conn: Connection, scenario_id: str) -> str | None:
    """Content hash of the scenario as loaded, or None if it was never loaded."""
    return conn.execute(
        select(scenarios.c.content_hash).where(scenarios.c.id == scenario_id)
    ).scalar_one_or_none()


def replace(conn: Connection, scenario: Scenario, *, content_hash: str, now: datetime) -> None:
    """Store the scenario, replacing whatever an earlier version of it stored."""
    _delete(conn, scenario.id)
    conn.execute(
        scenarios.insert().values(
            id=scenario.id,
            name=scenario.name,
            description=scenario.description,
            monitoring_nations=list(scenario.monitoring_nations),
            sources=to_primitive(scenario.sources),
            content_hash=content_hash,
            loaded_at=now,
        )
    )
    conn.execute(parties.insert(), [_party_row(p, scenario.id) for p in scenario.parties])
    for position, agreement in enumerate(scenario.agreements):
        _insert_agreement(conn, agreement, scenario.id, position)
    if scenario.zones:
        conn.execute(zones.insert(), [_zone_row(z, scenario.id) for z in scenario.zones])
    if scenario.events:
        conn.execute(
            timeline_events.insert(), [_event_row(e, scenario.id) for e in scenario.events]
        )


def _delete(conn: Connection, scenario_id: str) -> None:
    agreement_ids = select(agreements.c.id).where(agreements.c.scenario_id == scenario_id)
    provision_ids = select(provisions.c.id).where(provisions.c.agreement_id.in_(agreement_ids))
    conn.execute(delete(amendments).where(amendments.c.provision_id.in_(provision_ids)))
    conn.execute(delete(provisions).where(provisions.c.agreement_id.in_(agreement_ids)))
    for table in (agreements, zones, timeline_events, parties):
        conn.execute(delete(table).where(table.c.scenario_id == scenario_id))
    conn.execute(delete(scenarios).where(scenarios.c.id == scenario_id))


def _party_row(p: Party, scenario_id: str) -> dict[str, Any]:
    return {
        "id": p.id,
        "name": p.name,
        "kind": p.kind,
        "aliases": list(p.aliases),
        "scenario_id": scenario_id,
    }


def _insert_agreement(conn: Connection, a: Agreement, scenario_id: str, position: int) -> None:
    conn.execute(
        agreements.insert().values(
            id=a.id,
            scenario_id=scenario_id,
            title=a.title,
            status=a.status.value,
            signed_on=a.signed_on,
            in_force_at=a.in_force_at,
            utc_offset_hours=a.utc_offset_hours,
            parties=to_primitive(a.parties),
            sources=to_primitive(a.sources),
            summary=a.summary,
            position=position,
            complaint_deadlines=to_primitive(a.complaint_deadlines),
        )
    )
    if a.provisions:
        conn.execute(
            provisions.insert(), [_provision_row(p, i) for i, p in enumerate(a.provisions)]
        )
    if a.amendments:
        conn.execute(amendments.insert(), [_amendment_row(m) for m in a.amendments])


def _amendment_row(m: Amendment) -> dict[str, Any]:
    """An amendment as column values (dates kept as dates)."""
    return {
        "id": m.id,
        "provision_id": m.provision_id,
        "agreed_on": m.agreed_on,
        "new_deadline": m.new_deadline,
        "reason": m.reason,
        "source": m.source,
    }


def _provision_row(p: Provision, position: int) -> dict[str, Any]:
    return {
        "id": p.id,
        "agreement_id": p.agreement_id,
        "position": position,
        "number": p.number,
        "kind": p.kind.value,
        "title": p.title,
        "text": p.text,
        "obligated": list(p.obligated),
        "zone_ids": list(p.zone_ids),
        "deadline": p.deadline,
        "starts_at": p.starts_at,
        "ends_on": p.ends_on,
        "ends_reason": p.ends_reason,
        "quantities": to_primitive(p.quantities),
        "term_months": p.term.months if p.term else None,
        "renewal_months": p.term.renewal_months if p.term else None,
        "notice_months": p.term.notice_months if p.term else None,
        "sources": to_primitive(p.sources),
    }


def _zone_row(z: Zone, scenario_id: str) -> dict[str, Any]:
    return {
        "id": z.id,
        "scenario_id": scenario_id,
        "name": z.name,
        "kind": z.kind.value,
        "geometry": z.geometry,
        "approximate": z.approximate,
        "note": z.note,
        "source": z.source,
    }


def _event_row(e: TimelineEvent, scenario_id: str) -> dict[str, Any]:
    return {
        "id": e.id,
        "scenario_id": scenario_id,
        "title": e.title,
        "start": e.start,
        "end": e.end,
        "precision": e.precision.value,
        "sources": to_primitive(e.sources),
        "figures": to_primitive(e.figures),
        "effects": to_primitive(e.effects),
    }


def list_parties(conn: Connection) -> list[Party]:
    """Every party, by id."""
    rows = conn.execute(select(parties).order_by(parties.c.id)).all()
    return [Party(id=r.id, name=r.name, kind=r.kind, aliases=tuple(r.aliases)) for r in rows]


def list_agreements(conn: Connection, agreement_id: str | None = None) -> list[Agreement]:
    """Agreements with their provisions and amendments, in scenario order."""
    query = select(agreements).order_by(agreements.c.scenario_id, agreements.c.position)
    if agreement_id is not None:
        query = query.where(agreements.c.id == agreement_id)
    rows = conn.execute(query).all()
    if agreement_id is not None and not rows:
        raise NotFoundError("agreement", agreement_id)
    ids = [r.id for r in rows]
    by_agreement: dict[str, list[Provision]] = {i: [] for i in ids}
    for r in conn.execute(
        select(provisions).where(provisions.c.agreement_id.in_(ids)).order_by(provisions.c.position)
    ):
        by_agreement[r.agreement_id].append(_provision(r._mapping))
    owner = {p.id: aid for aid, ps in by_agreement.items() for p in ps}
    amended: dict[str, list[Amendment]] = {i: [] for i in ids}
    for r in conn.execute(
        select(amendments)
        .where(amendments.c.provision_id.in_(list(owner)))
        .order_by(amendments.c.id)
    ):
        amended[owner[r.provision_id]].append(
            Amendment(
                id=r.id,
                provision_id=r.provision_id,
                agreed_on=r.agreed_on,
                new_deadline=r.new_deadline,
                reason=r.reason,
                source=r.source,
            )
        )
    return [_agreement(r._mapping, by_agreement[r.id], amended[r.id]) for r in rows]


def _agreement(row: Any, provs: list[Provision], amends: list[Amendment]) -> Agreement:
    return Agreement(
        id=row["id"],
        title=row["title"],
        status=AgreementStatus(row["status"]),
        signed_on=row["signed_on"],
        in_force_at=row["in_force_at"],
        utc_offset_hours=row["utc_offset_hours"],
        parties=tuple(
            AgreementParty(p["party_id"], tuple(PartyRole(x) for x in p["roles"]))
            for p in row["parties"]
        ),
        provisions=tuple(provs),
        amendments=tuple(amends),
        sources=tuple(SourceRef(**s) for s in row["sources"]),
        summary=row["summary"],
        complaint_deadlines=_deadlines(row["complaint_deadlines"]),
    )


def _deadlines(doc: dict[str, Any] | None) -> ComplaintDeadlines | None:
    if doc is None:
        return None
    return ComplaintDeadlines(doc["acknowledge_hours"], doc["finding_days"])


def _provision(row: Any) -> Provision:
    term = (
        Term(row["term_months"], row["renewal_months"], row["notice_months"])
        if row["term_months"]
        else None
    )
    return Provision(
        id=row["id"],
        agreement_id=row["agreement_id"],
        number=row["number"],
        kind=ProvisionKind(row["kind"]),
        title=row["title"],
        text=row["text"],
        obligated=tuple(row["obligated"]),
        zone_ids=tuple(row["zone_ids"]),
        deadline=row["deadline"],
        starts_at=row["starts_at"],
        ends_on=row["ends_on"],
        ends_reason=row["ends_reason"],
        quantities=tuple(Quantity(**q) for q in row["quantities"]),
        term=term,
        sources=tuple(SourceRef(**s) for s in row["sources"]),
    )


def loaded_fingerprint(conn: Connection) -> tuple[tuple[str, str, str], ...]:
    """What identifies the loaded scenarios, and so the zones and parties (written only by
    loading a scenario): each scenario's id, content hash and load time. One small read."""
    rows = conn.execute(
        select(scenarios.c.id, scenarios.c.content_hash, scenarios.c.loaded_at).order_by(
            scenarios.c.id
        )
    )
    return tuple((r.id, r.content_hash, r.loaded_at.isoformat()) for r in rows)


def list_zones(conn: Connection) -> list[Zone]:
    """Every zone, by id."""
    rows = conn.execute(select(zones).order_by(zones.c.id)).all()
    return [
        Zone(
            id=r.id,
            name=r.name,
            kind=ZoneKind(r.kind),
            geometry=r.geometry,
            approximate=r.approximate,
            note=r.note,
            source=r.source,
        )
        for r in rows
    ]


def list_events(
    conn: Connection, *, since: date | None = None, until: date | None = None
) -> list[TimelineEvent]:
    """Timeline events overlapping [since, until], in date order."""
    query = select(timeline_events).order_by(timeline_events.c.start, timeline_events.c.id)
    if until is not None:
        query = query.where(timeline_events.c.start <= until)
    rows = conn.execute(query).all()
    events = [_event(r._mapping) for r in rows]
    return [e for e in events if since is None or e.last_day >= since]


def _event(row: Any) -> TimelineEvent:
    return TimelineEvent(
        id=row["id"],
        title=row["title"],
        start=row["start"],
        end=row["end"],
        precision=DatePrecision(row["precision"]),
        sources=tuple(SourceRef(**s) for s in row["sources"]),
        figures=tuple(
            Figure(**{**f, "sources": tuple(SourceRef(**s) for s in f["sources"])})
            for f in row["figures"]
        ),
        effects=tuple(
            ProvisionEffect(e["provision_id"], EffectOutcome(e["outcome"]), e["note"])
            for e in row["effects"]
        ),
    )


def source_catalogue(conn: Connection) -> dict[str, str]:
    """Titles of the documents scenarios cite, by reference id (e.g. "seed:001")."""
    catalogue: dict[str, str] = {}
    for row in conn.execute(select(scenarios.c.sources).order_by(scenarios.c.id)):
        catalogue.update({s["id"]: s["title"] for s in row.sources})
    return catalogue
