"""`ceasefire users` and `ceasefire tokens`: prompts, stdin passwords, one-line errors, the
secret printed once, and refusals for non-admins."""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime

from sqlalchemy import select
from tests.cli.conftest import cli
from typer.testing import CliRunner

from ceasefire.cli.main import app
from ceasefire.config import Settings
from ceasefire.domain.accounts import AuthenticationError
from ceasefire.services.accounts import authenticate
from ceasefire.services.api_tokens import resolve_token
from ceasefire.services.database import Database
from ceasefire.storage.schema import api_tokens, audit_log, users

runner = CliRunner()
PASSWORD = "Correct horse 9"


def run(url: str, *args: str, stdin: str) -> tuple[int, str, str]:
    """Like `cli`, with text on stdin (prompt answers or a --password-stdin line)."""
    result = runner.invoke(app, [*args, "--database", url], input=stdin, env={"COLUMNS": "250"})
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit
    ), result.exception
    return result.exit_code, result.stdout, result.stderr


def test_add_with_prompt_list_and_disable(loaded: str) -> None:
    code, out, err = run(
        loaded, "users", "add", "ru.ivanov", "--role", "monitor", "--nation", "RU",
        "--name", "A. Ivanov", stdin=f"{PASSWORD}\n{PASSWORD}\n",
    )  # fmt: skip
    assert code == 0, err
    assert "User ru.ivanov added (monitor RU)." in out and PASSWORD not in out
    code, out, _ = cli(loaded, "users", "list")
    assert code == 0 and "ru.ivanov" in out and "A. Ivanov" in out and "active" in out
    code, out, _ = cli(loaded, "users", "disable", "ru.ivanov", "--reason", "rotated out")
    assert code == 0 and "User ru.ivanov disabled; 0 token(s) revoked." in out
    code, out, _ = cli(loaded, "users", "list")
    assert "disabled" in out


def test_prompt_mismatch_and_bad_input_write_nothing(loaded: str) -> None:
    code, _, err = run(
        loaded, "users", "add", "am.liaison", "--role", "party_liaison", "--party", "AM",
        stdin=f"{PASSWORD}\nOther horse 99\n",
    )  # fmt: skip
    assert code != 0
    code, _, err = run(
        loaded, "users", "add", "am.liaison", "--role", "party_liaison", "--password-stdin",
        stdin=f"{PASSWORD}\n",
    )  # fmt: skip
    assert code == 2 and "party: a party liaison needs the party they speak for" in err
    code, _, err = run(
        loaded, "users", "add", "am.liaison", "--role", "party_liaison", "--party", "AM",
        "--password-stdin", stdin="tooshort\n",
    )  # fmt: skip
    assert code == 2 and "password: shorter than 12 characters" in err and "tooshort" not in err
    engine = Database(Settings(database_url=loaded)).engine
    with engine.connect() as conn:
        assert conn.execute(select(users)).all() == []
    engine.dispose()


def test_tokens_create_list_revoke(loaded: str) -> None:
    code, _, err = cli(loaded, "users", "add", "importer", "--role", "analyst", "--no-password")
    assert code == 0, err
    code, out, err = cli(loaded, "tokens", "create", "--user", "importer", "--name", "nightly")
    assert code == 0, err
    secret = out.strip()
    assert secret.startswith("cf_") and "not shown again" in err and secret not in err
    db = Database(Settings(database_url=loaded))
    assert resolve_token(db=db, secret=secret).username == "importer"
    code, out, _ = cli(loaded, "tokens", "list", "--user", "importer")
    assert code == 0 and secret[:11] in out and secret not in out and "active" in out
    code, out, _ = cli(loaded, "tokens", "revoke", secret[:11])
    assert code == 0 and f"Token {secret[:11]} (nightly) revoked." in out
    code, out, _ = cli(loaded, "tokens", "list")
    assert "revoked" in out
    with db.read() as conn:
        stored = [dict(r._mapping) for r in conn.execute(select(api_tokens))]
        audited = [dict(r._mapping) for r in conn.execute(select(audit_log))]
    assert secret not in repr(stored) + repr(audited)
    db.dispose()
    code, _, err = cli(
        loaded, "tokens", "create", "--user", "importer", "--name", "x", "--days", "0"
    )
    assert code == 2 and "days: must be a whole number from 1 to 365" in err


def test_password_change_and_non_admins_refused(loaded: str) -> None:
    code, _, err = run(
        loaded, "users", "add", "hom", "--role", "head_of_mission", "--password-stdin",
        stdin=f"{PASSWORD}\n",
    )  # fmt: skip
    assert code == 0, err
    code, out, err = run(
        loaded, "users", "password", "hom", stdin="New horse 2021\nNew horse 2021\n"
    )
    assert code == 0 and "Password of hom changed." in out, err
    code, _, err = cli(loaded, "users", "list", "--as", "analyst")
    assert code == 7 and "role: only an admin may list users" in err
    code, _, err = cli(loaded, "users", "disable", "nobody", "--reason", "x")
    assert code == 3 and "user 'nobody' not found" in err
    code, _, err = cli(loaded, "users", "add", "hom", "--role", "analyst", "--no-password")
    assert code == 4 and "already exists" in err


def test_list_shows_a_lock(loaded: str) -> None:
    code, _, _ = cli(loaded, "users", "add", "tr.demir", "--role", "monitor", "--nation", "TR",
                     "--no-password")  # fmt: skip
    assert code == 0
    db = Database(Settings(database_url=loaded))
    for _ in range(5):
        with contextlib.suppress(AuthenticationError):
            authenticate(db=db, username="tr.demir", password="whatever 123", remote="r")
    db.dispose()
    code, out, _ = cli(loaded, "users", "list")
    assert "locked until" in out and datetime.now(UTC).strftime("%Y-%m-%d") in out
