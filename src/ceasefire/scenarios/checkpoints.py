"""A scenario's checkpoints (checkpoints.yaml, optional): crossing points whose daily logs
measure a passage guarantee, each tied to its provision and corridor zone."""

from __future__ import annotations

import os
from importlib.resources.abc import Traversable
from typing import Any

from ceasefire.domain.passage import Checkpoint
from ceasefire.errors import ScenarioError, ValidationError
from ceasefire.scenarios.optional_lists import check_fields, load_list

__all__ = ["CHECKPOINTS_FILE", "load_checkpoints"]

CHECKPOINTS_FILE = "checkpoints.yaml"
_FIELDS = {"id", "name", "provision_id", "zone_id", "latitude", "longitude", "directions", "note"}


def load_checkpoints(name_or_path: str | os.PathLike[str] | Traversable) -> list[Checkpoint]:
    """The checkpoints of a scenario (none when it has no checkpoints.yaml)."""
    return load_list(name_or_path, CHECKPOINTS_FILE, "checkpoints", _checkpoint)


def _checkpoint(shown: str, k: int, item: Any) -> Checkpoint:
    where = f"checkpoints[{k}]"
    check_fields(shown, where, item, _FIELDS)
    directions = item.get("directions")
    if not isinstance(directions, list) or not all(isinstance(d, str) for d in directions):
        raise ScenarioError(shown, f"{where}.directions", "must be a list of direction names")
    try:
        return Checkpoint(
            id=str(item["id"]),
            name=str(item["name"]),
            directions=tuple(directions),
            provision_id=item.get("provision_id"),
            zone_id=item.get("zone_id"),
            latitude=_coordinate(item.get("latitude"), 90),
            longitude=_coordinate(item.get("longitude"), 180),
            note=str(item.get("note", "")),
        )
    except KeyError as exc:
        raise ScenarioError(shown, f"{where}.{exc.args[0]}", "is required") from None
    except (ValueError, ValidationError) as exc:
        raise ScenarioError(shown, where, str(exc)) from None


def _coordinate(value: Any, limit: float) -> float | None:
    if value is None:
        return None
    number = float(value)
    if not -limit <= number <= limit:
        raise ValueError(f"coordinate {number} outside -{limit}..{limit}")
    return number
