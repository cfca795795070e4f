"""End to end in Debian's Chromium (the harness of tests/web/harness.py: a server on a free
local port, no request off it): Armenia's liaison files a complaint from the page; Azerbaijan's
liaison does not find it in the list, cannot open it by its address (404) and finds no link
to it on any page the navigation leads to; an analyst sees it in the queue with its
deadlines; the compliance board shows the provisions with their sparklines.

Without /usr/bin/chromium (or Playwright) the tests skip locally and fail in CI."""

# The browser and page fixtures are the harness's, imported: tests name them as usual.
# ruff: noqa: F811

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from tests.api.conftest import make_world
from tests.api.test_reports_api import file, publish
from tests.web.harness import (  # noqa: F401 - the fixtures are used by name
    CHROMIUM,
    TIMEOUT_MS,
    Served,
    _need,
    _serve,
    browser,
    page,
    sign_in,
)

from ceasefire.config import Settings
from ceasefire.domain.access import Role, Viewer
from ceasefire.services import complaints
from ceasefire.services.setup import init_database

try:
    from playwright.sync_api import Browser, Page, expect
except ImportError:  # pragma: no cover - the dev extra installs it
    _need("playwright (the dev extra)", False, module=True)

ALLEGATION = "Sniper fire on our post near Taghavard at dawn; one soldier wounded."
CRAWL_LIMIT = 120
"""Pages the other party's liaison's crawl opens at most (the navigation's and theirs)."""


@dataclass(frozen=True)
class Filed:
    """The complaint Armenia's liaison filed from the page."""

    reference: str
    id: str


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    _need(str(CHROMIUM), CHROMIUM.exists())
    folder = tmp_path_factory.mktemp("complaints")
    url = f"sqlite:///{folder / 'ceasefire.db'}"
    init_database(settings=Settings(database_url=url))
    worlds = make_world(url, folder)
    world = next(worlds)
    file(world, "monitor.ru")
    shown = file(world, "monitor.tr", occurred_start="2020-11-18T03:00:00+04:00", latitude=39.75)
    assert shown.incident_id is not None
    publish(world, shown.incident_id)
    server, thread, address = _serve(world.settings)
    try:
        yield Served(address, world)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        for _ in worlds:
            pass


@pytest.fixture(scope="module")
def filed(browser: Browser, served: Served, tmp_path_factory: pytest.TempPathFactory) -> Filed:
    """Armenia's liaison files a complaint through the form, on a tablet's screen."""
    context = browser.new_context(viewport={"width": 800, "height": 1280}, base_url=served.url)
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    try:
        sign_in(tab, "liaison.am")
        tab.get_by_role("link", name="Complaints", exact=True).click()
        tab.get_by_role("link", name="File a complaint").click()
        tab.wait_for_url(re.compile(r"/complaints/new$"))
        tab.get_by_label("What happened (required)").fill(ALLEGATION)
        tab.get_by_label("When it began").fill("2020-11-19T05:30")
        tab.get_by_label("Latitude").fill("39.81")
        tab.get_by_label("Longitude").fill("46.79")
        assert tab.evaluate("document.documentElement.scrollWidth") <= 800, "no sideways scroll"
        tab.get_by_role("button", name="File the complaint").click()
        tab.wait_for_url(re.compile(r"/complaints/AM-\d{4}-\d{3,}\?done=filed$"))
        expect(tab.get_by_role("status")).to_contain_text("Complaint filed.")
        reference = tab.url.split("?")[0].rsplit("/", 1)[1]
    except Exception:
        shot = tmp_path_factory.mktemp("filed") / "failure.png"
        tab.screenshot(path=str(shot), full_page=True)
        print(f"screenshot of the failure: {shot}")  # noqa: T201
        raise
    finally:
        context.close()
    am = Viewer(Role.PARTY_LIAISON, "AM", "liaison.am")
    found = complaints.show_complaint(db=served.world.db, key=reference, viewer=am)
    return Filed(reference, found.complaint.id)


def test_a_liaison_files_a_complaint_from_the_page(page: Page, filed: Filed) -> None:
    sign_in(page, "liaison.am")
    page.goto("/complaints")
    link = page.get_by_role("link", name=filed.reference)
    expect(link).to_be_visible()
    link.click()
    expect(page.get_by_role("heading", name=f"Complaint {filed.reference}")).to_be_visible()
    expect(page.locator(".allegation").first).to_have_text(ALLEGATION)
    expect(page.locator(".deadlines")).to_contain_text("Acknowledge by")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.hrefs += [v for k, v in attrs if k in ("href", "action") and v]


def crawl(page: Page, base: str, start: list[str]) -> dict[str, str]:
    """path -> HTML of every page of this site reachable by links from `start` (GETs only,
    with the page's session), up to CRAWL_LIMIT pages."""
    seen: dict[str, str] = {}
    queue = list(start)
    while queue and len(seen) < CRAWL_LIMIT:
        path = queue.pop(0)
        if path in seen:
            continue
        answer = page.context.request.get(base + path)
        seen[path] = answer.text()
        if not answer.headers.get("content-type", "").startswith("text/html"):
            continue
        parser = _Links()
        parser.feed(seen[path])
        for href in parser.hrefs:
            target = urlsplit(urljoin(base + path, href))
            if target.netloc != urlsplit(base).netloc or target.path.startswith("/static/"):
                continue
            queue.append(target.path + (f"?{target.query}" if target.query else ""))
    return seen


def test_the_other_party_cannot_reach_the_complaint(
    page: Page, served: Served, filed: Filed
) -> None:
    sign_in(page, "liaison.az")
    page.get_by_role("link", name="Complaints", exact=True).click()
    expect(page.get_by_role("heading", name="Complaints")).to_be_visible()
    assert filed.reference not in page.content()
    for key in (filed.reference, filed.id):
        answer = page.goto(f"/complaints/{key}")
        assert answer is not None and answer.status == 404
        expect(page.get_by_role("heading", name="Not found")).to_be_visible()
    page.goto("/")
    navigation = [
        urlsplit(a).path
        for a in page.locator('nav[aria-label="Main"] a').evaluate_all(
            "links => links.map(a => a.href)"
        )
    ]
    assert "/complaints" in navigation and "/compliance" in navigation
    pages = crawl(page, served.url, ["/", *navigation])
    assert len(pages) > len(navigation)
    for path, html in pages.items():
        assert filed.reference not in html and filed.id not in html, path


def test_staff_see_it_in_the_queue_with_its_deadlines(page: Page, filed: Filed) -> None:
    sign_in(page, "analyst")
    page.get_by_role("link", name="Complaints", exact=True).click()
    row = page.locator("tr.complaint", has=page.get_by_role("link", name=filed.reference))
    expect(row).to_have_count(1)
    expect(row).to_contain_text("received")
    expect(row.locator(".deadlines")).to_contain_text(re.compile(r"Acknowledge by \d{4}-"))
    expect(row.locator(".deadlines")).to_contain_text("Finding due")
    expect(row).to_contain_text(ALLEGATION[:40])
    row.get_by_role("link", name=filed.reference).click()
    page.get_by_role("button", name="Acknowledge receipt").click()
    expect(page.get_by_role("status")).to_contain_text("Complaint acknowledged.")
    expect(page.locator("h1 .badge")).to_have_text("acknowledged")


def test_the_compliance_board_shows_provisions_and_sparklines(page: Page) -> None:
    page.goto("/")
    page.get_by_role("link", name="Compliance", exact=True).click()
    expect(page.get_by_role("heading", name="Compliance board")).to_be_visible()
    assert page.locator("tr.provision").count() >= 20
    strip = page.locator("#provision-tri2020-1 svg.sparkline.strip")
    expect(strip).to_be_visible()
    box = strip.bounding_box()
    assert box is not None and box["width"] >= 150 and box["height"] >= 10
    expect(page.locator("#provision-tri2020-1 svg.sparkline.line")).to_be_visible()
    expect(page.locator("#provision-tri2020-6-new-route")).to_contain_text("days overdue")
    expect(page.locator("#provision-tri2020-1 a[href^='/incidents/']")).to_have_count(1)
