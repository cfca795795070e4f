"""The daily report page: the report `ceasefire report daily` builds, in the dashboard and
as files; staff choose the internal or the public report, everyone else gets the public
one (published material only), and a wrong day or format names the field."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.api.test_reports_api import file
from tests.web.conftest import Site

from ceasefire.services.rendered_reports import RenderedReports


def test_staff_read_the_internal_report_of_the_latest_day(site: Site) -> None:
    # The latest incident began at 03:00 on 18 November, +04:00: the 17th in UTC.
    html = site.get("/daily-report", "analyst")
    assert 'value="2020-11-17"' in html and "<iframe" in html and "srcdoc=" in html
    assert 'value="internal" selected' in html and 'value="public"' in html
    assert "Daily report" in html
    assert "/daily-report/file?day=2020-11-17&amp;audience=internal&amp;format=pdf" in html


def test_others_read_the_public_report_only(site: Site) -> None:
    for who in ("public", "liaison.am", "monitor.ru"):
        html = site.get("/daily-report", who, day="2020-11-18")
        assert 'value="public" selected' in html and 'value="internal"' not in html, who
    r = site.world.client.get(
        "/daily-report",
        params={"day": "2020-11-18", "audience": "internal"},
        headers=site.world.auth("liaison.az"),
    )
    assert r.status_code == 403 and "internal report" in r.text


def test_the_report_as_files(site: Site) -> None:
    client, staff = site.world.client, site.world.auth("head")
    md = client.get(
        "/daily-report/file", params={"day": "2020-11-18", "format": "md"}, headers=staff
    )
    assert md.status_code == 200 and md.headers["content-type"].startswith("text/markdown")
    assert (
        'attachment; filename="daily-report-2020-11-18-internal.md"'
        in md.headers["content-disposition"]
    )
    pdf = client.get(
        "/daily-report/file", params={"day": "2020-11-18", "audience": "public", "format": "pdf"}
    )
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_a_wrong_day_or_format_names_the_field(site: Site) -> None:
    client = site.world.client
    for path, params, text in (
        ("/daily-report", {"day": "18/11/2020"}, "day"),
        ("/daily-report/file", {"day": "2020-11-18", "format": "docx"}, "format"),
        ("/daily-report", {"day": "2020-11-18", "audience": "everyone"}, "audience"),
    ):
        r = client.get(path, params=params)
        assert r.status_code == 422 and text in r.text, (path, r.status_code, r.text[-300:])


def test_a_report_is_built_again_only_after_a_change(site: Site) -> None:
    """Views of an unchanged store reuse the rendering (the same generation time); any
    change (an audit entry) makes the next view a new one, which shows the change."""
    stamps = iter(datetime(2020, 11, 20, 8, minute, tzinfo=UTC) for minute in range(60))
    site.world.client.app.state.rendered_reports = RenderedReports(clock=lambda: next(stamps))  # type: ignore[attr-defined]

    def internal_md() -> str:
        r = site.world.client.get(
            "/daily-report/file",
            params={"day": "2020-11-17", "format": "md"},
            headers=site.world.auth("analyst"),
        )
        assert r.status_code == 200, r.text
        return r.text

    first = internal_md()
    assert "2020-11-20 08:00:00 UTC" in first
    assert internal_md() == first
    kept = site.world.client.app.state.rendered_reports  # type: ignore[attr-defined]
    assert len(kept) == 1
    # Another reader (or format) is a rendering of its own.
    site.get("/daily-report", "public", day="2020-11-17")
    assert len(kept) == 2 and internal_md() == first
    file(site.world, "monitor.tr", occurred_start="2020-11-17T10:00:00+04:00", latitude=39.7)
    rebuilt = internal_md()
    assert "2020-11-20 08:02:00 UTC" in rebuilt
