"""End to end in Debian's Chromium (the harness of tests/web/harness.py, the server of
test_browser.py): an analyst sets an incident's verification status and attributes it from
the incident page, on a 10-inch tablet held upright. Without /usr/bin/chromium (or
Playwright) the tests skip locally and fail in CI."""

# The fixtures are imported (the server's from test_browser.py): tests name them as usual.
# ruff: noqa: F811

from __future__ import annotations

import re

from tests.web.harness import _need, browser, page, sign_in  # noqa: F401 - used by name
from tests.web.test_browser import Served, served  # noqa: F401 - the fixture is used by name

try:
    from playwright.sync_api import Page, expect
except ImportError:  # pragma: no cover - the dev extra installs it
    _need("playwright (the dev extra)", False, module=True)


def test_an_analyst_verifies_and_attributes_on_a_tablet(page: Page, served: Served) -> None:
    page.set_viewport_size({"width": 800, "height": 1280})
    sign_in(page, "analyst")
    page.goto(f"/incidents/{served.hidden}")
    page.get_by_label("Verification status").select_option("verified")
    page.locator("#verify-reason").fill("UAV imagery shows the craters.")
    page.get_by_role("button", name="Set the status").click()
    page.wait_for_url(re.compile(r"\?done=verify$"))
    expect(page.get_by_role("status")).to_contain_text("Verification status recorded.")
    expect(page.locator(".facts")).to_contain_text("verified")
    page.get_by_label("Responsible party").select_option("nobody")
    page.locator("#attribute-reason").fill("Nobody saw where the fire came from.")
    page.get_by_role("button", name="Record the attribution").click()
    expect(page.get_by_role("status")).to_contain_text("Attribution recorded.")
    expect(page.get_by_role("region", name="Attribution")).to_contain_text("No party can be named")
