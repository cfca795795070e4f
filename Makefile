# The front door: `make run` and `make test` work on a fresh machine with Python 3.11+.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-dev
SCENARIO := nagorno-karabakh-2020
PORT ?= 8000
# The dashboard's front-end libraries (web/package.json, locked in web/package-lock.json),
# copied from npm into the package's static files; the stamp makes it run once.
NPM ?= npm
VENDOR := src/ceasefire/web/static/vendor
ASSETS := $(VENDOR)/.built

.PHONY: run test lint typecheck unit bench docs assets clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (found " + sys.version.split()[0] + ")")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

$(ASSETS): web/package.json web/package-lock.json
	@command -v $(NPM) >/dev/null || { echo "npm (Node.js 18 or newer) is needed to build the dashboard's assets"; exit 1; }
	$(NPM) ci --prefix web --no-audit --no-fund --loglevel=error
	rm -rf $(VENDOR)
	mkdir -p $(VENDOR)/leaflet $(VENDOR)/leaflet.markercluster
	cp -R web/node_modules/leaflet/dist/leaflet.js web/node_modules/leaflet/dist/leaflet.css \
		web/node_modules/leaflet/dist/images web/node_modules/leaflet/LICENSE $(VENDOR)/leaflet/
	cp web/node_modules/leaflet.markercluster/dist/leaflet.markercluster.js \
		web/node_modules/leaflet.markercluster/dist/MarkerCluster.css \
		web/node_modules/leaflet.markercluster/dist/MarkerCluster.Default.css \
		web/node_modules/leaflet.markercluster/MIT-LICENCE.txt $(VENDOR)/leaflet.markercluster/
	@touch $@

assets: $(ASSETS)

# The reference scenario, a demonstration data set (generated reports, labelled as such,
# and one account per role), today's compliance board, then the dashboard until Ctrl-C.
run: $(STAMP) $(ASSETS)
	$(BIN)/ceasefire init
	$(BIN)/ceasefire scenario load $(SCENARIO)
	$(BIN)/ceasefire demo
	$(BIN)/ceasefire compliance
	$(BIN)/ceasefire serve --host 127.0.0.1 --port $(PORT)

test: lint typecheck unit

lint: $(STAMP)
	$(BIN)/ruff check src tests tools bench
	$(BIN)/ruff format --check src tests tools bench

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP) $(ASSETS)
	$(BIN)/pytest

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	$(BIN)/python bench/run.py
	$(BIN)/python bench/intake.py

docs: $(STAMP)
	$(BIN)/python tools/gen_cli_docs.py

clean:
	rm -rf $(VENV) $(VENDOR) web/node_modules ceasefire.db ceasefire.db-wal ceasefire.db-shm .mypy_cache .ruff_cache .pytest_cache
