"""The examples in the package's docstrings run and hold (pytest's --doctest-modules reads
only the modules under tests/)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import ceasefire

MODULES = sorted(
    found.name
    for found in pkgutil.walk_packages(ceasefire.__path__, "ceasefire.")
    if ".migrations" not in found.name  # Alembic's scripts run only under Alembic
)


def test_the_package_has_modules_with_examples() -> None:
    with_examples = [
        name for name in MODULES if doctest.DocTestFinder().find(importlib.import_module(name))
    ]
    assert len(with_examples) > 20


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_hold(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), report=True)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"
