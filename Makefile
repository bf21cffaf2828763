# Two commands matter: `make run` and `make test`. Everything else supports them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: run test demo lint system-deps browser-deps train bench eval clean authz-matrix fuzz-api

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e .
	touch $(STAMP)

$(TEST_STAMP): $(STAMP)
	$(BIN)/pip install -q -e '.[test]'
	touch $(TEST_STAMP)

# Graphviz (the cycle diagram); for tests also Chromium and poppler-utils. Installed quietly as
# root; without root, a plain list of what is missing and how to get it (see the script).
system-deps:
	@sh scripts/system-deps.sh run

run: $(STAMP) system-deps
	mkdir -p var
	$(BIN)/between db upgrade
	$(BIN)/between serve --host 127.0.0.1 --port 8000

demo: $(STAMP) system-deps
	mkdir -p var
	$(BIN)/between db upgrade
	$(BIN)/between demo

# Debian's chromium for browser tests (Playwright never downloads one); poppler-utils
# (pdftotext, pdftoppm) to read the PDF report.
browser-deps:
	@sh scripts/system-deps.sh test

lint: $(TEST_STAMP)
	$(BIN)/ruff check src tests benchmarks

test: $(TEST_STAMP) browser-deps lint
	$(BIN)/python -m pytest -rs

# Fine-tune, export, calibrate and refit the risk gate (about 2 h on 2 CPU cores; see
# docs/analysis-model.md). Needs ../shared/data (BETWEEN_DATA_DIR).
train: $(STAMP)
	$(BIN)/pip install -q -e '.[train]'
	$(BIN)/python -m between.analysis.training all

eval: $(STAMP)
	$(BIN)/between eval

bench: $(STAMP)
	$(BIN)/python benchmarks/analysis_speed.py

# The authorization matrix on SQLite and PostgreSQL, every slow route for every role (`make
# test` runs it on SQLite, drawing the PDF and charts for the partner alone).
authz-matrix: $(TEST_STAMP) system-deps
	BETWEEN_AUTHZ_FULL=1 $(BIN)/python -m pytest -q -p no:randomly tests/privacy/test_authorization_matrix.py

# Schemathesis with up to 50 valid and 50 invalid requests per operation (over 5,000 cases) on SQLite
# and PostgreSQL; prints the cases run and the server errors seen per database.
fuzz-api: $(TEST_STAMP) system-deps
	BETWEEN_FUZZ_EXAMPLES=50 $(BIN)/python -m pytest -q -s -p no:randomly tests/test_api_fuzz.py

clean:
	rm -rf $(VENV) var test-artifacts .pytest_cache .ruff_cache
