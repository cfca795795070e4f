"""Sign in and out, the caller, API tokens and (for admins) users."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response, status

from ceasefire.api.deps import DbDep, PrincipalDep, SignedInDep
from ceasefire.api.schemas.accounts import (
    Login,
    NewTokenBody,
    TokenOut,
    UserIn,
    UserOut,
    WhoAmI,
)
from ceasefire.api.sessions import end_session, start_session
from ceasefire.services import accounts, api_tokens
from ceasefire.services.api_tokens import TokenListing

__all__ = ["router"]

router = APIRouter(tags=["accounts"])


@router.post("/auth/login", summary="Sign in with a password; sets the session cookie")
def login(body: Login, request: Request, response: Response, db: DbDep) -> WhoAmI:
    """Check the password (attempts are rate limited per address and a run of failures locks
    the account for a while) and start a session of one day: an HttpOnly, SameSite=Strict
    cookie holding a token that `POST /auth/logout` revokes."""
    user, session = start_session(
        db=db, request=request, response=response, username=body.username,
        password=body.password,
    )  # fmt: skip
    return WhoAmI.of(user, session.token.expires_at)


@router.post(
    "/auth/logout",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="End the session (or revoke the token presented)",
)
def logout(principal: SignedInDep, response: Response, db: DbDep) -> None:
    """Revoke the credential this request presents and clear the session cookie."""
    end_session(db=db, principal=principal, response=response)


@router.get("/me", summary="Who the API takes the caller to be")
async def me(principal: PrincipalDep) -> WhoAmI:
    """The caller's username, role, party (a liaison) and nation (a monitor); `public`
    without a credential."""
    return WhoAmI.of(principal.user, principal.token_expires_at)


@router.post("/tokens", status_code=status.HTTP_201_CREATED, summary="Create an API token")
def create_token(
    body: NewTokenBody, principal: SignedInDep, db: DbDep, response: Response
) -> TokenOut:
    """A token for the caller (or, for an admin, for `username`). The `secret` is in this
    answer only; it is stored as a hash and cannot be shown again (a retry with the same
    Idempotency-Key is told to list the tokens instead)."""
    response.headers["Cache-Control"] = "no-store"
    owner = body.username or principal.actor
    new = api_tokens.create_token(
        db=db, viewer=principal.viewer, username=owner, name=body.name, days=body.days
    )
    return TokenOut.created(new, owner)


@router.get("/tokens", summary="List API tokens (the caller's; an admin's: everyone's)")
async def list_tokens(principal: SignedInDep, db: DbDep) -> list[TokenOut]:
    """Tokens with their prefix, lifetime and last use, never the secrets."""
    return [TokenOut.of(t) for t in api_tokens.list_tokens(db=db, viewer=principal.viewer)]


@router.delete("/tokens/{token_id}", summary="Revoke an API token")
def revoke_token(token_id: str, principal: SignedInDep, db: DbDep) -> TokenOut:
    """Revoke a token by id or prefix (the caller's own; an admin's: anyone's). It stops
    working at once."""
    token = api_tokens.revoke_token(db=db, viewer=principal.viewer, token=token_id)
    owner = next(
        (t.username for t in api_tokens.list_tokens(db=db, viewer=principal.viewer)
         if t.token.id == token.id),
        principal.actor,
    )  # fmt: skip
    return TokenOut.of(TokenListing(token, owner))


@router.get("/users", summary="List users (admins)")
async def list_users(principal: SignedInDep, db: DbDep) -> list[UserOut]:
    """Every user, disabled ones included."""
    return [UserOut.of(u) for u in accounts.list_users(db=db, viewer=principal.viewer)]


@router.post("/users", status_code=status.HTTP_201_CREATED, summary="Add a user (admins)")
def add_user(body: UserIn, principal: SignedInDep, db: DbDep) -> UserOut:
    """A user with a role; a party liaison needs the party they speak for and a monitor
    their monitoring nation."""
    user = accounts.add_user(
        db=db,
        viewer=principal.viewer,
        username=body.username,
        role=body.role,
        password=body.password,
        display_name=body.display_name,
        party_id=body.party,
        nation=body.nation,
    )
    return UserOut.of(user)
