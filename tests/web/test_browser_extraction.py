"""End to end in Debian's Chromium (the harness of tests/web/harness.py: a server on a free
local port, no request off it): an analyst opens "From text" in the navigation, pastes a
ministry statement, reads the proposed event with its words marked in their sentence,
accepts it and follows the link to the report filed. Without /usr/bin/chromium (or
Playwright) the tests skip locally and fail in CI."""

# The fixtures are imported from the harness: tests name them as usual.
# ruff: noqa: F811

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from tests.api.conftest import make_world
from tests.web.harness import (  # noqa: F401 - the fixtures are used by name
    CHROMIUM,
    Served,
    _need,
    _serve,
    browser,
    page,
    sign_in,
)

from ceasefire.config import Settings
from ceasefire.services.setup import init_database

try:
    from playwright.sync_api import Page, expect
except ImportError:  # pragma: no cover - the dev extra installs it
    _need("playwright (the dev extra)", False, module=True)

STATEMENT = (
    "On July 12, from 12:55, units of the Armenian armed forces fired 14 mortar rounds at the"
    " positions of our troops near Aghdam village of the Tovuz region. As a result, two"
    " servicemen of the Azerbaijan Army were wounded."
)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    _need(str(CHROMIUM), CHROMIUM.exists())
    folder = tmp_path_factory.mktemp("browser-extraction")
    url = f"sqlite:///{folder / 'ceasefire.db'}"
    init_database(settings=Settings(database_url=url))
    worlds = make_world(url, folder)
    world = next(worlds)
    server, thread, address = _serve(world.settings)
    try:
        yield Served(url=address, world=world)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        for _ in worlds:
            pass


def test_an_analyst_proposes_and_accepts_a_statement(page: Page, served: Served) -> None:
    sign_in(page, "analyst")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="From text").click()
    page.wait_for_url(re.compile(r"/extract$"))
    page.get_by_role("textbox", name=re.compile(r"^Text")).fill(STATEMENT)
    page.get_by_label("Source").select_option("mod-az")
    page.get_by_label("Published").fill("2020-07-13")
    page.get_by_role("button", name="Propose reports").click()
    event = page.get_by_role("table", name=re.compile(r"^Event 1"))
    expect(event).to_contain_text("shelling")
    expect(event.get_by_role("row", name=re.compile(r"^projectiles"))).to_contain_text("14")
    wounded = event.get_by_role("row", name=re.compile(r"^wounded_military \(AZ\)"))
    expect(wounded.locator("mark")).to_have_text(
        "two servicemen of the Azerbaijan Army were wounded"
    )
    expect(wounded).to_contain_text("As a result,")
    page.get_by_role("button", name="Accept all 1 event").click()
    expect(page.get_by_role("status")).to_contain_text("1 event accepted")
    report = page.get_by_role("link", name=re.compile(r"^report "))
    expect(page.get_by_role("link", name=re.compile(r"^incident "))).to_have_count(1)
    report.click()
    page.wait_for_url(re.compile(r"/reports/[^/]+/filed$"))
    expect(page.locator("main")).to_contain_text("extracted-text.txt")
