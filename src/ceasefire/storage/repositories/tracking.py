"""Checkpoints and their daily crossings, returns of displaced persons, and the incident
facts the violation count reads."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, select

from ceasefire.domain.access import Viewer
from ceasefire.domain.incidents import VerificationStatus
from ceasefire.domain.passage import Checkpoint, Crossing
from ceasefire.domain.returns import DisplacedReturn
from ceasefire.domain.violations import IncidentFact
from ceasefire.errors import NotFoundError
from ceasefire.storage.repositories.visibility import incident_scope
from ceasefire.storage.schema import checkpoints, crossings, displaced_returns, incidents

__all__ = [
    "add_crossings",
    "add_returns",
    "crossing_keys",
    "find_checkpoint",
    "get_checkpoint",
    "incident_facts",
    "list_checkpoints",
    "list_crossings",
    "list_returns",
    "return_keys",
    "upsert_checkpoint",
]


def list_checkpoints(conn: Connection, provision_id: str | None = None) -> list[Checkpoint]:
    """Every checkpoint (or those measuring one provision), by id."""
    query = select(checkpoints).order_by(checkpoints.c.id)
    if provision_id is not None:
        query = query.where(checkpoints.c.provision_id == provision_id)
    return [_checkpoint(r._mapping) for r in conn.execute(query)]


def find_checkpoint(conn: Connection, checkpoint_id: str) -> Checkpoint | None:
    """The checkpoint with this id, or None."""
    row = conn.execute(select(checkpoints).where(checkpoints.c.id == checkpoint_id)).first()
    return None if row is None else _checkpoint(row._mapping)


def get_checkpoint(conn: Connection, checkpoint_id: str) -> Checkpoint:
    """The checkpoint with this id, or NotFoundError."""
    found = find_checkpoint(conn, checkpoint_id)
    if found is None:
        raise NotFoundError("checkpoint", checkpoint_id)
    return found


def upsert_checkpoint(conn: Connection, checkpoint: Checkpoint) -> Checkpoint | None:
    """Store a checkpoint; the previous version when one was replaced (None: new or same)."""
    before = find_checkpoint(conn, checkpoint.id)
    values = {
        "name": checkpoint.name,
        "provision_id": checkpoint.provision_id,
        "zone_id": checkpoint.zone_id,
        "latitude": checkpoint.latitude,
        "longitude": checkpoint.longitude,
        "directions": list(checkpoint.directions),
        "note": checkpoint.note,
    }
    if before is None:
        conn.execute(checkpoints.insert().values(id=checkpoint.id, **values))
    elif before != checkpoint:
        conn.execute(checkpoints.update().where(checkpoints.c.id == checkpoint.id).values(values))
    return before


def _checkpoint(row: Any) -> Checkpoint:
    return Checkpoint(
        id=row["id"],
        name=row["name"],
        directions=tuple(row["directions"]),
        provision_id=row["provision_id"],
        zone_id=row["zone_id"],
        latitude=row["latitude"],
        longitude=row["longitude"],
        note=row["note"],
    )


def crossing_keys(
    conn: Connection, checkpoint_ids: Sequence[str], first: date, last: date
) -> dict[tuple[str, date, str], Crossing]:
    """Stored crossings of those checkpoints between two days, by (checkpoint, day, direction)."""
    rows = list_crossings(conn, first=first, last=last, checkpoint_ids=checkpoint_ids)
    return {(c.checkpoint_id, c.day, c.direction): c for c in rows}


def add_crossings(conn: Connection, rows: Sequence[tuple[str, int, Crossing]]) -> None:
    """Insert crossings given as (row id, line in the imported file, crossing)."""
    if not rows:
        return
    conn.execute(
        crossings.insert(),
        [
            {
                "id": row_id,
                "checkpoint_id": c.checkpoint_id,
                "day": c.day,
                "direction": c.direction,
                "people": c.people,
                "vehicles": c.vehicles,
                "goods_tonnes": c.goods_tonnes,
                "import_id": None,
                "line": line,
            }
            for row_id, line, c in rows
        ],
    )


def list_crossings(
    conn: Connection,
    *,
    first: date | None = None,
    last: date | None = None,
    checkpoint_ids: Sequence[str] | None = None,
) -> list[Crossing]:
    """Crossings by day, checkpoint and direction, optionally between two days."""
    query = select(crossings).order_by(
        crossings.c.day, crossings.c.checkpoint_id, crossings.c.direction
    )
    if first is not None:
        query = query.where(crossings.c.day >= first)
    if last is not None:
        query = query.where(crossings.c.day <= last)
    if checkpoint_ids is not None:
        query = query.where(crossings.c.checkpoint_id.in_(list(checkpoint_ids)))
    return [
        Crossing(r.checkpoint_id, r.day, r.direction, r.people, r.vehicles, r.goods_tonnes)
        for r in conn.execute(query)
    ]


def return_keys(conn: Connection) -> dict[tuple[str, date, str], DisplacedReturn]:
    """Every stored return, by (district, month, source)."""
    return {(r.district, r.month, r.source): r for r in list_returns(conn)}


def add_returns(conn: Connection, rows: Sequence[DisplacedReturn]) -> None:
    """Insert returns of displaced persons."""
    if rows:
        conn.execute(
            displaced_returns.insert(),
            [
                {
                    "id": r.id,
                    "district": r.district,
                    "month": r.month,
                    "people": r.people,
                    "source": r.source,
                }
                for r in rows
            ],
        )


def list_returns(
    conn: Connection, *, first: date | None = None, last: date | None = None
) -> list[DisplacedReturn]:
    """Returns by month, district and source, optionally for months between two days."""
    query = select(displaced_returns).order_by(
        displaced_returns.c.month, displaced_returns.c.district, displaced_returns.c.source
    )
    if first is not None:
        query = query.where(displaced_returns.c.month >= first.replace(day=1))
    if last is not None:
        query = query.where(displaced_returns.c.month <= last)
    return [
        DisplacedReturn(r.id, r.district, r.month, r.people, r.source) for r in conn.execute(query)
    ]


def incident_facts(
    conn: Connection, since: datetime, until: datetime, viewer: Viewer | None = None
) -> list[IncidentFact]:
    """Status, attribution, zones and provisions of incidents that began in [since, until)
    and that `viewer` (None: anyone) may read."""
    query = (
        select(
            incidents.c.id,
            incidents.c.occurred_start,
            incidents.c.status,
            incidents.c.attributed_party_id,
            incidents.c.zone_ids,
            incidents.c.provision_ids,
        )
        .where(incidents.c.occurred_start >= since, incidents.c.occurred_start < until)
        .order_by(incidents.c.occurred_start, incidents.c.id)
    )
    if viewer is not None:
        query = query.where(incident_scope(viewer))
    return [
        IncidentFact(
            id=r.id,
            occurred=r.occurred_start,
            status=VerificationStatus(r.status),
            party_id=r.attributed_party_id,
            zone_ids=tuple(r.zone_ids or ()),
            provision_ids=tuple(r.provision_ids or ()),
        )
        for r in conn.execute(query)
    ]
