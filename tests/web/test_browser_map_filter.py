"""End to end in Debian's Chromium (the harness of tests/web/harness.py: a server on a free
local port, no request off it): the map's source-kind filter. An analyst chooses a kind of
source by keyboard alone and the markers change to the incidents reported by that kind
(as many as the service counts); the public's choice stays within published incidents.

Without /usr/bin/chromium (or Playwright) the tests skip locally and fail in CI."""

# The browser and page fixtures are the harness's, imported: tests name them as usual.
# ruff: noqa: F811

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from tests.api.conftest import make_world
from tests.api.test_reports_api import file, publish
from tests.web import harness
from tests.web.harness import (  # noqa: F401 - the fixtures are used by name
    CHROMIUM,
    _need,
    _serve,
    browser,
    page,
    sign_in,
    wait_for_the_map,
)

from ceasefire.config import Settings
from ceasefire.domain.access import Role, Viewer
from ceasefire.domain.sources import SourceKind
from ceasefire.services.imports import import_file
from ceasefire.services.incidents import IncidentFilter, list_incidents
from ceasefire.services.setup import init_database
from ceasefire.synthetic import generate_acled

try:
    from playwright.sync_api import Page, expect
except ImportError:  # pragma: no cover - the dev extra installs it
    _need("playwright (the dev extra)", False, module=True)

ANALYST = Viewer(Role.ANALYST, None, "analyst")


@dataclass(kw_only=True)
class Served(harness.Served):
    """The harness's server, and the incident a UAV reported."""

    uav: str


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    _need(str(CHROMIUM), CHROMIUM.exists())
    folder = tmp_path_factory.mktemp("map_filter")
    url = f"sqlite:///{folder / 'ceasefire.db'}"
    init_database(settings=Settings(database_url=url))
    worlds = make_world(url, folder)
    world = next(worlds)
    generate_acled(folder / "reports.csv", reports=30, seed=11)
    import_file(db=world.db, path=folder / "reports.csv", fmt="acled", actor="tester")
    file(world, "monitor.ru")
    shown = file(world, "monitor.tr", occurred_start="2020-11-18T03:00:00+04:00", latitude=39.75)
    assert shown.incident_id is not None
    publish(world, shown.incident_id)
    uav = file(
        world, "analyst", source="jmc-uav", how_observed="uav", latitude=39.6, longitude=46.55,
        place_name="Lachin", occurred_start="2020-11-20T09:00:00+04:00",
    ).incident_id  # fmt: skip
    assert uav is not None
    server, thread, address = _serve(world.settings)
    try:
        yield Served(url=address, world=world, uav=uav)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        for _ in worlds:
            pass


def reported_by(served: Served, kind: SourceKind | None) -> int:
    """How many incidents the service finds with a report of `kind` (any: None) for the
    analyst."""
    flt = IncidentFilter(source_kind=kind, limit=500)
    return len(list_incidents(db=served.world.db, flt=flt, viewer=ANALYST))


def changed_from(page: Page, before: int) -> int:
    """The number of incidents the map shows once it has loaded a different number."""
    page.wait_for_function(
        "n => document.querySelector('#map').dataset.incidents !== String(n)", arg=before
    )
    return int(page.get_attribute("#map", "data-incidents") or "-1")


def test_an_analyst_filters_the_map_by_source_kind_by_keyboard(page: Page, served: Served) -> None:
    sign_in(page, "analyst")
    everything = wait_for_the_map(page)
    assert everything == reported_by(served, None) > reported_by(served, SourceKind.DATASET)
    control = page.get_by_label("Source kind")
    control.focus()
    page.keyboard.type("uav")
    expect(control).to_have_value("uav")
    assert changed_from(page, everything) == 1
    marker = page.locator(".incident-marker")
    expect(marker).to_have_count(1)
    expect(page.locator(".marker-cluster")).to_have_count(0)
    assert (marker.get_attribute("title") or "").startswith("Lachin, 2020-11-20")
    expect(page.locator("#map-count")).to_contain_text("1 incident shown")
    control.select_option("dataset")
    datasets = changed_from(page, 1)
    assert datasets == reported_by(served, SourceKind.DATASET) and datasets > 1
    expect(page.locator(".incident-marker, .marker-cluster").first).to_be_visible()
    control.select_option("")
    assert changed_from(page, datasets) == everything


def test_the_publics_choice_stays_within_published_incidents(page: Page, served: Served) -> None:
    page.goto("/")
    assert wait_for_the_map(page) == 1
    page.get_by_label("Source kind").select_option("uav")
    assert changed_from(page, 1) == 0
    expect(page.locator(".incident-marker")).to_have_count(0)
    page.get_by_label("Source kind").select_option("observation_post")
    assert changed_from(page, 0) == 1
    expect(page.locator(".incident-marker")).to_have_count(1)
