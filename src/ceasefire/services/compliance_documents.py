"""The compliance board and its history as JSON documents: one layout, printed by
`ceasefire compliance --format json` and answered by the API (docs/guide.md, "Compliance
over time")."""

from __future__ import annotations

from typing import Any

from ceasefire.domain.compliance import ProvisionStatus
from ceasefire.domain.compliance_history import ProvisionHistory
from ceasefire.domain.passage import PassageDay, judgement_runs
from ceasefire.domain.serialise import to_primitive
from ceasefire.domain.violations import ViolationPeriod
from ceasefire.services.compliance import ComplianceHistory, PassageSeries

__all__ = ["JSON_VERSION", "history_json", "status_json"]

JSON_VERSION = 1


def status_json(s: ProvisionStatus) -> dict[str, Any]:
    """One provision's status at an instant as JSON-ready primitives."""
    p = s.provision
    return {
        "agreement_id": p.agreement_id,
        "provision_id": p.id,
        "number": p.number,
        "title": p.title,
        "kind": p.kind.value,
        "obligated": list(p.obligated),
        "status": s.status.value,
        "reason": s.reason,
        "deadline": to_primitive(s.deadline),
        "original_deadline": to_primitive(s.original_deadline),
        "amendment_id": s.amendment.id if s.amendment else None,
        "days_left": s.days_left,
        "expiry": to_primitive(s.expiry),
        "notice_deadline": to_primitive(s.notice_deadline),
        "quantities": to_primitive(p.quantities),
        "evidence": list(s.evidence),
    }


def history_json(h: ComplianceHistory, agreement_id: str | None) -> dict[str, Any]:
    """The history as JSON-ready primitives; dates are ISO strings, keys are stable."""
    return {
        "version": JSON_VERSION,
        "from": h.first.isoformat(),
        "to": h.last.isoformat(),
        "agreement_id": agreement_id,
        "provisions": [_provision_json(p) for p in h.provisions],
        "ceasefire": [
            {
                "provision_id": s.provision_id,
                "period": s.period,
                "periods": [_period_json(v) for v in s.periods],
            }
            for s in h.ceasefire
        ],
        "passage": [_passage_json(s) for s in h.passage],
        "exchanges": [
            {
                "id": e.id,
                "day": e.day.isoformat(),
                "category": e.category.value,
                "from_party_id": e.from_party_id,
                "to_party_id": e.to_party_id,
                "count": e.count,
                "provision_id": e.provision_id,
                "note": e.note,
            }
            for e in h.exchanges
        ],
        "outstanding": [
            {
                "held_by_party_id": o.held_by_party_id,
                "category": o.category.value,
                "recorded": o.recorded,
                "handed_over": o.handed_over,
                "outstanding": o.outstanding,
            }
            for o in h.outstanding
        ],
        "returns": [
            {
                "district": r.district,
                "month": f"{r.month:%Y-%m}",
                "people": r.people,
                "sources": list(r.sources),
            }
            for r in h.returns
        ],
    }


def _iso(value: Any) -> str | None:
    return None if value is None else str(value.isoformat())


def _provision_json(h: ProvisionHistory) -> dict[str, Any]:
    p = h.provision
    return {
        "agreement_id": p.agreement_id,
        "provision_id": p.id,
        "number": p.number,
        "title": p.title,
        "kind": p.kind.value,
        "obligated": list(p.obligated),
        "runs": [
            {
                "from": r.first.isoformat(),
                "to": r.last.isoformat(),
                "days": r.days,
                "status": r.status.value,
                "reason": r.reason,
                "deadline": _iso(r.deadline),
                "amendment_id": r.amendment_id,
                "expiry": _iso(r.expiry),
                "notice_deadline": _iso(r.notice_deadline),
                "evidence": list(r.evidence),
            }
            for r in h.runs
        ],
        "milestones": [
            {"day": m.day.isoformat(), "kind": m.kind, "note": m.note} for m in h.milestones
        ],
    }


def _period_json(v: ViolationPeriod) -> dict[str, Any]:
    return {
        "from": v.first.isoformat(),
        "to": v.last.isoformat(),
        "counted": v.counted,
        "by_party": dict(sorted(v.by_party.items())),
        "by_zone": dict(sorted(v.by_zone.items())),
        "by_party_zone": [
            {"party": party, "zone": zone, "count": n}
            for (party, zone), n in sorted(v.by_party_zone.items())
        ],
        "unverified": v.unverified,
        "disputed": v.disputed,
    }


def _day_json(d: PassageDay) -> dict[str, Any]:
    t = d.traffic
    return {
        "day": d.day.isoformat(),
        "judgement": d.judgement.value,
        "people": None if t is None else t.people,
        "vehicles": None if t is None else t.vehicles,
        "goods_tonnes": None if t is None else t.goods_tonnes,
        "baseline": dict(d.baseline) or None,
        "low_measures": list(d.low_measures),
        "breach_since": _iso(d.breach_since),
    }


def _passage_json(s: PassageSeries) -> dict[str, Any]:
    return {
        "provision_id": s.provision_id,
        "checkpoint_id": s.checkpoint.id,
        "checkpoint_name": s.checkpoint.name,
        "rule": {
            "window": s.rule.window,
            "min_history": s.rule.min_history,
            "share": s.rule.share,
            "breach_after": s.rule.breach_after,
        },
        "runs": [
            {"from": a.isoformat(), "to": b.isoformat(), "judgement": j.value}
            for a, b, j in judgement_runs(s.days)
        ],
        "days": [_day_json(d) for d in s.days],
    }
