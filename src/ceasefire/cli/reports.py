"""`ceasefire reports add` (flags or a JSON file) and `ceasefire incidents list`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from ceasefire.cli.common import DatabaseOption, console, open_database, parse_instant, settings_for
from ceasefire.cli.render import casualty_text, place_text
from ceasefire.domain.incidents import VerificationStatus
from ceasefire.errors import ValidationError
from ceasefire.services.incidents import IncidentFilter, list_incidents
from ceasefire.services.reports import file_report
from ceasefire.services.zones import zones_of

reports_app = typer.Typer(help="File reports (one source's account of one event).")
incidents_app = typer.Typer(help="Incidents: what the mission believes happened.")

Opt = typer.Option


@reports_app.command("add")
def add(
    file: Annotated[
        Path | None, Opt(help="JSON file with the report's fields (flags override it).")
    ] = None,
    source: Annotated[str | None, Opt(help="Source id (see `sources list`).")] = None,
    at: Annotated[str | None, Opt(help="When it happened: ISO date-time with offset.")] = None,
    until: Annotated[str | None, Opt(help="End of the event, if it lasted.")] = None,
    time_precision: Annotated[str | None, Opt(help="minute|hour|day|week|month|year.")] = None,
    lat: Annotated[float | None, Opt(help="Latitude, WGS84.")] = None,
    lon: Annotated[float | None, Opt(help="Longitude, WGS84.")] = None,
    geo_precision: Annotated[
        str | None, Opt(help="exact|settlement|near|district|region|country.")
    ] = None,
    place: Annotated[str | None, Opt(help="Place name as reported.")] = None,
    event_type: Annotated[
        str | None, Opt(help="ACLED event type, e.g. 'Explosions/Remote violence'.")
    ] = None,
    sub_event_type: Annotated[str | None, Opt(help="ACLED sub-event type.")] = None,
    actor: Annotated[
        list[str] | None, Opt(help="NAME[:initiator|target|other[:PARTY]]; repeatable.")
    ] = None,
    weapon: Annotated[list[str] | None, Opt(help="Weapon class, e.g. mortar; repeatable.")] = None,
    explosions: Annotated[int | None, Opt(help="Explosions counted.")] = None,
    projectiles: Annotated[int | None, Opt(help="Projectiles counted.")] = None,
    bursts: Annotated[int | None, Opt(help="Bursts counted.")] = None,
    shots: Annotated[int | None, Opt(help="Single shots counted.")] = None,
    casualty: Annotated[
        list[str] | None,
        Opt(
            help="CATEGORY=N or CATEGORY=LOW:BEST:HIGH, e.g. killed_military=15:16:17; repeatable."
        ),
    ] = None,
    how_observed: Annotated[str | None, Opt(help="saw|heard|camera|uav|claimed.")] = None,
    credibility: Annotated[int | None, Opt(help="Information credibility 1-6.")] = None,
    text: Annotated[str | None, Opt(help="The report's text as received.")] = None,
    external_id: Annotated[
        str | None, Opt(help="The sender's own id; filing it twice stores it once.")
    ] = None,
    database: DatabaseOption = None,
) -> None:
    """File one report and link it into an incident."""
    data: dict[str, Any] = _read_json(file) if file else {}
    flags: dict[str, Any] = {
        "source": source,
        "occurred_start": at,
        "occurred_end": until,
        "time_precision": time_precision,
        "latitude": lat,
        "longitude": lon,
        "geo_precision": geo_precision,
        "place_name": place,
        "event_type": event_type,
        "sub_event_type": sub_event_type,
        "how_observed": how_observed,
        "credibility": credibility,
        "text": text,
        "external_id": external_id,
        "actors": [_actor(a) for a in actor] if actor else None,
        "weapons": weapon or None,
        "casualties": dict(_casualty(c) for c in casualty) if casualty else None,
    }
    counts = {
        "explosions": explosions,
        "projectiles": projectiles,
        "bursts": bursts,
        "shots": shots,
    }
    if any(v is not None for v in counts.values()):
        flags["observations"] = {
            **data.get("observations", {}),
            **{k: v for k, v in counts.items() if v is not None},
        }
    data.update({k: v for k, v in flags.items() if v is not None})
    filed = file_report(db=open_database(database), data=data, actor=settings_for(database).actor)
    if filed.duplicate:
        console.print(
            f"Report {filed.report.id} was already filed under external id"
            f" {filed.report.external_id}; nothing written."
        )
    else:
        console.print(f"Report {filed.report.id} filed; linked into incident {filed.incident_id}.")


@incidents_app.command("list")
def list_(
    since: Annotated[
        str | None, Opt("--from", help="Occurred on or after (date or date-time).")
    ] = None,
    until: Annotated[
        str | None, Opt("--to", help="Occurred on or before (date or date-time).")
    ] = None,
    status: Annotated[VerificationStatus | None, Opt(help="Only this verification status.")] = None,
    limit: Annotated[int, Opt(help="At most this many, newest first.", min=1)] = 100,
    database: DatabaseOption = None,
) -> None:
    """List incidents, newest first."""
    flt = IncidentFilter(
        since=parse_instant(since, "from") if since else None,
        until=parse_instant(until, "to") if until else None,
        status=status,
        limit=limit,
    )
    db = open_database(database)
    incidents = list_incidents(db=db, flt=flt)
    in_zones = zones_of(db=db, locations=[i.location for i in incidents])
    table = Table(
        "id", "occurred (UTC)", "place", "zones", "event", "killed", "wounded", "status", "reports"
    )
    for i, zone_ids in zip(incidents, in_zones, strict=True):
        table.add_row(
            i.id,
            f"{i.occurred.start:%Y-%m-%d %H:%M} ({i.occurred.precision.value})",
            place_text(i.location),
            "\n".join(zone_ids),
            i.sub_event_type or i.event_type,
            casualty_text(i.casualties, "killed"),
            casualty_text(i.casualties, "wounded"),
            i.status.value,
            str(len(i.report_ids)),
        )
    console.print(table)
    console.print(f"{len(incidents)} incidents")


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ValidationError("file", str(path), "does not exist") from None
    except json.JSONDecodeError as exc:
        raise ValidationError(
            "file", str(path), f"is not valid JSON (line {exc.lineno}: {exc.msg})"
        ) from None
    if not isinstance(data, dict):
        raise ValidationError("file", str(path), "must hold one JSON object of report fields")
    return data


def _actor(spec: str) -> dict[str, str | None]:
    name, _, rest = spec.partition(":")
    side, _, party = rest.partition(":")
    return {"name": name, "side": side or "other", "party": party or None}


def _casualty(spec: str) -> tuple[str, Any]:
    category, sep, value = spec.partition("=")
    if not sep:
        raise ValidationError("casualty", spec, "must be CATEGORY=N or CATEGORY=LOW:BEST:HIGH")
    parts = value.split(":")
    try:
        numbers = [int(p) if p else None for p in parts]
    except ValueError:
        raise ValidationError(f"casualties.{category}", value, "must be whole numbers") from None
    if len(numbers) == 1:
        return category, numbers[0]
    if len(numbers) != 3:
        raise ValidationError(f"casualties.{category}", value, "must be N or LOW:BEST:HIGH")
    return category, dict(zip(("low", "best", "high"), numbers, strict=True))
