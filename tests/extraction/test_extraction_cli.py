"""`ceasefire extract` and `ceasefire eval extraction`: output, bad input, and --accept
storing reports with the text as evidence on both backends."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.cli.conftest import cli
from typer.testing import CliRunner

from ceasefire.cli.main import app
from ceasefire.config import Settings
from ceasefire.domain.evidence import EvidenceEntity
from ceasefire.extraction import MAX_TEXT_CHARS
from ceasefire.services.database import Database
from ceasefire.storage.repositories import evidence as evidence_repo
from ceasefire.storage.repositories import reports as report_repo

STATEMENT = (
    "On July 12, from 12:55, units of the Armenian armed forces subjected to fire from "
    "artillery the positions of our troops in the direction of the Tovuz region. As a result, "
    "two servicemen of the Azerbaijan Army were killed and five were wounded."
)
NO_DB = "sqlite:////nonexistent/never-created.db"


@pytest.fixture
def statement(tmp_path: Path) -> Path:
    path = tmp_path / "statement.txt"
    path.write_text(STATEMENT, encoding="utf-8")
    return path


def test_text_output_quotes_the_words(statement: Path) -> None:
    code, out, _ = cli(
        NO_DB, "extract", str(statement), "--published", "2020-07-13", "--source", "mod-az"
    )
    assert code == 0
    assert "Event 1" in out and "“12:55”" in out and "killed_military" in out and "Tovuz" in out


def test_json_output(statement: Path) -> None:
    code, out, _ = cli(
        NO_DB, "extract", str(statement), "--published", "2020-07-13", "--source", "mod-az",
        "--format", "json", "--speaker", "AZ",
    )  # fmt: skip
    assert code == 0
    event = json.loads(out)["events"][0]
    assert event["date"]["value"]["start"].startswith("2020-07-12T12:55")
    assert event["event"]["value"]["kind"] == "shelling"
    actors = {(a["value"]["party_id"], a["value"]["side"]) for a in event["actors"]}
    assert ("AM", "initiator") in actors and ("AZ", "target") in actors
    for field in event["casualties"]:
        for span in field["spans"]:
            assert STATEMENT[span["start"] : span["end"]] == span["text"]


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        (b"", (), "is empty"),
        (b"\xff\xfe\x00bad", (), "is not UTF-8"),
        (b"x" * (4 * MAX_TEXT_CHARS + 1), (), "the limit is 100,000 characters"),
        (STATEMENT.encode(), ("--published", "2020-13-40"), "--published"),
    ],
)
def test_bad_input_is_one_clear_line(
    tmp_path: Path, content: bytes, args: tuple[str, ...], message: str
) -> None:
    path = tmp_path / "in.txt"
    path.write_bytes(content)
    options = args or ("--published", "2020-07-13")
    code, out, err = cli(NO_DB, "extract", str(path), *options, "--source", "mod-az")
    assert code != 0
    assert message in err and "Traceback" not in err + out


def test_eval_prints_a_table(tmp_path: Path) -> None:
    dataset = tmp_path / "one.jsonl"
    item = {
        "id": "t1", "kind": "mod_statement_az", "published": "2020-07-13", "text": STATEMENT,
        "events": [{"date": {"start": "2020-07-12T12:55", "end": None, "precision": "minute"},
                    "places": [{"name": "Tovuz", "role": "location", "precision": "district"}],
                    "actors": [{"party": "AM", "kind": "military", "role": "initiator"}],
                    "weapons": ["artillery"], "kind": "shelling",
                    "event_type": "Explosions/Remote violence",
                    "sub_event_type": "Shelling/artillery/missile attack",
                    "casualties": [{"category": "killed_military", "value": 2}],
                    "stance": "claim"}],
    }  # fmt: skip
    dataset.write_text(json.dumps(item) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", "extraction", str(dataset)], env={"COLUMNS": "200"})
    code, out = result.exit_code, result.stdout
    assert code == 0, out
    assert "weapons" in out and "overall" in out and "1.000" in out


def test_accept_files_reports_with_the_text_as_evidence(
    loaded: str, statement: Path, tmp_path: Path
) -> None:
    env = {"CEASEFIRE_EVIDENCE_DIR": str(tmp_path / "evidence"), "CEASEFIRE_ACTOR": "analyst1"}
    args = (
        "extract",
        str(statement),
        "--published",
        "2020-07-13",
        "--source",
        "mod-az",
        "--accept",
    )
    code, out, err = cli(loaded, *args, env=env)
    assert code == 0, err
    assert "filed with the text as evidence" in out
    db = Database(Settings(database_url=loaded))
    with db.read() as conn:
        stored = report_repo.find_by_external_ids(conn, {_external_id()})
        (report,) = stored.values()
        links = evidence_repo.links_of(conn, EvidenceEntity.REPORT, report.id)
    db.dispose()
    assert report.source_id == "mod-az" and report.event_type == "Explosions/Remote violence"
    assert [link.file_name for link in links] == ["statement.txt"]
    code, out, _ = cli(loaded, *args, env=env)  # accepting again stores nothing new
    assert code == 0 and "already filed" in out


def test_accept_refuses_an_event_without_a_place(loaded: str, tmp_path: Path) -> None:
    path = tmp_path / "vague.txt"
    path.write_text("Yesterday shots were fired.", encoding="utf-8")
    env = {"CEASEFIRE_EVIDENCE_DIR": str(tmp_path / "evidence")}
    code, _, err = cli(
        loaded, "extract", str(path), "--published", "2021-05-14", "--source", "mod-az", "--accept",
        env=env,
    )  # fmt: skip
    assert code != 0 and "lacks location" in err


def _external_id() -> str:
    from ceasefire.extraction.proposals import external_id

    return external_id(STATEMENT, 1)
