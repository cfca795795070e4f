"""Exchanges of detainees and bodies (counts, readable by anyone with access) and the
person-level records behind them (names: the mission's staff only, checked here)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import Connection, select

from ceasefire.domain.access import Viewer
from ceasefire.domain.exchanges import (
    DetainedPerson,
    Exchange,
    ExchangeCategory,
    Outstanding,
    outstanding,
)
from ceasefire.errors import AccessDeniedError, NotFoundError
from ceasefire.storage.schema import detained_persons, exchanges

__all__ = [
    "add",
    "add_persons",
    "check_staff",
    "find",
    "get",
    "list_exchanges",
    "list_persons",
    "outstanding_counts",
    "person_keys",
    "record_handover",
]


def add(conn: Connection, exchange: Exchange) -> None:
    """Insert an exchange."""
    conn.execute(
        exchanges.insert().values(
            id=exchange.id,
            day=exchange.day,
            category=exchange.category.value,
            from_party_id=exchange.from_party_id,
            to_party_id=exchange.to_party_id,
            count=exchange.count,
            provision_id=exchange.provision_id,
            note=exchange.note,
            recorded_by=exchange.recorded_by,
            recorded_at=exchange.recorded_at,
        )
    )


def find(conn: Connection, exchange_id: str) -> Exchange | None:
    """The exchange with this id, or None."""
    row = conn.execute(select(exchanges).where(exchanges.c.id == exchange_id)).first()
    return None if row is None else _exchange(row._mapping)


def get(conn: Connection, exchange_id: str) -> Exchange:
    """The exchange with this id, or NotFoundError."""
    found = find(conn, exchange_id)
    if found is None:
        raise NotFoundError("exchange", exchange_id)
    return found


def list_exchanges(
    conn: Connection, *, first: date | None = None, last: date | None = None
) -> list[Exchange]:
    """Exchanges by day, optionally between two days."""
    query = select(exchanges).order_by(exchanges.c.day, exchanges.c.recorded_at, exchanges.c.id)
    if first is not None:
        query = query.where(exchanges.c.day >= first)
    if last is not None:
        query = query.where(exchanges.c.day <= last)
    return [_exchange(r._mapping) for r in conn.execute(query)]


def _exchange(row: Any) -> Exchange:
    return Exchange(
        id=row["id"],
        day=row["day"],
        category=ExchangeCategory(row["category"]),
        from_party_id=row["from_party_id"],
        to_party_id=row["to_party_id"],
        count=row["count"],
        recorded_by=row["recorded_by"],
        recorded_at=row["recorded_at"],
        provision_id=row["provision_id"],
        note=row["note"],
    )


def add_persons(conn: Connection, persons: Sequence[DetainedPerson]) -> None:
    """Insert person-level records."""
    if persons:
        conn.execute(
            detained_persons.insert(),
            [
                {
                    "id": p.id,
                    "name": p.name,
                    "category": p.category.value,
                    "held_by_party_id": p.held_by_party_id,
                    "of_party_id": p.of_party_id,
                    "recorded_on": p.recorded_on,
                    "exchange_id": p.exchange_id,
                    "note": p.note,
                }
                for p in persons
            ],
        )


def check_staff(viewer: Viewer) -> None:
    """Fail unless the viewer may read person-level records (analysts and above)."""
    if not viewer.is_staff:
        raise AccessDeniedError(
            "as",
            viewer.role.value + (f":{viewer.party_id}" if viewer.party_id else ""),
            "person-level records of detainees are restricted to analysts, the head of"
            " mission and admins; counts are in `ceasefire exchanges list`",
        )


def list_persons(
    conn: Connection, viewer: Viewer, *, held_by: str | None = None
) -> list[DetainedPerson]:
    """Person-level records, for the mission's staff only (an AccessDeniedError for others,
    before any row is read)."""
    check_staff(viewer)
    query = select(detained_persons).order_by(
        detained_persons.c.recorded_on, detained_persons.c.name, detained_persons.c.id
    )
    if held_by is not None:
        query = query.where(detained_persons.c.held_by_party_id == held_by)
    return [_person(r._mapping) for r in conn.execute(query)]


def person_keys(
    conn: Connection, viewer: Viewer
) -> dict[tuple[str, str, str, str, date], tuple[str, str | None]]:
    """(id, exchange id) of every stored person by (name, category, held by, of party,
    recorded on): how an import recognises rows it has seen; staff only."""
    check_staff(viewer)
    c = detained_persons.c
    rows = conn.execute(
        select(
            c.id,
            c.name,
            c.category,
            c.held_by_party_id,
            c.of_party_id,
            c.recorded_on,
            c.exchange_id,
        )
    )
    return {
        (r.name, r.category, r.held_by_party_id, r.of_party_id, r.recorded_on): (
            r.id,
            r.exchange_id,
        )
        for r in rows
    }


def record_handover(conn: Connection, person_id: str, exchange_id: str) -> None:
    """Mark a recorded person as handed over in an exchange."""
    conn.execute(
        detained_persons.update()
        .where(detained_persons.c.id == person_id)
        .values(exchange_id=exchange_id)
    )


def outstanding_counts(conn: Connection, as_of: date | None = None) -> list[Outstanding]:
    """Persons recorded, handed over and still held per holding party and category, as of
    a day (None: everything stored); counts only, readable by anyone."""
    p, e = detained_persons.c, exchanges.c
    query = select(p.held_by_party_id, p.category, e.day).select_from(
        detained_persons.outerjoin(exchanges, p.exchange_id == e.id)
    )
    if as_of is not None:
        query = query.where(p.recorded_on <= as_of)
    return outstanding(
        (
            r.held_by_party_id,
            ExchangeCategory(r.category),
            r.day is not None and (as_of is None or r.day <= as_of),
        )
        for r in conn.execute(query)
    )


def _person(row: Any) -> DetainedPerson:
    return DetainedPerson(
        id=row["id"],
        name=row["name"],
        category=ExchangeCategory(row["category"]),
        held_by_party_id=row["held_by_party_id"],
        of_party_id=row["of_party_id"],
        recorded_on=row["recorded_on"],
        exchange_id=row["exchange_id"],
        note=row["note"],
    )
