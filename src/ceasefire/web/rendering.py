"""Rendering pages: the Jinja2 environment (templates autoescaped, undefined names an
error) and the headers every page carries."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from ceasefire import __version__
from ceasefire.api.deps import Principal
from ceasefire.config import Settings
from ceasefire.domain.access import Role
from ceasefire.web.filters import FILTERS

__all__ = ["NAVIGATION", "Renderer", "navigation_for"]

_MISSION = frozenset({Role.MONITOR, Role.ANALYST, Role.HEAD_OF_MISSION, Role.ADMIN})
_CASES = frozenset({Role.PARTY_LIAISON, Role.ANALYST, Role.HEAD_OF_MISSION, Role.ADMIN})
_STAFF = frozenset({Role.ANALYST, Role.HEAD_OF_MISSION, Role.ADMIN})
NAVIGATION: tuple[tuple[str, str, frozenset[Role] | None], ...] = (
    ("/", "Map", None),
    ("/incidents", "Incidents", None),
    ("/reports/new", "Report", _MISSION),
    ("/alerts", "Alerts", _MISSION),
    ("/complaints", "Complaints", _CASES),
    ("/findings", "Findings", None),
    ("/compliance", "Compliance", None),
    ("/timeline", "Timeline", None),
    ("/daily-report", "Daily report", None),
    ("/extract", "From text", _STAFF),
)
"""The pages every layout links to: (path, label, the roles it is shown to; None: all)."""


def navigation_for(principal: Principal | None) -> list[tuple[str, str]]:
    """The (path, label) of the pages `principal` may open (the public's without one)."""
    role = principal.viewer.role if principal is not None else Role.PUBLIC
    return [(path, text) for path, text, roles in NAVIGATION if roles is None or role in roles]


class Renderer:
    """Renders the dashboard's templates into HTML responses."""

    def __init__(self, settings: Settings, *, api_prefix: str) -> None:
        self.env = Environment(
            loader=PackageLoader("ceasefire.web", "templates"),
            autoescape=select_autoescape(default=True, default_for_string=True),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters.update(FILTERS)
        self.api_prefix = api_prefix
        self.settings = settings
        self.security_headers = _security_headers(settings.tile_url)

    def page(
        self,
        request: Request,
        principal: Principal | None,
        template: str,
        *,
        status: int = 200,
        **context: Any,
    ) -> HTMLResponse:
        """The template filled in, with what the layout needs: who is signed in, the
        navigation and the current path."""
        html = self.env.get_template(template).render(
            principal=principal,
            navigation=navigation_for(principal),
            path=request.url.path,
            version=__version__,
            **context,
        )
        response = HTMLResponse(html, status_code=status)
        response.headers.update(self.security_headers)
        return response


def _security_headers(tile_url: str | None) -> dict[str, str]:
    """Headers of every page. Scripts, styles and data come from this server only (the
    tile server's images aside); the Referer stays on this site so the forms' origin check
    (`web.csrf`) can read it."""
    images = "'self' data:"
    if tile_url is not None and not tile_url.startswith("/"):
        parts = urlsplit(tile_url)
        images += f" {parts.scheme}://{parts.netloc.replace('{s}', '*')}"
    policy = "; ".join(
        [
            "default-src 'self'",
            f"img-src {images}",
            "style-src 'self' 'unsafe-inline'",
            "script-src 'self'",
            "connect-src 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
            "base-uri 'none'",
        ]
    )
    return {
        "Content-Security-Policy": policy,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
        "Cache-Control": "no-store",
    }
