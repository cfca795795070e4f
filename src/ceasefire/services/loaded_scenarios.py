"""What the loaded scenarios hold, read once per process and kept while they stay loaded:
zones (with their enricher), party ids, agreements and dated events.

Only loading a scenario writes those tables, and every load changes the scenarios'
fingerprint (ids, content hashes, load times: one small read), so an entry is current as
long as the fingerprint is. Filing a report and building an incident each read the
fingerprint instead of every zone, agreement and event (about 3 ms to 5 ms a transaction).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from sqlalchemy import Connection

from ceasefire.domain.agreements import Agreement
from ceasefire.domain.timeline import TimelineEvent
from ceasefire.enrichment import Enricher
from ceasefire.storage.repositories import scenarios as scenario_repo

__all__ = ["LoadedScenarios", "loaded_scenarios"]


@dataclass(frozen=True, slots=True)
class LoadedScenarios:
    """The loaded scenarios' reference data."""

    enricher: Enricher
    party_ids: frozenset[str]
    agreements: tuple[Agreement, ...]
    events: tuple[TimelineEvent, ...]

    @staticmethod
    def read(conn: Connection) -> LoadedScenarios:
        """Read it all from the database."""
        return LoadedScenarios(
            enricher=Enricher(tuple(scenario_repo.list_zones(conn))),
            party_ids=frozenset(p.id for p in scenario_repo.list_parties(conn)),
            agreements=tuple(scenario_repo.list_agreements(conn)),
            events=tuple(scenario_repo.list_events(conn)),
        )


class _Cache:
    """A few entries by fingerprint (a new load replaces the scenarios; old entries age
    out)."""

    def __init__(self, size: int = 4) -> None:
        self._size = size
        self._entries: list[tuple[object, LoadedScenarios]] = []
        self._lock = threading.Lock()

    def get(self, conn: Connection) -> LoadedScenarios:
        key = scenario_repo.loaded_fingerprint(conn)
        with self._lock:
            for known, loaded in self._entries:
                if known == key:
                    return loaded
        loaded = LoadedScenarios.read(conn)
        with self._lock:
            self._entries = [(key, loaded), *self._entries][: self._size]
        return loaded


_CACHE = _Cache()


def loaded_scenarios(conn: Connection) -> LoadedScenarios:
    """What is loaded in the database `conn` reads (from the cache while the scenarios'
    fingerprint is unchanged)."""
    return _CACHE.get(conn)
