"""End to end in Debian's Chromium (the harness and server of test_browser.py): the head of
mission opens a draft finding from the findings list, signs off its content offline with
each monitoring nation's key (the test plays the signer's own machine: it signs the bytes
the page shows, and the private keys never reach the server), pastes the signatures, and
publishes the finding once the quorum is met. Without /usr/bin/chromium (or Playwright)
the tests skip locally and fail in CI."""

# The fixtures are test_browser.py's, imported: tests name them as usual.
# ruff: noqa: F811

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

from tests.web.test_browser import (  # noqa: F401 - the fixtures are used by name
    Served,
    _need,
    browser,
    page,
    served,
    sign_in,
)

from ceasefire.domain.signing import generate_private_key, public_key_of, sign
from ceasefire.services import findings, signing_keys
from ceasefire.services.clock import utc_now

try:
    from playwright.sync_api import Page, expect
except ImportError:  # pragma: no cover - the dev extra installs it
    _need("playwright (the dev extra)", False, module=True)


def test_the_head_of_mission_signs_off_and_publishes(page: Page, served: Served) -> None:
    db = served.world.db
    keys = {"RU": generate_private_key(), "TR": generate_private_key()}
    for nation, private in keys.items():
        signing_keys.add_key(
            db=db, key_id=f"{nation.lower()}-browser", holder=f"Monitor {nation}",
            nation=nation, public_key=public_key_of(private), actor="admin",
            now=utc_now() - timedelta(days=1),
        )  # fmt: skip
    finding = findings.draft_finding(
        db=db, title="Shelling of the Aghdam post", actor="analyst", incident_id=served.hidden,
        text="Two impacts, 82 mm mortar.\nNo casualties.",
    )  # fmt: skip

    sign_in(page, "head")
    page.get_by_role("link", name="Findings", exact=True).click()
    row = page.locator("table.findings tr", has_text="Shelling of the Aghdam post")
    expect(row).to_contain_text("1 from RU, 1 from TR")
    row.get_by_role("link", name="Shelling of the Aghdam post").click()
    page.wait_for_url(re.compile(rf"/findings/{finding.id}$"))

    for nation, still_needed in (("RU", "1 from TR"), ("TR", "none, the quorum is met")):
        shown = page.locator("#signed-content").text_content() or ""
        content = shown.encode("utf-8")
        digest = page.locator("#content-sha256").text_content()
        assert hashlib.sha256(content).hexdigest() == digest
        page.get_by_label("Key id").fill(f"{nation.lower()}-browser")
        page.get_by_label("Signature (hex)").fill(sign(keys[nation], content))
        page.get_by_role("button", name="Record the sign-off").click()
        page.wait_for_url(re.compile(r"\?done=signed$"))
        expect(page.get_by_role("status")).to_contain_text("Sign-off recorded")
        expect(page.get_by_role("region", name="Sign-offs")).to_contain_text(still_needed)

    expect(page.locator("h1 .badge")).to_have_text("signed off")
    page.get_by_role("button", name="Publish the finding").click()
    page.wait_for_url(re.compile(r"\?done=published$"))
    expect(page.get_by_role("status")).to_contain_text("Finding published")
    expect(page.locator("h1 .badge")).to_have_text("published")
    expect(page.locator("table.signoffs tbody tr")).to_have_count(2)
    expect(page.locator("#signoff-form")).to_have_count(0)
    stored = findings.show_finding(db=db, finding_id=finding.id)
    assert stored.finding.status.value == "published" and not stored.missing
