"""A database with the reference scenario (its outlets are the registered sources)."""

from __future__ import annotations

import pytest
from tests.cli.conftest import cli


@pytest.fixture
def loaded(database_url: str) -> str:
    code, out, _ = cli(database_url, "scenario", "load", "nagorno-karabakh-2020")
    assert code == 0, out
    return database_url
