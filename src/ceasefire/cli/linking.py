"""`ceasefire link` and the analysts' incident commands: show, merge, split, verdict."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from ceasefire.cli.common import DatabaseOption, console, err_console, open_database, settings_for
from ceasefire.cli.render import casualty_text, place_text
from ceasefire.domain.assessment import Assessment
from ceasefire.domain.incidents import Incident, VerificationStatus
from ceasefire.services.incidents import (
    get_incident,
    merge_incidents,
    set_verdict,
    split_incident,
)
from ceasefire.services.linking import LinkOutcome, link_pending, relink_all

__all__ = ["register_incident_commands", "register_link"]

Opt = typer.Option
ReasonOption = Annotated[str, Opt(help="Why (required; kept in the audit log).")]


def register_link(app: typer.Typer) -> None:
    """Add `ceasefire link` to the app."""
    app.command("link")(link)


def link(
    all_: Annotated[
        bool, Opt("--all", help="Re-link every report and re-assess every incident.")
    ] = False,
    database: DatabaseOption = None,
) -> None:
    """Link reports into incidents: the ones not linked yet, or with --all every report."""
    db = open_database(database)
    actor = settings_for(database).actor
    with console.status("linking") as status:

        def say(step: str) -> None:
            status.update(step)

        outcome = (
            relink_all(db=db, actor=actor, progress=say)
            if all_
            else link_pending(db=db, actor=actor)
        )
    _summary(outcome)


def _summary(outcome: LinkOutcome) -> None:
    console.print(
        f"{outcome.reports_linked:,} reports linked: {outcome.incidents_written:,} incidents"
        f" written, {outcome.incidents_removed:,} absorbed into others;"
        f" {outcome.incidents_total:,} incidents in all."
    )


def register_incident_commands(incidents_app: typer.Typer) -> None:
    """Add show, merge, split and verdict to `ceasefire incidents`."""
    incidents_app.command("show")(show)
    incidents_app.command("merge")(merge)
    incidents_app.command("split")(split)
    incidents_app.command("verdict")(verdict)


def show(
    incident_id: Annotated[str, typer.Argument(help="Incident id.")],
    database: DatabaseOption = None,
) -> None:
    """One incident: its fused account, status and confidence with the explanation,
    attribution, casualty ranges, provisions concerned and reports."""
    _print_incident(get_incident(db=open_database(database), incident_id=incident_id))


def _print_incident(incident: Incident) -> None:
    table = Table(show_header=False, box=None)
    table.add_row("incident", incident.id)
    table.add_row(
        "occurred (UTC)",
        f"{incident.occurred.start:%Y-%m-%d %H:%M} ({incident.occurred.precision.value})",
    )
    table.add_row("place", place_text(incident.location))
    table.add_row("zones", ", ".join(incident.zone_ids) or "-")
    table.add_row("event", f"{incident.event_type} / {incident.sub_event_type or '-'}")
    table.add_row("status", f"{incident.status.value}, confidence {incident.confidence:.2f}")
    party = incident.attributed_party_id or "not attributed"
    table.add_row("attribution", f"{party} (confidence {incident.attribution_confidence:.2f})")
    table.add_row("killed", casualty_text(incident.casualties, "killed"))
    table.add_row("wounded", casualty_text(incident.casualties, "wounded"))
    table.add_row("provisions", ", ".join(incident.provision_ids) or "-")
    table.add_row("reports", "\n".join(incident.report_ids))
    console.print(table)
    if incident.assessment:
        console.print("[bold]Why[/bold]")
        for line in Assessment.from_json(incident.assessment).explanation():
            console.print(f"  {line}", highlight=False, soft_wrap=True)
        for bearing in incident.assessment.get("provisions", []):
            console.print(f"  bears on {bearing['provision_id']}: {bearing['reason']}")


def merge(
    incident_ids: Annotated[list[str], typer.Argument(help="Two or more incident ids.")],
    reason: ReasonOption,
    database: DatabaseOption = None,
) -> None:
    """Merge incidents into one (linking keeps their reports together from now on)."""
    outcome = merge_incidents(
        db=open_database(database), incident_ids=incident_ids, reason=reason,
        actor=settings_for(database).actor,
    )  # fmt: skip
    _summary(outcome)


def split(
    incident_id: Annotated[str, typer.Argument(help="The incident to split.")],
    report: Annotated[
        list[str], Opt(help="A report to move out into its own incident; repeatable.")
    ],
    reason: ReasonOption,
    database: DatabaseOption = None,
) -> None:
    """Split reports off an incident (linking never joins the two sides again)."""
    outcome = split_incident(
        db=open_database(database), incident_id=incident_id, report_ids=report, reason=reason,
        actor=settings_for(database).actor,
    )  # fmt: skip
    _summary(outcome)


def verdict(
    incident_id: Annotated[str, typer.Argument(help="Incident id.")],
    reason: ReasonOption,
    status: Annotated[VerificationStatus | None, Opt(help="Set the status.")] = None,
    party: Annotated[str | None, Opt(help="Attribute to this party (with --attribute).")] = None,
    attribute: Annotated[
        bool, Opt("--attribute", help="Set the attribution (to --party, or to nobody).")
    ] = False,
    database: DatabaseOption = None,
) -> None:
    """Record an analyst's verdict on an incident's status and/or attribution."""
    if party is not None and not attribute:
        err_console.print("--party is given: setting the attribution (--attribute implied).")
        attribute = True
    incident = set_verdict(
        db=open_database(database), incident_id=incident_id, reason=reason,
        actor=settings_for(database).actor, status=status, attribute=attribute, party_id=party,
    )  # fmt: skip
    _print_incident(incident)
