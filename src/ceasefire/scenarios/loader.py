"""Find and load scenarios: the packaged reference scenarios, or a mission's own directory."""

from __future__ import annotations

import os
from dataclasses import dataclass
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from ceasefire.domain.scenario import Scenario
from ceasefire.errors import ScenarioError
from ceasefire.scenarios.build import build_scenario
from ceasefire.scenarios.documents import Document, parse_json, parse_yaml
from ceasefire.scenarios.references import ScenarioFiles, check_references
from ceasefire.scenarios.validation import FILE_SCHEMAS, validate_document

__all__ = ["SCENARIO_FILES", "ScenarioInfo", "available_scenarios", "load_scenario", "locate"]

#: The files every scenario directory holds, with fixed names.
SCENARIO_FILES = tuple(FILE_SCHEMAS)


@dataclass(frozen=True, slots=True)
class ScenarioInfo:
    """A packaged scenario: its id (also the name to load it by), title, summary and directory."""

    id: str
    name: str
    description: str
    path: Traversable


def _package_dir() -> Traversable:
    return files("ceasefire.scenarios")


def available_scenarios() -> list[ScenarioInfo]:
    """The scenarios shipped with ceasefire, sorted by id.

    >>> "nagorno-karabakh-2020" in [s.id for s in available_scenarios()]
    True
    """
    found = []
    for entry in _package_dir().iterdir():
        if not entry.is_dir() or not entry.joinpath("scenario.yaml").is_file():
            continue
        doc = _read(entry, "scenario.yaml")
        found.append(
            ScenarioInfo(doc.data["id"], doc.data["name"], doc.data["description"].strip(), entry)
        )
    return sorted(found, key=lambda s: s.id)


def load_scenario(name_or_path: str | os.PathLike[str] | Traversable) -> Scenario:
    """Load, check and build a scenario.

    `name_or_path` is the id of a packaged scenario (see `available_scenarios`) or a
    directory holding scenario.yaml, agreements.yaml, timeline.yaml and zones.geojson.
    Raises ScenarioError naming the file, the place in it and the offending value.
    """
    directory = locate(name_or_path)
    docs = {name: _read(directory, name) for name in SCENARIO_FILES}
    scenario_files = ScenarioFiles(
        scenario=docs["scenario.yaml"],
        agreements=docs["agreements.yaml"],
        timeline=docs["timeline.yaml"],
        zones=docs["zones.geojson"],
    )
    check_references(scenario_files)
    return build_scenario(scenario_files)


def locate(name_or_path: str | os.PathLike[str] | Traversable) -> Traversable:
    """The directory of a packaged scenario (by id) or of a mission's own scenario."""
    if isinstance(name_or_path, Traversable):
        if name_or_path.is_dir():
            return name_or_path
        raise ScenarioError(str(name_or_path), "", "not a scenario directory")
    text = os.fspath(name_or_path)
    packaged = _package_dir().joinpath(text)
    if isinstance(name_or_path, str) and os.sep not in text and packaged.is_dir():
        return packaged
    path = Path(text)
    if path.is_dir():
        return path
    known = ", ".join(s.id for s in available_scenarios()) or "none"
    raise ScenarioError(
        text, "", f"no packaged scenario of that name and no such directory (packaged: {known})"
    )


def _read(directory: Traversable, name: str) -> Document:
    """Parse one scenario file and check it against its part of schema.json."""
    entry = directory.joinpath(name)
    shown = str(entry)
    if not entry.is_file():
        raise ScenarioError(shown, "", f"missing: a scenario directory must hold {name}")
    try:
        text = entry.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenarioError(shown, "", f"cannot read the file: {exc}") from None
    doc = parse_json(shown, text) if name.endswith(".geojson") else parse_yaml(shown, text)
    validate_document(doc, FILE_SCHEMAS[name])
    return doc
