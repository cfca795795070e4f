"""`ceasefire compliance --from --to`: the compliance history as tables or as JSON (the
layout documented in docs/guide.md, "Compliance over time", made by
`ceasefire.services.compliance_documents`, which the API answers too)."""

from __future__ import annotations

from itertools import groupby
from typing import Any

from rich.markup import escape
from rich.table import Table

from ceasefire.cli.common import console
from ceasefire.cli.render import STATUS_STYLE
from ceasefire.domain.passage import MEASURES, judgement_runs
from ceasefire.services.compliance import ComplianceHistory

__all__ = ["print_history"]


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
