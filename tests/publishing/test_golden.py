"""Golden files: the daily report of 16 November 2020 over the reference scenario with a
fixed generated data set, as Markdown and HTML, on both backends.

The store's ids are random (UUIDs), so they are masked before comparing; everything else,
the figures' SVG included, must match byte for byte. To regenerate the files after an
intended change: `CEASEFIRE_UPDATE_GOLDEN=1 .venv/bin/pytest tests/publishing/test_golden.py`,
then read the diff before committing it.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from tests.publishing.conftest import ADMIN, DAY, GENERATED, masked, publish_finding_on

from ceasefire.domain.period_report import incidents_of_note, is_violation
from ceasefire.domain.report_periods import Audience, daily_period
from ceasefire.publishing.render import render_html, render_markdown
from ceasefire.services.database import Database
from ceasefire.services.incidents import IncidentFilter, list_incidents
from ceasefire.services.period_reports import build_period_report

GOLDEN = Path(__file__).parent / "golden"
PUBLISHED = datetime(2020, 11, 16, 18, tzinfo=UTC)
UPDATE = os.environ.get("CEASEFIRE_UPDATE_GOLDEN", "") == "1"


def check(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.write_text(text, encoding="utf-8")
    expected = path.read_text(encoding="utf-8")
    assert text == expected, f"{name} differs; see the module docstring to regenerate"


@pytest.fixture
def published_store(reference_store: Database) -> Database:
    """The reference store with a published finding on the day's most notable violation."""
    day = daily_period(DAY)
    found = list_incidents(
        db=reference_store, flt=IncidentFilter(since=day.since, until=day.until, limit=500)
    )
    (notable,) = incidents_of_note([i for i in found if is_violation(i)], limit=1)
    publish_finding_on(
        reference_store, notable.id, title="Explosion confirmed", now=PUBLISHED,
        text="Both monitoring nations confirm the explosion.",
    )  # fmt: skip
    return reference_store


@pytest.mark.parametrize("audience", list(Audience))
def test_daily_report_matches_the_golden_files(
    published_store: Database, audience: Audience
) -> None:
    report = build_period_report(
        db=published_store, period=daily_period(DAY), audience=audience, viewer=ADMIN
    )
    check(f"daily-2020-11-16-{audience.value}.md",
          masked(render_markdown(report, generated_at=GENERATED)))  # fmt: skip
    check(f"daily-2020-11-16-{audience.value}.html",
          masked(render_html(report, generated_at=GENERATED)))  # fmt: skip


def test_only_the_generation_time_differs(reference_store: Database) -> None:
    report = build_period_report(
        db=reference_store, period=daily_period(DAY), audience=Audience.INTERNAL, viewer=ADMIN
    )
    first = render_html(report, generated_at=GENERATED)
    again = render_html(report, generated_at=GENERATED.replace(hour=7))
    changed = [
        (a, b) for a, b in zip(first.splitlines(), again.splitlines(), strict=True) if a != b
    ]
    assert len(changed) == 1 and "Generated:" in changed[0][0]
