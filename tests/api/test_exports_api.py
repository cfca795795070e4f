"""Exports of reports over HTTP: staff only, each format with its media type and file
name, filters, and no temporary file left behind."""

from __future__ import annotations

import csv
import io
import json
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, get_args

import pytest
from sqlalchemy import func, select
from tests.api.conftest import WHO, World

from ceasefire.api.schemas.exports import ExportFormat
from ceasefire.services.exports import EXPORT_FORMATS
from ceasefire.services.reports import file_report
from ceasefire.services.sources import add_source
from ceasefire.storage.schema import reports
from ceasefire.testing import report_data, sample_source

API = "/api/v1"
STAFF = {"analyst", "head", "admin"}


@pytest.fixture
def exporting(world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Two reports on file (two sources, two days); temporary files go to a folder of
    their own, which is yielded."""
    add_source(db=world.db, source=sample_source(), actor="admin")
    add_source(db=world.db, source=sample_source("op-fuzuli"), actor="admin")
    file_report(db=world.db, data=report_data(), actor="monitor.ru")
    file_report(
        db=world.db,
        data=report_data(
            source="op-fuzuli", occurred_start="2020-11-18T03:00:00+04:00", latitude=39.6
        ),
        actor="monitor.tr",
    )
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    yield scratch


def _export(world: World, who: str = "analyst", **params: Any) -> Any:
    return world.client.get(f"{API}/exports/reports", params=params, headers=world.auth(who))


def test_the_formats_offered_are_the_formats_written() -> None:
    assert set(get_args(ExportFormat)) == set(EXPORT_FORMATS)


def test_only_staff_export(world: World, exporting: Path) -> None:
    for who in WHO:
        r = _export(world, who, format="csv")
        expected = 200 if who in STAFF else 401 if who == "public" else 403
        assert r.status_code == expected, who
    assert list(exporting.iterdir()) == []


def test_every_format_comes_with_its_media_type_and_file_name(
    world: World, exporting: Path
) -> None:
    expected = {
        "acled": ("text/csv", "reports-acled.csv"),
        "ucdp": ("text/csv", "reports-ucdp.csv"),
        "csv": ("text/csv", "reports.csv"),
        "geojson": ("application/geo+json", "reports.geojson"),
        "gpkg": ("application/geopackage+sqlite3", "reports.gpkg"),
        "parquet": ("application/vnd.apache.parquet", "reports.parquet"),
    }
    for fmt, (media, name) in expected.items():
        r = _export(world, format=fmt)
        assert r.status_code == 200, fmt
        assert r.headers["content-type"].split(";")[0] == media
        assert r.headers["content-disposition"] == f'attachment; filename="{name}"'
        assert r.headers["x-report-count"] == "2"
        if fmt == "gpkg":
            assert r.content.startswith(b"SQLite format 3\x00")
        elif fmt == "parquet":
            assert r.content[:4] == r.content[-4:] == b"PAR1"
        elif fmt == "geojson":
            assert len(json.loads(r.content)["features"]) == 2
        else:
            assert len(list(csv.DictReader(io.StringIO(r.text)))) == 2
    assert list(exporting.iterdir()) == [], "temporary files must be deleted"


def test_filters_choose_the_reports(world: World, exporting: Path) -> None:
    for params, count in [
        ({"since": "2020-11-17"}, 1),
        ({"until": "2020-11-16"}, 1),
        ({"since": "2020-11-16T17:40:00Z", "until": "2020-11-16T17:40:00Z"}, 1),
        ({"since": "2020-11-16T17:41:00Z", "until": "2020-11-17T22:59:59Z"}, 0),
        ({"source": "op-fuzuli"}, 1),
        ({"source": "no-such-source"}, 0),
    ]:
        r = _export(world, format="geojson", **params)
        assert r.status_code == 200, params
        assert r.headers["x-report-count"] == str(count), params
        assert len(json.loads(r.content)["features"]) == count


def test_bad_parameters_name_the_field_and_leave_nothing(world: World, exporting: Path) -> None:
    before = _count(world)
    for params, field in [
        ({}, "format"),
        ({"format": "xlsx"}, "format"),
        ({"format": "CSV"}, "format"),
        ({"format": "csv", "since": "last week"}, "since"),
        ({"format": "csv", "until": "2020-11-31"}, "until"),
        ({"format": "csv", "source": "x'); DROP TABLE reports;--"}, "source"),
        ({"format": "csv", "source": "<script>alert(1)</script>"}, "source"),
    ]:
        r = _export(world, **params)
        assert r.status_code == 422, params
        assert r.json()["errors"][0]["field"] == field, params
    assert _count(world) == before
    assert list(exporting.iterdir()) == []


def _count(world: World) -> int:
    with world.db.read() as conn:
        return int(conn.execute(select(func.count()).select_from(reports)).scalar_one())
