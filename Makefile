# Tidtam: `make demo` to try it, `make test` to test it. See README.md.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
TIDTAM := $(BIN)/tidtam
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
export PYTHAINLP_READ_ONLY := 1

.PHONY: demo install test test-sqlite test-postgres test-deps lint check bench messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test,dev]"
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(TIDTAM) migrate --no-input
	$(TIDTAM) load-areas
	$(TIDTAM) load-demo
	@echo "Tidtam is at http://$(HOST):$(PORT)/  (Ctrl+C to stop)"
	$(TIDTAM) serve-demo --addr $(HOST) --port $(PORT)

test-deps:
	@scripts/install-test-deps.sh

# pytest exits 5 when it collected no test: that is not a failure of the suite.
test: install test-deps test-sqlite test-postgres

test-sqlite:
	@echo "== tests on SQLite =="
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(BIN)/pytest -q $(PYTEST_ARGS) || [ $$? -eq 5 ]

test-postgres:
	@if [ -n "$$TIDTAM_TEST_DATABASE_URL" ]; then \
	  echo "== tests on PostgreSQL ($$TIDTAM_TEST_DATABASE_URL) =="; \
	  DJANGO_ALLOW_ASYNC_UNSAFE=true TIDTAM_DATABASE_URL="$$TIDTAM_TEST_DATABASE_URL" $(BIN)/pytest -q $(PYTEST_ARGS) || [ $$? -eq 5 ]; \
	else echo "== TIDTAM_TEST_DATABASE_URL not set: PostgreSQL run skipped =="; fi

lint: install
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/mypy
	TIDTAM_DATA_DIR=$$(mktemp -d) $(TIDTAM) makemigrations --check --dry-run

check: install
	TIDTAM_PRODUCTION=true TIDTAM_SECRET_KEY=$$($(BIN)/python -c 'import secrets;print(secrets.token_urlsafe(60))') \
	  TIDTAM_ALLOWED_HOSTS=tidtam.example.org TIDTAM_DATA_DIR=$$(mktemp -d) \
	  $(TIDTAM) check --deploy --fail-level WARNING

bench: install
	@scripts/bench.sh

messages: install
	@for dir in src/tidtam/*/locale; do app=$${dir%/locale}; echo "== $$app"; \
	  (cd $$app && ../../../$(TIDTAM) makemessages -l th --no-obsolete --ignore 'migrations/*') || exit 1; done
	cd src/tidtam && ../../$(TIDTAM) compilemessages

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
