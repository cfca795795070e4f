"""The `ceasefire` command."""

from __future__ import annotations

import typer

from ceasefire import __version__
from ceasefire.cli import (
    accounts,
    agreements,
    alerts,
    audit,
    complaints,
    compliance,
    database,
    demo,
    evidence,
    exports,
    extraction,
    findings,
    generate,
    geocode,
    imports,
    linking,
    period_reports,
    reports,
    scenario,
    serve,
    sources,
    spot_reports,
    timeline,
    tracking,
    zones,
)
from ceasefire.cli.common import ErrorHandlingGroup

__all__ = ["app", "run"]

app = typer.Typer(
    cls=ErrorHandlingGroup,
    help="Ceasefire monitoring and verification: agreements as data, reports, compliance.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ceasefire {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version."
    ),
) -> None:
    """Ceasefire monitoring and verification."""


database.register(app)
app.add_typer(scenario.app, name="scenario")
app.add_typer(agreements.app, name="agreements")
compliance.register(app)
timeline.register(app)
app.add_typer(zones.app, name="zones")
app.add_typer(sources.app, name="sources")
app.add_typer(reports.reports_app, name="reports")
imports.register(app)
exports.register(app)
geocode.register(app)
extraction.register(app)
generate.register(app)
demo.register(app)
app.add_typer(reports.incidents_app, name="incidents")
linking.register_incident_commands(reports.incidents_app)
linking.register_link(app)
app.add_typer(audit.app, name="audit")
app.add_typer(findings.findings_app, name="findings")
app.add_typer(findings.keys_app, name="keys")
complaints.register(app)
tracking.register(app)
alerts.register(app)
app.add_typer(period_reports.report_app, name="report")
app.add_typer(spot_reports.spot_reports_app, name="spot-reports")
accounts.register(app)
evidence.register(app)
serve.register(app)


def run() -> None:
    """Console-script entry point."""
    app()
