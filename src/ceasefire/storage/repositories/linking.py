"""What linking reads and writes: reports as columns, memberships, and the incidents built
from them; analysts' decisions and verdicts."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, fields
from datetime import datetime
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt
import orjson
from sqlalchemy import (
    Connection,
    Select,
    Text,
    bindparam,
    cast,
    delete,
    func,
    insert,
    literal_column,
    or_,
    select,
    update,
)

from ceasefire.domain.link_decisions import DecisionKind, LinkDecision
from ceasefire.domain.reports import Casualties, HowObserved, Location, TimeSpan
from ceasefire.domain.sources import Source
from ceasefire.storage.repositories.located import casualties_from, located_from
from ceasefire.storage.repositories.sources import source_from_row
from ceasefire.storage.schema import (
    incident_overrides,
    incident_reports,
    incidents,
    link_decisions,
    reports,
    sources,
)

__all__ = [
    "LinkRows",
    "MemberRow",
    "Nearby",
    "OverrideRow",
    "add_decision",
    "add_override",
    "chunks",
    "decisions",
    "delete_incidents",
    "link_rows",
    "member_rows",
    "memberships",
    "move_overrides",
    "overrides_of",
    "report_count",
    "report_groups",
    "reports_of_incidents",
    "rows_near",
    "set_links",
    "unlinked_ids",
    "upsert_incidents",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

_CHUNK = 5_000


def chunks(values: Sequence[str], size: int = _CHUNK) -> Iterator[Sequence[str]]:
    """`values` in slices of at most `size` (IN lists stay within driver limits)."""
    for start in range(0, len(values), size):
        yield values[start : start + size]


@dataclass(frozen=True, slots=True)
class LinkRows:
    """Reports as linking reads them, one list or array per column. `actor` is the
    initiating actor's name and `actor_party` its party; `killed` the known death toll
    (-1 when no figure is given)."""

    ids: list[str]
    day: FloatArray
    time_precision: list[str]
    lat: FloatArray
    lon: FloatArray
    geo_precision: list[str]
    event_type: list[str]
    sub_event_type: list[str]
    place_name: list[str]
    origin: list[str]
    actor: list[str]
    actor_party: list[str | None]
    killed: IntArray

    def __len__(self) -> int:
        return len(self.ids)

    def take(self, keep: Sequence[int]) -> LinkRows:
        """The given rows, in that order."""
        idx = np.asarray(keep, dtype=np.int64)
        columns: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            columns[f.name] = (
                value[idx] if isinstance(value, np.ndarray) else [value[k] for k in keep]
            )
        return LinkRows(**columns)

    @staticmethod
    def concat(parts: Sequence[LinkRows]) -> LinkRows:
        """The rows of all parts, one after another."""
        if not parts:
            return _rows_from([])
        columns: dict[str, Any] = {}
        for f in fields(LinkRows):
            values = [getattr(p, f.name) for p in parts]
            if isinstance(values[0], np.ndarray):
                columns[f.name] = np.concatenate(values)
            else:
                columns[f.name] = [x for v in values for x in v]
        return LinkRows(**columns)


def _day(dialect: str) -> Any:
    """Days since 1970-01-01 UTC of occurred_start, computed by the database."""
    if dialect == "sqlite":
        return literal_column("julianday(reports.occurred_start) - 2440587.5")
    return literal_column("EXTRACT(EPOCH FROM reports.occurred_start) / 86400.0")


def link_rows(conn: Connection, *, report_ids: Sequence[str] | None = None) -> LinkRows:
    """Reports as columns: all of them, or those with the given ids."""
    query = select(*_link_columns(conn.dialect.name))
    if report_ids is None:
        return _rows_from(conn.execute(query).all())
    rows: list[Any] = []
    for part in chunks(report_ids):
        rows += conn.execute(query.where(reports.c.id.in_(part))).all()
    return _rows_from(rows)


Box = tuple[float, float, float, float]
"""south, west, north, east."""


@dataclass(frozen=True, slots=True)
class Nearby:
    """Reports of some time precisions that happened between `since` and `until`, each
    inside the box given for its place precision."""

    since: datetime
    until: datetime
    time_precisions: tuple[str, ...]
    areas: tuple[tuple[tuple[str, ...], Box], ...]


def rows_near(conn: Connection, near: Nearby) -> LinkRows:
    """The reports `near` describes, as columns. One statement per dialect and set of
    precisions is built and kept (building it costs more than running it), and the index
    on (time_precision, occurred_start, latitude, longitude, geo_precision) lets each
    precision read only its own window."""
    shape = tuple(precisions for precisions, _ in near.areas)
    statement = _near_statement(conn.dialect.name, near.time_precisions, shape)
    values: dict[str, Any] = {"since": near.since, "until": near.until}
    for k, (_, (south, west, north, east)) in enumerate(near.areas):
        values |= {f"s{k}": south, f"w{k}": west, f"n{k}": north, f"e{k}": east}
    return _rows_from(conn.execute(statement, values).all())


@lru_cache(maxsize=64)
def _near_statement(
    dialect: str, time_precisions: tuple[str, ...], areas: tuple[tuple[str, ...], ...]
) -> Select[Any]:
    r = reports.c
    inside = [
        r.geo_precision.in_(list(precisions))
        & r.latitude.between(bindparam(f"s{k}"), bindparam(f"n{k}"))
        & r.longitude.between(bindparam(f"w{k}"), bindparam(f"e{k}"))
        for k, precisions in enumerate(areas)
    ]
    return select(*_link_columns(dialect)).where(
        r.time_precision.in_(list(time_precisions)),
        r.occurred_start >= bindparam("since", type_=r.occurred_start.type),
        r.occurred_start <= bindparam("until", type_=r.occurred_start.type),
        or_(*inside),
    )


def _link_columns(dialect: str) -> list[Any]:
    r = reports.c
    return [
        r.id, _day(dialect), r.time_precision, r.latitude, r.longitude, r.geo_precision,
        r.event_type, func.coalesce(r.sub_event_type, ""), r.place_name,
        func.coalesce(r.origin, r.source_id), cast(r.actors, Text), cast(r.casualties, Text),
    ]  # fmt: skip


def _rows_from(rows: Sequence[Any]) -> LinkRows:
    columns = list(zip(*rows, strict=True)) if rows else [()] * 12
    actors = [_initiator(orjson.loads(a)) for a in columns[10]]
    return LinkRows(
        ids=list(columns[0]),
        day=np.array(columns[1], dtype=np.float64),
        time_precision=list(columns[2]),
        lat=np.array(columns[3], dtype=np.float64),
        lon=np.array(columns[4], dtype=np.float64),
        geo_precision=list(columns[5]),
        event_type=list(columns[6]),
        sub_event_type=list(columns[7]),
        place_name=list(columns[8]),
        origin=list(columns[9]),
        actor=[name for name, _ in actors],
        actor_party=[party for _, party in actors],
        killed=np.array([_killed(orjson.loads(c)) for c in columns[11]], dtype=np.int64),
    )


def _initiator(actors: list[dict[str, Any]]) -> tuple[str, str | None]:
    for actor in actors:
        if actor.get("side") == "initiator":
            return str(actor.get("name", "")), actor.get("party_id")
    return "", None


def _killed(casualties: dict[str, Any]) -> int:
    """The best death toll over all categories, -1 when no figure is given."""
    figures = [
        v.get("best")
        for k, v in casualties.items()
        if k.startswith("killed") and isinstance(v, dict)
    ]
    known = [f for f in figures if f is not None]
    return int(sum(known)) if known else -1


def report_count(conn: Connection) -> int:
    """How many reports are stored."""
    return int(conn.execute(select(func.count()).select_from(reports)).scalar_one())


def unlinked_ids(conn: Connection) -> list[str]:
    """Reports that belong to no incident yet."""
    query = (
        select(reports.c.id)
        .outerjoin(incident_reports, incident_reports.c.report_id == reports.c.id)
        .where(incident_reports.c.report_id.is_(None))
    )
    return list(conn.execute(query).scalars())


def memberships(conn: Connection, report_ids: Sequence[str] | None = None) -> dict[str, str]:
    """report id -> incident id, for the given reports or all."""
    query = select(incident_reports.c.report_id, incident_reports.c.incident_id)
    if report_ids is None:
        return {row[0]: row[1] for row in conn.execute(query)}
    found: dict[str, str] = {}
    for part in chunks(report_ids):
        found.update(
            (row[0], row[1])
            for row in conn.execute(query.where(incident_reports.c.report_id.in_(part)))
        )
    return found


def report_groups(conn: Connection) -> dict[str, set[str]]:
    """incident id -> the ids of its reports, for every incident."""
    found: dict[str, set[str]] = {}
    for report_id, incident_id in memberships(conn).items():
        found.setdefault(incident_id, set()).add(report_id)
    return found


def reports_of_incidents(conn: Connection, incident_ids: Sequence[str]) -> list[str]:
    """The reports of these incidents."""
    query = select(incident_reports.c.report_id)
    found: list[str] = []
    for part in chunks(incident_ids):
        found += conn.execute(query.where(incident_reports.c.incident_id.in_(part))).scalars()
    return found


def set_links(conn: Connection, links: Sequence[tuple[str, str]]) -> None:
    """Put each (report id, incident id): any earlier link of those reports is replaced."""
    ids = [report_id for report_id, _ in links]
    for part in chunks(ids):
        conn.execute(delete(incident_reports).where(incident_reports.c.report_id.in_(part)))
    if links:
        conn.execute(
            insert(incident_reports), [{"report_id": r, "incident_id": i} for r, i in links]
        )


def upsert_incidents(conn: Connection, rows: Sequence[dict[str, Any]]) -> None:
    """Write incidents (every column given): new ones are inserted, stored ones updated in
    place (keeping their created_at)."""
    ids = [row["id"] for row in rows]
    existing: set[str] = set()
    for part in chunks(ids):
        existing.update(
            conn.execute(select(incidents.c.id).where(incidents.c.id.in_(part))).scalars()
        )
    fresh = [row for row in rows if row["id"] not in existing]
    if fresh:
        conn.execute(insert(incidents), fresh)
    stored = [
        {**{k: v for k, v in row.items() if k != "created_at"}, "key": row["id"]}
        for row in rows
        if row["id"] in existing
    ]
    if stored:
        columns = [k for k in stored[0] if k != "key"]
        conn.execute(
            update(incidents)
            .where(incidents.c.id == bindparam("key"))
            .values({c: bindparam(c) for c in columns}),
            stored,
        )


def delete_incidents(conn: Connection, incident_ids: Iterable[str]) -> None:
    """Remove incidents that no longer hold any report."""
    for part in chunks(sorted(incident_ids)):
        conn.execute(delete(incidents).where(incidents.c.id.in_(part)))


@dataclass(frozen=True, slots=True)
class MemberRow:
    """What verification needs of a report: its account, zones and origin, and the source
    that delivered it."""

    report_id: str
    occurred: TimeSpan
    location: Location
    event_type: str
    sub_event_type: str | None
    blamed_party_id: str | None
    casualties: Casualties
    how_observed: HowObserved
    credibility: int
    text: str
    zone_ids: tuple[str, ...]
    origin: str
    source: Source


_MEMBER_COLUMNS = (
    "id", "occurred_start", "occurred_end", "time_precision", "latitude", "longitude",
    "geo_precision", "place_name", "event_type", "sub_event_type", "actors", "casualties",
    "how_observed", "credibility", "text", "zone_ids", "origin", "source_id",
)  # fmt: skip


def member_rows(conn: Connection, report_ids: Sequence[str]) -> list[MemberRow]:
    """The reports with these ids as verification reads them."""
    by_id = {s.id: s for s in (source_from_row(r._mapping) for r in conn.execute(select(sources)))}
    query = select(*[reports.c[name] for name in _MEMBER_COLUMNS])
    found: list[MemberRow] = []
    for part in chunks(report_ids):
        for row in conn.execute(query.where(reports.c.id.in_(part))):
            m = row._mapping
            occurred, location = located_from(m)
            blamed = next(
                (a["party_id"] for a in m["actors"] if a["side"] == "initiator" and a["party_id"]),
                None,
            )
            found.append(
                MemberRow(
                    report_id=m["id"], occurred=occurred, location=location,
                    event_type=m["event_type"], sub_event_type=m["sub_event_type"],
                    blamed_party_id=blamed, casualties=casualties_from(m["casualties"]),
                    how_observed=HowObserved(m["how_observed"]), credibility=m["credibility"],
                    text=m["text"], zone_ids=tuple(m["zone_ids"] or ()),
                    origin=m["origin"] or m["source_id"], source=by_id[m["source_id"]],
                )
            )  # fmt: skip
    return found


def add_decision(
    conn: Connection, decision_id: str, decision: LinkDecision, *, actor: str, at: datetime
) -> None:
    """Record an analyst's merge or split."""
    conn.execute(
        insert(link_decisions).values(
            id=decision_id, kind=decision.kind.value, groups=[list(g) for g in decision.groups],
            reason=decision.reason, actor=actor, at=at,
        )
    )  # fmt: skip


def decisions(conn: Connection) -> list[LinkDecision]:
    """Every merge and split, oldest first."""
    rows = conn.execute(
        select(link_decisions).order_by(link_decisions.c.at, link_decisions.c.id)
    ).all()
    return [
        LinkDecision(DecisionKind(r.kind), tuple(tuple(g) for g in r.groups), r.reason)
        for r in rows
    ]


@dataclass(frozen=True, slots=True)
class OverrideRow:
    """An analyst's verdict on an incident's status and/or attribution."""

    id: str
    incident_id: str
    status: str | None
    sets_attribution: bool
    attributed_party_id: str | None
    reason: str
    actor: str
    at: datetime


def add_override(conn: Connection, row: OverrideRow) -> None:
    """Record a verdict."""
    conn.execute(
        insert(incident_overrides).values(
            id=row.id, incident_id=row.incident_id, status=row.status,
            sets_attribution=row.sets_attribution, attributed_party_id=row.attributed_party_id,
            reason=row.reason, actor=row.actor, at=row.at,
        )
    )  # fmt: skip


def overrides_of(conn: Connection, incident_ids: Sequence[str]) -> dict[str, list[OverrideRow]]:
    """Verdicts per incident, oldest first."""
    found: dict[str, list[OverrideRow]] = {}
    query = select(incident_overrides).order_by(incident_overrides.c.at, incident_overrides.c.id)
    for part in chunks(incident_ids):
        for r in conn.execute(query.where(incident_overrides.c.incident_id.in_(part))):
            found.setdefault(r.incident_id, []).append(OverrideRow(**r._mapping))
    return found


def move_overrides(conn: Connection, renamed: dict[str, str]) -> None:
    """Verdicts follow an incident whose id changed (old id -> new id)."""
    for old, new in sorted(renamed.items()):
        conn.execute(
            incident_overrides.update()
            .where(incident_overrides.c.incident_id == old)
            .values(incident_id=new)
        )
