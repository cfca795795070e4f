"""The dashboard over a fresh database of each backend (the API tests' world: reference
scenario, one user per role), with an unpublished and a published incident."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from tests.api.conftest import PASSWORD, World, make_world
from tests.api.test_reports_api import file, publish

SITE = {"Origin": "http://testserver"}
"""What a browser sends with a form of this site."""


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[Any]:
    """Keep each phase's report on the test (`report_call`...), so the browser tests' page
    fixture knows a test failed and writes a screenshot. Hooks take effect only here, in a
    conftest.py, not in a test module."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


@dataclass
class Site:
    """The app with two incidents: `hidden` (unpublished) and `shown` (published)."""

    world: World
    hidden: str
    shown: str

    def sign_in(self, who: str) -> None:
        """Sign in through the form; the client keeps the session cookie."""
        r = self.world.client.post(
            "/login", data={"username": who, "password": PASSWORD}, headers=SITE,
            follow_redirects=False,
        )  # fmt: skip
        assert r.status_code == 303, r.text

    def get(self, path: str, who: str = "public", **params: str) -> str:
        """The HTML of a page as `who` (by API token; no cookie), which must be 200."""
        r = self.world.client.get(path, params=params, headers=self.world.auth(who))
        assert r.status_code == 200, (who, path, r.status_code, r.text[-500:])
        assert r.headers["content-type"].startswith("text/html")
        return r.text


@pytest.fixture
def site(database_url: str, tmp_path: Path) -> Iterator[Site]:
    for world in make_world(database_url, tmp_path):
        hidden = file(world, "monitor.ru")
        shown = file(
            world, "monitor.tr", occurred_start="2020-11-18T03:00:00+04:00", latitude=39.75
        )
        publish(world, shown.incident_id)
        assert hidden.incident_id is not None and shown.incident_id is not None
        yield Site(world, hidden.incident_id, shown.incident_id)
