"""Exchanges of detainees and bodies: record a handover (counts), import person-level
records (staff only), and list counts handed over and outstanding."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import Connection

from ceasefire.domain.access import Viewer
from ceasefire.domain.agreements import AgreementStatus, ProvisionKind
from ceasefire.domain.exchanges import DetainedPerson, Exchange, ExchangeCategory, Outstanding
from ceasefire.errors import ConflictError, InputFileError, ValidationError
from ceasefire.importers.reading import open_csv
from ceasefire.importers.values import RowReader
from ceasefire.services.clock import utc_now
from ceasefire.services.database import Database
from ceasefire.services.tracking import ImportSummary, check_columns, read_day
from ceasefire.storage.repositories import audit
from ceasefire.storage.repositories import exchanges as repo
from ceasefire.storage.repositories import scenarios as scenario_repo

__all__ = [
    "PERSON_COLUMNS",
    "ExchangeBoard",
    "add_exchange",
    "exchange_board",
    "import_persons",
    "list_persons",
]

PERSON_COLUMNS = ("name", "category", "held_by", "of_party", "recorded_on")
_PERSON_OPTIONAL = ("exchange_id", "note")


@dataclass(frozen=True, slots=True)
class ExchangeBoard:
    """Exchanges in a period and the outstanding counts at its end (counts only)."""

    exchanges: tuple[Exchange, ...]
    outstanding: tuple[Outstanding, ...]


def _check_party(known: set[str], field: str, party_id: str) -> None:
    if party_id not in known:
        shown = ", ".join(sorted(known)) or "none: load a scenario first"
        raise ValidationError(field, party_id, f"unknown party (known: {shown})")


def _exchange_provision(conn: Connection, provision_id: str | None) -> str | None:
    """The provision an exchange carries out: the one given (checked), else the only
    exchange-of-detainees provision of the signed agreements, if there is exactly one."""
    found = [
        p
        for a in scenario_repo.list_agreements(conn)
        if a.status is AgreementStatus.SIGNED
        for p in a.provisions
        if p.kind is ProvisionKind.EXCHANGE_DETAINEES
    ]
    if provision_id is None:
        return found[0].id if len(found) == 1 else None
    if provision_id not in {p.id for p in found}:
        shown = ", ".join(p.id for p in found) or "none"
        raise ValidationError(
            "provision", provision_id, f"not an exchange-of-detainees provision (known: {shown})"
        )
    return provision_id


def add_exchange(
    *,
    db: Database,
    day: date,
    category: ExchangeCategory,
    from_party_id: str,
    to_party_id: str,
    count: int,
    actor: str,
    note: str = "",
    provision_id: str | None = None,
    now: datetime | None = None,
) -> Exchange:
    """Record a handover of `count` persons or bodies from one party to another on `day`."""
    when = utc_now(now)
    if day > when.date():
        raise ValidationError("day", day.isoformat(), f"is in the future (today is {when.date()})")
    if count < 0:
        raise ValidationError("count", count, "must be a whole number >= 0")
    with db.transaction() as conn:
        known = {p.id for p in scenario_repo.list_parties(conn)}
        _check_party(known, "from", from_party_id)
        _check_party(known, "to", to_party_id)
        exchange = Exchange(
            id=str(uuid.uuid4()),
            day=day,
            category=category,
            from_party_id=from_party_id,
            to_party_id=to_party_id,
            count=count,
            recorded_by=actor,
            recorded_at=when,
            provision_id=_exchange_provision(conn, provision_id),
            note=note.strip(),
        )
        repo.add(conn, exchange)
        audit.append(
            conn,
            actor=actor,
            action="exchange.add",
            entity="exchange",
            entity_id=exchange.id,
            after=exchange,
            at=when,
        )
    return exchange


def exchange_board(
    *, db: Database, first: date | None = None, last: date | None = None
) -> ExchangeBoard:
    """Exchanges between two days and the outstanding counts as of the last (counts only:
    every viewer may read them)."""
    with db.read() as conn:
        return ExchangeBoard(
            tuple(repo.list_exchanges(conn, first=first, last=last)),
            tuple(repo.outstanding_counts(conn, as_of=last)),
        )


def list_persons(
    *, db: Database, viewer: Viewer, held_by: str | None = None
) -> list[DetainedPerson]:
    """Person-level records with names: analysts, the head of mission and admins only."""
    with db.read() as conn:
        return repo.list_persons(conn, viewer, held_by=held_by)


def import_persons(
    *, db: Database, path: Path, actor: str, viewer: Viewer, now: datetime | None = None
) -> ImportSummary:
    """Import person-level records (staff only), whole or not at all. A row already stored
    is skipped; one stored without an exchange and now given one records the handover.
    The audit entry holds counts and record ids, never names."""
    repo.check_staff(viewer)
    when = utc_now(now)
    name = str(path)
    csv_rows = open_csv(path)
    try:
        check_columns(name, csv_rows.header, (*PERSON_COLUMNS, *_PERSON_OPTIONAL))
        with db.transaction() as conn:
            parsed = _parse_persons(conn, csv_rows.readers(PERSON_COLUMNS), when.date())
            if not parsed:
                raise InputFileError(name, None, None, None, "no data rows")
            summary, ids = _store_persons(conn, name, parsed, viewer)
            audit.append(
                conn,
                actor=actor,
                action="detained_persons.import",
                entity="detained_persons",
                entity_id=str(uuid.uuid4()),
                after={
                    "file": name,
                    "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
                    "rows": summary.rows,
                    "inserted": summary.inserted,
                    "handovers_recorded": summary.updated,
                    "skipped": summary.skipped,
                    "person_ids": ids,
                },
                at=when,
            )
    finally:
        csv_rows.close()
    return summary


def _parse_persons(
    conn: Connection, rows: Iterable[RowReader], today: date
) -> list[tuple[int, DetainedPerson]]:
    parties = {p.id for p in scenario_repo.list_parties(conn)}
    exchanges: dict[str, Exchange | None] = {}
    parsed = []
    for row in rows:
        person = _person(row, parties, today)
        if person.exchange_id is not None:
            if person.exchange_id not in exchanges:
                exchanges[person.exchange_id] = repo.find(conn, person.exchange_id)
            _check_exchange(row, person, exchanges[person.exchange_id])
        parsed.append((row.line, person))
    return parsed


def _person(row: RowReader, parties: set[str], today: date) -> DetainedPerson:
    try:
        category = ExchangeCategory.parse(row.required("category"))
    except ValidationError as exc:
        raise row.fail("category", row.text("category"), exc.message) from None
    values = {}
    for column in ("held_by", "of_party"):
        values[column] = row.required(column)
        if values[column] not in parties:
            raise row.fail(
                column, values[column], f"unknown party (known: {', '.join(sorted(parties))})"
            )
    return DetainedPerson(
        id=str(uuid.uuid4()),
        name=row.required("name"),
        category=category,
        held_by_party_id=values["held_by"],
        of_party_id=values["of_party"],
        recorded_on=read_day(row, "recorded_on", today),
        exchange_id=row.text("exchange_id") or None,
        note=row.text("note"),
    )


def _check_exchange(row: RowReader, person: DetainedPerson, exchange: Exchange | None) -> None:
    if exchange is None:
        raise row.fail("exchange_id", person.exchange_id, "no such exchange (see `exchanges list`)")
    if exchange.category is not person.category:
        raise row.fail(
            "exchange_id", person.exchange_id, f"that exchange is of {exchange.category.value}"
        )
    if exchange.from_party_id != person.held_by_party_id:
        raise row.fail(
            "exchange_id",
            person.exchange_id,
            f"that exchange was a handover by {exchange.from_party_id},"
            f" not {person.held_by_party_id}",
        )


def _store_persons(
    conn: Connection, name: str, parsed: list[tuple[int, DetainedPerson]], viewer: Viewer
) -> tuple[ImportSummary, list[str]]:
    stored = repo.person_keys(conn, viewer)
    fresh: list[DetainedPerson] = []
    ids: list[str] = []
    updated = 0
    for line, p in parsed:
        key = (p.name, p.category.value, p.held_by_party_id, p.of_party_id, p.recorded_on)
        if key not in stored:
            stored[key] = (p.id, p.exchange_id)
            fresh.append(p)
            ids.append(p.id)
            continue
        old_id, old_exchange = stored[key]
        if old_exchange == p.exchange_id or p.exchange_id is None:
            continue
        if old_exchange is not None:
            raise ConflictError(
                f"{name}, line {line}: this person is already recorded as handed over in"
                f" exchange {old_exchange}; nothing was imported"
            )
        repo.record_handover(conn, old_id, p.exchange_id)
        stored[key] = (old_id, p.exchange_id)
        ids.append(old_id)
        updated += 1
    repo.add_persons(conn, fresh)
    skipped = len(parsed) - len(fresh) - updated
    return ImportSummary(name, len(parsed), len(fresh), skipped, 0, updated), ids
