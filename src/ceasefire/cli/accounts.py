"""`ceasefire users add|list|disable|password` and `ceasefire tokens create|list|revoke`:
accounts for the web and API tokens for scripts, managed by the operator on the server."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from ceasefire.cli.common import (
    DatabaseOption,
    ViewerOption,
    console,
    err_console,
    open_database,
    parse_viewer,
    settings_for,
)
from ceasefire.domain.access import Role, Viewer
from ceasefire.domain.accounts import DEFAULT_TOKEN_DAYS, MAX_TOKEN_DAYS, User
from ceasefire.errors import ValidationError
from ceasefire.services import accounts as service
from ceasefire.services import api_tokens as token_service

__all__ = ["register", "tokens_app", "users_app"]

users_app = typer.Typer(help="User accounts: roles, a liaison's party, a monitor's nation.")
tokens_app = typer.Typer(help="API tokens for scripts: shown once, stored hashed, revocable.")

Opt = typer.Option
Username = Annotated[str, typer.Argument(help="Username: lowercase letters, digits, . - _")]
PasswordStdin = Annotated[
    bool, Opt("--password-stdin", help="Read the password from the first line of stdin.")
]
ROLES = ", ".join(r.value for r in Role)


def _viewer(as_: str, database: str | None) -> Viewer:
    return parse_viewer(as_, settings_for(database))


def _password(from_stdin: bool) -> str:
    if from_stdin:
        line = sys.stdin.readline().rstrip("\r\n")
        if not line:
            raise ValidationError("password", "stdin", "no password on the first line of stdin")
        return line
    value: str = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    return value


def _when(value: datetime | None) -> str:
    return "" if value is None else value.astimezone(UTC).strftime("%Y-%m-%d %H:%M")


# users ----------------------------------------------------------------------------------------


@users_app.command("add")
def users_add(
    username: Username,
    role: Annotated[str, Opt(help=f"One of: {ROLES}.")],
    party: Annotated[str | None, Opt(help="The party a party_liaison speaks for, e.g. AM.")] = None,
    nation: Annotated[str | None, Opt(help="A monitor's monitoring nation, e.g. RU.")] = None,
    name: Annotated[str | None, Opt(help="Display name (default: the username).")] = None,
    password_stdin: PasswordStdin = False,
    no_password: Annotated[
        bool, Opt("--no-password", help="No web login: the account uses API tokens only.")
    ] = False,
    as_: ViewerOption = "admin",
    database: DatabaseOption = None,
) -> None:
    """Add a user; asks for the password twice (at least 12 characters, two kinds)."""
    viewer = _viewer(as_, database)
    user = service.add_user(
        db=open_database(database),
        viewer=viewer,
        username=username,
        role=role,
        password=None if no_password else _password(password_stdin),
        display_name=name,
        party_id=party,
        nation=nation,
    )
    console.print(f"User {escape(user.username)} added ({_role(user)}).")


def _role(user: User) -> str:
    extra = user.party_id or user.nation
    return f"{user.role.value} {extra}" if extra else user.role.value


def _status(user: User, now: datetime) -> str:
    if user.disabled:
        return f"disabled {_when(user.disabled_at)}"
    if user.locked(now):
        return f"locked until {_when(user.locked_until)}"
    return "active"


@users_app.command("list")
def users_list(as_: ViewerOption = "admin", database: DatabaseOption = None) -> None:
    """List users with their role, party or nation, and whether they are active."""
    users = service.list_users(db=open_database(database), viewer=_viewer(as_, database))
    now = datetime.now(UTC)
    table = Table("username", "name", "role", "party", "nation", "status", "failed logins", "added")
    for u in users:
        table.add_row(
            escape(u.username),
            escape(u.display_name),
            u.role.value,
            escape(u.party_id or ""),
            escape(u.nation or ""),
            _status(u, now),
            str(u.failed_logins),
            _when(u.created_at),
        )
    console.print(table)


@users_app.command("disable")
def users_disable(
    username: Username,
    reason: Annotated[str, Opt(help="Why, for the audit log.")],
    as_: ViewerOption = "admin",
    database: DatabaseOption = None,
) -> None:
    """Disable a user: no more logins, and every token of theirs revoked."""
    result = service.disable_user(
        db=open_database(database),
        viewer=_viewer(as_, database),
        username=username,
        reason=reason,
    )
    console.print(
        f"User {escape(result.user.username)} disabled;"
        f" {len(result.revoked_tokens)} token(s) revoked."
    )


@users_app.command("password")
def users_password(
    username: Username,
    password_stdin: PasswordStdin = False,
    as_: ViewerOption = "admin",
    database: DatabaseOption = None,
) -> None:
    """Set a user's password; asks for it twice."""
    user = service.set_password(
        db=open_database(database),
        viewer=_viewer(as_, database),
        username=username,
        password=_password(password_stdin),
    )
    console.print(f"Password of {escape(user.username)} changed.")


# tokens ---------------------------------------------------------------------------------------


@tokens_app.command("create")
def tokens_create(
    user: Annotated[str, Opt(help="Username the token acts as.")],
    name: Annotated[str, Opt(help="What the token is for, e.g. 'nightly ACLED import'.")],
    days: Annotated[
        int, Opt(help=f"Days until it expires (1 to {MAX_TOKEN_DAYS}).")
    ] = DEFAULT_TOKEN_DAYS,
    as_: ViewerOption = "admin",
    database: DatabaseOption = None,
) -> None:
    """Create a token and print its secret, this once."""
    new = token_service.create_token(
        db=open_database(database),
        viewer=_viewer(as_, database),
        username=user,
        name=name,
        days=days,
    )
    err_console.print(
        f"Token {new.token.id} ({new.token.prefix}) for {escape(user)} expires"
        f" {_when(new.token.expires_at)} UTC. Copy the secret now: it is not shown again.",
        highlight=False,
    )
    typer.echo(new.secret)


@tokens_app.command("list")
def tokens_list(
    user: Annotated[str | None, Opt(help="Only this user's tokens.")] = None,
    as_: ViewerOption = "admin",
    database: DatabaseOption = None,
) -> None:
    """List tokens (never their secrets): prefix, owner, expiry, last use."""
    rows = token_service.list_tokens(
        db=open_database(database), viewer=_viewer(as_, database), username=user
    )
    now = datetime.now(UTC)
    table = Table("id", "prefix", "user", "name", "created", "expires", "last used", "status")
    for row in rows:
        t = row.token
        table.add_row(
            t.id,
            t.prefix,
            escape(row.username),
            escape(t.name),
            _when(t.created_at),
            _when(t.expires_at),
            _when(t.last_used_at),
            t.problem(now) or "active",
        )
    console.print(table)


@tokens_app.command("revoke")
def tokens_revoke(
    token: Annotated[str, typer.Argument(help="Token id or prefix (see `tokens list`).")],
    as_: ViewerOption = "admin",
    database: DatabaseOption = None,
) -> None:
    """Revoke a token: it stops working at once."""
    revoked = token_service.revoke_token(
        db=open_database(database), viewer=_viewer(as_, database), token=token
    )
    console.print(f"Token {revoked.prefix} ({escape(revoked.name)}) revoked.")


def register(root: typer.Typer) -> None:
    """Add `ceasefire users` and `ceasefire tokens` to the root app."""
    root.add_typer(users_app, name="users")
    root.add_typer(tokens_app, name="tokens")
