"""The HTTP API: FastAPI routes over the services, errors as problem details."""

from ceasefire.api.app import create_app

__all__ = ["create_app"]
