"""`ceasefire complaints` commands (being written)."""

from __future__ import annotations

import typer

__all__ = ["register"]


def register(root: typer.Typer) -> None:
    """Add this module's commands to the root app."""
