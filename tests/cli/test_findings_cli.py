"""`ceasefire keys` and `ceasefire findings` end to end with real key files, on both backends."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import update
from tests.cli.conftest import cli

from ceasefire.config import Settings
from ceasefire.services.database import Database
from ceasefire.services.reports import file_report
from ceasefire.storage.schema import finding_signoffs, findings
from ceasefire.testing import report_data

NOW = datetime(2020, 11, 20, 9, 0, tzinfo=UTC)
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def run_sql(url: str, statement: object) -> None:
    db = Database(Settings(database_url=url))
    try:
        with db.transaction() as conn:
            conn.execute(statement)  # type: ignore[call-overload]
    finally:
        db.dispose()


@pytest.fixture
def incident(loaded: str) -> str:
    """The reference scenario, a source and the incident of one filed report."""
    db = Database(Settings(database_url=loaded))
    try:
        return file_report(db=db, data=report_data(), actor="monitor-1", now=NOW).incident_id
    finally:
        db.dispose()


@pytest.fixture
def keys(database_url: str, incident: str, tmp_path: Path) -> dict[str, Path]:
    files = {}
    for key_id, nation in (("ru-1", "RU"), ("tr-1", "TR")):
        path = tmp_path / f"{key_id}.pem"
        code, out, err = cli(
            database_url,
            "keys",
            "add",
            key_id,
            "--holder",
            f"Monitor {key_id}",
            "--nation",
            nation,
            "--private-key-out",
            str(path),
        )
        assert code == 0, err
        assert "registered" in out
        assert path.stat().st_mode & 0o777 == 0o600
        assert path.read_text().startswith("-----BEGIN PRIVATE KEY-----")
        files[key_id] = path
    return files


def draft(url: str, incident: str) -> str:
    code, out, err = cli(
        url,
        "findings",
        "draft",
        "--incident",
        incident,
        "--title",
        "Mortar fire [near] Aghdam",
        "--text",
        "Three impacts confirmed by two observation posts.",
    )
    assert code == 0, err
    match = UUID.search(out)
    assert match is not None, out
    return match.group(0)


def sign(url: str, finding_id: str, key_id: str, path: Path) -> tuple[int, str, str]:
    return cli(url, "findings", "sign", finding_id, "--key-id", key_id, "--private-key", str(path))


def test_the_sign_off_flow(database_url: str, incident: str, keys: dict[str, Path]) -> None:
    url = database_url
    finding_id = draft(url, incident)

    code, out, _ = sign(url, finding_id, "ru-1", keys["ru-1"])
    assert code == 0 and "Still needed: 1 from TR" in out
    code, _, err = cli(url, "findings", "publish", finding_id)
    assert code == 4 and "1 from TR" in err
    code, _, err = sign(url, finding_id, "ru-1", keys["ru-1"])
    assert code == 4 and "already signed" in err
    code, _, err = sign(url, finding_id, "tr-1", keys["ru-1"])
    assert code == 2 and "does not match the public key registered as tr-1" in err
    assert str(keys["ru-1"]) in err

    code, out, _ = sign(url, finding_id, "tr-1", keys["tr-1"])
    assert code == 0 and "Quorum met" in out
    code, out, _ = cli(url, "findings", "list", "--status", "signed_off")
    assert code == 0 and finding_id in out and "1 findings" in out

    code, out, _ = cli(url, "findings", "show", finding_id)
    assert code == 0
    assert "Mortar fire [near] Aghdam" in out
    assert out.count("verifies") == 2 and "Quorum (1 from RU, 1 from TR): met." in out

    code, out, _ = cli(url, "findings", "verify")
    assert code == 0 and "All 2 signature(s) on 1 finding(s) verify." in out
    code, out, _ = cli(url, "findings", "publish", finding_id)
    assert code == 0 and "published" in out
    code, out, _ = cli(url, "findings", "list", "--status", "published", "--incident", incident)
    assert finding_id in out

    code, out, _ = cli(url, "audit", "verify")
    assert code == 0, out


def test_edit_voids_and_revoked_keys(
    database_url: str, incident: str, keys: dict[str, Path]
) -> None:
    url = database_url
    finding_id = draft(url, incident)
    for key_id, path in keys.items():
        assert sign(url, finding_id, key_id, path)[0] == 0
    text_file = keys["ru-1"].parent / "finding.txt"
    text_file.write_text("Four impacts, not three.\n", encoding="utf-8")
    code, out, _ = cli(url, "findings", "edit", finding_id, "--text-file", str(text_file))
    assert code == 0 and "version 2 (draft); 2 sign-off(s) voided" in out
    code, out, _ = cli(url, "findings", "edit", finding_id, "--text-file", str(text_file))
    assert code == 0 and "unchanged" in out
    code, out, _ = cli(url, "findings", "show", finding_id)
    assert out.count("voided by an edit") == 2 and "missing 1 from RU, 1 from TR" in out
    assert cli(url, "findings", "publish", finding_id)[0] == 4

    code, out, _ = cli(url, "keys", "revoke", "ru-1", "--reason", "laptop lost")
    assert code == 0 and "revoked" in out
    code, _, err = sign(url, finding_id, "ru-1", keys["ru-1"])
    assert code == 4 and "revoked" in err
    code, out, _ = cli(url, "keys", "list")
    assert code == 0 and "ru-1" in out and "tr-1" in out


def test_verify_detects_tampering(database_url: str, incident: str, keys: dict[str, Path]) -> None:
    url = database_url
    finding_id = draft(url, incident)
    for key_id, path in keys.items():
        assert sign(url, finding_id, key_id, path)[0] == 0
    run_sql(url, update(findings).values(text="No impacts were observed."))
    code, _, err = cli(url, "findings", "verify")
    assert code == 6
    assert f"finding {finding_id}, key -: content does not match" in err
    for key_id in keys:
        assert f"finding {finding_id}, key {key_id}: signature does not verify" in err
    code, out, _ = cli(url, "findings", "show", finding_id)
    assert "INVALID" in out and "it was changed" in out
    assert cli(url, "findings", "publish", finding_id)[0] == 4


def test_verify_detects_a_changed_signature(
    database_url: str, incident: str, keys: dict[str, Path]
) -> None:
    url = database_url
    finding_id = draft(url, incident)
    assert sign(url, finding_id, "ru-1", keys["ru-1"])[0] == 0
    run_sql(url, update(finding_signoffs).values(signature="0" * 128))
    code, _, err = cli(url, "findings", "verify", finding_id)
    assert code == 6
    assert f"finding {finding_id}, key ru-1: signature does not verify" in err


def test_bad_input_is_refused_clearly(
    database_url: str, incident: str, keys: dict[str, Path], tmp_path: Path
) -> None:
    url = database_url
    code, _, err = cli(
        url, "keys", "add", "x", "--holder", "X", "--nation", "ZZ", "--public-key", "ab" * 32
    )
    assert code == 2 and "nation" in err and "'ZZ'" in err
    code, _, err = cli(url, "keys", "add", "x", "--holder", "X", "--nation", "RU")
    assert code == 2 and "give exactly one" in err
    code, _, err = cli(
        url, "keys", "add", "x", "--holder", "X", "--nation", "RU", "--public-key", "xyz"
    )
    assert code == 2 and "public_key" in err and "'xyz'" in err
    before = keys["ru-1"].read_bytes()
    code, _, err = cli(
        url,
        "keys",
        "add",
        "ru-9",
        "--holder",
        "X",
        "--nation",
        "RU",
        "--private-key-out",
        str(keys["ru-1"]),
    )
    assert code == 4 and "refusing to overwrite" in err
    assert keys["ru-1"].read_bytes() == before
    code, _, err = cli(
        url,
        "keys",
        "add",
        "ru-1",
        "--holder",
        "X",
        "--nation",
        "RU",
        "--private-key-out",
        str(tmp_path / "new.pem"),
    )
    assert code == 4 and "already exists" in err
    assert not (tmp_path / "new.pem").exists()

    code, _, err = cli(
        url, "findings", "draft", "--incident", "nope", "--title", "T", "--text", "x"
    )
    assert code == 3 and "incident 'nope' not found" in err
    code, _, err = cli(url, "findings", "draft", "--incident", incident, "--title", "T")
    assert code == 2 and "--text" in err
    code, _, err = cli(url, "findings", "show", "nope")
    assert code == 3
    code, out, _ = cli(url, "findings", "list")
    assert "0 findings" in out

    finding_id = draft(url, incident)
    bad = tmp_path / "bad.pem"
    bad.write_text("not a key")
    code, _, err = sign(url, finding_id, "ru-1", bad)
    assert code == 2 and str(bad) in err and "not a PEM private key" in err
    code, _, err = sign(url, finding_id, "ru-1", tmp_path / "missing.pem")
    assert code == 2 and "cannot read" in err


def test_quorum_from_the_environment(
    database_url: str, incident: str, keys: dict[str, Path]
) -> None:
    url = database_url
    finding_id = draft(url, incident)
    assert sign(url, finding_id, "ru-1", keys["ru-1"])[0] == 0
    code, out, _ = cli(
        url, "findings", "show", finding_id, env={"CEASEFIRE_SIGNOFF_QUORUM": "RU=1"}
    )
    assert code == 0 and "Quorum (1 from RU): met." in out
    code, _, err = cli(url, "findings", "list", env={"CEASEFIRE_SIGNOFF_QUORUM": "RU=none"})
    assert code == 2 and "CEASEFIRE_SIGNOFF_QUORUM" in err and "'RU=none'" in err
