# The README's two commands: `make run` and `make test`. Nothing else is needed on a fresh
# machine than python3 (3.11+) and make: the virtual environment is made here.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run test lint check bench bench-rush bench-soak bench-cabinet bench-followup bench-public bench-chain bench-meetings bench-backup rebuild clean stop-db

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/assembly serve --demo

# The browser tests' own tools (axe-core, injected by the accessibility test, never served by
# the app), installed from tests/browser/package-lock.json; without npm the axe test says so.
AXE := tests/browser/node_modules/axe-core/axe.min.js
# Screenshots of the journey and of every page axe checks: made fresh per run, kept as the
# CI's artifacts, the folder named at the end whether the tests passed or not.
SCREENSHOTS := $(CURDIR)/var/test-artifacts/screenshots

$(AXE): tests/browser/package-lock.json
	@if command -v npm >/dev/null; then cd tests/browser && npm ci --no-audit --no-fund; \
	else echo "npm is missing: the accessibility test (axe-core) will fail"; fi

test: $(STAMP) lint $(AXE)
	rm -rf $(SCREENSHOTS) && mkdir -p $(SCREENSHOTS)
	TEST_SCREENSHOTS=$(SCREENSHOTS) $(BIN)/pytest; status=$$?; \
	echo "Screenshots (CI artifacts): $(SCREENSHOTS)"; exit $$status

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# Every goal in one table (bench/RESULTS.md): about 2 hours on a quiet 2-core machine, plus
# about 25 minutes to build the national scene when it is not kept yet. QUICK=1: the quick
# ones only (~5 min); ONLY=rush,soak: those; FRESH=1: build the national scene afresh.
bench: $(STAMP)
	$(BIN)/python -m bench.all $(if $(FRESH),,--reuse) $(if $(QUICK),--quick) $(if $(ONLY),--only $(ONLY)) $(if $(MERGE),--merge)

# The deadline rush (~15 min) and the soak (~13 min), each alone.
bench-rush: $(STAMP)
	$(BIN)/python -m bench.rush

bench-soak: $(STAMP)
	$(BIN)/python -m bench.soak

# The full edition's Cabinet submission needs the national scene (about 20 minutes to load).
bench-cabinet: $(STAMP)
	$(BIN)/python -m bench.national --keep --reuse
	$(BIN)/python -m bench.cabinet

bench-followup: $(STAMP)
	$(BIN)/python -m bench.national --keep --reuse
	$(BIN)/python -m bench.followup
# The public pages under load, on the same national scene (and the follow-up of issue 13).
bench-public: $(STAMP)
	$(BIN)/python -m bench.national --keep --reuse
	$(BIN)/python -m bench.public

bench-chain: $(STAMP)
	$(BIN)/python -m bench.national --keep --reuse
	$(BIN)/python -m bench.chain

# The national meeting's hall: 600 check-ins, a vote of 600 with 200 screens over SSE.
bench-meetings: $(STAMP)
	$(BIN)/python -m bench.meetings

# Backup and restore of the demo (20,000 proposals; loads it first, --reuse with --keep).
bench-backup: $(STAMP)
	$(BIN)/python -m bench.backup

rebuild: $(STAMP)
	$(BIN)/assembly projections rebuild

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache

stop-db: $(STAMP)
	$(BIN)/assembly stop-db
