"""Settings: the only module that reads environment variables."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

__all__ = ["DEFAULT_DATABASE_FILE", "Settings"]

DEFAULT_DATABASE_FILE = "ceasefire.db"


@dataclass(frozen=True, slots=True)
class Settings:
    """Runtime settings of one ceasefire installation."""

    database_url: str
    actor: str = "cli"

    @classmethod
    def from_env(
        cls,
        environ: Mapping[str, str] | None = None,
        *,
        database_url: str | None = None,
        actor: str | None = None,
    ) -> Settings:
        """Build settings from explicit values, then `CEASEFIRE_*` variables, then defaults."""
        env = os.environ if environ is None else environ
        url = database_url or env.get("CEASEFIRE_DATABASE_URL") or default_database_url()
        who = actor or env.get("CEASEFIRE_ACTOR") or env.get("USER") or "cli"
        return cls(database_url=normalise_database_url(url), actor=who)


def default_database_url() -> str:
    """The embedded default: an SQLite file in the working directory."""
    return f"sqlite:///{Path(DEFAULT_DATABASE_FILE).resolve()}"


def normalise_database_url(url: str) -> str:
    """Accept plain `postgresql://` URLs and route them to the psycopg 3 driver."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url
