"""Optional list files of a scenario (outlets.yaml, checkpoints.yaml): read one, build each
entry, and refuse duplicate ids, naming the file and the entry."""

from __future__ import annotations

import os
from collections.abc import Callable
from importlib.resources.abc import Traversable
from typing import Any, Protocol, TypeVar

from ceasefire.errors import ScenarioError
from ceasefire.scenarios.documents import parse_yaml
from ceasefire.scenarios.loader import locate

__all__ = ["check_fields", "load_list"]


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


T = TypeVar("T", bound=_HasId)


def load_list(
    name_or_path: str | os.PathLike[str] | Traversable,
    file_name: str,
    key: str,
    build: Callable[[str, int, Any], T],
) -> list[T]:
    """The entries under `key` of the scenario's `file_name` (none when there is no such
    file); `build(shown_path, index, item)` makes one entry or raises ScenarioError."""
    entry = locate(name_or_path).joinpath(file_name)
    if not entry.is_file():
        return []
    shown = str(entry)
    doc = parse_yaml(shown, entry.read_text(encoding="utf-8"))
    items = doc.data.get(key) if isinstance(doc.data, dict) else None
    if not isinstance(items, list):
        raise ScenarioError(shown, key, f"must be a list of {key}")
    built = [build(shown, k, item) for k, item in enumerate(items)]
    seen: set[str] = set()
    for k, one in enumerate(built):
        if one.id in seen:
            raise ScenarioError(shown, f"{key}[{k}].id", f"duplicate id {one.id!r}")
        seen.add(one.id)
    return built


def check_fields(shown: str, where: str, item: Any, fields: set[str]) -> None:
    """Refuse an entry that is not a mapping or has a field outside `fields`."""
    if not isinstance(item, dict):
        raise ScenarioError(shown, where, "must be a mapping")
    unknown = sorted(set(item) - fields)
    if unknown:
        raise ScenarioError(
            shown, f"{where}.{unknown[0]}", f"unknown field (known: {sorted(fields)})"
        )
