"""A scenario's known outlets: the ministries, monitor units and media that reports cite,
with their kind, affiliation and a default Admiralty grade (outlets.yaml, optional).

Loading a scenario registers the outlets that are not registered yet, so that a dataset
row citing "Ministry of Defence of Armenia" is judged as that ministry's claim; a grade an
analyst has changed is never overwritten.
"""

from __future__ import annotations

import os
from importlib.resources.abc import Traversable
from typing import Any

from ceasefire.domain.sources import Affiliation, Reliability, Source, SourceKind
from ceasefire.errors import ScenarioError, ValidationError
from ceasefire.scenarios.optional_lists import check_fields, load_list

__all__ = ["OUTLETS_FILE", "load_outlets"]

OUTLETS_FILE = "outlets.yaml"
_FIELDS = {"id", "name", "kind", "affiliation", "party_id", "reliability", "note"}


def load_outlets(name_or_path: str | os.PathLike[str] | Traversable) -> list[Source]:
    """The outlets of a scenario (none when it has no outlets.yaml)."""
    return load_list(name_or_path, OUTLETS_FILE, "outlets", _outlet)


def _outlet(shown: str, k: int, item: Any) -> Source:
    where = f"outlets[{k}]"
    check_fields(shown, where, item, _FIELDS)
    try:
        return Source(
            id=str(item["id"]),
            name=str(item["name"]),
            kind=SourceKind(item["kind"]),
            affiliation=Affiliation(item.get("affiliation", "neutral")),
            party_id=item.get("party_id"),
            reliability=Reliability(item.get("reliability", "F")),
        )
    except KeyError as exc:
        raise ScenarioError(shown, f"{where}.{exc.args[0]}", "is required") from None
    except ValueError as exc:
        raise ScenarioError(shown, where, str(exc)) from None
    except ValidationError as exc:
        raise ScenarioError(shown, where, str(exc)) from None
