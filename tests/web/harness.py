"""The browser tests' harness: Debian's Chromium driven by Playwright against the app served
by uvicorn on a free localhost port. The browser may reach only that server: any other
request fails the test, as it would on a closed network; a failing test leaves a screenshot
in its temporary folder.

A browser test module defines a module-scoped `served` fixture (a `Served`, or a subclass
with the objects its tests use) and imports `browser` and `page` from here; tests name them
as usual. Without /usr/bin/chromium (or Playwright) the tests skip locally and fail in CI
(CI=true)."""

from __future__ import annotations

import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from tests.api.conftest import PASSWORD, World

from ceasefire.api import create_app
from ceasefire.config import Settings

__all__ = [
    "ARGS",
    "CHROMIUM",
    "IN_CI",
    "TIMEOUT_MS",
    "Served",
    "_need",
    "_serve",
    "browser",
    "page",
    "sign_in",
    "wait_for_the_map",
]

CHROMIUM = Path("/usr/bin/chromium")
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
TIMEOUT_MS = 10_000


def _need(what: str, present: bool, *, module: bool = False) -> None:
    """Skip without `what` locally; in CI, fail."""
    if present:
        return
    if IN_CI:
        pytest.fail(f"{what} is missing; in CI the browser tests must run", pytrace=False)
    pytest.skip(f"{what} is missing", allow_module_level=module)


try:
    from playwright.sync_api import Browser, Page, sync_playwright
except ImportError:  # pragma: no cover - the dev extra installs it
    _need("playwright (the dev extra)", False, module=True)


@dataclass
class Served:
    """The server's address, its world, and requests the browser tried to send elsewhere."""

    url: str
    world: World
    outside: list[str] = field(default_factory=list)
    """Requests the browser tried to send anywhere but the server."""


def _serve(settings: Settings) -> tuple[uvicorn.Server, threading.Thread, str]:
    """The app on a free localhost port, in a thread; returns when it accepts requests."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(create_app(settings), log_level="warning", access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.02)
    return server, thread, f"http://127.0.0.1:{port}"


@pytest.fixture(scope="module")
def browser(served: Served) -> Iterator[Browser]:
    """Chromium, once per module (after `served`, which skips or fails without it)."""
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(
    browser: Browser, served: Served, request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[Page]:
    """A fresh browser context (no cookies) that may only reach the server; a screenshot of
    the page is written to the test's temporary folder when the test fails."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, base_url=served.url)
    context.set_default_timeout(TIMEOUT_MS)

    def closed_network(route: Any) -> None:
        if route.request.url.startswith(served.url + "/"):
            route.continue_()
        else:
            served.outside.append(route.request.url)
            route.abort()

    context.route("**/*", closed_network)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    yield tab
    failed = getattr(request.node, "report_call", None)
    if failed is not None and failed.failed:
        shot = tmp_path / "failure.png"
        tab.screenshot(path=str(shot), full_page=True)
        print(f"screenshot of the failure: {shot}")  # noqa: T201
    context.close()
    assert not errors, f"script errors: {errors}"
    assert not served.outside, f"requests off the server: {served.outside}"


def sign_in(page: Page, who: str) -> None:
    """Sign in as `who` (a user of tests/api/conftest.py) through the form; the map opens."""
    page.goto("/login")
    page.get_by_label("Username").fill(who)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/$"))


def wait_for_the_map(page: Page) -> int:
    """The number of incidents the map loaded, once it has drawn zones and incidents."""
    page.wait_for_selector("#map[data-zones][data-incidents]", state="attached")
    return int(page.get_attribute("#map", "data-incidents") or "-1")
