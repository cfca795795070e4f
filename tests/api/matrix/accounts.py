"""Permission rows of sign-in, the caller, tokens and users."""

from __future__ import annotations

from tests.api.matrix.row import ADMIN, EVERYONE, SIGNED_IN, Row

ROWS = [
    Row(
        "POST",
        "/api/v1/auth/login",
        EVERYONE,
        json=lambda _s: {"username": "analyst", "password": "Correct-Horse-Battery-9"},
    ),
    Row("POST", "/api/v1/auth/logout", SIGNED_IN, fresh_credential=True),
    Row("GET", "/api/v1/me", EVERYONE),
    Row("POST", "/api/v1/tokens", SIGNED_IN, json=lambda _s: {"name": "matrix", "days": 1}),
    Row("GET", "/api/v1/tokens", SIGNED_IN),
    Row(
        "DELETE",
        "/api/v1/tokens/{token_id}",
        frozenset({"analyst", "admin"}),
        params=lambda s, _p: {"token_id": s.spare_token_id},
        note="a user revokes their own tokens, an admin anyone's",
    ),
    Row("GET", "/api/v1/users", ADMIN),
    Row(
        "POST",
        "/api/v1/users",
        ADMIN,
        json=lambda _s: {"username": "matrix.user", "role": "monitor", "nation": "RU"},
    ),
]
