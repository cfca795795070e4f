"""Signing in and out of the dashboard: the accounts service behind the form, the session
cookie, clear messages for bad input, and forms refused from other sites."""

from __future__ import annotations

import pytest
from tests.api.conftest import PASSWORD
from tests.web.conftest import SITE, Site

from ceasefire.api.deps import SESSION_COOKIE
from ceasefire.domain.accounts import MAX_FAILURES


def test_sign_in_shows_the_user_then_sign_out_ends_the_session(site: Site) -> None:
    client = site.world.client
    form = client.get("/login")
    assert form.status_code == 200
    assert '<label for="username">' in form.text and '<label for="password">' in form.text
    r = client.post(
        "/login", data={"username": "analyst", "password": PASSWORD}, headers=SITE,
        follow_redirects=False,
    )  # fmt: skip
    assert r.status_code == 303 and r.headers["location"] == "/"
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    session = client.cookies[SESSION_COOKIE]
    page = client.get("/")
    assert "analyst" in page.text and "Sign out" in page.text
    assert client.get("/api/v1/me").json()["username"] == "analyst"
    out = client.post("/logout", headers=SITE, follow_redirects=False)
    assert out.status_code == 303 and out.headers["location"] == "/"
    assert SESSION_COOKIE not in client.cookies
    assert "Sign in" in client.get("/").text
    # The session's token was revoked: the old cookie no longer signs anyone in, and the
    # page that refuses it drops it so the next page reads as the public.
    client.cookies.set(SESSION_COOKIE, session)
    stale = client.get("/incidents")
    assert stale.status_code == 401 and "Sign in" in stale.text
    assert f'{SESSION_COOKIE}=""' in stale.headers["set-cookie"]


@pytest.mark.parametrize(
    ("form", "status", "message"),
    [
        ({"username": "analyst", "password": "wrong"}, 401, "Invalid username or password."),
        ({"username": "nobody", "password": "wrong"}, 401, "Invalid username or password."),
        ({"username": "analyst", "password": ""}, 422, "Enter your password."),
        ({}, 422, "Enter your username and password."),
    ],
)
def test_a_refused_sign_in_shows_the_form_again_with_why(
    site: Site, form: dict[str, str], status: int, message: str
) -> None:
    r = site.world.client.post("/login", data=form, headers=SITE, follow_redirects=False)
    assert r.status_code == status
    assert message in r.text and 'role="alert"' in r.text
    assert f'value="{form.get("username", "")}"' in r.text
    assert SESSION_COOKIE not in site.world.client.cookies


def test_the_form_shares_the_apis_lockout(site: Site) -> None:
    client = site.world.client
    for _ in range(MAX_FAILURES):
        client.post("/login", data={"username": "head", "password": "wrong"}, headers=SITE)
    r = client.post("/login", data={"username": "head", "password": PASSWORD}, headers=SITE)
    assert r.status_code == 401 and "Too many failed logins for this account" in r.text
    api = client.post("/api/v1/auth/login", json={"username": "head", "password": PASSWORD})
    assert api.status_code == 401


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Origin": "https://attacker.example"},
        {"Origin": "null"},
        {"Referer": "https://attacker.example/page"},
    ],
)
def test_forms_from_other_sites_are_refused(site: Site, headers: dict[str, str]) -> None:
    client = site.world.client
    r = client.post("/login", data={"username": "analyst", "password": PASSWORD}, headers=headers)
    assert r.status_code == 403 and "own pages" in r.text
    assert SESSION_COOKIE not in client.cookies
    site.sign_in("analyst")
    assert client.post("/logout", headers=headers).status_code == 403
    assert client.get("/api/v1/me").json()["username"] == "analyst"


def test_a_referer_of_this_site_will_do(site: Site) -> None:
    r = site.world.client.post(
        "/login", data={"username": "analyst", "password": PASSWORD},
        headers={"Referer": "http://testserver/login"}, follow_redirects=False,
    )  # fmt: skip
    assert r.status_code == 303


def test_signing_out_needs_a_session(site: Site) -> None:
    r = site.world.client.post("/logout", headers=SITE, follow_redirects=False)
    assert r.status_code == 401 and "Sign in" in r.text
