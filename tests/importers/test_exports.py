"""Every export format from the database, on both backends."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from tests.importers.conftest import QUIRKS

from ceasefire.errors import ValidationError
from ceasefire.services.database import Database
from ceasefire.services.exports import EXPORT_FORMATS, export_reports
from ceasefire.services.imports import import_file
from ceasefire.storage.repositories.reports import ReportFilter


@pytest.fixture
def imported(scenario_db: Database) -> Database:
    import_file(db=scenario_db, path=QUIRKS, fmt="acled", actor="t")
    return scenario_db


def test_every_format_writes_every_report(imported: Database, tmp_path: Path) -> None:
    assert set(EXPORT_FORMATS) == {"acled", "ucdp", "csv", "geojson", "gpkg", "parquet"}
    for fmt in EXPORT_FORMATS:
        assert export_reports(db=imported, fmt=fmt, out=tmp_path / f"out.{fmt}") == 4, fmt
    features = json.loads((tmp_path / "out.geojson").read_text(encoding="utf-8"))["features"]
    names = {f["properties"]["place_name"] for f in features}
    assert "Kəlbəcər" in names
    table = pq.read_table(tmp_path / "out.parquet")
    assert sorted(table.column("original_id").to_pylist()) == [
        "TST0001", "TST0002", "TST0003", "TST0004",
    ]  # fmt: skip
    assert "district-aghdam" in "".join(table.column("zone_ids").to_pylist())


def test_filters_and_refusals(imported: Database, tmp_path: Path) -> None:
    from datetime import UTC, datetime

    flt = ReportFilter(since=datetime(2020, 11, 17, tzinfo=UTC))
    assert export_reports(db=imported, fmt="csv", out=tmp_path / "a.csv", flt=flt) == 3
    assert export_reports(db=imported, fmt="csv", out=tmp_path / "b.csv",
                          flt=ReportFilter(dataset="ucdp")) == 0  # fmt: skip
    with pytest.raises(ValidationError, match="exists"):
        export_reports(db=imported, fmt="csv", out=tmp_path / "a.csv")
    with pytest.raises(ValidationError, match="format"):
        export_reports(db=imported, fmt="shapefile", out=tmp_path / "c.shp")
