"""The CLI end to end through Typer's runner, on both backends."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.cli.conftest import cli, runner

from ceasefire.cli.main import app
from ceasefire.testing import report_data


def test_init_twice(database_url: str) -> None:
    code, out, _ = cli(database_url, "init")
    assert code == 0
    assert "up to date" in out


def test_scenario_list_and_load_twice(loaded: str) -> None:
    code, out, _ = (
        runner.invoke(app, ["scenario", "list"]).exit_code,
        runner.invoke(app, ["scenario", "list"]).stdout,
        "",
    )
    assert code == 0 and "nagorno-karabakh-2020" in out
    code, out, _ = cli(loaded, "scenario", "load", "nagorno-karabakh-2020")
    assert code == 0
    assert "nothing changed" in out


def test_agreements_list_and_show(loaded: str) -> None:
    code, out, _ = cli(loaded, "agreements", "list")
    assert code == 0 and "trilateral-2020-11-10" in out
    code, out, _ = cli(loaded, "agreements", "show", "trilateral-2020-11-10")
    assert code == 0
    for expected in ("1,960", "380", "2020-11-25 (amended from 2020-11-15", "5 km", "60 months"):
        assert expected in out, expected
    code, _, err = cli(loaded, "agreements", "show", "no-such-agreement")
    assert code == 3
    assert "no-such-agreement" in err


def test_compliance_examples(loaded: str) -> None:
    code, out, _ = cli(loaded, "compliance", "--at", "2020-11-16", "--format", "json")
    assert code == 0
    rows = {r["provision_id"]: r for r in json.loads(out)}
    kelbajar = rows["tri2020-6-kelbajar"]
    assert (kelbajar["status"], kelbajar["deadline"], kelbajar["original_deadline"]) == (
        "due",
        "2020-11-25",
        "2020-11-15",
    )
    term = rows["tri2020-4-term"]
    assert (term["expiry"], term["notice_deadline"]) == ("2025-11-10", "2025-05-10")
    assert "renews automatically" in term["reason"]
    _, out, _ = cli(loaded, "compliance", "--at", "2020-11-21", "--format", "json")
    assert {r["provision_id"]: r for r in json.loads(out)}["tri2020-2"]["status"] == "met"
    code, out, _ = cli(loaded, "compliance", "--at", "2020-11-16")
    assert code == 0 and "tri2020-6-kelbajar" in out


def test_timeline_with_ranges(loaded: str) -> None:
    code, out, _ = cli(loaded, "timeline", "--from", "2020-09-01", "--to", "2020-12-31")
    assert code == 0
    assert "6,500" in out and "6,700" in out
    assert "1905" not in out


def test_report_from_flags_and_from_file(loaded: str, tmp_path: Path) -> None:
    code, out, err = cli(
        loaded,
        "reports",
        "add",
        "--source",
        "op-aghdam",
        "--at",
        "2020-11-16T21:40:00+04:00",
        "--lat",
        "39.99",
        "--lon",
        "46.93",
        "--event-type",
        "Explosions/Remote violence",
        "--sub-event-type",
        "Shelling/artillery/missile attack",
        "--weapon",
        "mortar",
        "--explosions",
        "3",
        "--casualty",
        "killed_military=15:16:17",
        "--how-observed",
        "heard",
        "--actor",
        "Armed forces:initiator:AM",
    )
    assert code == 0, err
    assert "linked into incident" in out
    path = tmp_path / "report.json"
    path.write_text(json.dumps(report_data(place_name="Kalbajar")))
    code, out, err = cli(loaded, "reports", "add", "--file", str(path))
    assert code == 0, err
    code, out, _ = cli(loaded, "incidents", "list")
    assert code == 0
    assert "2 incidents" in out and "15–17" in out and "Kalbajar" in out


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--event-type", "Skirmish"], "event_type"),
        (["--lat", "91"], "latitude"),
        (["--until", "2020-11-01T00:00:00Z"], "occurred_end"),
        (["--actor", "Someone:initiator:ZZ"], "actors[0].party"),
        (["--casualty", "killed_military=lots"], "casualties.killed_military"),
    ],
)
def test_bad_report_is_one_clear_line_and_writes_nothing(
    loaded: str, args: list[str], needle: str
) -> None:
    base = {
        "--source": "op-aghdam",
        "--at": "2020-11-16T21:40:00+04:00",
        "--lat": "39.99",
        "--lon": "46.93",
        "--event-type": "Battles",
    }
    for flag, value in zip(args[::2], args[1::2], strict=True):
        base[flag] = value
    flat = [x for pair in base.items() for x in pair]
    if "--actor" in args:
        flat += ["--actor", args[args.index("--actor") + 1]]
    code, out, err = cli(loaded, "reports", "add", *flat)
    assert code == 2
    assert needle in err
    assert "Traceback" not in err + out
    assert len(err.strip().splitlines()) == 1
    _, out, _ = cli(loaded, "incidents", "list")
    assert "0 incidents" in out


def test_audit_verify(loaded: str) -> None:
    code, out, _ = cli(loaded, "audit", "verify")
    assert code == 0
    assert "intact" in out


def test_uninitialised_database_is_a_clear_error(tmp_path: Path) -> None:
    code, _, err = cli(f"sqlite:///{tmp_path / 'empty.db'}", "agreements", "list")
    assert code == 5
    assert "ceasefire init" in err


def test_unknown_scenario_is_a_clear_error(database_url: str) -> None:
    code, _, err = cli(database_url, "scenario", "load", "atlantis-2099")
    assert code != 0
    assert "atlantis-2099" in err


def test_zones_list_and_locate(loaded: str) -> None:
    code, out, _ = cli(loaded, "zones", "list")
    assert code == 0
    assert "lachin-corridor" in out and "approximate" in out
    # Lachin town (GeoNames 39.63742, 46.54977) lies in the corridor band and the NK area.
    code, out, _ = cli(loaded, "zones", "locate", "--lat", "39.63742", "--lon", "46.54977")
    assert code == 0
    inside = [line for line in out.splitlines() if " yes " in line]
    assert any("lachin-corridor" in line for line in inside)
    assert any("nk-pre-2020" in line for line in inside)
    assert not any("district-aghdam" in line for line in inside)
    code, _, err = cli(loaded, "zones", "locate", "--lat", "91", "--lon", "46.5")
    assert code == 2 and "latitude" in err
