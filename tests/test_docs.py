"""Docs are part of the feature: the CLI reference is generated, and every command and setting
is described in the user guide."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

from ceasefire.cli.main import app

ROOT = Path(__file__).resolve().parent.parent
GUIDE = (ROOT / "docs" / "guide.md").read_text(encoding="utf-8")


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "gen_cli_docs", ROOT / "tools" / "gen_cli_docs.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def command_paths() -> list[str]:
    paths = [c.name or c.callback.__name__ for c in app.registered_commands if c.callback]
    for group in app.registered_groups:
        assert group.typer_instance is not None
        for c in group.typer_instance.registered_commands:
            paths.append(f"{group.name} {c.name}")
    return paths


def test_cli_reference_is_current() -> None:
    expected = _generator().generate()
    actual = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert actual == expected, "docs/cli.md is stale: run `make docs`"


def test_every_command_is_in_the_guide() -> None:
    missing = [p for p in command_paths() if f"ceasefire {p}" not in GUIDE]
    assert not missing, f"commands missing from docs/guide.md: {missing}"


def test_every_setting_is_documented() -> None:
    source = (ROOT / "src" / "ceasefire" / "config.py").read_text(encoding="utf-8")
    settings = set(re.findall(r'"(CEASEFIRE_[A-Z_]+)"', source))
    assert settings
    missing = sorted(s for s in settings if s not in GUIDE)
    assert not missing, f"settings missing from docs/guide.md: {missing}"
