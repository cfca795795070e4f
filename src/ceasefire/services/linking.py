"""Link reports into incidents, in batch (`ceasefire link --all`) or as they arrive, and keep
each incident's fused account and assessment current.

Incremental and batch linking agree because linking a report only ever changes the
connected component it falls into (reports joined by strong candidate edges, by analysts'
merges, or by sharing an incident already): the component is gathered from the store,
linked exactly as a batch run would link it, and written back.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import numpy as np
import numpy.typing as npt
from sqlalchemy import Connection

from ceasefire.domain.link_decisions import compile_decisions
from ceasefire.domain.linking import (
    HALF_WINDOW_DAYS,
    RADIUS_KM,
    Decisions,
    LinkInput,
    LinkRules,
    label_components,
    link,
    strong_edges,
)
from ceasefire.domain.sources import Affiliation, Source
from ceasefire.link_features import actor_codes, place_codes
from ceasefire.services.database import Database
from ceasefire.services.incident_building import IncidentBuilder
from ceasefire.storage.repositories import audit, incidents
from ceasefire.storage.repositories import linking as repo
from ceasefire.storage.repositories.linking import LinkRows, Nearby

__all__ = [
    "LinkOutcome",
    "link_input",
    "link_pending",
    "link_within",
    "neighbourhood",
    "relink_all",
    "sides_of",
    "write_groups",
]

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]

DEFAULT_RULES = LinkRules()

FULL_RELINK_SHARE = 0.2
"""Link everything at once when the new reports are at least this share of the store."""

WRITE_BATCH = 10_000
"""Incidents built and written at a time (memory stays flat however many change)."""

AUDIT_EACH_UP_TO = 1_000
"""Runs that change more incidents than this write one summary audit entry instead of one
per incident."""

_KM_PER_DEG = 111.32


@dataclass(slots=True)
class LinkOutcome:
    """What a linking run did."""

    reports_linked: int = 0
    incidents_written: int = 0
    incidents_removed: int = 0
    incidents_total: int = 0
    renamed: dict[str, str] = field(default_factory=dict)


def link_pending(
    *, db: Database, actor: str, now: datetime | None = None, rules: LinkRules = DEFAULT_RULES
) -> LinkOutcome:
    """Link every report that belongs to no incident yet (`ceasefire link`)."""
    with db.transaction() as conn:
        return link_within(conn, None, actor=actor, now=now or datetime.now(UTC), rules=rules)


def relink_all(
    *,
    db: Database,
    actor: str,
    now: datetime | None = None,
    rules: LinkRules = DEFAULT_RULES,
    progress: Callable[[str], None] | None = None,
) -> LinkOutcome:
    """Re-link every report and re-assess every incident (`ceasefire link --all`)."""
    with db.transaction() as conn:
        return link_within(
            conn, None, actor=actor, now=now or datetime.now(UTC), rules=rules,
            everything=True, progress=progress,
        )  # fmt: skip


def link_within(
    conn: Connection,
    report_ids: Sequence[str] | None,
    *,
    actor: str,
    now: datetime,
    rules: LinkRules = DEFAULT_RULES,
    everything: bool = False,
    progress: Callable[[str], None] | None = None,
) -> LinkOutcome:
    """Link `report_ids` (None: every unlinked report) inside the caller's transaction, or
    every report when `everything`. Used by the services that store reports."""
    say = progress or (lambda _: None)
    read_all = everything
    if not everything:
        pending = list(report_ids) if report_ids is not None else repo.unlinked_ids(conn)
        if not pending:
            return LinkOutcome(incidents_total=incidents.count(conn))
        read_all = len(pending) >= FULL_RELINK_SHARE * repo.report_count(conn)
    decisions = compile_decisions(repo.decisions(conn))
    builder = IncidentBuilder(conn)
    sides = sides_of(builder.by_key)
    if read_all:
        say("reading reports")
        rows = repo.link_rows(conn)
        current = repo.memberships(conn)
    else:
        rows, current = neighbourhood(conn, pending, decisions, rules, sides)
    say(f"linking {len(rows):,} reports")
    groups = link(link_input(rows, sides), rules, decisions)
    say(f"writing {len(groups):,} incidents")
    outcome = write_groups(
        conn, builder, groups, current, actor=actor, now=now, reassess=everything
    )
    outcome.reports_linked = len(rows)
    outcome.incidents_total = incidents.count(conn)
    return outcome


def link_input(rows: LinkRows, sides: Mapping[str, str | None] | None = None) -> LinkInput:
    """Linking's columns from the stored rows (strings become small integer codes).
    `sides` maps an origin (source id or name, case-folded) to the party it speaks for;
    origins it lacks count as neutral."""
    speaks_for = sides or {}
    return LinkInput(
        ids=rows.ids,
        day=rows.day,
        half_window=np.array([HALF_WINDOW_DAYS[t] for t in rows.time_precision]),
        lat=rows.lat,
        lon=rows.lon,
        radius_km=np.array([RADIUS_KM[g] for g in rows.geo_precision]),
        event_type=_codes(rows.event_type),
        sub_event_type=_codes(rows.sub_event_type),
        place=place_codes(rows.place_name, rows.lat, rows.lon),
        origin=_codes(rows.origin),
        actor=actor_codes(
            rows.actor, rows.actor_party, [speaks_for.get(o.casefold()) for o in rows.origin]
        ),
        fatalities=rows.killed,
    )


def sides_of(by_key: Mapping[str, Source]) -> dict[str, str | None]:
    """Which party each source speaks for, under the same keys (see `sources_by_key`)."""
    return {
        key: source.party_id if source.affiliation is Affiliation.PARTY else None
        for key, source in by_key.items()
    }


def _codes(values: Sequence[str]) -> IntArray:
    """Equal strings, equal small integers."""
    table: dict[str, int] = {}
    codes = np.fromiter(
        (table.setdefault(v, len(table)) for v in values), dtype=np.int64, count=len(values)
    )
    return codes


# --- the neighbourhood of new reports ---------------------------------------------------


def neighbourhood(
    conn: Connection,
    pending: Sequence[str],
    decisions: Decisions,
    rules: LinkRules,
    sides: Mapping[str, str | None],
) -> tuple[LinkRows, dict[str, str]]:
    """The new reports with every stored report in their components, and the current
    memberships of all of them.

    Reports near the frontier are read, components computed over what is read, and the
    frontier moves to the component members not searched around yet, until the components
    of the new reports stop growing. Reports sharing an incident or an analyst's merge
    with a component member are read too."""
    loaded: dict[str, int] = {}
    parts: list[LinkRows] = []
    members: dict[str, str] = {}
    merged = [set(g) for g in decisions.together]

    def load(rows: LinkRows) -> None:
        fresh = [k for k, rid in enumerate(rows.ids) if rid not in loaded]
        if fresh:
            parts.append(rows.take(fresh))
            for k in fresh:
                loaded[rows.ids[k]] = len(loaded)
            members.update(repo.memberships(conn, [rows.ids[k] for k in fresh]))

    load(repo.link_rows(conn, report_ids=list(pending)))
    frontier = list(pending)
    searched: set[str] = set()
    edges = _Edges()
    while True:
        if frontier:
            searched.update(frontier)
            rows = LinkRows.concat(parts)
            for near in _region_queries(rows.take([loaded[r] for r in frontier]), rules):
                load(repo.rows_near(conn, near))
        rows = LinkRows.concat(parts)
        label = _components(rows, rules, decisions, members, sides, edges)
        reach = {label[loaded[r]] for r in pending}
        inside = {r for r in rows.ids if label[loaded[r]] in reach}
        mates = _incident_mates(conn, members, inside) | {
            r for g in merged if g & inside for r in g
        }
        missing = sorted(mates - set(loaded))
        if missing:
            load(repo.link_rows(conn, report_ids=missing))
        frontier = sorted(r for r in inside if r not in searched) + missing
        if not frontier:
            break
    keep = [loaded[r] for r in sorted(inside)]
    kept = rows.take(keep)
    return kept, {r: members[r] for r in kept.ids if r in members}


def _incident_mates(conn: Connection, members: dict[str, str], rows: set[str]) -> set[str]:
    """Every report sharing an incident with one of `rows`."""
    incident_ids = sorted({members[r] for r in rows if r in members})
    return set(repo.reports_of_incidents(conn, incident_ids)) if incident_ids else set()


_TIME_BANDS = (("minute", "hour", "day"), ("week",), ("month",), ("year",))
_GEO_BANDS = (("exact", "settlement", "near"), ("district",), ("region",), ("country",))


def _region_queries(rows: LinkRows, rules: LinkRules) -> list[Nearby]:
    """Queries that find every stored report whose window and area can overlap those of
    `rows`: per band of time precision, one query per stretch of time that the rows'
    windows, widened by the widest window of the band, cover without a gap (rows far apart
    in time are not searched with one window spanning both); each asks for the box the
    widest radius of every band of place precision allows around the rows of its
    stretch."""
    half = np.array([HALF_WINDOW_DAYS[t] for t in rows.time_precision])
    radius = np.array([RADIUS_KM[g] for g in rows.geo_precision])
    epoch = datetime(1970, 1, 1, tzinfo=UTC)
    queries = []
    for times in _TIME_BANDS:
        reach_days = half + rules.slack_days + max(HALF_WINDOW_DAYS[t] for t in times) + 1e-6
        low, high = rows.day - reach_days, rows.day + reach_days
        for stretch in _stretches(low, high):
            since = epoch + timedelta(days=float(np.min(low[stretch])))
            until = epoch + timedelta(days=float(np.max(high[stretch])))
            areas = _areas(rows.lat[stretch], rows.lon[stretch], radius[stretch])
            queries.append(Nearby(since, until, times, areas))
    return queries


def _stretches(low: FloatArray, high: FloatArray) -> list[IntArray]:
    """The rows grouped by overlapping [low, high] intervals (each group's intervals
    chain into one stretch of time, apart from every other group's)."""
    order = np.argsort(low, kind="stable")
    reached = np.maximum.accumulate(high[order])
    breaks = np.flatnonzero(low[order][1:] > reached[:-1]) + 1
    return np.split(order, breaks)


def _areas(
    lat: FloatArray, lon: FloatArray, radius: FloatArray
) -> tuple[tuple[tuple[str, ...], repo.Box], ...]:
    """Per band of place precision, the box around the points that the band's widest
    radius plus each point's own allows."""
    areas = []
    for places in _GEO_BANDS:
        dlat = (radius + max(RADIUS_KM[g] for g in places)) / _KM_PER_DEG
        widest = np.minimum(np.abs(lat) + dlat, 85.0)
        dlon = dlat / np.maximum(np.cos(np.radians(widest)), 0.05)
        box = (
            float(np.min(lat - dlat)), float(np.min(lon - dlon)),
            float(np.max(lat + dlat)), float(np.max(lon + dlon)),
        )  # fmt: skip
        areas.append((places, box))
    return tuple(areas)


@dataclass
class _Edges:
    """The strong edges among the first `seen` rows read so far (rows are only ever
    appended, so their positions hold): each round scores only the pairs a new row is in."""

    seen: int = 0
    first: list[IntArray] = field(default_factory=list)
    second: list[IntArray] = field(default_factory=list)

    def add(self, inp: LinkInput, rules: LinkRules) -> IntArray:
        """The component labels over every row of `inp`, after adding the new rows' edges."""
        fresh = np.arange(len(inp)) >= self.seen
        i, j = strong_edges(inp, rules, fresh)
        self.first.append(i)
        self.second.append(j)
        self.seen = len(inp)
        return label_components(len(inp), np.concatenate(self.first), np.concatenate(self.second))


def _components(
    rows: LinkRows,
    rules: LinkRules,
    decisions: Decisions,
    members: dict[str, str],
    sides: Mapping[str, str | None],
    edges: _Edges,
) -> IntArray:
    """A label per row: rows joined by strong candidate edges, analysts' merges or a shared
    incident have the same label."""
    strong = edges.add(link_input(rows, sides), rules)
    parent = list(range(len(rows)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    for k, label in enumerate(strong.tolist()):
        if label != k:
            union(k, label)
    position = {rid: k for k, rid in enumerate(rows.ids)}
    by_incident: dict[str, list[str]] = {}
    for rid, incident_id in members.items():
        by_incident.setdefault(incident_id, []).append(rid)
    for group in [*decisions.together, *by_incident.values()]:
        present = [position[r] for r in group if r in position]
        for other in present[1:]:
            union(present[0], other)
    return np.array([find(k) for k in range(len(rows))], dtype=np.int64)


# --- writing incidents ------------------------------------------------------------------


def write_groups(
    conn: Connection,
    builder: IncidentBuilder,
    groups: list[list[str]],
    current: dict[str, str],
    *,
    actor: str,
    now: datetime,
    reassess: bool,
) -> LinkOutcome:
    """Store the groups as incidents: an incident keeps the id of the stored incident that
    holds most of its reports; verdicts follow renamed incidents."""
    old_members: dict[str, set[str]] = {}
    for rid, incident_id in current.items():
        old_members.setdefault(incident_id, set()).add(rid)
    named = _name(groups, current)
    changed = [
        (incident_id, group)
        for incident_id, group in zip(named, groups, strict=True)
        if reassess or old_members.get(incident_id) != set(group)
    ]
    gone = set(old_members) - set(named)
    renamed = _successors(gone, old_members, named, groups)
    for start in range(0, len(changed), WRITE_BATCH):
        part = changed[start : start + WRITE_BATCH]
        rows = builder.build(part, now=now)
        links = [(rid, incident_id) for incident_id, group in part for rid in group]
        repo.upsert_incidents(conn, rows)
        repo.set_links(conn, links)
    repo.delete_incidents(conn, gone)
    repo.move_overrides(conn, renamed)
    outcome = LinkOutcome(
        incidents_written=len(changed), incidents_removed=len(gone), renamed=renamed
    )
    _audit(conn, changed, old_members, renamed, actor=actor, now=now, outcome=outcome)
    return outcome


def _name(groups: list[list[str]], current: dict[str, str]) -> list[str]:
    """An id per group: the stored incident holding most of its reports (largest overlaps
    first, ties by id), or a new one."""
    overlaps: list[tuple[int, str, int]] = []
    for k, group in enumerate(groups):
        counts = Counter(current[r] for r in group if r in current)
        overlaps += [(-n, incident_id, k) for incident_id, n in counts.items()]
    names: list[str | None] = [None] * len(groups)
    taken: set[str] = set()
    for _, incident_id, k in sorted(overlaps):
        if names[k] is None and incident_id not in taken:
            names[k] = incident_id
            taken.add(incident_id)
    return [name or str(uuid.uuid4()) for name in names]


def _successors(
    gone: set[str], old_members: dict[str, set[str]], named: list[str], groups: list[list[str]]
) -> dict[str, str]:
    """For each incident that disappears, the incident that took most of its reports."""
    holder = {rid: incident_id for incident_id, g in zip(named, groups, strict=True) for rid in g}
    renamed = {}
    for old in sorted(gone):
        counts = Counter(holder[r] for r in old_members[old] if r in holder)
        if counts:
            renamed[old] = min(counts, key=lambda i: (-counts[i], i))
    return renamed


def _audit(
    conn: Connection,
    changed: list[tuple[str, list[str]]],
    old_members: dict[str, set[str]],
    renamed: dict[str, str],
    *,
    actor: str,
    now: datetime,
    outcome: LinkOutcome,
) -> None:
    if len(changed) > AUDIT_EACH_UP_TO:
        audit.append(
            conn, actor=actor, action="incidents.link", entity="incident", entity_id="*",
            after={"incidents_written": outcome.incidents_written,
                   "incidents_removed": outcome.incidents_removed,
                   "renamed": len(renamed)},
            at=now,
        )  # fmt: skip
        return
    for incident_id, group in changed:
        before = sorted(old_members.get(incident_id, ()))
        audit.append(
            conn, actor=actor, action="incident.link", entity="incident",
            entity_id=incident_id, before={"report_ids": before} if before else None,
            after={"report_ids": sorted(group)}, at=now,
        )  # fmt: skip
    for old, new in sorted(renamed.items()):
        audit.append(
            conn, actor=actor, action="incident.absorbed", entity="incident", entity_id=old,
            after={"into": new}, at=now,
        )  # fmt: skip
