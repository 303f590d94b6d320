# The README's two commands: `make run` and `make test`. Nothing else is needed on a fresh
# machine than python3 (3.11+) and make: the virtual environment is made here.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run test lint check bench rebuild clean stop-db

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/assembly serve --demo

test: $(STAMP) lint
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python -m bench.writes
	$(BIN)/python -m bench.projections
	$(BIN)/python -m bench.lag

rebuild: $(STAMP)
	$(BIN)/assembly projections rebuild

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache

stop-db: $(STAMP)
	$(BIN)/assembly stop-db
