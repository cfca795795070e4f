"""The Arrow path for ACLED files stores exactly what the row-by-row path stores, numbers
lines as the row-by-row reader does, and refuses what it cannot read exactly."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from tests.importers.conftest import QUIRKS, acled_row, write_acled

from ceasefire.domain.agreements import Party
from ceasefire.enrichment import Enricher
from ceasefire.importers.acled import AcledFormat
from ceasefire.importers.acled_arrow import convert_acled_block
from ceasefire.importers.arrow_csv import ArrowCsv, FastPathRefused
from ceasefire.importers.formats import ACLED_COLUMNS
from ceasefire.importers.parties import PartyMatcher
from ceasefire.importers.reading import check_header, open_csv
from ceasefire.scenarios import load_scenario
from ceasefire.services.intake_batches import (
    BatchContext,
    PreparedBatch,
    _from_acled_block,
    prepare_rows,
)
from ceasefire.storage.repositories.bulk import BULK_COLUMNS, Constant
from ceasefire.synthetic import generate_acled

PARTIES = PartyMatcher([Party("AZ", "Azerbaijan"), Party("AM", "Armenia")])
NOW = datetime(2026, 11, 22, tzinfo=UTC)
ENRICHER = Enricher(load_scenario("nagorno-karabakh-2020").zones)


def stored_rows(batch: PreparedBatch) -> list[tuple[object, ...]]:
    """The rows as they would be stored, without the report id (fresh by design)."""
    n = len(batch.external_ids)
    columns = []
    for name in BULK_COLUMNS[1:]:
        column = batch.columns[name]
        columns.append([column.value] * n if isinstance(column, Constant) else column.to_pylist())
    return list(zip(*columns, strict=True))


def header_of(path: Path) -> list[str]:
    rows = open_csv(path)
    rows.close()
    return rows.header


def both_ways(path: Path, dialect: str, block_rows: int = 5_000) -> tuple[list[object], ...]:
    fmt = AcledFormat(PARTIES)
    header = header_of(path)
    positions = check_header(str(path), header, fmt.required_columns)
    ctx = BatchContext(fmt, "acled", "imp", NOW, dialect, {}, ENRICHER)
    fast: list[object] = []
    slow: list[object] = []
    for block in ArrowCsv(path, header, block_rows).blocks():
        converted = convert_acled_block(block, PARTIES, ctx.caches)
        assert converted is not None, "the file should take the Arrow path"
        fast += stored_rows(_from_acled_block(converted, ctx))
        slow += stored_rows(prepare_rows(block.readers(str(path), positions), ctx))
    return fast, slow


@pytest.mark.parametrize("dialect", ["sqlite", "postgresql"])
def test_generated_file_same_both_ways(tmp_path: Path, dialect: str) -> None:
    path = tmp_path / "gen.csv"
    generate_acled(path, reports=3_000, seed=5)
    fast, slow = both_ways(path, dialect, block_rows=1_000)
    assert len(fast) == 3_000
    assert fast == slow


def test_quirks_same_both_ways(tmp_path: Path) -> None:
    # The quirks file but with an ISO date everywhere, so every block takes the Arrow path.
    text = QUIRKS.read_bytes().replace(b"17 November 2020", b"2020-11-17")
    path = tmp_path / "quirks.csv"
    path.write_bytes(text)
    fast, slow = both_ways(path, "sqlite")
    assert fast == slow


def test_json_escapes_same_both_ways(tmp_path: Path) -> None:
    awkward = 'say "hi"\\ there\ttab\r\nline é 🙂 \u2028 \b\f'
    rows = [acled_row(0, admin2=awkward, actor1=awkward, notes=awkward, tags="x")]
    fast, slow = both_ways(write_acled(tmp_path / "f.csv", rows), "postgresql")
    assert fast == slow


def test_line_numbers_match_the_row_reader(tmp_path: Path) -> None:
    notes = ["one line", "two\nlines", "crlf\r\ninside", "lone\rreturn", "three\n\nlines"]
    rows = [acled_row(i, notes=note) for i, note in enumerate(notes * 3)]
    path = write_acled(tmp_path / "f.csv", rows)
    path.write_bytes(path.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
    expected = [r.line for r in open_csv(path).readers(ACLED_COLUMNS)]
    blocks = list(ArrowCsv(path, header_of(path), 4).blocks())
    assert [int(n) for b in blocks for n in b.lines] == expected


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (b"\n\n", "blank line"),
        (b"1,2,3\n", "column"),
        (b"", "UTF8"),
    ],
)
def test_refuses_what_it_cannot_number(tmp_path: Path, content: bytes, why: str) -> None:
    # Far enough into the file for the header to be read without decoding it.
    path = write_acled(tmp_path / "f.csv", [acled_row(i) for i in range(100)])
    rows = path.read_bytes().split(b"\n", 1)[1]
    if not content:  # Latin-1 in a late row
        rows = rows.replace(b"Kalbajar", "Kälbajar".encode("latin-1"), 1)
    path.write_bytes(path.read_bytes() + content + rows)
    with pytest.raises(FastPathRefused, match=why):
        list(ArrowCsv(path, header_of(path), 5_000).blocks())


@pytest.mark.parametrize(
    "change",
    [
        {"event_date": "17 November 2020"},
        {"event_date": "2021-02-30"},
        {"latitude": "91"},
        {"longitude": "nan"},
        {"fatalities": "2.5"},
        {"fatalities": "-1"},
        {"time_precision": "01"},
        {"event_type": "Skirmish"},
        {"sub_event_type": "Peaceful protest"},
        {"event_id_cnty": " "},
        {"admin3": "bell\x07"},
    ],
)
def test_anything_unusual_goes_row_by_row(tmp_path: Path, change: dict[str, str]) -> None:
    path = write_acled(tmp_path / "f.csv", [acled_row(0), acled_row(1, **change)])
    (block,) = ArrowCsv(path, header_of(path), 5_000).blocks()
    assert convert_acled_block(block, PARTIES, {}) is None
