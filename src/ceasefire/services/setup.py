"""Create or upgrade a database."""

from __future__ import annotations

from dataclasses import dataclass

from ceasefire.config import Settings
from ceasefire.storage.engine import make_engine
from ceasefire.storage.migrate import upgrade

__all__ = ["InitResult", "init_database"]


@dataclass(frozen=True, slots=True)
class InitResult:
    """Where the database is and which schema revision it went from and to."""

    url: str
    before: str | None
    after: str


def init_database(*, settings: Settings) -> InitResult:
    """Run every pending migration; safe to run again."""
    engine = make_engine(settings.database_url)
    try:
        before, after = upgrade(engine)
    finally:
        engine.dispose()
    return InitResult(engine.url.render_as_string(hide_password=True), before, after)
