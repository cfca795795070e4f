"""`ceasefire zones list|locate`."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from ceasefire.cli.common import DatabaseOption, console, open_database
from ceasefire.services import zones as service

app = typer.Typer(help="Zones of the loaded scenarios (districts, corridors, handover areas).")


@app.command("list")
def list_(database: DatabaseOption = None) -> None:
    """List the zones with their kind and how they were drawn."""
    table = Table("id", "name", "kind", "approximate", "note", show_lines=True)
    for z in service.list_zones(db=open_database(database)):
        table.add_row(z.id, z.name, z.kind.value, "yes" if z.approximate else "no", z.note)
    console.print(table)


@app.command("locate")
def locate(
    lat: Annotated[float, typer.Option(help="Latitude, WGS84.")],
    lon: Annotated[float, typer.Option(help="Longitude, WGS84.")],
    database: DatabaseOption = None,
) -> None:
    """Which zones contain a point, and how far it is from the others (geodesic metres)."""
    distances = service.distances_to_zones(db=open_database(database), latitude=lat, longitude=lon)
    table = Table("zone", "kind", "inside", "distance")
    for d in distances:
        inside = d.distance_m == 0
        distance = "" if inside else f"{d.distance_m / 1000:,.1f} km"
        table.add_row(d.zone.id, d.zone.kind.value, "yes" if inside else "", distance)
    console.print(table)
