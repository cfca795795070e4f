"""`ceasefire evidence ...` end to end: add to a report and to a complaint, list, get a
verified copy, refuse a renamed file, hide another party's evidence, verify the directory;
`complaints evidence --file` stores the bytes too."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
from tests.cli.conftest import cli
from tests.domain.test_evidence import PDF, png_bytes

from ceasefire.testing import report_data

PHOTO = png_bytes(4, 4)
PHOTO_SHA = hashlib.sha256(PHOTO).hexdigest()
PDF_SHA = hashlib.sha256(PDF).hexdigest()


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {"CEASEFIRE_EVIDENCE_DIR": str(tmp_path / "evidence"), "CEASEFIRE_ACTOR": "ivanov"}


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    made = {"photo": tmp_path / "crater.png", "pdf": tmp_path / "statement.pdf"}
    made["photo"].write_bytes(PHOTO)
    made["pdf"].write_bytes(PDF)
    made["renamed"] = tmp_path / "photo.jpg"
    made["renamed"].write_bytes(PDF)
    return made


def _report(url: str, tmp_path: Path) -> str:
    path = tmp_path / "report.json"
    path.write_text(json.dumps(report_data()))
    code, out, err = cli(url, "reports", "add", "--file", str(path))
    assert code == 0, err
    found = re.search(r"Report (\S+) filed", out)
    assert found, out
    return found.group(1)


def _complaint(url: str, party: str) -> str:
    code, out, err = cli(
        url, "complaints", "file", "--party", party, "--occurred", "2021-03-01T06:10:00+04:00",
        "--allegation", f"{party} alleges mortar fire", "--place", "Aghdam",
        "--as", f"liaison:{party}",
    )  # fmt: skip
    assert code == 0, err
    found = re.search(r"Complaint ([A-Z]+-\d{4}-\d{3}) received", out)
    assert found, out
    return found.group(1)


def test_add_list_get_and_verify(
    loaded: str, tmp_path: Path, env: dict[str, str], files: dict[str, Path]
) -> None:
    report = _report(loaded, tmp_path)
    code, out, err = cli(
        loaded, "evidence", "add", str(files["photo"]), "--report", report,
        "--description", "Crater at the post", "--as", "monitor", env=env,
    )  # fmt: skip
    assert code == 0, err
    assert PHOTO_SHA in out and "image/png" in out
    stored = tmp_path / "evidence" / PHOTO_SHA[:2] / PHOTO_SHA[2:4] / PHOTO_SHA
    assert stored.read_bytes() == PHOTO
    code, out, _ = cli(loaded, "evidence", "list", "--report", report, "--as", "analyst", env=env)
    assert code == 0 and "crater.png" in out and "Crater at the post" in out and "ivanov" in out
    copy = tmp_path / "copy.png"
    code, out, err = cli(loaded, "evidence", "get", PHOTO_SHA, "--out", str(copy), env=env)
    assert code == 0, err
    assert copy.read_bytes() == PHOTO
    code, _, err = cli(loaded, "evidence", "get", PHOTO_SHA, "--out", str(copy), env=env)
    assert code == 2 and "exists already" in err
    code, out, _ = cli(loaded, "evidence", "verify", env=env)
    assert code == 0 and "All 1 evidence file(s)" in out
    code, out, _ = cli(loaded, "audit", "verify", env=env)
    assert code == 0, out
    stored.chmod(0o644)
    stored.write_bytes(PHOTO[:-1])
    code, _, err = cli(loaded, "evidence", "verify", env=env)
    assert code == 6 and PHOTO_SHA in err and "altered" in err
    code, _, err = cli(loaded, "evidence", "get", PHOTO_SHA, "--out", str(tmp_path / "x"), env=env)
    assert code == 5 and "not served" in err and not (tmp_path / "x").exists()


def test_a_party_reads_only_its_own_complaints_evidence(
    loaded: str, env: dict[str, str], files: dict[str, Path], tmp_path: Path
) -> None:
    am = _complaint(loaded, "AM")
    code, out, err = cli(
        loaded, "evidence", "add", str(files["pdf"]), "--complaint", am, "--as", "liaison:AM",
        env=env,
    )  # fmt: skip
    assert code == 0, err
    code, out, _ = cli(loaded, "evidence", "list", "--complaint", am, "--as", "liaison:AM", env=env)
    assert code == 0 and "statement.pdf" in out
    code, out, err = cli(
        loaded, "evidence", "list", "--complaint", am, "--as", "liaison:AZ", env=env
    )
    assert code == 3 and "not found" in err and "statement" not in out
    out_file = tmp_path / "leak.pdf"
    code, _, err = cli(
        loaded, "evidence", "get", PDF_SHA, "--out", str(out_file), "--as", "liaison:AZ", env=env
    )
    assert code == 3 and "not found" in err and not out_file.exists()
    code, _, err = cli(loaded, "evidence", "list", "--complaint", am, "--as", "public", env=env)
    assert code == 3


@pytest.mark.parametrize(
    ("args", "code", "needle"),
    [
        (["--complaint", "AM-2021-001", "--report", "r"], 2, "give exactly one"),
        ([], 2, "give exactly one"),
        (["--report", "no-such-report"], 3, "not found"),
    ],
)
def test_bad_targets_are_one_clear_line(
    loaded: str,
    env: dict[str, str],
    files: dict[str, Path],
    args: list[str],
    code: int,
    needle: str,
) -> None:
    result, out, err = cli(loaded, "evidence", "add", str(files["photo"]), *args, env=env)
    assert result == code and needle in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in out + err


def test_a_renamed_file_is_refused_and_nothing_is_stored(
    loaded: str, tmp_path: Path, env: dict[str, str], files: dict[str, Path]
) -> None:
    report = _report(loaded, tmp_path)
    code, _, err = cli(
        loaded, "evidence", "add", str(files["renamed"]), "--report", report, env=env
    )
    assert code == 2
    assert "JPEG image (.jpg)" in err and "PDF document" in err and "photo.jpg" in err
    code, _, err = cli(
        loaded, "evidence", "add", str(tmp_path / "nope.png"), "--report", report, env=env
    )
    assert code == 2 and "cannot read" in err
    code, out, _ = cli(loaded, "evidence", "list", "--report", report, env=env)
    assert code == 0 and "No evidence" in out
    evidence_dir = tmp_path / "evidence"
    assert not evidence_dir.exists() or not any(p.is_file() for p in evidence_dir.rglob("*"))


def test_complaints_evidence_with_a_file_stores_its_bytes(
    loaded: str, tmp_path: Path, env: dict[str, str], files: dict[str, Path]
) -> None:
    am = _complaint(loaded, "AM")
    code, out, err = cli(
        loaded, "complaints", "evidence", am, "--description", "Signed statement",
        "--file", str(files["pdf"]), "--as", "liaison:AM", env=env,
    )  # fmt: skip
    assert code == 0, err
    assert PDF_SHA in out
    code, out, _ = cli(loaded, "evidence", "list", "--complaint", am, "--as", "liaison:AM", env=env)
    assert code == 0 and "Signed statement" in out and PDF_SHA in out
    code, out, _ = cli(loaded, "complaints", "show", am, "--as", "liaison:AM", env=env)
    assert code == 0 and "Signed statement" in out and PDF_SHA in out
    copy = tmp_path / "copy.pdf"
    code, _, err = cli(
        loaded, "evidence", "get", PDF_SHA, "--out", str(copy), "--as", "liaison:AM", env=env
    )
    assert code == 0, err
    assert copy.read_bytes() == PDF
