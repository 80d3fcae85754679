# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP_RUN := $(VENV)/.installed-run
STAMP_TEST := $(VENV)/.installed-test

.PHONY: run test lint format bench clean browser

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP_RUN): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(STAMP_TEST): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@ $(STAMP_RUN)

run: $(STAMP_RUN)
	$(BIN)/diaodu demo --dir demo

# mypy ([tool.mypy] in pyproject.toml) is strict on core/, domain/ and storage/, default elsewhere.
# Fix its errors with real types: annotations, Protocols, TypedDicts, `if x is None: raise/return`
# (never `assert` for narrowing); read rows by label (`row.name`). A rare `# type: ignore[code]`
# names the code and says why on the same line. An untyped library: its `types-*` stub package in
# the test extras, else its module in the ignore_missing_imports list there.
# The dashboard's browser tests drive the system's Chromium (installed when missing).
browser:
	.ci/chromium

test: $(STAMP_TEST) browser
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(BIN)/pytest -q -n auto --dist loadfile

lint: $(STAMP_TEST)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy

format: $(STAMP_TEST)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: $(STAMP_TEST)
	for b in bench/bench_*.py; do $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) demo .pytest_cache .ruff_cache .mypy_cache test-artifacts
