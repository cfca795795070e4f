"""Read scenario files into documents that remember where each value sits, for error messages."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import yaml

from ceasefire.errors import ScenarioError

__all__ = ["Document", "PathPart", "format_where", "parse_json", "parse_yaml"]

PathPart = str | int


_TEXT_TAGS = {"tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool"}
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")


_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's parser when PyYAML was built with it (the wheels are): parsing the reference
scenario takes a fifth of the time."""


class _TextLoader(_SafeLoader):  # type: ignore[valid-type,misc]
    """A SafeLoader that keeps dates as text and reads only true/false as booleans.

    Dates stay strings because the schema checks them as ISO text. YAML 1.1 would read
    yes/no/on/off as booleans, which turns a party id like NO (Norway) into False.
    """

    # PyYAML looks resolvers up on the class; copying them leaves yaml.SafeLoader untouched.
    yaml_implicit_resolvers = {  # noqa: RUF012
        first: [(tag, regexp) for tag, regexp in resolvers if tag not in _TEXT_TAGS]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


for _first in "tTfF":
    _TextLoader.yaml_implicit_resolvers.setdefault(_first, []).append(
        ("tag:yaml.org,2002:bool", _BOOL)
    )


def format_where(path: Sequence[PathPart]) -> str:
    """A JSON path as people read it.

    >>> format_where(["agreements", 2, "provisions", 4, "deadline"])
    'agreements[2].provisions[4].deadline'
    """
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


@dataclass(frozen=True, slots=True)
class Document:
    """One parsed scenario file: its data and, for YAML, the node tree to find line numbers."""

    name: str
    data: Any
    root: yaml.Node | None = None

    def line(self, path: Sequence[PathPart]) -> int | None:
        """1-based line of the value at `path`, or of its nearest parent that exists."""
        node = self.root
        if node is None:
            return None
        for part in path:
            child = _child(node, part)
            if child is None:
                break
            node = child
        return node.start_mark.line + 1

    def error(self, path: Sequence[PathPart], message: str, after: str = "") -> ScenarioError:
        """A ScenarioError naming this file, the place and its line; `after` follows the line."""
        line = self.line(path)
        suffix = f" (line {line})" if line is not None else ""
        return ScenarioError(self.name, format_where(path), message + suffix + after)

    def at(self, path: Sequence[PathPart]) -> Any:
        """The value at `path`."""
        value = self.data
        for part in path:
            value = value[part]
        return value


def _child(node: yaml.Node, part: PathPart) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == part:
                return value if isinstance(value, yaml.Node) else None
    elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
        item = node.value[part]
        return item if isinstance(item, yaml.Node) else None
    return None


def parse_yaml(name: str, text: str) -> Document:
    """Parse YAML text; syntax errors and duplicate keys become ScenarioErrors with the line."""
    loader = _TextLoader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            raise ScenarioError(name, "", "the file is empty")
        _check_duplicate_keys(name, root, [])
        data = loader.construct_document(root)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = exc.problem or str(exc)
        context = f" ({exc.context}" if exc.context else ""
        if context and exc.context_mark is not None and exc.context_mark is not mark:
            context += f" that starts on line {exc.context_mark.line + 1}"
        context += ")" if context else ""
        raise ScenarioError(name, where, f"invalid YAML: {problem}{context}") from None
    except yaml.YAMLError as exc:
        raise ScenarioError(name, "", f"invalid YAML: {exc}") from None
    finally:
        loader.dispose()
    return Document(name, data, root)


def _check_duplicate_keys(name: str, node: yaml.Node, path: list[PathPart]) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            k = key.value if isinstance(key, yaml.ScalarNode) else str(key)
            if k in seen:
                raise ScenarioError(
                    name,
                    format_where([*path, k]),
                    f"key {k!r} appears twice in one mapping (line {key.start_mark.line + 1})",
                )
            seen.add(k)
            _check_duplicate_keys(name, value, [*path, k])
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _check_duplicate_keys(name, item, [*path, i])


def parse_json(name: str, text: str) -> Document:
    """Parse JSON text (GeoJSON); syntax errors become ScenarioErrors with line and column."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ScenarioError(
            name, f"line {exc.lineno}, column {exc.colno}", f"invalid JSON: {exc.msg}"
        ) from None
    return Document(name, data)
