"""Settings: the only module that reads environment variables."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ceasefire.errors import ValidationError

__all__ = [
    "DEFAULT_DATABASE_FILE",
    "DEFAULT_EVIDENCE_DIR",
    "Settings",
    "check_tile_url",
    "default_evidence_dir",
    "parse_signoff_quorum",
]

DEFAULT_DATABASE_FILE = "ceasefire.db"
DEFAULT_EVIDENCE_DIR = "ceasefire-evidence"
_DERIVED = Path()


@dataclass(frozen=True, slots=True)
class Settings:
    """Runtime settings of one ceasefire installation."""

    database_url: str
    actor: str = "cli"
    signoff_quorum: Mapping[str, int] | None = None
    """Minimum sign-offs per monitoring nation before a finding can be published; None
    derives it from the loaded scenario (one per party with the monitor role)."""
    evidence_dir: Path = _DERIVED
    """Where evidence files are stored by their SHA-256; left empty, `evidence` beside an
    SQLite database file, else `./ceasefire-evidence` (see `default_evidence_dir`)."""
    tile_url: str | None = None
    """A raster tile server for the dashboard's map, as `https://host/{z}/{x}/{y}.png`;
    None (the default, for closed networks) draws only the project's own vector layers."""
    tile_attribution: str = ""
    """The credit the tile server asks for, shown on the map with the tiles."""

    def __post_init__(self) -> None:
        if self.evidence_dir == _DERIVED:
            object.__setattr__(self, "evidence_dir", default_evidence_dir(self.database_url))
        if self.tile_url is not None:
            check_tile_url(self.tile_url)

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
        quorum = env.get("CEASEFIRE_SIGNOFF_QUORUM")
        evidence = env.get("CEASEFIRE_EVIDENCE_DIR")
        return cls(
            database_url=normalise_database_url(url),
            actor=who,
            signoff_quorum=parse_signoff_quorum(quorum) if quorum else None,
            evidence_dir=Path(evidence).expanduser() if evidence else _DERIVED,
            tile_url=env.get("CEASEFIRE_TILE_URL") or None,
            tile_attribution=env.get("CEASEFIRE_TILE_ATTRIBUTION", ""),
        )


def default_database_url() -> str:
    """The embedded default: an SQLite file in the working directory."""
    return f"sqlite:///{Path(DEFAULT_DATABASE_FILE).resolve()}"


def default_evidence_dir(database_url: str) -> Path:
    """`evidence` beside the database file for an SQLite URL, else `./ceasefire-evidence`.

    >>> default_evidence_dir("sqlite:////srv/mission/ceasefire.db").as_posix()
    '/srv/mission/evidence'
    """
    prefix = "sqlite:///"
    path, _, query = database_url.partition("?")
    database_file = path[len(prefix) :] if path.startswith(prefix) else ""
    if database_file and database_file != ":memory:" and "mode=memory" not in query:
        return Path(database_file).resolve().parent / "evidence"
    return Path(DEFAULT_EVIDENCE_DIR).resolve()


def normalise_database_url(url: str) -> str:
    """Accept plain `postgresql://` URLs and route them to the psycopg 3 driver."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def check_tile_url(url: str, field: str = "CEASEFIRE_TILE_URL") -> str:
    """A tile URL template the map can use: http(s) or a path on this server, with the
    `{z}`, `{x}` and `{y}` placeholders.

    >>> check_tile_url("https://tiles.example.org/{z}/{x}/{y}.png")
    'https://tiles.example.org/{z}/{x}/{y}.png'
    """
    if not url.startswith(("https://", "http://", "/")):
        raise ValidationError(field, url, "must start with https://, http:// or /")
    missing = [p for p in ("{z}", "{x}", "{y}") if p not in url]
    if missing:
        raise ValidationError(field, url, f"must hold the placeholders {', '.join(missing)}")
    return url


def parse_signoff_quorum(value: str, field: str = "CEASEFIRE_SIGNOFF_QUORUM") -> dict[str, int]:
    """Read `RU=1,TR=1` as {"RU": 1, "TR": 1}: minimum sign-offs per monitoring nation.

    >>> parse_signoff_quorum("RU=1, TR=2")
    {'RU': 1, 'TR': 2}
    """
    quorum: dict[str, int] = {}
    for item in value.split(","):
        nation, sep, count = (part.strip() for part in item.partition("="))
        if not sep or not nation or not (count.isascii() and count.isdigit()) or int(count) < 1:
            raise ValidationError(
                field, value, "must be NATION=COUNT pairs with COUNT >= 1, e.g. RU=1,TR=1"
            )
        if nation in quorum:
            raise ValidationError(field, value, f"names {nation} twice")
        quorum[nation] = int(count)
    return quorum
