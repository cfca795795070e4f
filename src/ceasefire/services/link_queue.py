"""Link queued reports in the background: what the API files is stored at once and linked
moments later by one worker, so a request never waits for linking.

The queue is the reports in no incident yet. It is durable (it is the reports table, so a
restart loses nothing), and `ceasefire link` empties it too. The worker takes one queued
report at a time and links its connected component exactly as `link_within` does, so
queued, incremental and batch linking give the same incidents. It works in two steps so
that writers do not queue behind its reading (on SQLite one writer at a time holds the
lock): the component is read and linked on a read connection (a snapshot under WAL), then a
short write transaction checks that nothing it read has changed (the incidents of every
report read, the members of those incidents, analysts' merges and splits) and writes the
incidents. When something has changed it reads again; after a few tries it links inside one
write transaction.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol

from sqlalchemy import Connection, text

from ceasefire.domain.audit import AuditEntry
from ceasefire.domain.link_decisions import LinkDecision, compile_decisions
from ceasefire.domain.linking import LinkRules, link
from ceasefire.services.database import Database
from ceasefire.services.incident_building import IncidentBuilder, sources_by_key
from ceasefire.services.linking import (
    DEFAULT_RULES,
    LinkOutcome,
    link_input,
    link_within,
    neighbourhood,
    sides_of,
    write_groups,
)
from ceasefire.storage.repositories import audit
from ceasefire.storage.repositories import linking as repo

__all__ = ["Flag", "LinkWorker", "link_queued", "queued_reports"]

log = logging.getLogger(__name__)

TRIES = 3
"""Optimistic attempts before linking inside one write transaction."""


class Flag(Protocol):
    """An event the worker waits on: `threading.Event`, or a `multiprocessing` event when
    it runs in a process of its own (`services.link_process`)."""

    def set(self) -> None: ...
    def clear(self) -> None: ...
    def is_set(self) -> bool: ...
    def wait(self, timeout: float | None = None) -> bool: ...


_LINK_LOCK_KEY = 72_616_421  # advisory lock id serialising queued linking on PostgreSQL


def queued_reports(*, db: Database) -> list[str]:
    """The reports waiting to be linked (in no incident yet)."""
    with db.read() as conn:
        return repo.unlinked_ids(conn)


@dataclass(frozen=True, slots=True)
class _Plan:
    """What the read step found and decided: the component's reports, their incidents,
    the decisions it was linked under, and the groups to write."""

    report_ids: list[str]
    current: dict[str, str]
    history: list[LinkDecision]
    groups: list[list[str]]


def link_queued(
    *,
    db: Database,
    report_id: str,
    actor: str,
    now: datetime | None = None,
    rules: LinkRules = DEFAULT_RULES,
) -> LinkOutcome | None:
    """Link a queued report (and every queued report of its component) into incidents;
    None when it is linked already (by a component linked earlier, or `ceasefire link`)."""
    when = now or datetime.now(UTC)
    for _ in range(TRIES):
        plan = _read(db, report_id, rules)
        if plan is None:
            return None
        with db.transaction() as conn:
            _serialise(conn)
            if _unchanged(conn, plan):
                outcome = write_groups(
                    conn, IncidentBuilder(conn), plan.groups, plan.current,
                    actor=actor, now=when, reassess=False,
                )  # fmt: skip
                outcome.reports_linked = len(plan.report_ids)
                return outcome
        log.info("linking report %s: its component changed while read; reading again", report_id)
    with db.transaction() as conn:
        _serialise(conn)
        if repo.memberships(conn, [report_id]):
            return None
        return link_within(conn, [report_id], actor=actor, now=when, rules=rules)


def _read(db: Database, report_id: str, rules: LinkRules) -> _Plan | None:
    with db.read() as conn:
        if repo.memberships(conn, [report_id]) or not repo.link_rows(conn, report_ids=[report_id]):
            return None
        history = repo.decisions(conn)
        decisions = compile_decisions(history)
        sides = sides_of(sources_by_key(conn))
        rows, current = neighbourhood(conn, [report_id], decisions, rules, sides)
    groups = link(link_input(rows, sides), rules, decisions)
    return _Plan(list(rows.ids), current, history, groups)


def _serialise(conn: Connection) -> None:
    """On PostgreSQL, one queued linking at a time (SQLite's write lock already is one)."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LINK_LOCK_KEY})


def _unchanged(conn: Connection, plan: _Plan) -> bool:
    """True when what the plan was made from is still what is stored."""
    if repo.memberships(conn, plan.report_ids) != plan.current:
        return False
    members: dict[str, set[str]] = defaultdict(set)
    for report_id, incident_id in plan.current.items():
        members[incident_id].add(report_id)
    stored = set(repo.reports_of_incidents(conn, sorted(members)))
    if stored != set(plan.current):
        return False
    return repo.decisions(conn) == plan.history


class LinkWorker:
    """One background thread that links queued reports.

    It looks for work when the audit log has grown (every filing appends to it), checked
    every `poll` seconds with one indexed read (listing the queue scans the reports), and
    at once when told (`notify`). Linking is CPU work in the server's process, so while
    reports are being filed (the newest audit entry is a filing less than a second old)
    it pauses `yield_factor` times as long as each report took, leaving the requests most
    of the interpreter; in quiet moments it links flat out."""

    def __init__(
        self,
        db: Database,
        *,
        actor: str = "linking",
        poll: float = 0.5,
        yield_factor: float = 3.0,
        rules: LinkRules = DEFAULT_RULES,
        wake: Flag | None = None,
        stopping: Flag | None = None,
    ) -> None:
        self.db = db
        self.actor = actor
        self.poll = poll
        self.yield_factor = yield_factor
        self.rules = rules
        self.linked = 0
        """Queued reports linked so far (with the queued reports of their components)."""
        self.errors = 0
        """Failed attempts so far (logged; the reports stay queued and are tried again)."""
        self._wake: Flag = wake or threading.Event()
        self._stopping: Flag = stopping or threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Start the thread (once)."""
        if self._thread is None:
            self._stopping.clear()
            self._thread = threading.Thread(
                target=self.run, name="ceasefire-link-worker", daemon=True
            )
            self._thread.start()

    def notify(self) -> None:
        """Something was queued: look now rather than at the next poll."""
        self._wake.set()

    def stop(self, timeout: float = 30.0) -> None:
        """Finish the report in hand and stop; what is left stays queued."""
        self._stopping.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def run(self, parent_pid: int | None = None) -> None:
        """Link until stopped, in the calling thread (`start` runs this in a thread of its
        own). With `parent_pid`, also stop when that process is gone."""
        seen: int | None = None
        while not self._stopping.is_set():
            if parent_pid is not None and os.getppid() != parent_pid:
                return
            try:
                latest = self._audit_seq()
                if latest != seen or self._wake.is_set():
                    self._wake.clear()
                    seen = latest
                    if self._drain():
                        continue
            except Exception:  # the worker must outlive a failed read or write
                self.errors += 1
                log.exception("linking queued reports failed; they stay queued")
            self._wake.wait(self.poll)

    def _latest(self) -> AuditEntry | None:
        with self.db.read() as conn:
            return audit.latest(conn)

    def _audit_seq(self) -> int:
        last = self._latest()
        return 0 if last is None else last.seq

    def _filing_now(self) -> bool:
        last = self._latest()
        recent = datetime.now(UTC) - timedelta(seconds=1)
        return last is not None and last.action == "report.file" and last.at > recent

    def _drain(self) -> bool:
        """Link every report queued now; True if any was linked."""
        linked = False
        for report_id in queued_reports(db=self.db):
            if self._stopping.is_set():
                break
            started = time.perf_counter()
            if link_queued(db=self.db, report_id=report_id, actor=self.actor, rules=self.rules):
                linked = True
                self.linked += 1
            if self._filing_now():
                pause = min(self.yield_factor * (time.perf_counter() - started), 1.0)
                self._stopping.wait(pause)
        return linked
