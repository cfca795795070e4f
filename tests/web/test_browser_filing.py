"""End to end in Debian's Chromium (the harness of tests/web/harness.py: a server on a free
local port, no request off it): a monitor files a report by clicking the map and finds it in the
reports list and the map's data; a draft survives a reload and a dropped connection, on a
tablet's screen too; an analyst acknowledges an alert; the timeline for the public.

Without /usr/bin/chromium (or Playwright) the tests skip locally and fail in CI."""

# The browser and page fixtures are the harness's, imported: tests name them as usual.
# ruff: noqa: F811

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from tests.api.conftest import make_world
from tests.api.test_reports_api import file
from tests.web.harness import (  # noqa: F401 - the fixtures are used by name
    CHROMIUM,
    Served,
    _need,
    _serve,
    browser,
    page,
    sign_in,
    wait_for_the_map,
)

from ceasefire.config import Settings
from ceasefire.services.alerts import raise_alerts
from ceasefire.services.setup import init_database

try:
    from playwright.sync_api import Page, expect
except ImportError:  # pragma: no cover - the dev extra installs it
    _need("playwright (the dev extra)", False, module=True)

T0 = datetime(2020, 11, 19, 12, 0, tzinfo=UTC)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
LINKED = 20.0


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    _need(str(CHROMIUM), CHROMIUM.exists())
    folder = tmp_path_factory.mktemp("filing")
    url = f"sqlite:///{folder / 'ceasefire.db'}"
    init_database(settings=Settings(database_url=url))
    worlds = make_world(url, folder)
    world = next(worlds)
    file(world, "monitor.ru")
    assert raise_alerts(db=world.db, now=T0, since=T0.date() - timedelta(days=10)).raised
    server, thread, address = _serve(world.settings)
    try:
        yield Served(address, world)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        for _ in worlds:
            pass


def open_the_form(page: Page) -> None:
    """The report form, from the navigation, once its map has drawn the zones."""
    page.get_by_role("link", name="Report", exact=True).click()
    page.wait_for_url(re.compile(r"/reports/new$"))
    page.wait_for_selector("#pick-map[data-zones]", state="attached")


def fill_the_form(page: Page, place: str) -> None:
    """Everything but the position."""
    page.get_by_label("Who or what reports (required)").select_option("jmc-patrol")
    page.get_by_label("Place name").fill(place)
    page.get_by_label("Event type (required)").select_option("Explosions/Remote violence")
    page.get_by_label("Sub-event type").select_option("Shelling/artillery/missile attack")
    page.get_by_label("How it was observed").select_option("heard")
    page.get_by_label("Explosions").fill("5")
    page.get_by_label("Wounded, civilian, best").fill("2")
    page.get_by_label("mortar").check()
    page.get_by_label("Account, as observed").fill(f"Five explosions heard near {place}.")


def reports_of(page: Page) -> list[dict[str, Any]]:
    """The reports the signed-in user may read, as GET /api/v1/reports lists them."""
    answer = page.request.get("/api/v1/reports?limit=500&since=2000-01-01T00:00:00Z")
    assert answer.ok, answer.text()
    items: list[dict[str, Any]] = answer.json()["items"]
    return items


def linked_incident(page: Page) -> str:
    """The incident the filed report's page links to, once linking is done."""
    deadline = time.monotonic() + LINKED
    while page.locator("section[aria-labelledby=where-next] a[href^='/incidents/']").count() == 0:
        assert time.monotonic() < deadline, "the report was never linked"
        time.sleep(0.2)
        page.reload()
    href = page.locator(
        "section[aria-labelledby=where-next] a[href^='/incidents/']"
    ).first.get_attribute("href")
    return str(href).removeprefix("/incidents/").split("?")[0]


def test_a_monitor_files_a_report_by_clicking_the_map(page: Page, served: Served) -> None:
    sign_in(page, "monitor.ru")
    open_the_form(page)
    fill_the_form(page, "Kengerli")
    box = page.locator("#pick-map").bounding_box()
    assert box is not None
    where = {"x": box["width"] * 0.45, "y": box["height"] * 0.55}
    page.locator("#pick-map").click(position=where)
    latitude = float(page.get_by_label("Latitude (required)").input_value())
    longitude = float(page.get_by_label("Longitude (required)").input_value())
    assert 38 < latitude < 42 and 44 < longitude < 49
    expect(page.locator(".leaflet-marker-icon")).to_have_count(1)
    page.get_by_label("Evidence files").set_input_files(
        {"name": "crater.png", "mimeType": "image/png", "buffer": PNG}
    )
    page.get_by_role("button", name="File the report").click()
    page.wait_for_url(re.compile(r"/reports/[0-9a-f-]+/filed\?attached=1$"))
    expect(page.get_by_role("status")).to_contain_text("The report is filed.")
    expect(page.locator("#report-filed")).to_contain_text("crater.png")
    report_id = page.locator("#report-filed code").first.inner_text()
    assert page.evaluate("Object.keys(localStorage).length") == 0, "the draft is forgotten"
    filed = [r for r in reports_of(page) if r["id"] == report_id]
    assert filed and filed[0]["place_name"] == "Kengerli"
    assert (filed[0]["latitude"], filed[0]["longitude"]) == (latitude, longitude)
    incident = linked_incident(page)
    page.get_by_role("link", name="map").first.click()
    wait_for_the_map(page)
    shown = page.request.get("/api/v1/incidents?format=geojson&limit=500").json()
    assert incident in {f["id"] for f in shown["features"]}


def test_a_draft_survives_a_reload_and_a_dropped_connection(page: Page, served: Served) -> None:
    page.set_viewport_size({"width": 800, "height": 1280})
    sign_in(page, "monitor.tr")
    open_the_form(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 800, "one column fits"
    fill_the_form(page, "Shykhlar")
    page.get_by_label("Latitude (required)").fill("39.81234")
    page.get_by_label("Longitude (required)").fill("46.95678")
    page.get_by_label("Longitude (required)").press("Tab")
    draft = page.locator("input[name=draft]").input_value()
    page.reload()
    page.wait_for_selector("#pick-map[data-zones]", state="attached")
    expect(page.locator("#draft-note")).to_be_visible()
    expect(page.locator("#draft-note")).to_contain_text("was restored")
    assert page.get_by_label("Place name").input_value() == "Shykhlar"
    assert page.get_by_label("Latitude (required)").input_value() == "39.81234"
    assert page.get_by_label("mortar").is_checked()
    assert page.locator("input[name=draft]").input_value() == draft
    expect(page.locator(".leaflet-marker-icon")).to_have_count(1)
    height = page.get_by_role("button", name="File the report").bounding_box()
    assert height is not None and height["height"] >= 44, "a large touch target"

    page.context.set_offline(True)
    page.get_by_role("button", name="File the report").click(no_wait_after=True)
    page.wait_for_timeout(500)
    page.context.set_offline(False)
    page.goto("/reports/new")
    expect(page.locator("#draft-note")).to_be_visible()
    assert page.locator("input[name=draft]").input_value() == draft
    before = len(reports_of(page))
    page.get_by_role("button", name="File the report").click()
    page.wait_for_url(re.compile(r"/filed\?"))
    page.go_back()
    page.goto("/reports/new")
    expect(page.locator("#draft-note")).to_be_hidden()
    assert page.get_by_label("Place name").input_value() == ""
    assert len(reports_of(page)) == before + 1


def test_an_analyst_acknowledges_an_alert(page: Page, served: Served) -> None:
    sign_in(page, "analyst")
    page.get_by_role("link", name="Alerts", exact=True).click()
    expect(page).to_have_url(re.compile(r"/alerts$"))
    open_alerts = page.locator("section[aria-labelledby=open-title] tbody tr")
    expect(open_alerts.first).to_be_visible()
    count = open_alerts.count()
    assert count >= 1
    title = open_alerts.first.locator("a").inner_text()
    open_alerts.first.locator("a").click()
    expect(page.get_by_role("heading", name="Evidence")).to_be_visible()
    page.get_by_label("Note (optional)").fill("Patrol sent; nothing seen.")
    page.get_by_role("button", name="Acknowledge").click()
    expect(page.get_by_role("status")).to_contain_text("You acknowledged this alert.")
    expect(page.locator(".facts").first).to_contain_text("Patrol sent; nothing seen.")
    page.get_by_role("link", name="← Alerts").click()
    # count() does not wait for the list page to load; the expectation does.
    expect(open_alerts).to_have_count(count - 1)
    done = page.locator("section[aria-labelledby=acknowledged-title]")
    expect(done).to_contain_text(title)
    expect(done).to_contain_text("analyst")


def test_the_public_reads_the_timeline(page: Page, served: Served) -> None:
    page.goto("/")
    page.get_by_role("link", name="Timeline", exact=True).click()
    expect(page.get_by_role("heading", name=re.compile(r"^November 2020"))).to_be_visible()
    page.get_by_label("From", exact=True).fill("2020-11-01")
    page.get_by_label("To", exact=True).fill("2020-11-30")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(re.compile(r"since=2020-11-01&until=2020-11-30$"))
    headings = page.locator("section.period h2").all_inner_texts()
    assert headings[-1].startswith("November 2020") and not any("1905" in h for h in headings)
    assert page.get_by_role("link", name="Report", exact=True).count() == 0
