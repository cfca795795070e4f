"""What every route needs: the database, and who is asking (from a bearer token or the
web session cookie; nobody signed in reads as the public)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.security import APIKeyCookie, HTTPAuthorizationCredentials, HTTPBearer

from ceasefire.config import Settings
from ceasefire.domain.access import Role, Viewer
from ceasefire.domain.accounts import AuthenticationError, User
from ceasefire.errors import AccessDeniedError
from ceasefire.services.api_tokens import identify_bearer, touch_token
from ceasefire.services.database import Database

__all__ = [
    "SESSION_COOKIE",
    "DbDep",
    "Principal",
    "PrincipalDep",
    "SettingsDep",
    "SignedInDep",
    "StaffDep",
    "credential_of",
    "require_role",
]

SESSION_COOKIE = "ceasefire_session"
PUBLIC = Viewer(Role.PUBLIC, None, "public")

_bearer = HTTPBearer(auto_error=False, description="An API token: `Authorization: Bearer cf_...`")
_cookie = APIKeyCookie(
    name=SESSION_COOKIE, auto_error=False, description="The web session set by POST /auth/login"
)


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is asking: a signed-in user, or the public."""

    viewer: Viewer
    user: User | None = None
    token_id: str | None = None
    token_expires_at: datetime | None = None

    @property
    def actor(self) -> str:
        """The name the audit log records for this caller's actions."""
        return self.user.username if self.user is not None else "public"

    @property
    def nation(self) -> str | None:
        """A monitor's monitoring nation."""
        return self.user.nation if self.user is not None else None


async def get_db(request: Request) -> Database:
    """The application's database."""
    db: Database = request.app.state.db
    return db


async def get_settings(request: Request) -> Settings:
    """The application's settings."""
    settings: Settings = request.app.state.settings
    return settings


DbDep = Annotated[Database, Depends(get_db)]
SettingsDep = Annotated[Settings, Depends(get_settings)]


def credential_of(request: Request) -> str | None:
    """The secret a request presents: a bearer token, else the session cookie."""
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    cookie = request.cookies.get(SESSION_COOKIE, "").strip()
    return cookie or None


async def current_principal(
    request: Request,
    db: DbDep,
    _bearer_token: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)] = None,
    _session: Annotated[str | None, Depends(_cookie)] = None,
) -> Principal:
    """The caller. A presented token that does not authenticate is refused (401), never
    read as the public. The lookup only reads (short, on the event loop); the occasional
    "last used" write goes to a worker thread so it never blocks other requests."""
    header = request.headers.get("authorization")
    if header is not None and not header.lower().startswith("bearer "):
        raise AuthenticationError("authorization", "use `Authorization: Bearer TOKEN`", "scheme")
    secret = credential_of(request)
    if secret is None:
        return Principal(PUBLIC)
    bearer = identify_bearer(db=db, secret=secret)
    if bearer.stale_use:
        await run_in_threadpool(touch_token, db=db, token_id=bearer.token.id)
    return Principal(bearer.user.viewer(), bearer.user, bearer.token.id, bearer.token.expires_at)


PrincipalDep = Annotated[Principal, Depends(current_principal)]


async def signed_in(principal: PrincipalDep) -> Principal:
    """The caller, who must be signed in (401 otherwise)."""
    if principal.user is None:
        raise AuthenticationError("authorization", "sign in or present an API token", "missing")
    return principal


SignedInDep = Annotated[Principal, Depends(signed_in)]


def require_role(*roles: Role) -> object:
    """A dependency admitting signed-in callers with one of `roles` (403 otherwise).
    Routes use it as a first gate; what each caller may read is still decided in the
    queries, by the viewer."""
    allowed = ", ".join(r.value for r in roles)

    async def gate(principal: SignedInDep) -> Principal:
        if principal.viewer.role not in roles:
            raise AccessDeniedError(
                "role", principal.viewer.role.value, f"this needs one of: {allowed}"
            )
        return principal

    return Depends(gate)


StaffDep = Annotated[Principal, require_role(Role.ANALYST, Role.HEAD_OF_MISSION, Role.ADMIN)]
