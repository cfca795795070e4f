"""The web dashboard, served by the API's app: server-rendered pages (map, incidents,
sign-in) over the same services and permissions as the API, with every script and style
served by the app itself, so the pages work on a closed network."""

from ceasefire.web.mount import mount_dashboard

__all__ = ["mount_dashboard"]
