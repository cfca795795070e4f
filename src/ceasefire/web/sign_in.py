"""Signing in and out of the dashboard: the same accounts service, rate limit, lockout and
session cookie as the API's `/auth/login` and `/auth/logout` (`api.sessions`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse

from ceasefire.api.deps import DbDep, Principal, PrincipalDep, SignedInDep
from ceasefire.api.sessions import end_session, start_session
from ceasefire.domain.accounts import AuthenticationError
from ceasefire.web.csrf import SameOrigin
from ceasefire.web.pages import renderer_of

__all__ = ["router"]

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

FieldText = Annotated[str, Form(max_length=1_000)]


@router.get("/login")
def login_page(request: Request, principal: PrincipalDep) -> HTMLResponse:
    """The sign-in form."""
    return renderer_of(request).page(request, principal, "login.html", error="", username="")


@router.post("/login")
def login(
    request: Request,
    principal: PrincipalDep,
    db: DbDep,
    _same_origin: SameOrigin,
    username: FieldText = "",
    password: FieldText = "",
) -> Response:
    """Check the password and start a session, then show the map; a refused sign-in shows
    the form again with why (401), an empty field names it (422)."""
    fields = (("username", username), ("password", password))
    missing = [name for name, value in fields if not value]
    if missing:
        return _form_again(
            request, principal, username, f"Enter your {' and '.join(missing)}.", status=422
        )
    redirect = RedirectResponse("/", status_code=303)
    try:
        start_session(
            db=db, request=request, response=redirect, username=username, password=password
        )
    except AuthenticationError as exc:
        return _form_again(request, principal, username, _sentence(exc.message), status=401)
    return redirect


@router.post("/logout")
def logout(principal: SignedInDep, db: DbDep, _same_origin: SameOrigin) -> Response:
    """End the session (its token is revoked) and show the public map."""
    redirect = RedirectResponse("/", status_code=303)
    end_session(db=db, principal=principal, response=redirect)
    return redirect


def _form_again(
    request: Request, principal: Principal, username: str, error: str, *, status: int
) -> HTMLResponse:
    return renderer_of(request).page(
        request, principal, "login.html", status=status, error=error, username=username
    )


def _sentence(message: str) -> str:
    """`invalid username or password` -> `Invalid username or password.`"""
    return message[:1].upper() + message[1:] + ("" if message.endswith(".") else ".")
