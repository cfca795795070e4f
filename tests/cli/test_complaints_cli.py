"""`ceasefire complaints ...` end to end: file, acknowledge, investigate, evidence, requests,
finding, redacted summary; what each `--as` reads; overdue flags at `--now`; clear errors."""

from __future__ import annotations

import re
from pathlib import Path

from tests.cli.conftest import cli


def _ref(out: str) -> str:
    found = re.search(r"Complaint ([A-Z]+-\d{4}-\d{3}) received", out)
    assert found, out
    return found.group(1)


def _id(out: str) -> str:
    found = re.search(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", out)
    assert found, out
    return found.group(0)


def file(url: str, party: str, *extra: str) -> str:
    code, out, err = cli(
        url,
        "complaints",
        "file",
        "--party",
        party,
        "--occurred",
        "2021-03-01T06:10:00+04:00",
        "--allegation",
        f"{party} alleges mortar fire",
        "--as",
        f"liaison:{party}",
        "--place",
        "Aghdam",
        *extra,
    )
    assert code == 0, err
    return _ref(out)


def test_full_flow_through_the_cli(loaded: str, tmp_path: Path) -> None:
    am = file(loaded, "AM")
    assert am.startswith("AM-") and am.endswith("-001")
    photo = tmp_path / "crater.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00jpeg bytes")  # a JPEG by its content
    steps = [
        ("complaints", "acknowledge", am, "--as", "analyst"),
        ("complaints", "investigate", am, "--as", "analyst"),
        (
            "complaints",
            "evidence",
            am,
            "--description",
            "Crater photo",
            "--file",
            str(photo),
            "--as",
            "liaison:AM",
        ),
    ]
    evidence_dir = {"CEASEFIRE_EVIDENCE_DIR": str(tmp_path / "evidence")}
    for args in steps:
        code, out, err = cli(loaded, *args, env=evidence_dir)
        assert code == 0, err
    code, out, err = cli(
        loaded,
        "complaints",
        "rfi-send",
        "--party",
        "AM",
        "--question",
        "Which unit reported it?",
        "--complaint",
        am,
        "--as",
        "analyst",
    )
    assert code == 0, err
    request = _id(out)
    code, out, err = cli(
        loaded, "complaints", "rfi-answer", request, "--answer", "Battalion 3", "--as", "liaison:AM"
    )
    assert code == 0, err
    code, out, _ = cli(loaded, "complaints", "rfi-list", "--as", "liaison:AM")
    assert "Battalion 3" in out and "answered" in out
    code, out, _ = cli(
        loaded,
        "findings",
        "draft",
        "--title",
        "Shelling confirmed",
        "--complaint",
        am,
        "--text",
        "op-aghdam saw impacts at 39.8177, 46.7528; see crater.jpg.",
    )
    finding = _id(out)
    code, out, err = cli(
        loaded, "complaints", "issue-finding", am, "--finding", finding, "--as", "analyst"
    )
    assert code == 0, err
    code, out, err = cli(loaded, "complaints", "summary-preview", am, "--as", "analyst")
    assert code == 0, err
    for removed in ("op-aghdam", "39.8177, 46.7528", "crater.jpg"):
        assert removed in out  # listed as a hit
    assert "[location withheld]" in out and "3 passage(s) removed" in out
    code, out, err = cli(loaded, "complaints", "summary-send", am, "--as", "analyst")
    assert code == 0, err
    assert "Summary sent to AZ, AM" in out
    code, out, _ = cli(loaded, "complaints", "summary-list", "--as", "liaison:AZ")
    assert "To AZ" in out and "To AM" not in out and "39.8177" not in out
    code, out, _ = cli(loaded, "complaints", "close", am)
    assert code == 0
    code, out, _ = cli(loaded, "complaints", "show", am, "--as", "liaison:AM")
    assert "closed" in out and "Crater photo" in out and "Battalion 3" in out


def test_what_each_viewer_reads(loaded: str) -> None:
    am = file(loaded, "AM")
    az = file(loaded, "AZ", "--latitude", "39.98", "--longitude", "46.92", "--confidential")
    code, out, _ = cli(loaded, "complaints", "list", "--as", "liaison:AM")
    assert am in out and az not in out and "1 complaints" in out
    code, _, hidden = cli(loaded, "complaints", "show", az, "--as", "liaison:AM")
    code2, _, missing = cli(loaded, "complaints", "show", "AZ-1999-999", "--as", "liaison:AM")
    assert code == code2 == 3
    assert hidden.replace(az, "?") == missing.replace("AZ-1999-999", "?")
    code, out, _ = cli(loaded, "complaints", "show", az, "--as", "analyst")
    assert code == 0 and "withheld: party-confidential" in out and "AZ alleges" not in out
    code, out, _ = cli(loaded, "complaints", "show", az, "--as", "head")
    assert "AZ alleges mortar fire" in out and "district-aghdam" in out
    code, out, _ = cli(loaded, "complaints", "list", "--as", "public")
    assert "0 complaints" in out
    code, out, _ = cli(
        loaded,
        "findings",
        "draft",
        "--title",
        "Draft",
        "--complaint",
        az,
        "--text",
        "Not yet published.",
    )
    assert code == 0
    code, out, _ = cli(loaded, "findings", "list", "--as", "liaison:AZ")
    assert "0 findings" in out
    code, out, _ = cli(loaded, "findings", "list")
    assert "1 findings" in out


def test_overdue_flags_at_a_fixed_instant(loaded: str) -> None:
    am = file(loaded, "AM")
    code, out, _ = cli(loaded, "complaints", "list", "--overdue", "--now", "2000-01-01")
    assert code == 0 and "0 complaints" in out
    code, out, _ = cli(loaded, "complaints", "list", "--overdue", "--now", "2999-01-01")
    assert am in out and "acknowledgement, finding" in out


def test_bad_input_gives_one_clear_line(loaded: str) -> None:
    cases = [
        (("--party", "RU"), "is not a party to trilateral-2020-11-10"),
        (("--party", "XX"), "unknown party"),
        (("--party", "AM", "--latitude", "95", "--longitude", "46"), "latitude"),
        (("--party", "AM", "--report", "nope"), "no such report"),
    ]
    for extra, message in cases:
        code, _, err = cli(
            loaded,
            "complaints",
            "file",
            "--occurred",
            "2021-03-01",
            "--allegation",
            "x",
            "--place",
            "Aghdam",
            *extra,
        )
        assert code == 2 and message in err and "Traceback" not in err, err
    am = file(loaded, "AM")
    code, _, err = cli(loaded, "complaints", "close", am)
    assert code == 2 and "is received" in err
    code, _, err = cli(loaded, "complaints", "acknowledge", am, "--as", "liaison:AM")
    assert code == 7 and "only mission staff" in err
