"""`ceasefire compliance --from --to`: the compliance history as tables or as JSON (the
layout documented in docs/guide.md, "Compliance over time")."""

from __future__ import annotations

from itertools import groupby
from typing import Any

from rich.markup import escape
from rich.table import Table

from ceasefire.cli.common import console
from ceasefire.cli.render import STATUS_STYLE
from ceasefire.domain.compliance_history import ProvisionHistory
from ceasefire.domain.passage import MEASURES, PassageDay, judgement_runs
from ceasefire.domain.violations import ViolationPeriod
from ceasefire.services.compliance import ComplianceHistory, PassageSeries

__all__ = ["history_json", "print_history"]

JSON_VERSION = 1


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


def print_history(h: ComplianceHistory) -> None:
    """Render the history as Rich tables."""
    console.print(f"[bold]Compliance from {h.first} to {h.last}[/]")
    for agreement_id, rows in groupby(h.provisions, key=lambda p: p.provision.agreement_id):
        table = Table("no.", "provision", "status over time", "milestones", show_lines=True)
        table.title = agreement_id
        for p in rows:
            table.add_row(
                p.provision.number,
                f"{escape(p.provision.title)}\n[dim]{p.provision.id}[/]",
                "\n".join(
                    f"{r.first} – {r.last} [{STATUS_STYLE[r.status]}]{r.status.value}[/]:"
                    f" {escape(r.reason)}"
                    for r in p.runs
                ),
                "\n".join(f"{m.day} {m.kind}: {escape(m.note)}" for m in p.milestones),
            )
        console.print(table)
    _print_ceasefire(h)
    _print_passage(h)
    _print_exchanges(h)
    _print_returns(h)


def _counts(counter: Any) -> str:
    return ", ".join(f"{k} {n}" for k, n in sorted(counter.items()))


def _print_ceasefire(h: ComplianceHistory) -> None:
    for s in h.ceasefire:
        if not s.periods:
            console.print(f"No incidents bear on {s.provision_id} in the period.")
            continue
        table = Table("from", "to", "counted", "by party", "by zone", "unverified", "disputed")
        table.title = f"Ceasefire violations ({s.provision_id}) per {s.period}"
        for v in s.periods:
            table.add_row(
                v.first.isoformat(),
                v.last.isoformat(),
                str(v.counted),
                escape(_counts(v.by_party)),
                escape(_counts(v.by_zone)),
                str(v.unverified),
                str(v.disputed),
            )
        console.print(table)


def _print_passage(h: ComplianceHistory) -> None:
    for s in h.passage:
        table = Table("from", "to", "judgement", *MEASURES)
        table.title = (
            f"Traffic at {s.checkpoint.name} ({s.provision_id}): met at or above"
            f" {s.rule.share:.0%} of the median of the last {s.rule.window} normal days;"
            f" breached after {s.rule.breach_after} low days"
        )
        by_day = {d.day: d for d in s.days}
        for first, last, judgement in judgement_runs(s.days):
            t = by_day[first].traffic
            figures = ["", "", ""] if t is None else [f"{t.measure(m):g}" for m in MEASURES]
            table.add_row(first.isoformat(), last.isoformat(), judgement.value, *figures)
        console.print(table)
        console.print("[dim]Figures are those of each run's first day.[/]")


def _print_exchanges(h: ComplianceHistory) -> None:
    if not h.exchanges and not h.outstanding:
        return
    table = Table("day", "category", "from", "to", "count")
    table.title = "Exchanges of detainees and bodies"
    for e in h.exchanges:
        table.add_row(
            e.day.isoformat(), e.category.value, e.from_party_id, e.to_party_id, str(e.count)
        )
    console.print(table)
    held = Table("held by", "category", "recorded", "handed over", "outstanding")
    held.title = f"Outstanding on {h.last}"
    for o in h.outstanding:
        held.add_row(
            o.held_by_party_id, o.category.value, str(o.recorded), str(o.handed_over),
            str(o.outstanding),
        )  # fmt: skip
    console.print(held)


def _print_returns(h: ComplianceHistory) -> None:
    if not h.returns:
        return
    table = Table("month", "district", "people")
    table.title = "Returns of displaced persons"
    for r in h.returns:
        table.add_row(f"{r.month:%Y-%m}", escape(r.district), f"{r.people:,}")
    console.print(table)
