"""`ceasefire findings signature`: the hex signature of a finding's content, from the database
or from a content file saved from the dashboard, recorded by nothing; the server accepts it
as a sign-off. Real key files, both backends."""

# The fixtures are test_findings_cli.py's, imported: tests name them as usual.
# ruff: noqa: F811

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from tests.cli.conftest import cli
from tests.cli.test_findings_cli import (  # noqa: F401 - the fixtures are used by name
    draft,
    incident,
    keys,
)

from ceasefire.config import Settings
from ceasefire.errors import ValidationError
from ceasefire.services import findings
from ceasefire.services.database import Database

HEX128 = re.compile(r"[0-9a-f]{128}")


def content_of(url: str, finding_id: str) -> tuple[bytes, str]:
    db = Database(Settings(database_url=url))
    try:
        content = findings.finding_content(db=db, finding_id=finding_id)
        return content.content, content.sha256
    finally:
        db.dispose()


def record(url: str, finding_id: str, key_id: str, signature: str) -> None:
    """Record the signature as the dashboard's form does (it must verify)."""
    db = Database(Settings(database_url=url))
    try:
        findings.record_signoff(
            db=db, finding_id=finding_id, key_id=key_id, signature=signature, actor="head"
        )
    finally:
        db.dispose()


def signed(url: str, *args: str) -> str:
    code, out, err = cli(url, "findings", "signature", *args)
    assert code == 0, err
    assert HEX128.fullmatch(out.strip()), out
    return out.strip()


def test_a_signature_from_the_database_and_from_a_file_verifies(
    database_url: str, incident: str, keys: dict[str, Path], tmp_path: Path
) -> None:
    fid = draft(database_url, incident)
    raw, digest = content_of(database_url, fid)
    by_id = signed(database_url, fid, "--private-key", str(keys["ru-1"]))
    saved = tmp_path / f"finding-{fid}-v1.json"
    saved.write_bytes(raw + b"\n")  # a copy that ends with a line break signs the same
    by_file = signed(database_url, "--content-file", str(saved), "--private-key", str(keys["ru-1"]))
    assert by_id == by_file, "Ed25519 signs the same bytes the same way"
    code, _, err = cli(
        database_url, "findings", "signature", fid, "--private-key", str(keys["ru-1"])
    )
    assert digest in err
    with pytest.raises(ValidationError, match="does not verify"):
        record(database_url, fid, "tr-1", by_id)
    record(database_url, fid, "ru-1", by_id)
    code, out, err = cli(database_url, "findings", "show", fid)
    assert code == 0 and "verifies" in out and "1 from TR" in out


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not json", "is not UTF-8 JSON"),
        (b'{"format":"something/else"}', "is not a finding's content"),
        (None, "is not the exact content"),
    ],
)
def test_a_file_that_is_not_a_findings_content_is_refused(
    database_url: str,
    incident: str,
    keys: dict[str, Path],
    tmp_path: Path,
    content: bytes | None,
    message: str,
) -> None:
    if content is None:
        raw, _ = content_of(database_url, draft(database_url, incident))
        content = json.dumps(json.loads(raw), indent=2).encode()
    path = tmp_path / "content.json"
    path.write_bytes(content)
    code, out, err = cli(
        database_url, "findings", "signature", "--content-file", str(path),
        "--private-key", str(keys["ru-1"]),
    )  # fmt: skip
    assert code != 0 and not out
    assert "content_file" in err and message in err


def test_a_finding_id_or_a_file_not_both(
    database_url: str, incident: str, keys: dict[str, Path], tmp_path: Path
) -> None:
    fid = draft(database_url, incident)
    for extra in ([], [fid, "--content-file", str(tmp_path / "x.json")]):
        code, _, err = cli(
            database_url, "findings", "signature", *extra, "--private-key", str(keys["ru-1"])
        )
        assert code != 0 and "give exactly one" in err
