"""File reports: stored, placed and linked into an incident in one transaction, or stored
and queued for linking (the API's intake, see `services.link_queue`)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from sqlalchemy import Connection

from ceasefire.domain.report_parsing import parse_report
from ceasefire.domain.reports import Report
from ceasefire.errors import ConflictError, ValidationError
from ceasefire.services.database import Database, FirstWrite
from ceasefire.services.linking import link_within
from ceasefire.services.loaded_scenarios import loaded_scenarios
from ceasefire.storage.repositories import audit, incidents, linking, reports, sources

__all__ = [
    "FiledReport",
    "Filing",
    "file_report",
    "file_reports",
    "filed_entry",
    "new_report",
    "on_file",
    "reference_problem",
]


@dataclass(frozen=True, slots=True)
class FiledReport:
    """The stored report, its incident (None while it waits for linking), and whether it
    was already on file (same external id)."""

    report: Report
    incident_id: str | None
    duplicate: bool

    @property
    def linking(self) -> Literal["linked", "queued"]:
        """ "linked" when the report belongs to an incident, "queued" while it waits."""
        return "queued" if self.incident_id is None else "linked"


@dataclass(frozen=True, slots=True)
class Filing:
    """A report to file (validated, not stored yet), who files it, and the step its write
    transaction must run first (the claim of an Idempotency-Key), if any."""

    report: Report
    actor: str
    first_write: FirstWrite | None = None


def new_report(data: Mapping[str, Any], *, now: datetime | None = None) -> Report:
    """Validate `data` (ValidationError naming the field) into a report received now."""
    received = now or datetime.now(UTC)
    return parse_report(data, report_id=str(uuid.uuid4()), received_at=received)


def file_report(
    *,
    db: Database,
    data: Mapping[str, Any],
    actor: str,
    now: datetime | None = None,
    link: bool = True,
) -> FiledReport:
    """Validate and store one report and link it into an incident (a new one, or one of
    the same event already on file), in one transaction.

    With `link=False` the report is stored (durably, with its audit entry) but not linked:
    it waits in the linking queue (the reports in no incident yet) for the background
    worker of `services.link_queue`, or `ceasefire link`. Linking a report into a store of
    100,000 takes about 0.1 s, which a request cannot afford; storing one takes about 2 ms.
    """
    report = new_report(data, now=now)
    if not link:
        (result,) = file_reports(db=db, filings=[Filing(report, actor)])
        if isinstance(result, Exception):
            raise result
        return result
    loc = report.location
    with db.read() as conn:
        loaded = loaded_scenarios(conn)
        problem = reference_problem(report, _source_ids(conn), loaded.party_ids)
    if problem is not None:
        raise problem
    placed = loaded.enricher.enrich([loc.latitude], [loc.longitude])[0]
    with db.transaction() as conn:
        existing = on_file(conn, [report])
        if report.external_id in existing:
            return existing[report.external_id]
        reports.add(conn, report, placed, filed_by=actor)
        audit.append_many(conn, [filed_entry(report, actor)])
        link_within(conn, [report.id], actor=actor, now=report.received_at)
        incident_id = incidents.incident_of_report(conn, report.id)
    return FiledReport(report, incident_id, duplicate=False)


def file_reports(*, db: Database, filings: Sequence[Filing]) -> list[FiledReport | Exception]:
    """Store several reports, unlinked (they wait in the linking queue), in one write
    transaction: one commit, so one wait for the disk, for all of them (the API files the
    reports of concurrent requests this way, see `services.filing`).

    Each filing gets its own result: the report filed, the report already on file under
    its external id (also when an earlier filing of the same batch took it), or the error
    that refused it (an unknown source or party; a conflict on its Idempotency-Key), while
    the others are stored. An error of the database itself rolls the whole batch back
    and is raised (every Idempotency-Key claim re-armed for a retry)."""
    results: list[FiledReport | Exception | None] = [None] * len(filings)
    with db.read() as conn:
        loaded = loaded_scenarios(conn)
        source_ids = _source_ids(conn)
    accepted: list[int] = []
    for i, filing in enumerate(filings):
        problem = reference_problem(filing.report, source_ids, loaded.party_ids)
        if problem is None:
            accepted.append(i)
        else:
            results[i] = problem
    points = [filings[i].report.location for i in accepted]
    enriched = loaded.enricher.enrich([p.latitude for p in points], [p.longitude for p in points])
    placed = dict(zip(accepted, enriched, strict=True))
    try:
        with db.transaction() as conn:
            claimed = [i for i in accepted if _claim(conn, filings[i], results, i)]
            known = on_file(conn, [filings[i].report for i in claimed])
            stored: list[int] = []
            for i in claimed:
                report = filings[i].report
                key = report.external_id
                if key is not None and key in known:
                    results[i] = known[key]
                    continue
                stored.append(i)
                results[i] = FiledReport(report, None, duplicate=False)
                if key is not None:
                    known[key] = FiledReport(report, None, duplicate=True)
            reports.add_many(
                conn, [(filings[i].report, placed[i], filings[i].actor) for i in stored]
            )
            audit.append_many(
                conn, [filed_entry(filings[i].report, filings[i].actor) for i in stored]
            )
    except BaseException:
        for filing in filings:
            if filing.first_write is not None:
                filing.first_write.rolled_back()
        raise
    done = [r for r in results if r is not None]
    assert len(done) == len(filings)  # every filing got its result above
    return done


def _claim(
    conn: Connection, filing: Filing, results: list[FiledReport | Exception | None], i: int
) -> bool:
    """Run the filing's first-write step (its key's claim); a conflict refuses this filing
    only."""
    if filing.first_write is None:
        return True
    try:
        filing.first_write.run(conn)
    except ConflictError as exc:
        results[i] = exc
        return False
    return True


def on_file(conn: Connection, batch: Sequence[Report]) -> dict[str, FiledReport]:
    """The reports already on file under the external ids of `batch`, by external id, with
    their incident (None while one still waits in the linking queue)."""
    keys = {r.external_id for r in batch if r.external_id is not None}
    found = reports.find_by_external_ids(conn, keys)
    if not found:
        return {}
    incident_of = linking.memberships(conn, [r.id for r in found.values()])
    return {key: FiledReport(r, incident_of.get(r.id), duplicate=True) for key, r in found.items()}


def filed_entry(report: Report, actor: str) -> audit.Change:
    return audit.Change(
        actor=actor,
        action="report.file",
        entity="report",
        entity_id=report.id,
        after=report,
        at=report.received_at,
    )


def _source_ids(conn: Connection) -> list[str]:
    """The registered source ids, in order."""
    return sources.ids(conn)


def reference_problem(
    report: Report, source_ids: list[str], party_ids: frozenset[str]
) -> ValidationError | None:
    """Why the report names a source or party that does not exist, or None."""
    if report.source_id not in source_ids:
        known = ", ".join(source_ids) or "none yet; add one with `ceasefire sources add`"
        return ValidationError("source", report.source_id, f"unknown source (known: {known})")
    named = [(f"actors[{i}].party", a.party_id) for i, a in enumerate(report.actors)]
    named += [
        (f"casualties.military_by_party[{i}].party", t.party_id)
        for i, t in enumerate(report.casualties.military_by_party)
    ]
    for field, party_id in named:
        if party_id is not None and party_id not in party_ids:
            known = ", ".join(sorted(party_ids)) or "none; load a scenario first"
            return ValidationError(field, party_id, f"unknown party (known: {known})")
    return None
