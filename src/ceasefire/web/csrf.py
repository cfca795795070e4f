"""Cross-site request forgery: the dashboard's forms are only accepted from its own pages.

Two layers. The session cookie is SameSite=Strict (`api.sessions`), so a browser never
sends it with a request another site starts. And every form post must name this site in
its `Origin` header (browsers send it with every POST), or, failing that, in its `Referer`
(pages send it to their own site: `Referrer-Policy: same-origin`); a post naming another
site, or neither, is refused (403). That also covers the sign-in form, which has no session
to protect yet (login CSRF). A check of headers needs no server-side state, so it works the
same with several server processes."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, Request

from ceasefire.errors import AccessDeniedError

__all__ = ["SameOrigin", "check_same_origin"]


def check_same_origin(request: Request) -> None:
    """AccessDeniedError unless the request's Origin (or else its Referer) is this site.
    The host is compared with the Host the request was sent to, not the scheme, so a
    proxy that ends TLS in front of the server does not break the forms."""
    origin = request.headers.get("origin")
    field, claimed = ("origin", origin) if origin and origin != "null" else ("referer", None)
    if claimed is None:
        claimed = request.headers.get("referer")
    if not claimed:
        raise AccessDeniedError(
            "origin", None, "a form must be sent from this site's own pages (no Origin)"
        )
    host = request.headers.get("host", request.url.netloc)
    if urlsplit(claimed).netloc.lower() != host.lower():
        raise AccessDeniedError(field, claimed, f"a form must be sent from {host}'s own pages")


SameOrigin = Annotated[None, Depends(check_same_origin)]
"""A dependency that refuses cross-site form posts."""
