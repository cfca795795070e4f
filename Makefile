# The front door: `make run` and `make test` work on a fresh machine with Python 3.11+.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-dev
SCENARIO := nagorno-karabakh-2020

.PHONY: run test lint typecheck unit bench docs clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (found " + sys.version.split()[0] + ")")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/ceasefire init
	$(BIN)/ceasefire scenario load $(SCENARIO)
	$(BIN)/ceasefire compliance

test: lint typecheck unit

lint: $(STAMP)
	$(BIN)/ruff check src tests tools bench
	$(BIN)/ruff format --check src tests tools bench

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	$(BIN)/python bench/run.py
	$(BIN)/python bench/intake.py

docs: $(STAMP)
	$(BIN)/python tools/gen_cli_docs.py

clean:
	rm -rf $(VENV) ceasefire.db ceasefire.db-wal ceasefire.db-shm .mypy_cache .ruff_cache .pytest_cache
