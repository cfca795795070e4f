"""The demonstration load behind `make run`, on both backends: generated reports under a
source that says they are generated, linked into incidents, one account per role whose
password signs in, and nothing added or changed by loading again."""

from __future__ import annotations

import pytest

from ceasefire.domain.access import Role, Viewer
from ceasefire.services import accounts
from ceasefire.services.database import Database
from ceasefire.services.demo import DEMO_ACCOUNTS, DEMO_SOURCE, load_demo
from ceasefire.services.scenarios import load
from ceasefire.storage.repositories import linking, sources

ADMIN = Viewer(Role.ADMIN, None, "tester")


@pytest.fixture
def ready(db: Database) -> Database:
    load(db=db, name="nagorno-karabakh-2020", actor="tester")
    return db


def test_demo_loads_labelled_reports_and_an_account_per_role(ready: Database) -> None:
    first = load_demo(db=ready, actor="tester", reports=60, seed=3)
    assert first.imported.rows_added == 60
    with ready.read() as conn:
        source = sources.find(conn, DEMO_SOURCE.id)
        assert source is not None and "not real" in source.name
        assert linking.unlinked_ids(conn) == []
    assert [a.username for a, _ in first.created] == [a.username for a in DEMO_ACCOUNTS]
    users = {u.username: u for u in accounts.list_users(db=ready, viewer=ADMIN)}
    for account, password in first.created:
        user = users[account.username]
        assert (user.role, user.party_id, user.nation) == (
            account.role,
            account.party_id,
            account.nation,
        )
        signed_in = accounts.authenticate(
            db=ready, username=account.username, password=password, remote="127.0.0.1"
        )
        assert signed_in.username == account.username

    again = load_demo(db=ready, actor="tester", reports=60, seed=3)
    assert again.imported.rows_added == 0 and again.imported.rows_skipped == 60
    assert again.created == [] and len(again.existing) == len(DEMO_ACCOUNTS)
