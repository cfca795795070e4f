"""Load a scenario (agreements, parties, zones, timeline) into the database, idempotently."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection

from ceasefire.domain.audit import canonical
from ceasefire.domain.scenario import Scenario
from ceasefire.domain.serialise import to_primitive
from ceasefire.domain.sources import Source
from ceasefire.scenarios import ScenarioInfo, available_scenarios, load_scenario
from ceasefire.scenarios.checkpoints import load_checkpoints
from ceasefire.scenarios.outlets import load_outlets
from ceasefire.services.database import Database
from ceasefire.services.tracking import register_checkpoints
from ceasefire.storage.repositories import audit, sources
from ceasefire.storage.repositories import scenarios as repo

__all__ = ["ScenarioLoad", "list_scenarios", "load"]


@dataclass(frozen=True, slots=True)
class ScenarioLoad:
    """What loading did: `changed` is False when the same content was already loaded."""

    scenario: Scenario
    changed: bool
    replaced: bool
    content_hash: str


def _register_outlets(conn: Connection, outlets: list[Source], actor: str) -> None:
    """Register the scenario's outlets that are not registered yet (grades an analyst set
    stay as they are)."""
    for outlet in outlets:
        if sources.find(conn, outlet.id) is None:
            sources.add(conn, outlet)
            audit.append(
                conn, actor=actor, action="source.add", entity="source", entity_id=outlet.id,
                after=outlet,
            )  # fmt: skip


def list_scenarios() -> list[ScenarioInfo]:
    """Scenarios shipped with ceasefire."""
    return available_scenarios()


def load(*, db: Database, name: str, actor: str) -> ScenarioLoad:
    """Load scenario `name` (packaged id or a directory); the same content twice is a no-op."""
    scenario = load_scenario(name)
    outlets = load_outlets(name)
    digest = hashlib.sha256(canonical(to_primitive(scenario)).encode()).hexdigest()
    with db.transaction() as conn:
        previous = repo.loaded_hash(conn, scenario.id)
        _register_outlets(conn, outlets, actor)
        register_checkpoints(conn, load_checkpoints(name), actor)
        if previous == digest:
            return ScenarioLoad(scenario, changed=False, replaced=False, content_hash=digest)
        repo.replace(conn, scenario, content_hash=digest, now=datetime.now(UTC))
        audit.append(
            conn,
            actor=actor,
            action="scenario.load",
            entity="scenario",
            entity_id=scenario.id,
            before=None if previous is None else {"content_hash": previous},
            after={
                "content_hash": digest,
                "agreements": len(scenario.agreements),
                "provisions": sum(len(a.provisions) for a in scenario.agreements),
                "zones": len(scenario.zones),
                "events": len(scenario.events),
            },
        )
    return ScenarioLoad(scenario, changed=True, replaced=previous is not None, content_hash=digest)
