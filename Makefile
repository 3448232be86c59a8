# OpenEHCP: `make demo` sets up and runs the demo; `make test` runs the whole test suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_ENV := OPENEHCP_MODE=demo
TEST_ENV := OPENEHCP_MODE=test

.PHONY: setup demo test lint format bench clean

setup: $(STAMP) openehcp/web/frontend/dist/openehcp.css

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m pip check
	touch $(STAMP)

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	touch $@

openehcp/web/frontend/dist/openehcp.css: node_modules/.package-lock.json openehcp/web/build-assets.mjs openehcp/web/frontend/openehcp.scss
	npm run --silent build

demo: setup
	$(DEMO_ENV) $(BIN)/openehcp migrate --no-input
	$(DEMO_ENV) $(BIN)/openehcp demo
	$(DEMO_ENV) $(BIN)/openehcp serve

test: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(TEST_ENV) $(BIN)/pytest -n 2 -m "not browser" -q
	$(TEST_ENV) $(BIN)/pytest -m browser -q

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format:
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: setup
	$(TEST_ENV) $(BIN)/python -m bench

clean:
	rm -rf $(VENV) node_modules openehcp/web/frontend/dist var
