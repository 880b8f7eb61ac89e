# The commands of the README. Each works on a fresh clone by itself.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
STREAMLIT := $(BIN)/streamlit run serve.py --server.address 127.0.0.1 --server.port 8501 --server.headless true --browser.gatherUsageStats false

.PHONY: run demo check test-fast test browser bench bench-browser

$(STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $(STAMP)

run: $(STAMP)
	$(STREAMLIT)

demo: $(STAMP)
	RESET_DATA_DIR=$(CURDIR)/data/demo $(BIN)/python -m reset_core demo
	RESET_DATA_DIR=$(CURDIR)/data/demo $(STREAMLIT)

# Debian's chromium for the browser tests, and poppler-utils (pdftoppm, pdftotext) for the
# tests that look at the PDFs' pages as a reader's viewer draws them; installed when
# missing (needs root, as in CI).
browser:
	@command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null)
	@command -v pdftoppm >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null)

# Before every commit: ruff's rules (pyproject.toml), mypy on reset_core against its
# baseline (tools/typecheck.py), and the unit tests; about a minute.
check: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m tools.typecheck
	$(BIN)/python -m pytest tests/unit -q

# Everything but the browser tests: no chromium needed.
test-fast: $(STAMP)
	$(BIN)/python -m pytest tests/unit tests/integration tests/app

# Everything, browser tests included: what CI runs (.ci/run).
test: $(STAMP) browser
	$(BIN)/python -m pytest

# 5,000 cases: click-to-done in chromium against a minimal Streamlit app (bench/browser.py),
# page times against an empty page, PDFs, learning view, size, memory with 20 sessions.
# Report in bench/out/report.txt; the database is cached there. Not part of `make test`.
bench: $(STAMP) browser
	$(BIN)/python -m bench

# The browser section alone (bench/out/report-browser.txt); CASES=50000 for the large one.
bench-browser: $(STAMP) browser
	$(BIN)/python -m bench --only-browser --cases $(or $(CASES),5000)
