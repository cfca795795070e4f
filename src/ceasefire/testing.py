"""Test helpers usable by ceasefire's own tests and by plugin authors: factories and databases."""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import create_engine, text

from ceasefire.domain.sources import Affiliation, Reliability, Source, SourceKind

__all__ = [
    "POSTGRES_ADMIN_URL",
    "REFERENCE_ZONE_IDS",
    "postgres_reachable",
    "report_data",
    "sample_source",
    "temporary_postgres_database",
]

POSTGRES_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"

REFERENCE_ZONE_IDS = (
    "district-aghdam",
    "district-fuzuli",
    "district-jabrayil",
    "district-zangilan",
    "district-qubadli",
    "district-lachin",
    "district-kalbajar",
    "nk-pre-2020",
    "line-of-contact-1994",
    "handover-aghdam",
    "handover-kalbajar",
    "handover-lachin",
    "lachin-corridor",
    "nakhchivan-link",
)
"""Every zone of the Nagorno-Karabakh reference scenario."""


def sample_source(source_id: str = "op-aghdam", **overrides: Any) -> Source:
    """An observation post of the monitoring mission, grade B."""
    fields: dict[str, Any] = {
        "id": source_id,
        "name": "Observation post Aghdam (test)",
        "kind": SourceKind.OBSERVATION_POST,
        "affiliation": Affiliation.MONITOR,
        "party_id": "RU",
        "reliability": Reliability.B,
    }
    fields.update(overrides)
    return Source(**fields)


def report_data(**overrides: Any) -> dict[str, Any]:
    """Fields of a valid report as a JSON file or API body would carry them."""
    data: dict[str, Any] = {
        "source": "op-aghdam",
        "occurred_start": "2020-11-16T21:40:00+04:00",
        "time_precision": "minute",
        "latitude": 39.9934,
        "longitude": 46.9274,
        "geo_precision": "exact",
        "place_name": "Aghdam",
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Shelling/artillery/missile attack",
        "actors": [{"name": "Unknown forces", "side": "initiator"}],
        "weapons": ["mortar"],
        "observations": {"explosions": 3},
        "casualties": {"wounded_civilian": {"low": 1, "best": 1, "high": 2}},
        "how_observed": "heard",
        "credibility": 3,
        "text": "Three explosions heard, assessed as mortar impacts 2-3 km south-east.",
    }
    data.update(overrides)
    return data


def postgres_reachable(host: str = "127.0.0.1", port: int = 5432) -> bool:
    """True when something accepts TCP connections on the PostgreSQL port."""
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


@contextmanager
def temporary_postgres_database(admin_url: str = POSTGRES_ADMIN_URL) -> Iterator[str]:
    """Create a throwaway database, yield its URL, and drop it afterwards."""
    name = f"ceasefire_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        yield admin_url.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
