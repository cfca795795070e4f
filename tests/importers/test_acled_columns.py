"""The columnar ACLED path stores exactly what the row-by-row path stores."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from tests.importers.conftest import QUIRKS, acled_row, write_acled

from ceasefire.domain.agreements import Party
from ceasefire.importers.acled import AcledFormat
from ceasefire.importers.acled_columns import convert_acled_batch
from ceasefire.importers.parties import PartyMatcher
from ceasefire.importers.reading import open_csv
from ceasefire.services.intake_batches import BatchContext, _from_columns, _from_rows
from ceasefire.synthetic import generate_acled

PARTIES = PartyMatcher([Party("AZ", "Azerbaijan"), Party("AM", "Armenia")])
NOW = datetime(2026, 11, 22, tzinfo=UTC)


def both_ways(
    path: Path, dialect: str
) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    fmt = AcledFormat(PARTIES)
    readers = list(open_csv(path).readers(fmt.required_columns))
    columns = convert_acled_batch(readers, PARTIES, {})
    assert columns is not None, "the file should take the columnar path"
    ctx = BatchContext(fmt, "acled", "imp", NOW, dialect, {})
    fast = _from_columns(columns, ctx).bases
    slow = _from_rows(readers, ctx).bases
    return [row[1:] for row in fast], [row[1:] for row in slow]  # ids differ by design


@pytest.mark.parametrize("dialect", ["sqlite", "postgresql"])
def test_generated_file_same_both_ways(tmp_path: Path, dialect: str) -> None:
    path = tmp_path / "gen.csv"
    generate_acled(path, reports=3_000, seed=5)
    fast, slow = both_ways(path, dialect)
    assert fast == slow


def test_quirks_same_both_ways(tmp_path: Path) -> None:
    # The quirks file but with an ISO date everywhere, so the whole batch is columnar.
    text = QUIRKS.read_bytes().replace(b"17 November 2020", b"2020-11-17")
    path = tmp_path / "quirks.csv"
    path.write_bytes(text)
    fast, slow = both_ways(path, "sqlite")
    assert fast == slow


@pytest.mark.parametrize(
    "change",
    [
        {"event_date": "17 November 2020"},
        {"event_date": "2021-02-30"},
        {"latitude": "91"},
        {"fatalities": "2.5"},
        {"time_precision": "01"},
        {"event_type": "Skirmish"},
        {"event_id_cnty": " "},
    ],
)
def test_anything_unusual_goes_row_by_row(tmp_path: Path, change: dict[str, str]) -> None:
    path = write_acled(tmp_path / "f.csv", [acled_row(0), acled_row(1, **change)])
    readers = list(open_csv(path).readers(AcledFormat(PARTIES).required_columns))
    assert convert_acled_batch(readers, PARTIES, {}) is None
