"""Web sessions: sign in with a password (a session cookie holding a token of one day) and
sign out (the token revoked). The API's `/auth/login` and the dashboard's sign-in form both
go through here, so they share the rate limit, the lockout and the cookie."""

from __future__ import annotations

from fastapi import Request, Response

from ceasefire.api.deps import SESSION_COOKIE, Principal
from ceasefire.domain.accounts import User
from ceasefire.services import accounts, api_tokens
from ceasefire.services.api_tokens import NewToken
from ceasefire.services.database import Database

__all__ = ["SESSION_DAYS", "end_session", "start_session"]

SESSION_DAYS = 1


def start_session(
    *, db: Database, request: Request, response: Response, username: str, password: str
) -> tuple[User, NewToken]:
    """Check the password (attempts are rate limited per address and a run of failures locks
    the account for a while), create a session token and set it on `response` as an
    HttpOnly, SameSite=Strict cookie (Secure over HTTPS)."""
    response.headers["Cache-Control"] = "no-store"
    remote = request.client.host if request.client else "unknown"
    user = accounts.authenticate(db=db, username=username, password=password, remote=remote)
    session = api_tokens.create_token(
        db=db, viewer=user.viewer(), username=user.username, name="web session", days=SESSION_DAYS
    )
    response.set_cookie(
        SESSION_COOKIE,
        session.secret,
        max_age=SESSION_DAYS * 86_400,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/",
    )
    return user, session


def end_session(*, db: Database, principal: Principal, response: Response) -> None:
    """Revoke the credential the request presented and clear the session cookie."""
    if principal.token_id is not None:
        api_tokens.revoke_token(db=db, viewer=principal.viewer, token=principal.token_id)
    response.delete_cookie(SESSION_COOKIE, path="/")
