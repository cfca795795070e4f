"""Corridor checkpoints and their daily crossing logs: register the scenario's checkpoints,
import crossing logs (CSV) whole or not at all, and list them."""

from __future__ import annotations

import hashlib
import math
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import Connection

from ceasefire.domain.passage import Checkpoint, Crossing
from ceasefire.errors import ConflictError, InputFileError
from ceasefire.importers.reading import open_csv
from ceasefire.importers.values import RowReader
from ceasefire.services.clock import utc_now
from ceasefire.services.database import Database
from ceasefire.storage.repositories import audit
from ceasefire.storage.repositories import tracking as repo

__all__ = [
    "CROSSING_COLUMNS",
    "ImportSummary",
    "check_columns",
    "import_crossings",
    "list_checkpoints",
    "list_crossings",
    "read_day",
    "register_checkpoints",
]

CROSSING_COLUMNS = ("date", "checkpoint", "direction", "people", "vehicles", "goods_tonnes")
_OPTIONAL = ("note",)


@dataclass(frozen=True, slots=True)
class ImportSummary:
    """What an import did: rows read, stored, skipped as already stored, and marked synthetic."""

    file: str
    rows: int
    inserted: int
    skipped: int
    synthetic: int = 0
    updated: int = 0


def register_checkpoints(conn: Connection, checkpoints: Sequence[Checkpoint], actor: str) -> None:
    """Store a scenario's checkpoints (new or changed ones), each an audit entry; called
    inside the scenario load's transaction."""
    for checkpoint in checkpoints:
        before = repo.upsert_checkpoint(conn, checkpoint)
        if before == checkpoint:
            continue
        audit.append(
            conn,
            actor=actor,
            action="checkpoint.add" if before is None else "checkpoint.update",
            entity="checkpoint",
            entity_id=checkpoint.id,
            before=before,
            after=checkpoint,
        )


def list_checkpoints(*, db: Database) -> list[Checkpoint]:
    """Every registered checkpoint."""
    with db.read() as conn:
        return repo.list_checkpoints(conn)


def list_crossings(
    *,
    db: Database,
    first: date | None = None,
    last: date | None = None,
    checkpoint_id: str | None = None,
) -> list[Crossing]:
    """Stored crossings, by day, checkpoint and direction."""
    with db.read() as conn:
        if checkpoint_id is not None:
            repo.get_checkpoint(conn, checkpoint_id)
        ids = None if checkpoint_id is None else [checkpoint_id]
        return repo.list_crossings(conn, first=first, last=last, checkpoint_ids=ids)


def read_day(row: RowReader, column: str, today: date) -> date:
    """A YYYY-MM-DD cell that is not after `today`."""
    raw = row.required(column)
    try:
        day = date.fromisoformat(raw) if len(raw) == 10 else None
    except ValueError:
        day = None
    if day is None:
        raise row.fail(column, raw, "must be a date as YYYY-MM-DD")
    if day > today:
        raise row.fail(column, raw, f"is in the future (today is {today.isoformat()} UTC)")
    return day


def check_columns(file: str, header: Sequence[str], known: Sequence[str]) -> None:
    """Fail on a column the format does not know (a typo would otherwise be ignored)."""
    for column in header:
        if column not in known:
            raise InputFileError(
                file, 1, column, None, f"unknown column (known: {', '.join(known)})"
            )


def import_crossings(
    *, db: Database, path: Path, actor: str, now: datetime | None = None
) -> ImportSummary:
    """Import a daily crossing log: every row is checked before anything is written; rows
    already stored with the same counts are skipped, different counts are a conflict."""
    today = utc_now(now).date()
    csv_rows = open_csv(path)
    name = str(path)
    try:
        check_columns(name, csv_rows.header, (*CROSSING_COLUMNS, *_OPTIONAL))
        with db.transaction() as conn:
            known = {c.id: c for c in repo.list_checkpoints(conn)}
            parsed, synthetic = _parse_crossings(
                name, csv_rows.readers(CROSSING_COLUMNS), known, today
            )
            fresh = _new_crossings(conn, name, parsed)
            repo.add_crossings(conn, [(str(uuid.uuid4()), line, c) for line, c in fresh])
            summary = ImportSummary(
                name, len(parsed), len(fresh), len(parsed) - len(fresh), synthetic
            )
            _audit_import(conn, actor, "crossings.import", path, summary, parsed, utc_now(now))
    finally:
        csv_rows.close()
    return summary


def _parse_crossings(
    name: str, rows: Iterable[RowReader], known: dict[str, Checkpoint], today: date
) -> tuple[list[tuple[int, Crossing]], int]:
    parsed: list[tuple[int, Crossing]] = []
    seen: dict[tuple[str, date, str], int] = {}
    synthetic = 0
    for row in rows:
        crossing = _crossing(row, known, today)
        key = (crossing.checkpoint_id, crossing.day, crossing.direction)
        if key in seen:
            raise row.fail(
                "date",
                row.text("date"),
                f"the same checkpoint, day and direction as line {seen[key]}",
            )
        seen[key] = row.line
        synthetic += "synthetic" in row.text("note").lower()
        parsed.append((row.line, crossing))
    if not parsed:
        raise InputFileError(name, None, None, None, "no data rows")
    return parsed, synthetic


def _crossing(row: RowReader, known: dict[str, Checkpoint], today: date) -> Crossing:
    day = read_day(row, "date", today)
    checkpoint_id = row.required("checkpoint")
    checkpoint = known.get(checkpoint_id)
    if checkpoint is None:
        shown = ", ".join(sorted(known)) or "none registered: load a scenario first"
        raise row.fail("checkpoint", checkpoint_id, f"unknown checkpoint (known: {shown})")
    direction = row.required("direction")
    if direction not in checkpoint.directions:
        raise row.fail(
            "direction",
            direction,
            f"unknown direction for {checkpoint_id} (known: {', '.join(checkpoint.directions)})",
        )
    people = row.count("people")
    vehicles = row.count("vehicles")
    assert people is not None and vehicles is not None
    return Crossing(checkpoint_id, day, direction, people, vehicles, _tonnes(row))


def _tonnes(row: RowReader) -> float:
    raw = row.required("goods_tonnes")
    try:
        value = float(raw)
    except ValueError:
        raise row.fail("goods_tonnes", raw, "must be a number of tonnes") from None
    if not math.isfinite(value) or value < 0:
        raise row.fail("goods_tonnes", raw, "must be a number of tonnes >= 0")
    return value


def _new_crossings(
    conn: Connection, name: str, parsed: list[tuple[int, Crossing]]
) -> list[tuple[int, Crossing]]:
    days = [c.day for _, c in parsed]
    ids = sorted({c.checkpoint_id for _, c in parsed})
    stored = repo.crossing_keys(conn, ids, min(days), max(days))
    fresh = []
    for line, c in parsed:
        old = stored.get((c.checkpoint_id, c.day, c.direction))
        if old is None:
            fresh.append((line, c))
        elif old != c:
            raise ConflictError(
                f"{name}, line {line}: {c.checkpoint_id} {c.day} {c.direction} is already stored"
                f" with other counts (people {old.people}, vehicles {old.vehicles}, goods"
                f" {old.goods_tonnes:g} t); nothing was imported"
            )
    return fresh


def _audit_import(
    conn: Connection,
    actor: str,
    action: str,
    path: Path,
    summary: ImportSummary,
    parsed: Sequence[tuple[int, Crossing]],
    when: datetime,
) -> None:
    days = [c.day for _, c in parsed]
    audit.append(
        conn,
        actor=actor,
        action=action,
        entity="crossings",
        entity_id=str(uuid.uuid4()),
        after={
            "file": str(path),
            "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
            "rows": summary.rows,
            "inserted": summary.inserted,
            "skipped": summary.skipped,
            "synthetic_rows": summary.synthetic,
            "first_day": min(days),
            "last_day": max(days),
        },
        at=when,
    )
