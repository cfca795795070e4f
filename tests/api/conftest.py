"""An API over a fresh database (SQLite and PostgreSQL) with the reference scenario loaded
and one signed-in user per role, each with an API token."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from ceasefire.api import create_app
from ceasefire.config import Settings
from ceasefire.domain.access import Role, Viewer
from ceasefire.passwords import ScryptParams
from ceasefire.services import accounts, api_tokens, scenarios
from ceasefire.services.database import Database
from ceasefire.services.link_queue import queued_reports

ADMIN = Viewer(Role.ADMIN, None, "admin")
PASSWORD = "Correct-Horse-Battery-9"
FAST_HASH = ScryptParams(n=2**10)
"""Cheap hashes for the test users (a login rehashes with the real cost, as in service)."""

USERS: dict[str, dict[str, str | None]] = {
    "admin": {"role": "admin"},
    "analyst": {"role": "analyst"},
    "head": {"role": "head_of_mission"},
    "monitor.ru": {"role": "monitor", "nation": "RU"},
    "monitor.tr": {"role": "monitor", "nation": "TR"},
    "liaison.am": {"role": "party_liaison", "party": "AM"},
    "liaison.az": {"role": "party_liaison", "party": "AZ"},
}
"""The signed-in callers every API test has: username -> role, party, nation."""

WHO = (*USERS, "public")
"""Every kind of caller, `public` being nobody signed in."""


@dataclass
class World:
    """The app, its database, and a token per user."""

    client: TestClient
    db: Database
    settings: Settings
    tokens: dict[str, str] = field(default_factory=dict)

    def settle(self, wait: float = 20.0) -> None:
        """Wait until the linking worker has linked every report filed through the API."""
        deadline = time.monotonic() + wait
        while queued_reports(db=self.db):
            assert time.monotonic() < deadline, "the linking worker left reports queued"
            time.sleep(0.02)

    def auth(self, who: str) -> dict[str, str]:
        """Headers that make a request as `who` (a username of USERS, or `public`)."""
        if who == "public":
            return {}
        return {"Authorization": f"Bearer {self.tokens[who]}"}


def make_world(database_url: str, tmp_path: Path) -> Iterator[World]:
    """Build a World on `database_url`, evidence under `tmp_path`."""
    settings = Settings(database_url=database_url, actor="tester", evidence_dir=tmp_path / "ev")
    db = Database(settings)
    scenarios.load(db=db, name="nagorno-karabakh-2020", actor="tester")
    world_tokens: dict[str, str] = {}
    for username, spec in USERS.items():
        accounts.add_user(
            db=db,
            viewer=ADMIN,
            username=username,
            role=str(spec["role"]),
            password=PASSWORD,
            party_id=spec.get("party"),
            nation=spec.get("nation"),
            params=FAST_HASH,
        )
        new = api_tokens.create_token(db=db, viewer=ADMIN, username=username, name="tests")
        world_tokens[username] = new.secret
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        yield World(client=client, db=db, settings=settings, tokens=world_tokens)
    db.dispose()


@pytest.fixture
def world(database_url: str, tmp_path: Path) -> Iterator[World]:
    """The API on a fresh database of each backend, scenario loaded, users signed up."""
    yield from make_world(database_url, tmp_path)
