"""The findings pages on both backends: the list as each role sees it (the public and the
liaisons: published findings only), a finding in full, and the actions: staff edit
(voiding the sign-offs), monitors and the head of mission sign off by pasting a signature
made with a real Ed25519 key over the content the page offers, the head of mission
publishes once the quorum is met. A refused form names the field and the value and
writes nothing."""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qsl

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from tests.api.conftest import WHO
from tests.api.matrix.row import LIAISONS, MONITORS, STAFF
from tests.web.conftest import SITE, Site

from ceasefire.domain.access import Role, Viewer
from ceasefire.domain.findings import FindingStatus
from ceasefire.domain.signing import generate_private_key, public_key_of, sign
from ceasefire.services import audit, findings, signing_keys
from ceasefire.services.audit import AuditFilter
from ceasefire.services.clock import utc_now

ADMIN = Viewer(Role.ADMIN, None, "admin")
READ_DRAFTS = STAFF | MONITORS
CONTENT = re.compile(r'<pre class="content" id="signed-content">(.*?)</pre>', re.S)
FORMS: dict[str, dict[str, str]] = {
    "edit": {"title": "Mortar fire near the post", "text": "Revised: four rounds."},
    "signoffs": {"key_id": "ru-1", "signature": "00" * 64},
    "publish": {},
}


@dataclass
class Case:
    """The site with a draft finding on the unpublished incident and one registered key per
    monitoring nation, whose private halves stay here, "on the signers' machines" (the
    published incident's finding is the site's own)."""

    site: Site
    draft: str
    published: str
    keys: dict[str, Ed25519PrivateKey]

    def post(self, who: str, action: str, form: dict[str, str], finding: str = "") -> Any:
        """POST a form of the finding's page as `who` (by API token), from this site."""
        return self.site.world.client.post(
            f"/findings/{finding or self.draft}/{action}", data=form,
            headers={**SITE, **self.site.world.auth(who)}, follow_redirects=False,
        )  # fmt: skip

    def page(self, who: str, finding: str = "") -> str:
        return self.site.get(f"/findings/{finding or self.draft}", who)

    def content_shown(self, who: str) -> str:
        """The content the finding's page shows to sign, as text."""
        shown = CONTENT.search(self.page(who))
        assert shown is not None
        return html.unescape(shown.group(1))

    def signature(self, nation: str, who: str = "head") -> tuple[str, str]:
        """Download the content from the page's link, sign it "offline" with the nation's
        key; the signature (hex) and the content's SHA-256."""
        r = self.site.world.client.get(
            f"/findings/{self.draft}/content", headers=self.site.world.auth(who)
        )
        assert r.status_code == 200, r.text
        return sign(self.keys[nation], r.content), hashlib.sha256(r.content).hexdigest()

    def sign_off(self, nation: str, who: str = "head") -> Any:
        signature, digest = self.signature(nation, who)
        form = {"key_id": f"{nation.lower()}-1", "signature": signature, "content_sha256": digest}
        return self.post(who, "signoffs", form)

    def written(self) -> tuple[int, int, int, str]:
        """Audit entries, sign-offs, version and status of the draft: what a refused form
        must not change."""
        db = self.site.world.db
        entries = audit.list_entries(db=db, viewer=ADMIN, flt=AuditFilter(), limit=500).entries
        view = findings.show_finding(db=db, finding_id=self.draft)
        return len(entries), len(view.signoffs), view.finding.version, view.finding.status.value


@pytest.fixture
def case(site: Site) -> Case:
    db = site.world.db
    keys = {"RU": generate_private_key(), "TR": generate_private_key()}
    for nation, private in keys.items():
        signing_keys.add_key(
            db=db, key_id=f"{nation.lower()}-1", holder=f"Monitor {nation}", nation=nation,
            public_key=public_key_of(private), actor="admin", now=utc_now() - timedelta(days=1),
        )  # fmt: skip
    draft = findings.draft_finding(
        db=db, title="Mortar fire <near> the post", text="Three rounds.\nFrom the south-east.",
        actor="analyst", incident_id=site.hidden,
    )  # fmt: skip
    published = findings.list_findings(db=db, flt=findings.FindingFilter(incident_id=site.shown))
    assert [f.status for f in published] == [FindingStatus.PUBLISHED]
    return Case(site, draft.id, published[0].id, keys)


def follow(case: Case, r: Any, who: str = "head") -> str:
    """The page a form's answer redirects to."""
    assert r.status_code == 303, r.text
    path, _, query = r.headers["location"].partition("?")
    return case.site.get(path, who, **dict(parse_qsl(query)))


def listed(page: str) -> set[str]:
    """The findings a page links to."""
    return set(re.findall(r'href="/findings/([0-9a-f-]{36})"', page))


@pytest.mark.parametrize("who", WHO)
def test_the_list_and_the_pages_per_role(case: Case, who: str) -> None:
    """Staff and monitors list and open drafts; the public and the liaisons list and open
    published findings only (a draft is 404 by its page and its content), without the
    names of the keys' holders."""
    page = case.site.get("/findings", who)
    assert '<a href="/findings" aria-current="page">Findings</a>' in page
    if who in READ_DRAFTS:
        assert listed(page) == {case.draft, case.published}
        row = page.split(f'href="/findings/{case.draft}"')[1].split("</tr>")[0]
        assert "Mortar fire &lt;near&gt; the post" in row, "escaped"
        assert "fnd-draft" in row and '<td class="num">1</td>' in row
        assert f'href="/incidents/{case.site.hidden}"' in row
        assert "1 from RU, 1 from TR" in row and "<td>0</td>" in row
        done = page.split(f'href="/findings/{case.published}"')[1].split("</tr>")[0]
        assert "none: quorum met" in done and "2 <small>(RU, TR)</small>" in done
    else:
        assert listed(page) == {case.published}
        assert "Mortar fire" not in page
        assert 'name="status"' not in page
    client, auth = case.site.world.client, case.site.world.auth(who)
    for path in (f"/findings/{case.draft}", f"/findings/{case.draft}/content"):
        r = client.get(path, headers=auth)
        assert r.status_code == (200 if who in READ_DRAFTS else 404), (path, r.status_code)
    shown = case.page(who, case.published)
    assert "Verified: mortar fire." in shown and "none, the quorum is met" in shown
    holders = "monitor.ru" in shown
    assert holders is (who in READ_DRAFTS), "liaisons and the public do not see key holders"


def test_the_status_filter_and_a_wrong_value(case: Case) -> None:
    page = case.site.get("/findings", "analyst", status="published")
    assert listed(page) == {case.published}
    r = case.site.world.client.get(
        "/findings", params={"status": "final"}, headers=case.site.world.auth("analyst")
    )
    assert r.status_code == 422 and "status" in r.text and "final" in r.text


def test_the_page_shows_the_content_to_sign_and_its_hash(case: Case) -> None:
    shown = case.content_shown("head")
    expected = findings.finding_content(db=case.site.world.db, finding_id=case.draft)
    assert shown.encode("utf-8") == expected.content
    page = case.page("head")
    assert f'<code id="content-sha256">{expected.sha256}</code>' in page
    assert f'name="content_sha256" value="{expected.sha256}"' in page
    assert "ceasefire findings signature --content-file" in page
    r = case.site.world.client.get(f"/findings/{case.draft}/content")
    assert r.status_code == 404, "the public cannot download a draft's content"
    r = case.site.world.client.get(
        f"/findings/{case.draft}/content", headers=case.site.world.auth("monitor.tr")
    )
    assert r.content == expected.content
    assert f'filename="finding-{case.draft}-v1.json"' in r.headers["content-disposition"]


def test_a_full_signoff_by_pasted_signatures_then_publish(case: Case) -> None:
    first = follow(case, case.sign_off("RU"))
    assert "Sign-off recorded" in first and "Still needed: <strong>1 from TR</strong>" in first
    r = case.post("head", "publish", {})
    assert r.status_code == 409, r.text
    assert "valid sign-offs missing (1 from TR)" in html.unescape(r.text)
    # The monitor of the other nation signs from the same page, with a key of their own nation.
    signature, digest = case.signature("TR", "monitor.tr")
    pasted = signature[:64] + "\n" + signature[64:].upper()
    second = case.post(
        "monitor.tr", "signoffs",
        {"key_id": "tr-1", "signature": pasted, "content_sha256": digest},
    )  # fmt: skip
    page = follow(case, second, "monitor.tr")
    assert "none, the quorum is met" in page and "fnd-signed_off" in page
    assert f'action="/findings/{case.draft}/publish"' not in page, "monitors do not publish"
    head = case.page("head")
    assert "Publish the finding" in head
    published = follow(case, case.post("head", "publish", {}))
    assert "Finding published" in published and "fnd-published" in published
    assert 'id="signoff-form"' not in published and 'id="edit-form"' not in published
    assert case.draft in listed(case.site.get("/findings", "public"))
    public = case.page("public")
    assert "Three rounds." in public and public.count("verifies") == 2
    history = case.page("admin")
    for step in ("drafted", "signed with key ru-1 (RU)", "signed with key tr-1 (TR)", "published"):
        assert step in history, step
    assert "History" not in case.page("analyst"), "only admins read the audit log"


@pytest.mark.parametrize(
    ("who", "form", "field", "message", "status"),
    [
        ("head", {"key_id": "ru-1", "signature": "ab" * 64}, "signature", "does not verify", 422),
        ("head", {"key_id": "ru-1", "signature": "xyz"}, "signature", "String should match", 422),
        ("head", {"key_id": "", "signature": "ab" * 64}, "key_id", "is required", 422),
        ("head", {"key_id": "ru-1", "signature": " "}, "signature", "is required", 422),
        ("head", {"key_id": "zz-9", "signature": "ab" * 64}, "key_id", "not a registered", 404),
        ("monitor.tr", {"key_id": "ru-1", "signature": "ab" * 64}, "key_id", "own nation", 422),
    ],
)
def test_a_wrong_signoff_is_refused_naming_the_field(
    case: Case, who: str, form: dict[str, str], field: str, message: str, status: int
) -> None:
    before = case.written()
    r = case.post(who, "signoffs", form)
    assert r.status_code == status, r.text
    said = html.unescape(r.text)
    assert re.search(rf'role="alert" id="error-signoff">{field}[^<]*{message}', said), said[-3000:]
    if form["key_id"]:
        assert form["key_id"] in said
    assert 'aria-invalid="true"' in r.text
    assert f'value="{form["key_id"]}"' in r.text, "what was typed is kept"
    assert case.written() == before, "nothing written"


def test_a_signature_of_another_keys_content_names_the_value(case: Case) -> None:
    signature, _digest = case.signature("TR")
    r = case.post("head", "signoffs", {"key_id": "ru-1", "signature": signature})
    assert r.status_code == 422
    said = html.unescape(r.text)
    assert f"(you gave {signature[:79]}" in said.replace("'", "") and signature in r.text


def test_an_edit_voids_the_signoffs_and_a_stale_signature_is_a_conflict(case: Case) -> None:
    signature, digest = case.signature("TR")
    follow(case, case.sign_off("RU"))
    assert "its 1 sign-off(s) so far are voided" in case.page("analyst")
    page = follow(case, case.post("analyst", "edit", FORMS["edit"]), "analyst")
    assert "Saved as a new version" in page and "version 2" in page
    assert "voided by an edit" in page and "1 from RU, 1 from TR" in page
    view = findings.show_finding(db=case.site.world.db, finding_id=case.draft)
    assert (view.finding.version, view.finding.text) == (2, "Revised: four rounds.")
    before = case.written()
    r = case.post("head", "signoffs", {"key_id": "tr-1", "signature": signature,
                                       "content_sha256": digest})  # fmt: skip
    assert r.status_code == 409 and "changed since its content was fetched" in r.text
    assert case.written() == before
    same = case.post("analyst", "edit", FORMS["edit"])
    assert same.headers["location"].endswith("?done=unchanged")


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"title": "", "text": "x"}, "title: is required (you gave '')"),
        ({"title": "T", "text": "   "}, "text: is required (you gave '   ')"),
        ({"title": "T", "text": "<script>alert(1)</script>"}, "text: "),
    ],
)
def test_a_wrong_edit_is_422_naming_the_field(
    case: Case, form: dict[str, str], message: str
) -> None:
    before = case.written()
    r = case.post("analyst", "edit", form)
    assert r.status_code == 422, r.text
    assert message in html.unescape(r.text)
    assert case.written() == before


def test_a_published_finding_is_final(case: Case) -> None:
    r = case.post("admin", "edit", FORMS["edit"], case.published)
    assert r.status_code == 409 and "published finding is final" in r.text
    r = case.post("head", "publish", {}, case.published)
    assert r.status_code == 409 and "already published" in r.text


ALLOWED = {"edit": STAFF, "signoffs": MONITORS | {"head"}, "publish": {"head", "admin"}}


REFUSED = [
    (who, action)
    for action in sorted(FORMS)
    for who in ("public", *sorted(LIAISONS), "monitor.ru", "analyst")
    if who not in ALLOWED[action]
]


@pytest.mark.parametrize(("who", "action"), REFUSED)
def test_who_may_not_post(case: Case, who: str, action: str) -> None:
    before = case.written()
    r = case.post(who, action, FORMS[action])
    assert r.status_code == (401 if who == "public" else 403), r.text
    assert case.written() == before


@pytest.mark.parametrize("who", sorted(READ_DRAFTS))
def test_each_role_sees_only_its_forms(case: Case, who: str) -> None:
    page = case.page(who)
    for action, form_id in (("edit", "edit-form"), ("signoffs", "signoff-form"),
                            ("publish", "publish-form")):  # fmt: skip
        assert (f'id="{form_id}"' in page) is (who in ALLOWED[action]), (who, action)


def test_a_form_from_another_site_is_refused(case: Case) -> None:
    r = case.site.world.client.post(
        f"/findings/{case.draft}/edit", data=FORMS["edit"],
        headers={"Origin": "https://attacker.example", **case.site.world.auth("analyst")},
        follow_redirects=False,
    )  # fmt: skip
    assert r.status_code == 403
    assert findings.show_finding(db=case.site.world.db, finding_id=case.draft).finding.version == 1


def test_the_incident_page_links_to_the_finding(case: Case) -> None:
    page = case.site.get(f"/incidents/{case.site.hidden}", "analyst")
    assert f'href="/findings/{case.draft}"' in page
