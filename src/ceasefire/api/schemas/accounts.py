"""Bodies of sign-in, API tokens and users."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from ceasefire.api.schemas.common import ShortText
from ceasefire.domain.access import Role
from ceasefire.domain.accounts import User
from ceasefire.services.api_tokens import NewToken, TokenListing

__all__ = ["Login", "NewTokenBody", "TokenOut", "UserIn", "UserOut", "WhoAmI"]


class Login(BaseModel):
    """A username and password."""

    model_config = ConfigDict(extra="forbid")
    username: str = Field(min_length=1, max_length=100, examples=["ru.ivanov"])
    password: str = Field(min_length=1, max_length=1000, examples=["correct horse battery"])


class WhoAmI(BaseModel):
    """The caller as the API sees them."""

    username: str = Field(examples=["ru.ivanov"])
    role: Role
    party: str | None = Field(default=None, examples=[None])
    nation: str | None = Field(default=None, examples=["RU"])
    session_expires_at: datetime | None = None

    @classmethod
    def of(cls, user: User | None, expires: datetime | None = None) -> WhoAmI:
        """The body for a user, or for the public when None."""
        if user is None:
            return cls(username="public", role=Role.PUBLIC)
        return cls(
            username=user.username,
            role=user.role,
            party=user.party_id,
            nation=user.nation,
            session_expires_at=expires,
        )


class NewTokenBody(BaseModel):
    """A token to create: a label, its lifetime, and (admins only) whose it is."""

    model_config = ConfigDict(extra="forbid")
    name: ShortText = Field(max_length=200, examples=["nightly import"])
    days: int = Field(default=90, ge=1, le=365, examples=[90])
    username: str | None = Field(
        default=None, max_length=100, description="Another user's (admins only)"
    )


class TokenOut(BaseModel):
    """A token, without its secret (shown once, at creation, as `secret`)."""

    id: str
    username: str
    name: str
    prefix: str = Field(examples=["cf_Zk3r8QpT"])
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None = None
    last_used_at: datetime | None = None
    secret: str | None = Field(default=None, description="Only in the answer to its creation")

    @classmethod
    def of(cls, listing: TokenListing, secret: str | None = None) -> TokenOut:
        """The body for a listed token."""
        t = listing.token
        return cls(
            id=t.id,
            username=listing.username,
            name=t.name,
            prefix=t.prefix,
            created_at=t.created_at,
            expires_at=t.expires_at,
            revoked_at=t.revoked_at,
            last_used_at=t.last_used_at,
            secret=secret,
        )

    @classmethod
    def created(cls, new: NewToken, username: str) -> TokenOut:
        """The body for a token just created, with its secret."""
        return cls.of(TokenListing(new.token, username), new.secret)


class UserIn(BaseModel):
    """A user to add (admins only)."""

    model_config = ConfigDict(extra="forbid")
    username: str = Field(
        min_length=3, max_length=100, pattern=r"^[a-z0-9][a-z0-9._-]*$", examples=["tr.demir"]
    )
    role: Role = Field(examples=["monitor"])
    password: str | None = Field(
        default=None, max_length=1000, description="None: API tokens only, no web sign-in"
    )
    display_name: str | None = Field(default=None, max_length=200)
    party: str | None = Field(default=None, max_length=20, description="A liaison's party")
    nation: str | None = Field(default=None, max_length=20, description="A monitor's nation")


class UserOut(BaseModel):
    """A user (never the password hash)."""

    id: str
    username: str
    display_name: str
    role: Role
    party: str | None
    nation: str | None
    created_at: datetime
    disabled_at: datetime | None
    locked_until: datetime | None

    @classmethod
    def of(cls, user: User) -> UserOut:
        """The body for a user."""
        return cls(
            id=user.id,
            username=user.username,
            display_name=user.display_name,
            role=user.role,
            party=user.party_id,
            nation=user.nation,
            created_at=user.created_at,
            disabled_at=user.disabled_at,
            locked_until=user.locked_until,
        )
