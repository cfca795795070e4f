"""`ceasefire report daily|weekly` end to end: each format written, the PDF opened with
pdftotext (Debian's poppler-utils; skipped locally without it, a failure in CI), and bad
input answered with a message naming the option and the value."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from tests.cli.conftest import cli
from tests.conftest import IN_CI
from tests.publishing.conftest import GENERATED

from ceasefire.config import Settings
from ceasefire.domain.access import Role, Viewer
from ceasefire.domain.report_periods import Audience, parse_week
from ceasefire.publishing.render import render_pdf
from ceasefire.services.database import Database
from ceasefire.services.period_reports import build_period_report
from ceasefire.testing import report_data

REPORT = report_data(occurred_start="2020-11-16T06:00:00+00:00", text="Mortar fire, 06:00.")


@pytest.fixture
def store(database_url: str, tmp_path: Path) -> str:
    """The reference scenario, an observation post and one report on 16 November 2020."""
    for args in (
        ("scenario", "load", "nagorno-karabakh-2020"),
        ("sources", "add", "op-aghdam", "--name", "OP Aghdam", "--kind", "observation_post",
         "--affiliation", "monitor", "--party", "RU", "--reliability", "B"),
    ):  # fmt: skip
        code, out, err = cli(database_url, *args)
        assert code == 0, out + err
    body = tmp_path / "report.json"
    body.write_text(json.dumps(REPORT), encoding="utf-8")
    code, out, err = cli(database_url, "reports", "add", "--file", str(body))
    assert code == 0, out + err
    return database_url


def pdftotext() -> str:
    found = shutil.which("pdftotext")
    if found is None:
        message = "pdftotext (Debian's poppler-utils) is not installed"
        if IN_CI:
            pytest.fail(f"{message}; CI must install it")
        pytest.skip(message)
    return found


def test_the_pdf_opens_and_holds_the_report(store: str, tmp_path: Path) -> None:
    tool = pdftotext()
    out = tmp_path / "daily.pdf"
    code, _, err = cli(store, "report", "daily", "--date", "2020-11-16", "-f", "pdf", "-o",
                       str(out))  # fmt: skip
    assert code == 0, err
    assert out.read_bytes().startswith(b"%PDF-")
    text = subprocess.run([tool, "-layout", str(out), "-"], check=True, capture_output=True,
                          text=True).stdout  # fmt: skip
    flat = " ".join(text.split())
    assert "Daily report: 16 November 2020" in flat
    assert "Internal report" in flat
    assert "1 ceasefire violation was recorded across the mission area" in flat
    assert "Aghdam" in flat and "Changes of provision status" in flat


def test_same_data_same_pdf(store: str) -> None:
    db = Database(Settings(database_url=store))
    report = build_period_report(
        db=db, period=parse_week("2020-W47"), audience=Audience.PUBLIC, viewer=Viewer(Role.ADMIN)
    )
    first = render_pdf(report, generated_at=GENERATED)
    assert render_pdf(report, generated_at=GENERATED) == first
    assert render_pdf(report, generated_at=GENERATED.replace(hour=9)) != first
    db.dispose()


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_markdown_and_html_on_standard_output(store: str, fmt: str) -> None:
    code, out, err = cli(store, "report", "daily", "--date", "2020-11-16", "-f", fmt)
    assert code == 0, err
    assert "Daily report: 16 November 2020" in out
    assert ("<svg" in out) == (fmt == "html")


def test_a_day_without_data_is_an_honest_report(store: str) -> None:
    code, out, err = cli(store, "report", "daily", "--date", "2019-02-01")
    assert code == 0, err
    assert "No violations were recorded on 1 February 2019." in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("daily", "--date", "2020-02-30"), "date: must be a date as YYYY-MM-DD"),
        (("daily", "--date", "16/11/2020"), "date: must be a date as YYYY-MM-DD"),
        (("weekly", "--week", "2020-47"), "week: must be an ISO week as YYYY-Www"),
        (("weekly", "--week", "2021-W60"), "week: 2021 has no ISO week 60"),
        (("daily", "--date", "2020-11-16", "--audience", "press"),
         "audience: must be one of: public, internal (got 'press')"),
        (("daily", "--date", "2020-11-16", "--format", "docx"),
         "format: must be one of: md, html, pdf (got 'docx')"),
        (("daily", "--date", "2020-11-16", "--as", "monitor"),
         "as: an internal report is for the mission's staff"),
    ],
)  # fmt: skip
def test_bad_input_is_a_clear_error(store: str, args: tuple[str, ...], message: str) -> None:
    code, out, err = cli(store, "report", *args)
    assert code != 0
    assert message in " ".join(err.split()), err
    assert "Traceback" not in out + err
