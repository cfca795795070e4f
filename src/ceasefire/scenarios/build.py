"""Turn checked scenario files into domain objects; domain rule breaches name file and place."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any, ParamSpec, TypeVar

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
from ceasefire.domain.scenario import Scenario, ScenarioSource
from ceasefire.domain.timeline import (
    DatePrecision,
    EffectOutcome,
    Figure,
    ProvisionEffect,
    SourceRef,
    TimelineEvent,
)
from ceasefire.domain.zones import Zone, ZoneKind
from ceasefire.errors import ValidationError
from ceasefire.scenarios.documents import Document, PathPart
from ceasefire.scenarios.references import ScenarioFiles

__all__ = ["build_scenario"]

T = TypeVar("T")
P = ParamSpec("P")


def build_scenario(files: ScenarioFiles) -> Scenario:
    """The Scenario the four files describe."""
    meta = files.scenario.data
    agreements = tuple(
        _agreement(files.agreements, ["agreements", i], a)
        for i, a in enumerate(files.agreements.data["agreements"])
    )
    return _guard(
        files.scenario,
        [],
        Scenario,
        id=meta["id"],
        name=meta["name"],
        description=meta["description"].strip(),
        parties=tuple(
            _guard(files.scenario, ["parties", i], _party, p) for i, p in enumerate(meta["parties"])
        ),
        agreements=agreements,
        zones=tuple(
            _guard(files.zones, ["features", i], _zone, f)
            for i, f in enumerate(files.zones.data["features"])
        ),
        events=tuple(
            _event(files.timeline, ["events", i], e)
            for i, e in enumerate(files.timeline.data["events"])
        ),
        monitoring_nations=tuple(meta["monitoring_nations"]),
        sources=tuple(
            ScenarioSource(s["id"], s["title"], s.get("note", "")) for s in meta["sources"]
        ),
    )


def _guard(
    doc: Document, path: list[PathPart], make: Callable[P, T], *args: P.args, **kwargs: P.kwargs
) -> T:
    """Call `make`; a domain ValidationError becomes a ScenarioError at `path` in `doc`."""
    try:
        return make(*args, **kwargs)
    except ValidationError as exc:
        raise doc.error(path, f"{exc.field}: {exc.message} (got {exc.value!r})") from None


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _instant(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _refs(item: dict[str, Any]) -> tuple[SourceRef, ...]:
    return tuple(SourceRef(s["ref"], s.get("note", "")) for s in item.get("sources", []))


def _party(data: dict[str, Any]) -> Party:
    return Party(data["id"], data["name"], data["kind"], tuple(data.get("aliases", ())))


def _agreement(
    doc: Document,
    here: list[PathPart],
    data: dict[str, Any],
) -> Agreement:
    provisions = tuple(
        _guard(doc, [*here, "provisions", j], _provision, data["id"], p)
        for j, p in enumerate(data["provisions"])
    )
    return _guard(
        doc,
        here,
        Agreement,
        id=data["id"],
        title=data["title"],
        status=AgreementStatus(data["status"]),
        signed_on=_date(data.get("signed_on")),
        in_force_at=_instant(data.get("in_force_at")),
        utc_offset_hours=float(data["utc_offset_hours"]),
        parties=tuple(
            AgreementParty(p["party_id"], tuple(PartyRole(r) for r in p["roles"]))
            for p in data["parties"]
        ),
        provisions=provisions,
        amendments=tuple(
            Amendment(
                id=m["id"],
                provision_id=m["provision_id"],
                agreed_on=date.fromisoformat(m["agreed_on"]),
                new_deadline=date.fromisoformat(m["new_deadline"]),
                reason=m["reason"],
                source=m["source"],
            )
            for m in data.get("amendments", [])
        ),
        sources=_refs(data),
        summary=data.get("summary", "").strip(),
        complaint_deadlines=_deadlines(data.get("complaint_deadlines")),
    )


def _deadlines(data: dict[str, Any] | None) -> ComplaintDeadlines | None:
    if data is None:
        return None
    return ComplaintDeadlines(data["acknowledge_hours"], data["finding_days"])


def _provision(agreement_id: str, data: dict[str, Any]) -> Provision:
    term = data.get("term")
    return Provision(
        id=data["id"],
        agreement_id=agreement_id,
        number=str(data.get("number", "")),
        kind=ProvisionKind(data["kind"]),
        title=data["title"],
        text=data["text"].strip(),
        obligated=tuple(data["obligated"]),
        zone_ids=tuple(data.get("zone_ids", ())),
        deadline=_date(data.get("deadline")),
        starts_at=_instant(data.get("starts_at")),
        ends_on=_date(data.get("ends_on")),
        ends_reason=data.get("ends_reason", ""),
        quantities=tuple(
            Quantity(q["name"], float(q["value"]), q["unit"], q.get("note", ""))
            for q in data.get("quantities", [])
        ),
        term=Term(term["months"], term.get("renewal_months"), term.get("notice_months"))
        if term
        else None,
        sources=_refs(data),
    )


def _event(doc: Document, here: list[PathPart], data: dict[str, Any]) -> TimelineEvent:
    figures = tuple(
        _guard(doc, [*here, "figures", j], _figure, f)
        for j, f in enumerate(data.get("figures", []))
    )
    return _guard(
        doc,
        here,
        TimelineEvent,
        id=data["id"],
        title=data["title"].strip(),
        start=date.fromisoformat(data["start"]),
        end=_date(data.get("end")),
        precision=DatePrecision(data["precision"]),
        sources=_refs(data),
        figures=figures,
        effects=tuple(
            ProvisionEffect(e["provision_id"], EffectOutcome(e["outcome"]), e.get("note", ""))
            for e in data.get("effects", [])
        ),
    )


def _figure(data: dict[str, Any]) -> Figure:
    return Figure(
        quantity=data["quantity"],
        low=data.get("low"),
        best=data.get("best"),
        high=data.get("high"),
        unit=data.get("unit", ""),
        note=data.get("note", ""),
        sources=_refs(data),
    )


def _zone(feature: dict[str, Any]) -> Zone:
    props = feature["properties"]
    return Zone(
        id=props["id"],
        name=props["name"],
        kind=ZoneKind(props["kind"]),
        geometry=feature["geometry"],
        approximate=bool(props.get("approximate", False)),
        note=props.get("note") or "",
        source=props.get("source") or "",
    )
