"""Synthetic intake: ACLED rows with ground truth and realistic noise, the same bytes per seed."""

from __future__ import annotations

import csv
import hashlib
import io
import math
import statistics
import tracemalloc
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

import numpy as np
import pytest
import shapely
import typer
from hypothesis import given
from hypothesis import strategies as st
from shapely.geometry import shape
from typer.testing import CliRunner

from ceasefire.cli.main import app
from ceasefire.domain.event_types import check_event_type
from ceasefire.errors import ValidationError
from ceasefire.importers.formats import ACLED_ACTOR_TYPES, ACLED_COLUMNS
from ceasefire.scenarios import load_scenario
from ceasefire.synthetic import HEADER, TRUTH_COLUMN, generate_acled
from ceasefire.synthetic.cells import fixed_digits, quote
from ceasefire.synthetic.geography import terrain

ROWS = 20_000
SEED = 7
REGION = (44.5, 38.3, 48.9, 41.9)
"""west, south, east, north: Armenia and Azerbaijan."""
NEAR_KM = 10.0
KM_PER_DEG_LAT = 110.57
KM_PER_DEG_LON = 111.32 * math.cos(math.radians(39.7))
INTER_WORDS = {t.lower() for t in ACLED_ACTOR_TYPES.values()} | {
    "state forces",
    "rebel group",
    "political militia",
    "identity militia",
    "external/other forces",
}
PLACES = Path(__file__).resolve().parent.parent / "src" / "ceasefire" / "data" / "places.csv"

Row = dict[str, str]


def kind_of(source: str) -> str:
    """The kind of source behind a source cell, as the generator assigns them."""
    for prefix, kind in (
        ("JMC patrol", "patrol"),
        ("JMC observation post", "observation post"),
        ("JMC UAV", "uav"),
        ("Ministry of Defence of Azerbaijan", "party AZ"),
        ("Ministry of Defence of Armenia", "party AM"),
        ("Russian Peacekeeping Contingent", "peacekeepers"),
    ):
        if source.startswith(prefix):
            return kind
    return "media"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("synthetic") / "acled.csv"
    summary = generate_acled(path, reports=ROWS, seed=SEED)
    assert summary.reports == ROWS and summary.path == path
    return path


@pytest.fixture(scope="module")
def rows(generated: Path) -> list[Row]:
    with generated.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def incidents(rows: list[Row]) -> dict[str, list[Row]]:
    grouped: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        grouped[row[TRUTH_COLUMN]].append(row)
    return grouped


def test_header_is_the_acled_columns_then_the_truth_column(generated: Path) -> None:
    first = generated.read_bytes().split(b"\n", 1)[0].decode()
    assert first.split(",") == [*ACLED_COLUMNS, "truth_incident_id"]
    assert (*ACLED_COLUMNS, TRUTH_COLUMN) == HEADER


def test_file_is_exactly_what_csv_writer_would_write(generated: Path, rows: list[Row]) -> None:
    text = generated.read_bytes().decode("utf-8")
    assert "\r" not in text and text.endswith("\n")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerows(csv.reader(io.StringIO(text, newline="")))
    assert buffer.getvalue() == text
    assert len(rows) == ROWS


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path: Path) -> None:
    paths = [tmp_path / f"{name}.csv" for name in ("a", "b", "c")]
    for path, seed in zip(paths, (3, 3, 4), strict=True):
        generate_acled(path, reports=3_000, seed=seed)
    assert sha256(paths[0]) == sha256(paths[1])
    assert sha256(paths[0]) != sha256(paths[2])


def test_a_text_stream_gets_the_same_text(tmp_path: Path) -> None:
    path = tmp_path / "file.csv"
    generate_acled(path, reports=500, seed=5)
    buffer = io.StringIO(newline="")
    summary = generate_acled(buffer, reports=500, seed=5)
    assert buffer.getvalue() == path.read_text(encoding="utf-8")
    assert summary.path is None and summary.incidents > 100


def test_event_types_are_valid_acled_pairs(rows: list[Row]) -> None:
    pairs = Counter((r["event_type"], r["sub_event_type"]) for r in rows)
    for event_type, sub_event_type in pairs:
        check_event_type(event_type, sub_event_type)
    shelling = ("Explosions/Remote violence", "Shelling/artillery/missile attack")
    assert pairs.most_common(1)[0][0] == shelling
    assert ("Battles", "Armed clash") in pairs
    assert ("Strategic developments", "Disrupted weapons use") in pairs


def test_cells_are_well_formed(rows: list[Row]) -> None:
    ids = [r["event_id_cnty"] for r in rows]
    assert len(set(ids)) == len(ids)
    assert all(i[:3] in {"AZE", "ARM"} and i[3:].isdigit() for i in ids)
    for r in rows:
        day = date.fromisoformat(r["event_date"])
        assert date(2020, 11, 10) <= day <= date(2023, 9, 19)
        assert r["year"] == str(day.year)
        assert float(r["time_precision"]) in {1, 2, 3}
        assert float(r["geo_precision"]) in {1, 2, 3}
        assert float(r["fatalities"]).is_integer()
        assert (r["iso"], r["country"]) in {("31", "Azerbaijan"), ("51", "Armenia")}
        assert r["region"] == "Caucasus and Central Asia"
        assert r["disorder_type"] in {
            "Political violence",
            "Strategic developments",
            "Demonstrations",
        }
        assert int(r["timestamp"]) > (day - date(1970, 1, 1)).days * 86_400
        assert r["notes"].startswith(f"On {day.day} ")
        assert r["location"] in r["notes"] and r["admin1"]
        assert r["civilian_targeting"] == (
            "Civilian targeting" if "Civilians" in r["actor2"] else ""
        )


def test_reports_lie_near_the_line_of_contact_or_in_the_corridor(rows: list[Row]) -> None:
    lon = np.array([float(r["longitude"]) for r in rows])
    lat = np.array([float(r["latitude"]) for r in rows])
    west, south, east, north = REGION
    assert np.all((lon > west) & (lon < east) & (lat > south) & (lat < north))
    scenario = load_scenario("nagorno-karabakh-2020")
    zones = [shape(scenario.zone(z).geometry) for z in ("nk-pre-2020", "lachin-corridor")]
    in_km = [shapely.transform(g, lambda xy: xy * [KM_PER_DEG_LON, KM_PER_DEG_LAT]) for g in zones]
    points = shapely.points(lon * KM_PER_DEG_LON, lat * KM_PER_DEG_LAT)
    distance = np.minimum(
        shapely.distance(in_km[0].boundary, points), shapely.distance(in_km[1], points)
    )
    assert np.all(distance < NEAR_KM), f"{np.max(distance):.1f} km"


def test_incidents_have_several_reports_from_different_kinds_of_source(
    incidents: dict[str, list[Row]],
) -> None:
    sizes = Counter(len(reports) for reports in incidents.values())
    assert set(sizes) <= {1, 2, 3, 4, 5}
    assert sum(n for size, n in sizes.items() if size >= 2) > 0.7 * len(incidents)
    for reports in incidents.values():
        kinds = [kind_of(r["source"]) for r in reports]
        assert len(set(kinds)) == len(kinds)
        assert len({r["event_type"] for r in reports}) == 1
    disputed = [
        reports for reports in incidents.values() if len({r["fatalities"] for r in reports}) > 1
    ]
    assert len(disputed) > 0.05 * len(incidents)


def test_parties_blame_each_other_and_deny(incidents: dict[str, list[Row]]) -> None:
    denials = 0
    for reports in incidents.values():
        for r in reports:
            if "does not correspond to reality" in r["notes"]:
                denials += 1
                assert r["source"].startswith("Ministry of Defence")
                assert float(r["fatalities"]) == 0
    assert denials > 0.02 * sum(map(len, incidents.values()))
    both_sides = [
        {r["actor1"] for r in reports if kind_of(r["source"]).startswith("party")}
        for reports in incidents.values()
    ]
    assert any(len(actors) == 2 for actors in both_sides)


def test_real_world_quirks_are_present(rows: list[Row]) -> None:
    inter = Counter(r["inter1"] for r in rows)
    numeric = sum(n for value, n in inter.items() if value[:1].isdigit())
    assert 0.05 < numeric / len(rows) < 0.15
    assert all(value.lower() in INTER_WORDS or float(value) in range(1, 9) for value in inter)
    assert any(r["fatalities"].endswith(".0") for r in rows)
    assert any(r["inter2"].endswith(".0") for r in rows)
    assert any("; " in r["source"] for r in rows)
    assert any(r["interaction"].isdigit() for r in rows)
    assert any(r["tags"] for r in rows) and any(not r["tags"] for r in rows)


def test_places_are_spelled_in_several_ways(incidents: dict[str, list[Row]]) -> None:
    with PLACES.open(encoding="utf-8", newline="") as f:
        spellings = [{p["name"], *p["alt_names"].split("|")} for p in csv.DictReader(f)]
    varied = [
        names
        for names in ({r["location"] for r in reports} for reports in incidents.values())
        if len(names) > 1
    ]
    assert varied
    assert any(names <= known for names in varied for known in spellings)
    locations = {r["location"] for reports in incidents.values() for r in reports}
    assert {"Kalbajar", "Karvachar"} <= locations or {"Khojavend", "Martuni"} <= locations


def test_reports_of_an_incident_are_near_each_other_but_not_grouped(rows: list[Row]) -> None:
    positions: dict[str, list[int]] = defaultdict(list)
    for i, row in enumerate(rows):
        positions[row[TRUTH_COLUMN]].append(i)
    several = [p for p in positions.values() if len(p) > 1]
    assert max(p[-1] - p[0] for p in several) < 200
    contiguous = sum(p[-1] - p[0] == len(p) - 1 for p in several)
    assert contiguous < 0.5 * len(several)


def test_escalations_raise_the_rate_for_a_few_weeks(rows: list[Row]) -> None:
    weeks = Counter(date.fromisoformat(r["event_date"]).toordinal() // 7 for r in rows)
    assert max(weeks.values()) > 2.5 * statistics.median(weeks.values())


def test_a_shorter_period_and_progress(tmp_path: Path) -> None:
    seen: list[int] = []
    path = tmp_path / "short.csv"
    generate_acled(
        path, reports=25_000, seed=1, start=date(2022, 12, 12), end=date(2022, 12, 31),
        progress=seen.append,
    )  # fmt: skip
    assert seen == sorted(seen) and seen[-1] == 25_000
    with path.open(encoding="utf-8", newline="") as f:
        days = {r["event_date"] for r in csv.DictReader(f)}
    assert min(days) == "2022-12-12" and max(days) == "2022-12-31"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"reports": 0, "seed": 1}, "reports"),
        ({"reports": 5, "seed": -1}, "seed"),
        ({"reports": 5, "seed": 1, "start": date(2022, 1, 2), "end": date(2022, 1, 1)}, "end"),
    ],
)
def test_bad_arguments_name_the_field(kwargs: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError) as error:
        generate_acled(io.StringIO(), **kwargs)  # type: ignore[arg-type]
    assert error.value.field == field


@given(st.text(st.characters(blacklist_characters="\r")))
def test_quote_matches_csv_writer(value: str) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow([value, "x"])
    assert buffer.getvalue() == f"{quote(value)},x\n"


@given(st.lists(st.integers(0, 10**9), min_size=1), st.integers(1, 12))
def test_fixed_digits_match_python_formatting(values: list[int], width: int) -> None:
    codes = fixed_digits(np.array(values, dtype=np.int64), width)
    text = ["".join(map(chr, row)) for row in codes.tolist()]
    assert text == [f"{v % 10**width:0{width}d}" for v in values]


def cli_app() -> typer.Typer:
    """The real `ceasefire` app, where the command is registered."""
    return app


def test_cli_writes_the_file_and_a_summary(tmp_path: Path) -> None:
    out = tmp_path / "intake.csv"
    args = ["generate", "--reports", "2000", "--seed", "3", "--out", str(out)]
    result = CliRunner().invoke(cli_app(), [*args, "--start", "2021-01-01"])
    assert result.exit_code == 0, result.output
    assert "wrote 2,000 reports of" in result.stdout and "rows/s" in result.stdout
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2_001 and lines[0].endswith(",truth_incident_id")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--reports", "0"], "reports: must be at least 1"),
        (["--reports", "5", "--end", "2020-01-01"], "end: must not be before start"),
        (["--reports", "5", "--start", "11/10/2020"], "start: must be a date"),
    ],
)
def test_cli_refuses_bad_options(tmp_path: Path, args: list[str], message: str) -> None:
    result = CliRunner().invoke(cli_app(), ["generate", *args, "--out", str(tmp_path / "x.csv")])
    assert result.exit_code == 2 and message in result.stderr
    assert not (tmp_path / "x.csv").exists()


def test_cli_refuses_a_missing_directory(tmp_path: Path) -> None:
    out = tmp_path / "missing" / "x.csv"
    result = CliRunner().invoke(cli_app(), ["generate", "--reports", "5", "--out", str(out)])
    assert result.exit_code == 2 and "does not exist" in result.stderr


def test_memory_stays_flat_while_streaming(tmp_path: Path) -> None:
    terrain()
    tracemalloc.start()
    try:
        generate_acled(tmp_path / "big.csv", reports=200_000, seed=2)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 50 * 2**20, f"peak {peak / 2**20:.1f} MiB"
