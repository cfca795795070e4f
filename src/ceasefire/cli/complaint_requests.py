"""`ceasefire complaints rfi-send|rfi-answer|rfi-withdraw|rfi-list` (requests for
information) and `summary-preview|summary-send|summary-list` (redacted finding summaries)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from ceasefire.cli.common import (
    DatabaseOption,
    ViewerOption,
    console,
    open_database,
    parse_instant,
    parse_viewer,
    settings_for,
)
from ceasefire.domain.access import Viewer
from ceasefire.domain.information_requests import InformationRequest, RequestStatus
from ceasefire.domain.redaction import RULES
from ceasefire.services import complaint_summaries as summaries
from ceasefire.services import information_requests as requests
from ceasefire.services.complaints import ComplaintView
from ceasefire.services.database import Database

__all__ = ["print_details", "register"]

Opt = typer.Option
Ref = Annotated[str, typer.Argument(help="Complaint reference (e.g. AM-2021-001) or id.")]
RequestId = Annotated[str, typer.Argument(help="Request id (see `complaints rfi-list`).")]
RuleOption = Annotated[
    list[str] | None,
    Opt("--rule", help=f"Redaction rule (repeatable; default all): {', '.join(RULES)}."),
]
NameOption = Annotated[
    list[str] | None, Opt("--name", help="A personal name to redact (repeatable).")
]
TextOption = Annotated[
    str | None, Opt(help="Summary text to send instead of the finding's title and text.")
]


def _context(database: str | None, as_: str) -> tuple[Database, Viewer, str]:
    settings = settings_for(database)
    return open_database(database), parse_viewer(as_, settings), settings.actor


def _time(value: datetime | None) -> str:
    return "" if value is None else value.strftime("%Y-%m-%d %H:%M")


def rfi_send(
    party: Annotated[str, Opt(help="The party asked, e.g. AZ.")],
    question: Annotated[str, Opt(help="What the mission asks.")],
    complaint: Annotated[str | None, Opt(help="The complaint it concerns (reference).")] = None,
    answer_by: Annotated[str | None, Opt(help="Answer wanted by (ISO date-time).")] = None,
    as_: ViewerOption = "admin",
    database: DatabaseOption = None,
) -> None:
    """Send a request for information to one party."""
    db, viewer, actor = _context(database, as_)
    request = requests.send_request(
        db=db, party_id=party, question=question, viewer=viewer, actor=actor,
        complaint=complaint,
        answer_by=None if answer_by is None else parse_instant(answer_by, "answer_by"),
    )  # fmt: skip
    console.print(f"Request {request.id} sent to {request.party_id}.", highlight=False)


def rfi_answer(
    request_id: RequestId,
    answer: Annotated[str, Opt(help="The party's answer.")],
    as_: ViewerOption = "admin",
    database: DatabaseOption = None,
) -> None:
    """Record the answer to a request (as the addressed party's liaison)."""
    db, viewer, actor = _context(database, as_)
    request = requests.answer_request(
        db=db, request_id=request_id, answer=answer, viewer=viewer, actor=actor
    )
    console.print(f"Request {request.id} answered by {request.party_id}.", highlight=False)


def rfi_withdraw(
    request_id: RequestId,
    reason: Annotated[str, Opt(help="Why, for the audit log.")] = "",
    as_: ViewerOption = "admin",
    database: DatabaseOption = None,
) -> None:
    """Withdraw an unanswered request."""
    db, viewer, actor = _context(database, as_)
    request = requests.withdraw_request(
        db=db, request_id=request_id, viewer=viewer, actor=actor, reason=reason
    )
    console.print(f"Request {request.id} withdrawn.", highlight=False)


def rfi_list(
    complaint: Annotated[str | None, Opt(help="Only requests about this complaint.")] = None,
    status: Annotated[RequestStatus | None, Opt(help="Only requests in this status.")] = None,
    now: Annotated[
        str | None, Opt("--now", help="Judge answer-by deadlines at this instant.")
    ] = None,
    as_: ViewerOption = "admin",
    database: DatabaseOption = None,
) -> None:
    """List requests for information with their answers."""
    db, viewer, _ = _context(database, as_)
    found = requests.list_requests(db=db, viewer=viewer, complaint=complaint, status=status)
    _print_requests(found, parse_instant(now, "now"))
    console.print(f"{len(found)} requests")


def summary_preview(
    key: Ref,
    rule: RuleOption = None,
    name: NameOption = None,
    text: TextOption = None,
    as_: ViewerOption = "admin",
    database: DatabaseOption = None,
) -> None:
    """Show the redacted summary each party would receive and every passage removed."""
    db, viewer, _ = _context(database, as_)
    preview = summaries.preview_summary(
        db=db, key=key, viewer=viewer, rules=rule, personal_names=name or (), text=text
    )
    console.print(
        f"Summary of complaint {preview.complaint.reference}, finding {preview.finding.id},"
        f" for: {', '.join(preview.parties)}",
        highlight=False,
    )
    console.print("Rules:")
    for r in preview.rules:
        console.print(f"  {r.name}: {escape(r.description)} -> {escape(r.replacement)}")
    table = Table("rule", "offsets", "removed", "replaced by")
    for h in preview.redaction.hits:
        table.add_row(h.rule, f"{h.start}-{h.end}", escape(h.original), escape(h.replacement))
    console.print(table)
    console.print(f"{len(preview.redaction.hits)} passage(s) removed. Text to be sent:")
    console.print(preview.redaction.text, markup=False, highlight=False)


def summary_send(
    key: Ref,
    rule: RuleOption = None,
    name: NameOption = None,
    text: TextOption = None,
    as_: ViewerOption = "admin",
    database: DatabaseOption = None,
) -> None:
    """Send the redacted summary to each party to the agreement (after the finding)."""
    db, viewer, actor = _context(database, as_)
    sent = summaries.send_summary(
        db=db, key=key, viewer=viewer, actor=actor, rules=rule, personal_names=name or (),
        text=text,
    )  # fmt: skip
    counts = ", ".join(f"{k} {v}" for k, v in sent[0].redactions.items()) if sent else ""
    console.print(
        f"Summary sent to {', '.join(s.party_id for s in sent)} (redactions: {counts}).",
        highlight=False,
    )


def summary_list(
    complaint: Annotated[str | None, Opt(help="Only summaries of this complaint.")] = None,
    as_: ViewerOption = "admin",
    database: DatabaseOption = None,
) -> None:
    """List the summaries sent (a liaison sees those sent to its party)."""
    db, viewer, _ = _context(database, as_)
    found = summaries.list_summaries(db=db, viewer=viewer, complaint=complaint)
    for s in found:
        console.print(
            f"[bold]To {s.party_id}[/] on {_time(s.sent_at)} (complaint {s.complaint_id})",
            highlight=False,
        )
        console.print(s.text, markup=False, highlight=False)
    console.print(f"{len(found)} summaries")


def print_details(view: ComplaintView) -> None:
    """The evidence, requests, finding and summaries of `complaints show`."""
    for e in view.evidence:
        if e.withheld:
            console.print(f"Evidence {e.id}: [withheld: party-confidential]", markup=False)
            continue
        file = f" [{e.file_name}, SHA-256 {e.sha256}]" if e.file_name else ""
        console.print(f"Evidence {e.id}: {e.description}{file}", markup=False, highlight=False)
    if view.requests:
        _print_requests(list(view.requests), None)
    if view.finding is not None:
        f = view.finding
        console.print(f"Finding {f.id} ({f.status.value}): {escape(f.title)}", highlight=False)
    for s in view.summaries:
        console.print(f"Summary sent to {s.party_id} on {_time(s.sent_at)}", highlight=False)


def _print_requests(found: list[InformationRequest], at: datetime | None) -> None:
    table = Table("id", "to", "status", "sent", "answer by", "question", "answer")
    for r in found:
        late = " (overdue)" if at is not None and r.overdue(at) else ""
        table.add_row(
            r.id, r.party_id, r.status.value + late, _time(r.sent_at), _time(r.answer_by),
            escape(r.question), escape(r.answer or ""),
        )  # fmt: skip
    console.print(table)


def register(app: typer.Typer) -> None:
    """Add the request and summary commands to the `complaints` group."""
    for name, command in (
        ("rfi-send", rfi_send),
        ("rfi-answer", rfi_answer),
        ("rfi-withdraw", rfi_withdraw),
        ("rfi-list", rfi_list),
        ("summary-preview", summary_preview),
        ("summary-send", summary_send),
        ("summary-list", summary_list),
    ):
        app.command(name)(command)
