"""Evidence on the incident page: the files attached to its reports, with their size, type
and SHA-256 and a link to the API's checked download, shown to those who may read a
report's evidence (mission staff; a monitor for the reports they filed) and to no one
else, as the API decides."""

from __future__ import annotations

import hashlib
import io

from tests.web.conftest import Site

from ceasefire.domain.access import Role, Viewer
from ceasefire.services.evidence import add_evidence
from ceasefire.services.incidents import show_incident

PHOTO = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64 + b"crater at the northern edge"
SHA = hashlib.sha256(PHOTO).hexdigest()


def attach_photo(site: Site) -> str:
    """A photo attached by monitor.tr to the report they filed of the published incident;
    returns the report's id."""
    report = (
        show_incident(db=site.world.db, incident_id=site.shown, viewer=Viewer(Role.ADMIN))
        .reports[0]
        .report
    )
    add_evidence(
        db=site.world.db, settings=site.world.settings, source=io.BytesIO(PHOTO),
        entity="report", entity_id=report.id, viewer=Viewer(Role.MONITOR, None, "monitor.tr"),
        actor="monitor.tr", file_name="crater.png", description="Crater, north edge",
        own_reports=True,
    )  # fmt: skip
    return report.id


def test_staff_and_the_filing_monitor_see_the_files_with_their_hashes(site: Site) -> None:
    report_id = attach_photo(site)
    link = f'href="/api/v1/reports/{report_id}/evidence/{SHA}"'
    for who in ("analyst", "head", "admin", "monitor.tr"):
        html = site.get(f"/incidents/{site.shown}", who)
        assert 'id="evidence-title"' in html, who
        assert link in html and ">crater.png</a>" in html, who
        assert f"<code>{SHA}</code>" in html and "Crater, north edge" in html, who
        assert f"{len(PHOTO)} bytes, image/png" in html, who
    download = site.world.client.get(
        f"/api/v1/reports/{report_id}/evidence/{SHA}", headers=site.world.auth("analyst")
    )
    assert download.status_code == 200 and download.content == PHOTO


def test_no_one_else_sees_them(site: Site) -> None:
    attach_photo(site)
    for who in ("public", "liaison.am", "liaison.az", "monitor.ru"):
        html = site.get(f"/incidents/{site.shown}", who)
        assert 'id="evidence-title"' not in html and SHA not in html, who
        assert "crater.png" not in html, who
