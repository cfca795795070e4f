"""A demonstration installation for `make run`: generated reports, labelled as generated,
and one account per role, so the dashboard opens on something a mission's staff can try.

Nothing here is presented as real: the reports come from the synthetic generator (the
reference scenario's places and parties, invented events) under a source named
"Generated demonstration data (not real events)". Loading again adds nothing (the reports'
natural keys) and leaves existing accounts alone.
"""

from __future__ import annotations

import secrets
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ceasefire.domain.access import Role, Viewer
from ceasefire.domain.sources import Source, SourceKind
from ceasefire.services import accounts
from ceasefire.services.database import Database
from ceasefire.services.imports import ImportOutcome, import_file
from ceasefire.services.sources import add_source
from ceasefire.storage.repositories import sources
from ceasefire.synthetic import generate_acled

__all__ = ["DEMO_ACCOUNTS", "DEMO_SOURCE", "DemoAccount", "DemoOutcome", "load_demo"]

DEMO_SOURCE = Source(
    "demo-generated", "Generated demonstration data (not real events)", SourceKind.DATASET
)
DEMO_REPORTS = 2_000
_ADMIN = Viewer(Role.ADMIN, None, "demo")


@dataclass(frozen=True, slots=True)
class DemoAccount:
    """One demonstration account: a role, and the party or monitoring nation it needs."""

    username: str
    role: Role
    party_id: str | None = None
    nation: str | None = None


DEMO_ACCOUNTS = (
    DemoAccount("admin", Role.ADMIN),
    DemoAccount("head", Role.HEAD_OF_MISSION),
    DemoAccount("analyst", Role.ANALYST),
    DemoAccount("monitor-ru", Role.MONITOR, nation="RU"),
    DemoAccount("monitor-tr", Role.MONITOR, nation="TR"),
    DemoAccount("liaison-am", Role.PARTY_LIAISON, party_id="AM"),
    DemoAccount("liaison-az", Role.PARTY_LIAISON, party_id="AZ"),
)


@dataclass(slots=True)
class DemoOutcome:
    """What loading the demonstration did: the import, and the accounts created now with
    their passwords (shown once; accounts that existed keep theirs)."""

    imported: ImportOutcome
    created: list[tuple[DemoAccount, str]] = field(default_factory=list)
    existing: list[str] = field(default_factory=list)


def load_demo(
    *, db: Database, actor: str, reports: int = DEMO_REPORTS, seed: int = 1
) -> DemoOutcome:
    """Import `reports` generated reports (linked into incidents) under DEMO_SOURCE and
    create the DEMO_ACCOUNTS that do not exist yet. Needs a loaded reference scenario."""
    with db.read() as conn:
        registered = sources.find(conn, DEMO_SOURCE.id) is not None
    if not registered:
        add_source(db=db, source=DEMO_SOURCE, actor=actor)
    with tempfile.TemporaryDirectory(prefix="ceasefire-demo-") as folder:
        path = Path(folder) / f"demo-{reports}-seed-{seed}.csv"
        generate_acled(path, reports=reports, seed=seed)
        imported = import_file(db=db, path=path, fmt="acled", actor=actor, source=DEMO_SOURCE.id)
    outcome = DemoOutcome(imported)
    known = {user.username for user in accounts.list_users(db=db, viewer=_ADMIN)}
    for account in DEMO_ACCOUNTS:
        if account.username in known:
            outcome.existing.append(account.username)
            continue
        password = _password()
        accounts.add_user(
            db=db, viewer=_ADMIN, username=account.username, role=account.role,
            password=password, party_id=account.party_id, nation=account.nation,
        )  # fmt: skip
        outcome.created.append((account, password))
    return outcome


def _password() -> str:
    """A random password that meets the account rules (letters, hex digits, a hyphen)."""
    return f"Demo-{secrets.token_hex(8)}"
