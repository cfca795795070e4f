"""Evidence files and redacted summaries on the complaints pages, over HTTP on both
backends: the filing party's liaison and staff attach a file from the complaint page (the
service of the API's upload: type from the content, stored under its SHA-256, audited) and
see it listed with its size, hash, who and when, and a download link; the other party's
liaison never lists, attaches to or downloads it (404). The summaries sent to a party are
shown to that party's liaison as the service gives them (redacted), with a link only to
complaints it may open."""

from __future__ import annotations

import hashlib
import re
from typing import Any

import pytest
from tests.web.conftest import SITE, Site
from tests.web.test_complaint_pages import AM, ANALYST, AZ, file_as, filed, post

from ceasefire.domain.access import Role, Viewer
from ceasefire.domain.complaints import Complaint
from ceasefire.services import complaint_summaries, complaints, evidence, findings

ADMIN = Viewer(Role.ADMIN, None, "admin")
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64 + b"complaint evidence"
SHA = hashlib.sha256(PNG).hexdigest()
API = "/api/v1"


def attach(
    site: Site, who: str, key: str, content: bytes = PNG, name: str = "crater.png", **form: str
) -> Any:
    """Post the complaint page's upload form as `who`."""
    return site.world.client.post(
        f"/complaints/{key}/evidence", data=form, files={"file": (name, content, "image/png")},
        headers={**SITE, **site.world.auth(who)}, follow_redirects=False,
    )  # fmt: skip


def stored(site: Site, complaint: Complaint) -> list[str]:
    """SHA-256 of the files attached to the complaint, as an admin lists them."""
    found = evidence.list_evidence(
        db=site.world.db, entity="complaint", entity_id=complaint.id, viewer=ADMIN
    )
    return [link.file.sha256 for link in found]


def test_the_filing_liaison_attaches_a_file_and_downloads_it(site: Site) -> None:
    c = filed(site, AM)
    r = attach(site, "liaison.am", c.reference, description="Crater 2 m wide, 80 m SE")
    assert (r.status_code, r.headers["location"]) == (
        303,
        f"/complaints/{c.reference}?done=evidence",
    )
    page = site.get(f"/complaints/{c.reference}", "liaison.am", done="evidence")
    items = page.split('id="evidence-items"')[1].split("</ul>")[0]
    for text in (
        "crater.png", "Crater 2 m wide, 80 m SE", SHA, "90 bytes", "image/png",
        "Added by liaison.am",
    ):  # fmt: skip
        assert text in items, text
    assert "File attached" in page
    link = f"{API}/complaints/{c.reference}/evidence/{SHA}"
    assert f'href="{link}"' in items
    for who in ("liaison.am", "analyst", "head"):
        got = site.world.client.get(link, headers=site.world.auth(who))
        assert (got.status_code, got.content) == (200, PNG), who
    assert stored(site, c) == [SHA]


@pytest.mark.parametrize("who", ["analyst", "head", "admin"])
def test_staff_attach_files_to_a_partys_complaint(site: Site, who: str) -> None:
    c = filed(site, AZ)
    assert attach(site, who, c.id).status_code == 303
    page = site.get(f"/complaints/{c.reference}", "liaison.az")
    assert SHA in page and f"Added by {who}" in page


def test_the_other_party_never_reaches_the_evidence(site: Site) -> None:
    c = filed(site, AM)
    assert attach(site, "liaison.am", c.reference).status_code == 303
    client, auth = site.world.client, site.world.auth("liaison.az")
    for key in (c.id, c.reference):
        assert client.get(f"/complaints/{key}", headers=auth).status_code == 404
        theirs = b"\x89PNG\r\n\x1a\n" + b"\x01" * 64
        r = attach(site, "liaison.az", key, content=theirs)
        assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
        assert client.get(f"{API}/complaints/{key}/evidence", headers=auth).status_code == 404
        download = client.get(f"{API}/complaints/{key}/evidence/{SHA}", headers=auth)
        assert download.status_code == 404 and PNG not in download.content
        assert hashlib.sha256(theirs).hexdigest() not in stored(site, c)
    assert stored(site, c) == [SHA]
    for path in ("/complaints", "/complaints/new", "/"):
        text = site.get(path, "liaison.az")
        assert SHA not in text and "crater.png" not in text and c.reference not in text


def test_an_analyst_sees_a_confidential_complaints_files_withheld(site: Site) -> None:
    r = file_as(site, "liaison.am", confidential="yes")
    reference = r.headers["location"].split("?")[0].rsplit("/", 1)[1]
    assert attach(site, "liaison.am", reference, name="source-photo.png").status_code == 303
    analyst = site.get(f"/complaints/{reference}", "analyst")
    items = analyst.split('id="evidence-items"')[1].split("</ul>")[0]
    assert "Withheld (party-confidential)" in items
    assert "source-photo.png" not in analyst and SHA not in analyst and "/evidence/" not in items
    head = site.get(f"/complaints/{reference}", "head")
    assert "source-photo.png" in head and f"/evidence/{SHA}" in head


@pytest.mark.parametrize(
    ("content", "name", "form", "status", "field"),
    [
        (b"", "", {}, 422, "file: choose a file to attach"),
        (b"just some words, not a photo", "words.png", {}, 422, "file: "),
        (PNG, "crater.png", {"description": "<b>bold</b>"}, 422, "description: "),
    ],
)
def test_a_refused_file_shows_the_page_with_why_and_stores_nothing(
    site: Site, content: bytes, name: str, form: dict[str, str], status: int, field: str
) -> None:
    c = filed(site, AM)
    r = attach(site, "liaison.am", c.reference, content=content, name=name, **form)
    assert r.status_code == status and r.headers["content-type"].startswith("text/html")
    message = re.findall(r'id="error-evidence">([^<]*)<', r.text)
    assert message and message[0].startswith(field), message
    assert 'aria-invalid="true"' in r.text
    if form:
        assert "&lt;b&gt;bold&lt;/b&gt;" in r.text, "what was typed is shown again, escaped"
    assert stored(site, c) == []


def test_the_same_file_twice_and_a_closed_complaint_are_conflicts(site: Site) -> None:
    c = filed(site, AM)
    assert attach(site, "liaison.am", c.reference).status_code == 303
    again = attach(site, "liaison.am", c.reference)
    assert again.status_code == 409 and "attached to complaint" in again.text
    assert post(site, "liaison.am", f"/complaints/{c.reference}/withdraw").status_code == 303
    page = site.get(f"/complaints/{c.reference}", "liaison.am")
    assert "Attach the file" not in page and SHA in page
    late = attach(site, "liaison.am", c.reference, content=PNG + b"more")
    assert late.status_code == 409 and "no more evidence" in late.text
    assert stored(site, c) == [SHA]


@pytest.mark.parametrize(("who", "status"), [("public", 401), ("monitor.ru", 403)])
def test_only_liaisons_and_staff_attach(site: Site, who: str, status: int) -> None:
    c = filed(site, AM)
    assert attach(site, who, c.reference).status_code == status
    assert stored(site, c) == []


def test_an_upload_from_elsewhere_is_refused(site: Site) -> None:
    c = filed(site, AM)
    r = site.world.client.post(
        f"/complaints/{c.reference}/evidence", files={"file": ("crater.png", PNG, "image/png")},
        headers={"Origin": "https://evil.example", **site.world.auth("liaison.am")},
    )  # fmt: skip
    assert r.status_code == 403 and stored(site, c) == []


def summarised(site: Site) -> Complaint:
    """A complaint of AM whose finding was issued and whose summary was sent to both
    parties; the finding names an exact position, which the redaction removes."""
    db = site.world.db
    c = filed(site, AM)
    complaints.acknowledge_complaint(db=db, key=c.id, viewer=ANALYST, actor="analyst")
    complaints.start_investigation(db=db, key=c.id, viewer=ANALYST, actor="analyst")
    finding = findings.draft_finding(
        db=db, title="Mortar fire confirmed",
        text="Craters found at 39.8177, 46.7528; the fire came from the east.",
        actor="analyst", complaint_id=c.id,
    )  # fmt: skip
    complaints.issue_finding(
        db=db, key=c.id, finding_id=finding.id, viewer=ANALYST, actor="analyst"
    )
    complaint_summaries.send_summary(db=db, key=c.id, viewer=ANALYST, actor="analyst")
    return c


def test_each_party_reads_the_redacted_summary_sent_to_it(site: Site) -> None:
    c = summarised(site)
    own = site.get("/complaints", "liaison.am")
    section = own.split('id="summaries"')[1].split("</section>")[0]
    assert "Sent to AM" in section and "Sent to AZ" not in section
    assert "Mortar fire confirmed" in section and "the fire came from the east" in section
    assert "39.8177" not in section and "1 passage removed" in section
    assert f'href="/complaints/{c.id}"' in section
    page = site.get(f"/complaints/{c.reference}", "liaison.am")
    assert "Summary sent to AM" in page and "Summary sent to AZ" not in page
    other = site.get("/complaints", "liaison.az")
    section = other.split('id="summaries"')[1].split("</section>")[0]
    assert "Sent to AZ" in section and "Sent to AM" not in section
    assert "the fire came from the east" in section and "39.8177" not in section
    assert "About a complaint of another party." in section
    assert c.id not in other and "The complaint it is about" not in section
    assert (
        site.world.client.get(
            f"/complaints/{c.reference}", headers=site.world.auth("liaison.az")
        ).status_code
        == 404
    )


def test_staff_read_every_summary_sent(site: Site) -> None:
    c = summarised(site)
    queue = site.get("/complaints", "analyst")
    section = queue.split('id="summaries"')[1].split("</section>")[0]
    assert "Sent to AM" in section and "Sent to AZ" in section
    assert section.count(f'href="/complaints/{c.id}"') == 2


def test_no_summary_yet_says_so(site: Site) -> None:
    filed(site, AM)
    section = site.get("/complaints", "liaison.am").split('id="summaries"')[1]
    assert "None sent to your party yet." in section.split("</section>")[0]
