# The two commands of the README: `make demo` and `make test`. Everything else supports them.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test install lint services frontend audit-deps browser frontend-test clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	# torch first and pinned: a bare requirement would pull a multi-GB CUDA build
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

frontend:
	@if [ -f frontend/package.json ] && command -v npm >/dev/null; then \
		cd frontend && npm ci --no-audit --no-fund --silent && npm run build --silent; \
	else echo "frontend: npm or frontend/package.json missing, serving the API only"; fi

demo: install frontend
	$(BIN)/mall demo

services:
	bash scripts/services.sh

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .

audit-deps:
	npm ci --prefix scripts/graphql-http-audit --no-audit --no-fund --silent

browser:
	bash scripts/browser.sh

frontend-test: install browser
	cd frontend && npm ci --no-audit --no-fund --silent
	cd frontend && npm run codegen:check && npm test && npm run build && npm run size
	cd frontend && MALL_PYTHON=$(CURDIR)/$(BIN)/python timeout --kill-after=30 20m npm run e2e

# a hard ceiling: a test that hangs past pytest-timeout (a stuck thread) must fail the run, not stall CI
test: install services lint audit-deps
	timeout --kill-after=60 45m $(BIN)/pytest
	$(MAKE) frontend-test

clean:
	rm -rf $(VENV) var frontend/dist frontend/node_modules
