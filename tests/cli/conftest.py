"""Helpers for CLI tests: run a command in-process, and a database with the reference
scenario and one observation post registered through the CLI."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from ceasefire.cli.main import app

runner = CliRunner()


def cli(url: str, *args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of `ceasefire ARGS --database URL` (any exception other
    than a deliberate exit fails the test)."""
    result = runner.invoke(app, [*args, "--database", url], env={"COLUMNS": "250", **(env or {})})
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit
    ), result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def loaded(database_url: str) -> str:
    """The database with the reference scenario and the observation post `op-aghdam`."""
    code, out, _ = cli(database_url, "scenario", "load", "nagorno-karabakh-2020")
    assert code == 0, out
    code, out, _ = cli(
        database_url, "sources", "add", "op-aghdam", "--name", "OP Aghdam",
        "--kind", "observation_post", "--affiliation", "monitor", "--party", "RU",
        "--reliability", "B",
    )  # fmt: skip
    assert code == 0, out
    return database_url
