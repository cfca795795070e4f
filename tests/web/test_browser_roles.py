"""End to end in Debian's Chromium (the harness of tests/web/harness.py): every caller of the
test world (one user per role and party, and the public) signs in through the sign-in page
and finds exactly the navigation of its role (`rendering.NAVIGATION`); every page it links
to opens; a page or step outside the role's reach answers as the server defines it (401 for
the public, 403 for a role that may not, 404 for what a role may not even see); signing out
leaves the public view. Keyboard sign-in is test_browser.py's.

Without /usr/bin/chromium (or Playwright) the tests skip locally and fail in CI."""

# The browser and page fixtures are the harness's, imported: tests name them as usual.
# ruff: noqa: F811

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from tests.api.conftest import USERS, WHO, make_world
from tests.api.test_reports_api import file, publish
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
from ceasefire.domain.access import Role, Viewer
from ceasefire.services import information_requests
from ceasefire.services.setup import init_database
from ceasefire.web.rendering import NAVIGATION

try:
    from playwright.sync_api import Page, expect
except ImportError:  # pragma: no cover - the dev extra installs it
    _need("playwright (the dev extra)", False, module=True)

STAFF_ROLES = (Role.ANALYST, Role.HEAD_OF_MISSION, Role.ADMIN)
DRAWN = {"/": "#map[data-zones][data-incidents]", "/reports/new": "#pick-map[data-zones]"}
"""Pages whose script fetches data: what shows it has drawn it (before the next click)."""


@dataclass(kw_only=True)
class Seeded(Served):
    """The server, an unpublished incident, and a question the mission sent to AM."""

    hidden: str
    question: str


@dataclass(frozen=True)
class Refusal:
    """A request outside a role's reach and the status the server answers it with."""

    method: str
    path: str
    status: int
    why: str


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Seeded]:
    _need(str(CHROMIUM), CHROMIUM.exists())
    folder = tmp_path_factory.mktemp("roles")
    url = f"sqlite:///{folder / 'ceasefire.db'}"
    init_database(settings=Settings(database_url=url))
    worlds = make_world(url, folder)
    world = next(worlds)
    hidden = file(world, "monitor.ru")
    shown = file(world, "monitor.tr", occurred_start="2020-11-18T03:00:00+04:00", latitude=39.75)
    assert hidden.incident_id is not None and shown.incident_id is not None
    publish(world, shown.incident_id)
    question = information_requests.send_request(
        db=world.db, party_id="AM", question="Were your units east of Martuni on 18 November?",
        viewer=Viewer(Role.ANALYST, None, "analyst"), actor="analyst",
    )  # fmt: skip
    server, thread, address = _serve(world.settings)
    try:
        yield Seeded(url=address, world=world, hidden=hidden.incident_id, question=question.id)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        for _ in worlds:
            pass


def role_of(who: str) -> Role:
    """The role of a caller of WHO (`public`: nobody signed in)."""
    return Role.PUBLIC if who == "public" else Role(str(USERS[who]["role"]))


def navigation_of(role: Role) -> list[tuple[str, str]]:
    """The (path, label) links the layout shows `role`, from NAVIGATION itself."""
    return [(path, label) for path, label, roles in NAVIGATION if roles is None or role in roles]


def refusals(who: str, served: Seeded) -> list[Refusal]:
    """What `who` may not open or do, with the server's answer."""
    answer = f"/complaints/requests/{served.question}/answer"
    role = role_of(who)
    if role is Role.PUBLIC:
        return [
            Refusal("GET", "/alerts", 401, "the mission's alerts need signing in"),
            Refusal("GET", f"/incidents/{served.hidden}", 404, "unpublished: not seen"),
        ]
    if role is Role.MONITOR:
        return [Refusal("GET", "/complaints", 403, "complaints are the liaisons' and staff's")]
    if role is Role.PARTY_LIAISON:
        refused = [
            Refusal("GET", "/alerts", 403, "alerts are the mission's"),
            Refusal("GET", "/reports/new", 403, "liaisons file complaints, not reports"),
            Refusal("GET", f"/incidents/{served.hidden}", 404, "unpublished: not seen"),
        ]
        if USERS[who]["party"] != "AM":
            refused.append(Refusal("POST", answer, 404, "the other party's question: not seen"))
        return refused
    assert role in STAFF_ROLES, f"no refusal written for {role}"
    return [Refusal("POST", answer, 403, "only AM's liaison answers AM's question")]


def shown_navigation(page: Page) -> list[tuple[str, str]]:
    """The (path, label) of the links of the page's main navigation, in order."""
    links = page.locator('nav[aria-label="Main"] a').evaluate_all(
        "links => links.map(a => [a.href, a.textContent.trim()])"
    )
    return [(urlsplit(href).path, label) for href, label in links]


def test_the_callers_cover_every_role() -> None:
    assert {role_of(who) for who in WHO} == set(Role)


@pytest.mark.parametrize("who", WHO)
def test_each_role_signs_in_and_finds_its_pages(page: Page, served: Seeded, who: str) -> None:
    role = role_of(who)
    if role is Role.PUBLIC:
        page.goto("/")
        expect(page.locator(".account")).to_contain_text("Public view")
    else:
        sign_in(page, who)
        expect(page.locator(".account .who")).to_contain_text(who)
        expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    expected = navigation_of(role)
    assert shown_navigation(page) == expected

    nav = page.get_by_role("navigation", name="Main")
    for path, label in expected:
        with page.expect_response(
            lambda r, path=path: r.request.is_navigation_request() and urlsplit(r.url).path == path
        ) as opened:
            nav.get_by_role("link", name=label, exact=True).click()
        assert opened.value.status == 200, (path, opened.value.status)
        if path in DRAWN:
            page.wait_for_selector(DRAWN[path], state="attached")
        expect(nav.locator("a[aria-current=page]")).to_have_attribute("href", path)
        expect(page.get_by_role("alert")).to_have_count(0)
        assert shown_navigation(page) == expected, path

    for refused in refusals(who, served):
        if refused.method == "GET":
            answer = page.goto(refused.path)
            assert answer is not None
            expect(page.get_by_role("alert")).to_be_visible()
        else:
            answer = page.request.post(
                refused.path, form={"answer": "Not ours.", "back": "/complaints"},
                headers={"Origin": served.url},
            )  # fmt: skip
        assert answer.status == refused.status, (refused, answer.status)

    if role is Role.PUBLIC:
        return
    page.goto("/")
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r"/$"))
    expect(page.locator(".account")).to_contain_text("Public view")
    assert shown_navigation(page) == navigation_of(Role.PUBLIC)
    for path, _label in expected:
        if (path, _label) not in navigation_of(Role.PUBLIC):
            answer = page.goto(path)
            assert answer is not None and answer.status == 401, path
