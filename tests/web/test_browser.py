"""End to end in a real browser: Debian's Chromium driven by Playwright, against the app
served by uvicorn over a temporary SQLite database (reference scenario, generated reports
linked into incidents, one published incident), with the harness of tests/web/harness.py:
the browser may reach only this server; any other request fails the test, as it would on a
closed network.

Without /usr/bin/chromium (or Playwright) the tests skip locally and fail in CI."""

# The harness's names are imported here and re-exported: other browser test modules import
# them from this module or from tests/web/harness.py; tests name the fixtures as usual.
# ruff: noqa: F811

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from tests.api.conftest import PASSWORD, make_world
from tests.api.test_reports_api import file, publish
from tests.web import harness
from tests.web.harness import (  # noqa: F401 - re-exported, and fixtures used by name
    ARGS,
    CHROMIUM,
    IN_CI,
    TIMEOUT_MS,
    _need,
    _serve,
    browser,
    page,
    sign_in,
    wait_for_the_map,
)

from ceasefire.config import Settings
from ceasefire.services.imports import import_file
from ceasefire.services.setup import init_database
from ceasefire.synthetic import generate_acled

try:
    from playwright.sync_api import Page, expect
except ImportError:  # pragma: no cover - the dev extra installs it
    _need("playwright (the dev extra)", False, module=True)


@dataclass(kw_only=True)
class Served(harness.Served):
    """The server's address and the incidents the tests use."""

    hidden: str
    """An unpublished incident."""
    shown: str
    """The published incident."""
    pair: tuple[str, str]
    """Two incidents of 2 March 2021, far apart, for the merge."""


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    _need(str(CHROMIUM), CHROMIUM.exists())
    folder = tmp_path_factory.mktemp("browser")
    url = f"sqlite:///{folder / 'ceasefire.db'}"
    init_database(settings=Settings(database_url=url))
    worlds = make_world(url, folder)
    world = next(worlds)
    generate_acled(folder / "reports.csv", reports=40, seed=7)
    import_file(db=world.db, path=folder / "reports.csv", fmt="acled", actor="tester")
    hidden = file(world, "monitor.ru")
    shown = file(world, "monitor.tr", occurred_start="2020-11-18T03:00:00+04:00", latitude=39.75)
    publish(world, shown.incident_id)
    pair = [
        file(world, "monitor.ru", latitude=lat, longitude=46.6,
             occurred_start=f"2021-03-02T{hour}:00:00+00:00").incident_id
        for lat, hour in ((39.3, "08"), (40.3, "09"))
    ]  # fmt: skip
    ids = [hidden.incident_id, shown.incident_id, *pair]
    assert all(ids) and len(set(ids)) == 4
    server, thread, address = _serve(world.settings)
    try:
        yield Served(
            url=address, world=world, hidden=str(ids[0]), shown=str(ids[1]),
            pair=(str(ids[2]), str(ids[3])),
        )  # fmt: skip
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        for _ in worlds:
            pass


def test_an_analyst_sees_zones_and_incidents_on_the_map(page: Page, served: Served) -> None:
    sign_in(page, "analyst")
    expect(page.locator(".account")).to_contain_text("analyst")
    loaded = wait_for_the_map(page)
    assert loaded >= 20
    assert page.locator("path.zone").count() >= 10
    assert page.locator("path.zone-line_of_contact").count() >= 1
    markers = page.locator(".incident-marker, .marker-cluster")
    expect(markers.first).to_be_visible()
    expect(page.locator("#map-count")).to_contain_text(f"{loaded} incidents shown")
    expect(page.locator(".leaflet-control-attribution")).to_contain_text("Natural Earth")
    page.get_by_label("Event type").select_option("Battles")
    page.wait_for_function(
        "n => document.querySelector('#map').dataset.incidents !== String(n)", arg=loaded
    )
    assert int(page.get_attribute("#map", "data-incidents") or "0") < loaded


def test_the_list_leads_to_an_incident_in_full(page: Page, served: Served) -> None:
    sign_in(page, "analyst")
    page.get_by_role("link", name="Incidents", exact=True).click()
    rows = page.locator("table.incidents tbody tr")
    expect(rows.first).to_be_visible()
    assert rows.count() >= 20
    page.get_by_role("link", name="Confidence").click()
    expect(page.locator('th[aria-sort="descending"]')).to_contain_text("Confidence")
    rows.first.locator("a").first.click()
    expect(page.get_by_role("heading", name="How the confidence was reached")).to_be_visible()
    expect(page.get_by_role("heading", name="Reports", exact=True)).to_be_visible()
    assert page.locator("ol.explanation li").count() >= 2


def test_an_analyst_merges_two_incidents(page: Page, served: Served) -> None:
    sign_in(page, "analyst")
    page.goto("/incidents?since=2021-03-02&until=2021-03-02")
    for incident_id in served.pair:
        page.locator(f'input[value="{incident_id}"]').check()
    page.get_by_role("button", name="Merge selected").click()
    expect(page.locator(".message.error")).to_have_count(0)
    page.get_by_label("Reason (required)").fill("The same patrol report, placed twice.")
    page.get_by_role("button", name="Merge selected").click()
    page.wait_for_url(re.compile(r"/incidents/[0-9a-f-]+\?merged=2$"))
    expect(page.get_by_role("status")).to_contain_text("Merged 2 incidents into this one.")
    expect(page.locator(".facts")).to_contain_text("Reports2")
    page.goto("/incidents?since=2021-03-02&until=2021-03-02")
    assert page.locator("table.incidents tbody tr").count() == 1


def test_the_public_sees_no_unpublished_incident(page: Page, served: Served) -> None:
    page.goto("/")
    expect(page.locator(".account")).to_contain_text("Public view")
    assert wait_for_the_map(page) == 1
    page.goto("/incidents")
    links = page.locator("table.incidents tbody a")
    expect(links).to_have_count(1)
    assert links.first.get_attribute("href") == f"/incidents/{served.shown}"
    assert page.locator('input[type="checkbox"]').count() == 0
    answer = page.goto(f"/incidents/{served.hidden}")
    assert answer is not None and answer.status == 404
    expect(page.get_by_role("heading", name="Not found")).to_be_visible()


def test_signing_in_by_keyboard_alone(page: Page, served: Served) -> None:
    page.goto("/incidents")
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Sign in":
            break
    else:
        pytest.fail("Tab never reached the Sign in link")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/login$"))
    # autofocus may land a moment after the load event on a busy machine: wait for it.
    expect(page.locator("#username")).to_be_focused()
    page.keyboard.type("head")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/$"))
    expect(page.locator(".account")).to_contain_text("head of mission")
