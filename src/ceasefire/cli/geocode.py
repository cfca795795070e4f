"""`ceasefire geocode`: candidate places for a name as a source spelled it."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from ceasefire.cli.common import console
from ceasefire.cli.render import number_text
from ceasefire.errors import NotFoundError
from ceasefire.gazetteer import MIN_CONFIDENCE, Gazetteer, Match

__all__ = ["geocode", "match_row", "register"]


def geocode(
    name: Annotated[str, typer.Argument(help="Place name in any spelling, e.g. Kelbecer.")],
    country: Annotated[
        str | None,
        typer.Option("--country", "-c", help="Only places in this country (ISO alpha-2, e.g. AZ)."),
    ] = None,
    limit: Annotated[
        int, typer.Option("--limit", "-n", min=1, help="Show at most this many candidates.")
    ] = 5,
) -> None:
    """Candidate places for a name, best first, with how each matched and a confidence."""
    matches = Gazetteer.load().geocode(name, country=country, limit=limit)
    if not matches:
        console.print(
            f"No place matches {escape(repr(name))} with confidence {MIN_CONFIDENCE} or more."
        )
        raise NotFoundError("place", name)
    columns = ("name", "country", "admin1", "lat", "lon", "population", "matched name")
    table = Table(*columns, "method", "confidence")
    for match in matches:
        table.add_row(*match_row(match))
    console.print(table)


def match_row(match: Match) -> list[str]:
    """One table row: place, coordinates, population, matched name, method and confidence.

    >>> from ceasefire.gazetteer import Place
    >>> goris = Place("Goris", ("Geryusy",), 39.51111, 46.34168, "AM", "Syunik", "P", 17592)
    >>> match_row(Match(goris, 0.95, "Geryusy", "alternate"))
    ['Goris', 'AM', 'Syunik', '39.5111', '46.3417', '17,592', 'Geryusy', 'alternate', '0.95']
    """
    place = match.place
    population = "" if place.population is None else number_text(place.population)
    return [
        escape(place.name),
        place.country_code,
        escape(place.admin1),
        f"{place.lat:.4f}",
        f"{place.lon:.4f}",
        population,
        escape(match.matched_name),
        match.method,
        f"{match.confidence:.2f}",
    ]


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command("geocode")(geocode)
