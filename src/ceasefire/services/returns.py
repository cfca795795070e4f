"""Returns of displaced persons: import counts per district and month (CSV), whole or not
at all, districts checked against the scenario's district zones or the packaged list."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import Connection

from ceasefire.domain.returns import (
    DisplacedReturn,
    ReturnCount,
    parse_month,
    returns_by_district_month,
)
from ceasefire.domain.zones import ZoneKind
from ceasefire.enrichment import admin_units
from ceasefire.errors import ConflictError, InputFileError, ValidationError
from ceasefire.importers.reading import open_csv
from ceasefire.importers.values import RowReader
from ceasefire.services.clock import utc_now
from ceasefire.services.database import Database
from ceasefire.services.tracking import ImportSummary, check_columns
from ceasefire.storage.repositories import audit
from ceasefire.storage.repositories import scenarios as scenario_repo
from ceasefire.storage.repositories import tracking as repo

__all__ = ["RETURN_COLUMNS", "district_names", "import_returns", "list_returns"]

RETURN_COLUMNS = ("district", "month", "people", "source")


def district_names(conn: Connection) -> dict[str, str]:
    """Accepted spellings (lower case) to the district stored: a scenario district zone's
    id, name, or name without "District" give the zone id; a packaged district's or
    province's name gives that name."""
    names: dict[str, str] = {}
    for unit in admin_units():
        names[unit.name.lower()] = unit.name
    for zone in scenario_repo.list_zones(conn):
        if zone.kind is ZoneKind.DISTRICT:
            short = zone.name.removesuffix(" District")
            for spelling in (zone.id, zone.name, short):
                names[spelling.lower()] = zone.id
    return names


def list_returns(
    *, db: Database, first: date | None = None, last: date | None = None
) -> list[ReturnCount]:
    """Returns per district and month (summed over sources)."""
    with db.read() as conn:
        return returns_by_district_month(repo.list_returns(conn, first=first, last=last))


def import_returns(
    *, db: Database, path: Path, actor: str, now: datetime | None = None
) -> ImportSummary:
    """Import returns per district and month; rows already stored with the same count are
    skipped, a different count for the same district, month and source is a conflict."""
    when = utc_now(now)
    name = str(path)
    csv_rows = open_csv(path)
    try:
        check_columns(name, csv_rows.header, RETURN_COLUMNS)
        with db.transaction() as conn:
            parsed = _parse(conn, csv_rows.readers(RETURN_COLUMNS), when.date())
            if not parsed:
                raise InputFileError(name, None, None, None, "no data rows")
            fresh = _new_returns(conn, name, parsed)
            repo.add_returns(conn, fresh)
            summary = ImportSummary(name, len(parsed), len(fresh), len(parsed) - len(fresh))
            audit.append(
                conn,
                actor=actor,
                action="displaced_returns.import",
                entity="displaced_returns",
                entity_id=str(uuid.uuid4()),
                after={
                    "file": name,
                    "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
                    "rows": summary.rows,
                    "inserted": summary.inserted,
                    "skipped": summary.skipped,
                    "people": sum(r.people for r in fresh),
                },
                at=when,
            )
    finally:
        csv_rows.close()
    return summary


def _parse(
    conn: Connection, rows: Iterable[RowReader], today: date
) -> list[tuple[int, DisplacedReturn]]:
    names = district_names(conn)
    parsed: list[tuple[int, DisplacedReturn]] = []
    seen: dict[tuple[str, date, str], int] = {}
    for row in rows:
        item = _row(row, names, today)
        key = (item.district, item.month, item.source)
        if key in seen:
            raise row.fail(
                "district",
                row.text("district"),
                f"same district, month and source as line {seen[key]}",
            )
        seen[key] = row.line
        parsed.append((row.line, item))
    return parsed


def _row(row: RowReader, names: dict[str, str], today: date) -> DisplacedReturn:
    raw = row.required("district")
    district = names.get(raw.lower())
    if district is None:
        raise row.fail(
            "district", raw, "unknown district (see `ceasefire zones list` for district zones)"
        )
    text = row.required("month")
    try:
        month = parse_month(text)
    except ValidationError as exc:
        raise row.fail("month", text, exc.message) from None
    if month > today.replace(day=1):
        raise row.fail("month", text, f"is in the future (today is {today.isoformat()} UTC)")
    people = row.count("people")
    assert people is not None
    return DisplacedReturn(str(uuid.uuid4()), district, month, people, row.required("source"))


def _new_returns(
    conn: Connection, name: str, parsed: list[tuple[int, DisplacedReturn]]
) -> list[DisplacedReturn]:
    stored = repo.return_keys(conn)
    fresh = []
    for line, r in parsed:
        old = stored.get((r.district, r.month, r.source))
        if old is None:
            fresh.append(r)
        elif old.people != r.people:
            raise ConflictError(
                f"{name}, line {line}: {r.district} {r.month:%Y-%m} from {r.source!r} is"
                f" already stored with {old.people} people; nothing was imported"
            )
    return fresh
