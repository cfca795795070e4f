"""`ceasefire complaints file|list|show|acknowledge|investigate|issue-finding|close|withdraw|
evidence`; requests for information and summaries are in `cli/complaint_requests.py`."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from ceasefire.cli import complaint_requests
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
from ceasefire.domain.complaints import Complaint, ComplaintStatus
from ceasefire.errors import ValidationError
from ceasefire.services import complaints as service
from ceasefire.services import evidence as evidence_service
from ceasefire.services.complaints import DEFAULT_AGREEMENT, ComplaintFilter, ComplaintInput
from ceasefire.services.database import Database

__all__ = ["complaints_app", "register"]

complaints_app = typer.Typer(
    help="Complaints: a party's formal allegation, acknowledged, investigated and answered by a"
    " finding within the agreement's deadlines; requests for information; redacted summaries."
)

Opt = typer.Option
Ref = Annotated[str, typer.Argument(help="Complaint reference (e.g. AM-2021-001) or id.")]
NowOption = Annotated[
    str | None,
    Opt(
        "--now", help="Judge deadlines at this instant (YYYY-MM-DD or ISO date-time; default now)."
    ),
]


def _context(database: str | None, as_: str) -> tuple[Database, Viewer, str]:
    settings = settings_for(database)
    return open_database(database), parse_viewer(as_, settings), settings.actor


def _time(value: datetime | None) -> str:
    return "" if value is None else value.strftime("%Y-%m-%d %H:%M")


def _allegation(text: str | None, path: Path | None) -> str:
    if (text is None) == (path is None):
        raise ValidationError("allegation", None, "give --allegation or --allegation-file")
    if path is None:
        assert text is not None
        return text
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValidationError("allegation_file", str(path), f"cannot read: {exc}") from None


@complaints_app.command("file")
def file_(
    party: Annotated[str, Opt(help="The filing party's id, e.g. AM or AZ.")],
    occurred: Annotated[str, Opt(help="When it happened (YYYY-MM-DD or ISO date-time).")],
    allegation: Annotated[str | None, Opt(help="What the party alleges.")] = None,
    allegation_file: Annotated[Path | None, Opt(help="Read the allegation from this file.")] = None,
    until: Annotated[str | None, Opt(help="End of the time span, if it lasted.")] = None,
    agreement: Annotated[str, Opt(help="The agreement it is filed under.")] = DEFAULT_AGREEMENT,
    place: Annotated[str, Opt(help="Place name (placed through the gazetteer).")] = "",
    latitude: Annotated[float | None, Opt(help="Latitude, WGS84.")] = None,
    longitude: Annotated[float | None, Opt(help="Longitude, WGS84.")] = None,
    confidential: Annotated[
        bool, Opt(help="Keep the text and evidence from analysts (party-confidential).")
    ] = False,
    report: Annotated[list[str] | None, Opt(help="Linked report id (repeatable).")] = None,
    incident: Annotated[list[str] | None, Opt(help="Linked incident id (repeatable).")] = None,
    as_: ViewerOption = "admin",
    database: DatabaseOption = None,
) -> None:
    """File a party's complaint; prints its reference and deadlines."""
    db, viewer, actor = _context(database, as_)
    data = ComplaintInput(
        party_id=party,
        allegation=_allegation(allegation, allegation_file),
        occurred_start=parse_instant(occurred, "occurred"),
        occurred_end=None if until is None else parse_instant(until, "until"),
        agreement_id=agreement,
        place_name=place,
        latitude=latitude,
        longitude=longitude,
        confidential=confidential,
        report_ids=tuple(report or ()),
        incident_ids=tuple(incident or ()),
    )
    c = service.file_complaint(db=db, data=data, viewer=viewer, actor=actor)
    console.print(f"Complaint {c.reference} received ({c.id}).", highlight=False)
    console.print(
        f"Acknowledge by {_time(c.acknowledge_by)} UTC; finding due by {_time(c.finding_by)} UTC.",
        highlight=False,
    )
    if c.place.has_point:
        console.print(
            f"Place: {escape(c.place.name)} {c.place.latitude:.5f}, {c.place.longitude:.5f};"
            f" zones: {', '.join(c.zone_ids) or 'none'}",
            highlight=False,
        )


@complaints_app.command("list")
def list_(
    status: Annotated[ComplaintStatus | None, Opt(help="Only complaints in this status.")] = None,
    party: Annotated[str | None, Opt(help="Only this party's complaints.")] = None,
    agreement: Annotated[str | None, Opt(help="Only complaints under this agreement.")] = None,
    overdue: Annotated[bool, Opt(help="Only complaints with a missed deadline.")] = False,
    now: NowOption = None,
    as_: ViewerOption = "admin",
    database: DatabaseOption = None,
) -> None:
    """List complaints with their deadlines and overdue flags, oldest first."""
    db, viewer, _ = _context(database, as_)
    at = parse_instant(now, "now")
    found = service.list_complaints(
        db=db,
        viewer=viewer,
        flt=ComplaintFilter(
            status=status,
            party_id=party,
            agreement_id=agreement,
            overdue_at=at if overdue else None,
        ),
    )
    table = Table("reference", "party", "status", "received", "acknowledge by", "finding by")
    table.add_column("overdue")
    table.add_column("allegation")
    for c in found:
        table.add_row(
            c.reference, c.party_id, c.status.value, _time(c.received_at),
            _time(c.acknowledge_by), _time(c.finding_by), _overdue_text(c, at),
            escape(_allegation_text(c, 60)),
        )  # fmt: skip
    console.print(table)
    console.print(f"{len(found)} complaints")


@complaints_app.command("show")
def show(
    key: Ref, now: NowOption = None, as_: ViewerOption = "admin", database: DatabaseOption = None
) -> None:
    """Show a complaint: allegation, place, deadlines, steps, links, evidence, requests."""
    db, viewer, _ = _context(database, as_)
    view = service.show_complaint(db=db, key=key, viewer=viewer)
    c = view.complaint
    at = parse_instant(now, "now")
    confidential = " (party-confidential)" if c.confidential else ""
    console.print(f"[bold]Complaint {c.reference}[/] by {c.party_id}{confidential}")
    console.print(
        f"Id {c.id}; agreement {c.agreement_id}; status {c.status.value}", highlight=False
    )
    console.print(f"Allegation: {_allegation_text(c, None)}", markup=False, highlight=False)
    end = f" to {c.occurred.end.isoformat()}" if c.occurred.end else ""
    console.print(f"Occurred: {c.occurred.start.isoformat()}{end}", highlight=False)
    point = (
        f" ({c.place.latitude:.5f}, {c.place.longitude:.5f})"
        if c.place.latitude is not None and c.place.longitude is not None
        else ""
    )
    zones = f"; zones: {', '.join(c.zone_ids)}" if c.zone_ids else ""
    console.print(f"Place: {escape(c.place.name)}{point}{zones}", highlight=False)
    console.print(
        f"Received {_time(c.received_at)}; acknowledge by {_time(c.acknowledge_by)};"
        f" finding by {_time(c.finding_by)}; overdue: {_overdue_text(c, at) or 'no'}",
        highlight=False,
    )
    for label, value in (
        ("Acknowledged", c.acknowledged_at),
        ("Investigation opened", c.investigation_at),
        ("Finding issued", c.finding_issued_at),
        ("Closed or withdrawn", c.closed_at),
    ):
        if value is not None:
            console.print(f"{label}: {_time(value)}", highlight=False)
    for kind, target in c.links:
        console.print(f"Linked {kind.value}: {target}", highlight=False)
    complaint_requests.print_details(view)


@complaints_app.command("acknowledge")
def acknowledge(key: Ref, as_: ViewerOption = "admin", database: DatabaseOption = None) -> None:
    """Acknowledge receipt of a complaint."""
    db, viewer, actor = _context(database, as_)
    c = service.acknowledge_complaint(db=db, key=key, viewer=viewer, actor=actor)
    console.print(f"Complaint {c.reference} acknowledged.", highlight=False)


@complaints_app.command("investigate")
def investigate(key: Ref, as_: ViewerOption = "admin", database: DatabaseOption = None) -> None:
    """Open the investigation of an acknowledged complaint."""
    db, viewer, actor = _context(database, as_)
    c = service.start_investigation(db=db, key=key, viewer=viewer, actor=actor)
    console.print(f"Complaint {c.reference} is under investigation.", highlight=False)


@complaints_app.command("issue-finding")
def issue_finding(
    key: Ref,
    finding: Annotated[str, Opt(help="Id of the finding (see `findings list`).")],
    as_: ViewerOption = "admin",
    database: DatabaseOption = None,
) -> None:
    """Issue the mission's finding on a complaint under investigation."""
    db, viewer, actor = _context(database, as_)
    issued = service.issue_finding(db=db, key=key, finding_id=finding, viewer=viewer, actor=actor)
    c = issued.complaint
    console.print(f"Finding {finding} issued on complaint {c.reference}.", highlight=False)
    if not issued.finding_linked:
        console.print(
            "The finding was already signed, so it was not changed to name this complaint.",
            highlight=False,
        )


@complaints_app.command("close")
def close(key: Ref, as_: ViewerOption = "admin", database: DatabaseOption = None) -> None:
    """Close a complaint whose finding was issued."""
    db, viewer, actor = _context(database, as_)
    c = service.close_complaint(db=db, key=key, viewer=viewer, actor=actor)
    console.print(f"Complaint {c.reference} closed.", highlight=False)


@complaints_app.command("withdraw")
def withdraw(
    key: Ref,
    reason: Annotated[str, Opt(help="Why, for the audit log.")] = "",
    as_: ViewerOption = "admin",
    database: DatabaseOption = None,
) -> None:
    """Withdraw a complaint before its finding (the filing party's liaison or staff)."""
    db, viewer, actor = _context(database, as_)
    c = service.withdraw_complaint(db=db, key=key, viewer=viewer, actor=actor, reason=reason)
    console.print(f"Complaint {c.reference} withdrawn.", highlight=False)


@complaints_app.command("evidence")
def evidence(
    key: Ref,
    description: Annotated[str, Opt(help="What the evidence is.")],
    file: Annotated[
        Path | None,
        Opt(help="A file: stored by its SHA-256 in the evidence directory (see `evidence`)."),
    ] = None,
    as_: ViewerOption = "admin",
    database: DatabaseOption = None,
) -> None:
    """Add an evidence item to a complaint."""
    db, viewer, actor = _context(database, as_)
    if file is not None:
        link = evidence_service.add_evidence(
            db=db, settings=settings_for(database), source=file, entity="complaint",
            entity_id=key, description=description, viewer=viewer, actor=actor,
        )  # fmt: skip
        console.print(f"Evidence {link.id} added (SHA-256 {link.file.sha256}).", highlight=False)
        return
    item = service.add_evidence(db=db, key=key, description=description, viewer=viewer, actor=actor)
    console.print(f"Evidence {item.id} added.", highlight=False)


def _overdue_text(c: Complaint, at: datetime) -> str:
    late = c.overdue(at)
    parts = [name for name, flag in (("acknowledgement", late.acknowledgement),
                                     ("finding", late.finding)) if flag]  # fmt: skip
    return ", ".join(parts)


def _allegation_text(c: Complaint, width: int | None) -> str:
    if c.allegation is None:
        return "[withheld: party-confidential]"
    text = " ".join(c.allegation.split())
    return text if width is None or len(text) <= width else text[: width - 1] + "…"


def register(root: typer.Typer) -> None:
    """Add the `complaints` group to the root app."""
    complaint_requests.register(complaints_app)
    root.add_typer(complaints_app, name="complaints")
